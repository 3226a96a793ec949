/* dataset_meta.c: the clean dataset's metadata: freeing it, and its text block written and parsed. */
#include "dataset_internal.h"
#include "defaults.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void tds_meta_release(struct tds_meta *m)
{
	free(m->study_name);
	free(m->study_file);
	free(m->study_sha256);
	free(m->data_date);
	free(m->tillid_version);
	for (size_t i = 0; i < m->n_waves; i++) {
		free(m->waves[i].id);
		free(m->waves[i].label_da);
		free(m->waves[i].label_en);
		free(m->waves[i].start);
		free(m->waves[i].end);
	}
	free(m->waves);
	for (size_t i = 0; i < m->n_groups; i++) {
		free(m->groups[i].id);
		free(m->groups[i].label_da);
		free(m->groups[i].label_en);
	}
	free(m->groups);
	strv_free(m->municipalities, m->n_municipalities);
	for (size_t i = 0; i < m->n_units; i++)
		free(m->units[i].name);
	free(m->units);
	for (size_t i = 0; i < m->n_answers; i++) {
		struct tds_answers *a = &m->answers[i];
		free(a->id);
		strv_free(a->point_da, (size_t)a->k);
		strv_free(a->point_en, (size_t)a->k);
		strv_free(a->nonsubst_da, (size_t)a->n_nonsubst);
		strv_free(a->nonsubst_en, (size_t)a->n_nonsubst);
	}
	free(m->answers);
	for (size_t i = 0; i < m->n_scales; i++) {
		free(m->scales[i].id);
		free(m->scales[i].label_da);
		free(m->scales[i].label_en);
	}
	free(m->scales);
	for (size_t i = 0; i < m->n_items; i++) {
		free(m->items[i].id);
		free(m->items[i].text_da);
		free(m->items[i].text_en);
	}
	free(m->items);
	free(m->invited);
	for (size_t i = 0; i < m->n_sources; i++) {
		struct tds_source *s = &m->sources[i];
		free(s->role);
		free(s->path);
		free(s->sha256);
		free(s->encoding);
		free(s->delimiter);
	}
	free(m->sources);
	free(m->unlabelled);
	memset(m, 0, sizeof(*m));
	m->min_group_size = TILLID_MIN_GROUP_SIZE_DEFAULT;
	m->smallest_change = TILLID_SMALLEST_CHANGE_DEFAULT;
}

/* ---- writing: one record per line, fields separated by tabs ---- */

static void meta_field(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '\t');
	for (; s && *s; s++) {
		switch (*s) {
		case '\t': sb_adds(sb, "\\t"); break;
		case '\n': sb_adds(sb, "\\n"); break;
		case '\r': sb_adds(sb, "\\r"); break;
		case '\\': sb_adds(sb, "\\\\"); break;
		default: sb_addc(sb, *s);
		}
	}
}

static void meta_num(struct strbuf *sb, uint64_t v)
{
	sb_addf(sb, "\t%llu", (unsigned long long)v);
}

static void meta_idx(struct strbuf *sb, uint16_t v)
{
	if (v == TDS_NONE)
		sb_adds(sb, "\t*");
	else
		meta_num(sb, v);
}

/* The start of a record: its kind and its index. */
static void meta_record(struct strbuf *sb, const char *kind, size_t i)
{
	sb_adds(sb, kind);
	meta_num(sb, i);
}

/* A record of an id with its Danish and English labels (group, scale). */
static void meta_labelled(struct strbuf *sb, const char *kind, size_t i, const char *id,
			  const char *da, const char *en)
{
	meta_record(sb, kind, i);
	meta_field(sb, id);
	meta_field(sb, da);
	meta_field(sb, en);
	sb_addc(sb, '\n');
}

static void format_study(const struct tds_meta *m, struct strbuf *sb)
{
	sb_adds(sb, "tillid-dataset\t1\n");
	sb_adds(sb, "study");
	meta_field(sb, m->study_name);
	sb_adds(sb, "\nstudy_file");
	meta_field(sb, m->study_file);
	meta_field(sb, m->study_sha256);
	sb_adds(sb, "\ndata_date");
	meta_field(sb, m->data_date);
	sb_adds(sb, "\ntillid_version");
	meta_field(sb, m->tillid_version);
	sb_adds(sb, "\nmin_group_size");
	meta_num(sb, (uint64_t)m->min_group_size);
	sb_adds(sb, "\nsmallest_change");
	meta_num(sb, (uint64_t)m->smallest_change);
	sb_addc(sb, '\n');
	for (size_t i = 0; i < m->n_waves; i++) {
		const struct tds_wave *w = &m->waves[i];
		meta_record(sb, "wave", i);
		meta_field(sb, w->id);
		meta_field(sb, w->label_da);
		meta_field(sb, w->label_en);
		meta_field(sb, w->start);
		meta_field(sb, w->end);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < m->n_groups; i++)
		meta_labelled(sb, "group", i, m->groups[i].id, m->groups[i].label_da,
			      m->groups[i].label_en);
	for (size_t i = 0; i < m->n_municipalities; i++) {
		meta_record(sb, "municipality", i);
		meta_field(sb, m->municipalities[i]);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < m->n_units; i++) {
		meta_record(sb, "unit", i);
		meta_idx(sb, m->units[i].municipality);
		meta_field(sb, m->units[i].name);
		sb_addc(sb, '\n');
	}
}

/* A point or non-substantive answer of answer scale i. */
static void meta_answer(struct strbuf *sb, const char *kind, size_t i, int v, const char *da,
			const char *en)
{
	meta_record(sb, kind, i);
	meta_num(sb, (uint64_t)v);
	meta_field(sb, da);
	meta_field(sb, en);
	sb_addc(sb, '\n');
}

static void format_items(const struct tds_meta *m, struct strbuf *sb)
{
	for (size_t i = 0; i < m->n_answers; i++) {
		const struct tds_answers *a = &m->answers[i];
		meta_record(sb, "answers", i);
		meta_field(sb, a->id);
		meta_num(sb, (uint64_t)a->k);
		sb_addc(sb, '\n');
		if (a->shift) {
			/* only a scale with declared values has the line: a study
			 * without one keeps the bytes it always had */
			meta_record(sb, "values", i);
			meta_num(sb, (uint64_t)tds_point_value(a, 1));
			sb_addc(sb, '\n');
		}
		for (int v = 1; v <= a->k; v++)
			meta_answer(sb, "point", i, v, a->point_da[v - 1], a->point_en[v - 1]);
		for (int j = 1; j <= a->n_nonsubst; j++)
			meta_answer(sb, "nonsubst", i, j, a->nonsubst_da[j - 1], a->nonsubst_en[j - 1]);
	}
	for (size_t i = 0; i < m->n_scales; i++)
		meta_labelled(sb, "scale", i, m->scales[i].id, m->scales[i].label_da,
			      m->scales[i].label_en);
	for (size_t i = 0; i < m->n_items; i++) {
		const struct tds_item *it = &m->items[i];
		meta_record(sb, "item", i);
		meta_field(sb, it->id);
		if (it->scale < 0)
			sb_adds(sb, "\t*");
		else
			meta_num(sb, (uint64_t)it->scale);
		meta_num(sb, (uint64_t)it->answers);
		meta_num(sb, (uint64_t)(it->reverse != 0));
		meta_field(sb, it->text_da);
		meta_field(sb, it->text_en);
		sb_addc(sb, '\n');
		if (it->nps) {
			meta_record(sb, "nps", i);
			sb_addc(sb, '\n');
		}
	}
}

static void format_manifest(const struct tds_meta *m, struct strbuf *sb)
{
	for (size_t i = 0; i < m->n_invited; i++) {
		const struct tds_invited *v = &m->invited[i];
		meta_record(sb, "invited", v->wave);
		meta_idx(sb, v->group);
		meta_idx(sb, v->municipality);
		meta_num(sb, v->n);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < m->n_sources; i++) {
		const struct tds_source *s = &m->sources[i];
		meta_record(sb, "source", s->wave);
		meta_field(sb, s->role);
		meta_field(sb, s->path);
		meta_field(sb, s->sha256);
		meta_num(sb, s->bytes);
		meta_field(sb, s->encoding);
		meta_field(sb, s->delimiter);
		meta_num(sb, s->rows_read);
		meta_num(sb, s->rows_kept);
		meta_num(sb, s->rows_rejected);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < m->n_unlabelled; i++) {
		const struct tds_unlabelled *u = &m->unlabelled[i];
		meta_record(sb, "unlabelled", u->wave);
		meta_num(sb, (uint64_t)u->item);
		meta_num(sb, u->n);
		sb_addc(sb, '\n');
	}
}

void tds_meta_format(const struct tds_meta *m, struct strbuf *sb)
{
	format_study(m, sb);
	format_items(m, sb);
	format_manifest(m, sb);
}

/* ---- parsing ---- */

/* Split one metadata line into fields in place, undoing the escapes. */
static size_t split_fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *w = line, *r = line;
	f[n++] = w;
	for (; *r; r++) {
		if (*r == '\t') {
			*w++ = '\0';
			if (n == max)
				return n;
			f[n++] = w;
		} else if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return n;
}

static int parse_u64(const char *s, uint64_t *out)
{
	if (!*s)
		return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_idx(const char *s, uint16_t *out)
{
	uint64_t v;
	if (!strcmp(s, "*")) {
		*out = TDS_NONE;
		return 0;
	}
	if (parse_u64(s, &v) || v >= TDS_NONE)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

/* Parse the record index f, which must be the next one of the n elements
 * of arr, and append a zeroed element for it; -1 (from the enclosing
 * function) when f is not that index. */
#define APPEND_AT(arr, n, f, idx) do { \
	if (parse_u64((f), &(idx)) || (idx) != (n)) \
		return -1; \
	(arr) = xrealloc((arr), ((n) + 1) * sizeof(*(arr))); \
	memset(&(arr)[n], 0, sizeof(*(arr))); \
	(n)++; \
} while (0)

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* Each record parser reads the fields f of one line (f[0] is the kind; the
 * table below checks their number) into m, and returns 0, or -1 when a
 * field is malformed or refers to what is not there. */

static int rec_study(struct tds_meta *m, char **f)
{
	set_str(&m->study_name, f[1]);
	return 0;
}

static int rec_study_file(struct tds_meta *m, char **f)
{
	set_str(&m->study_file, f[1]);
	set_str(&m->study_sha256, f[2]);
	return 0;
}

static int rec_data_date(struct tds_meta *m, char **f)
{
	set_str(&m->data_date, f[1]);
	return 0;
}

static int rec_tillid_version(struct tds_meta *m, char **f)
{
	set_str(&m->tillid_version, f[1]);
	return 0;
}

static int rec_min_group_size(struct tds_meta *m, char **f)
{
	uint64_t a;
	if (parse_u64(f[1], &a) || a > 1000000)
		return -1;
	m->min_group_size = (int)a;
	return 0;
}

static int rec_smallest_change(struct tds_meta *m, char **f)
{
	uint64_t a;
	if (parse_u64(f[1], &a) || a < 1 || a > 1000000)
		return -1;
	m->smallest_change = (int)a;
	return 0;
}

static int rec_wave(struct tds_meta *m, char **f)
{
	uint64_t a;
	APPEND_AT(m->waves, m->n_waves, f[1], a);
	struct tds_wave *w = &m->waves[a];
	w->id = xstrdup(f[2]);
	w->label_da = xstrdup(f[3]);
	w->label_en = xstrdup(f[4]);
	w->start = xstrdup(f[5]);
	w->end = xstrdup(f[6]);
	return 0;
}

static int rec_group(struct tds_meta *m, char **f)
{
	uint64_t a;
	APPEND_AT(m->groups, m->n_groups, f[1], a);
	m->groups[a].id = xstrdup(f[2]);
	m->groups[a].label_da = xstrdup(f[3]);
	m->groups[a].label_en = xstrdup(f[4]);
	return 0;
}

static int rec_municipality(struct tds_meta *m, char **f)
{
	uint64_t a;
	APPEND_AT(m->municipalities, m->n_municipalities, f[1], a);
	m->municipalities[a] = xstrdup(f[2]);
	return 0;
}

static int rec_unit(struct tds_meta *m, char **f)
{
	uint64_t a;
	uint16_t mu;
	if (parse_idx(f[2], &mu))
		return -1;
	APPEND_AT(m->units, m->n_units, f[1], a);
	m->units[a].municipality = mu;
	m->units[a].name = xstrdup(f[3]);
	return 0;
}

static int rec_answers(struct tds_meta *m, char **f)
{
	uint64_t a, k;
	if (parse_u64(f[3], &k) || k < 1 || k > TDS_MAX_POINTS)
		return -1;
	APPEND_AT(m->answers, m->n_answers, f[1], a);
	struct tds_answers *as = &m->answers[a];
	as->id = xstrdup(f[2]);
	as->k = (int)k;
	as->point_da = xcalloc(k, sizeof(char *));
	as->point_en = xcalloc(k, sizeof(char *));
	return 0;
}

/* values IDX LOW: point 1 of answer scale IDX has the value LOW (0..100). */
static int rec_values(struct tds_meta *m, char **f)
{
	uint64_t a, lo;
	if (parse_u64(f[1], &a) || a >= m->n_answers || parse_u64(f[2], &lo) ||
	    lo + (uint64_t)m->answers[a].k - 1 > TDS_MAX_VALUE)
		return -1;
	m->answers[a].shift = (int)lo - 1;
	return 0;
}

/* nps ITEM_IDX: the item's Net Promoter Score is asked for (on 0..10). */
static int rec_nps(struct tds_meta *m, char **f)
{
	uint64_t i;
	if (parse_u64(f[1], &i) || i >= m->n_items || m->answers[m->items[i].answers].k != 11 ||
	    m->answers[m->items[i].answers].shift != -1)
		return -1;
	m->items[i].nps = 1;
	return 0;
}

/* The answer scale a point or non-substantive answer belongs to, and its
 * number; NULL when either is malformed or the scale is not there. */
static struct tds_answers *answer_of(struct tds_meta *m, char **f, uint64_t *v)
{
	uint64_t a;
	if (parse_u64(f[1], &a) || a >= m->n_answers || parse_u64(f[2], v))
		return NULL;
	return &m->answers[a];
}

static int rec_point(struct tds_meta *m, char **f)
{
	uint64_t v;
	struct tds_answers *as = answer_of(m, f, &v);
	if (!as || v < 1 || v > (uint64_t)as->k || as->point_da[v - 1])
		return -1;
	as->point_da[v - 1] = xstrdup(f[3]);
	as->point_en[v - 1] = xstrdup(f[4]);
	return 0;
}

static int rec_nonsubst(struct tds_meta *m, char **f)
{
	uint64_t j;
	struct tds_answers *as = answer_of(m, f, &j);
	if (!as || j != (uint64_t)as->n_nonsubst + 1 || j > 255 - TDS_NONSUBST_BASE - 1)
		return -1;
	as->nonsubst_da = xrealloc(as->nonsubst_da, j * sizeof(char *));
	as->nonsubst_en = xrealloc(as->nonsubst_en, j * sizeof(char *));
	as->nonsubst_da[j - 1] = xstrdup(f[3]);
	as->nonsubst_en[j - 1] = xstrdup(f[4]);
	as->n_nonsubst = (int)j;
	return 0;
}

static int rec_scale(struct tds_meta *m, char **f)
{
	uint64_t a;
	APPEND_AT(m->scales, m->n_scales, f[1], a);
	m->scales[a].id = xstrdup(f[2]);
	m->scales[a].label_da = xstrdup(f[3]);
	m->scales[a].label_en = xstrdup(f[4]);
	return 0;
}

static int rec_item(struct tds_meta *m, char **f)
{
	uint64_t a, sc = 0, ans, rev;
	int no_scale = !strcmp(f[3], "*");
	if ((!no_scale && (parse_u64(f[3], &sc) || sc >= m->n_scales)) ||
	    parse_u64(f[4], &ans) || ans >= m->n_answers || parse_u64(f[5], &rev) || rev > 1)
		return -1;
	APPEND_AT(m->items, m->n_items, f[1], a);
	struct tds_item *it = &m->items[a];
	it->id = xstrdup(f[2]);
	it->scale = no_scale ? -1 : (int)sc;
	it->answers = (int)ans;
	it->reverse = (int)rev;
	it->text_da = xstrdup(f[6]);
	it->text_en = xstrdup(f[7]);
	return 0;
}

static int rec_invited(struct tds_meta *m, char **f)
{
	struct tds_invited v;
	uint64_t w;
	if (parse_u64(f[1], &w) || w >= m->n_waves || parse_idx(f[2], &v.group) ||
	    parse_idx(f[3], &v.municipality) || parse_u64(f[4], &v.n))
		return -1;
	v.wave = (uint8_t)w;
	m->invited = xrealloc(m->invited, (m->n_invited + 1) * sizeof(v));
	m->invited[m->n_invited++] = v;
	return 0;
}

static int rec_source(struct tds_meta *m, char **f)
{
	struct tds_source s;
	uint64_t w;
	memset(&s, 0, sizeof(s));
	if (parse_u64(f[1], &w) || w >= m->n_waves || parse_u64(f[5], &s.bytes) ||
	    parse_u64(f[8], &s.rows_read) || parse_u64(f[9], &s.rows_kept) ||
	    parse_u64(f[10], &s.rows_rejected))
		return -1;
	s.wave = (uint8_t)w;
	s.role = xstrdup(f[2]);
	s.path = xstrdup(f[3]);
	s.sha256 = xstrdup(f[4]);
	s.encoding = xstrdup(f[6]);
	s.delimiter = xstrdup(f[7]);
	m->sources = xrealloc(m->sources, (m->n_sources + 1) * sizeof(s));
	m->sources[m->n_sources++] = s;
	return 0;
}

static int rec_unlabelled(struct tds_meta *m, char **f)
{
	struct tds_unlabelled u;
	uint64_t w, it;
	if (parse_u64(f[1], &w) || w >= m->n_waves || parse_u64(f[2], &it) || it >= m->n_items ||
	    parse_u64(f[3], &u.n))
		return -1;
	u.wave = (uint8_t)w;
	u.item = (size_t)it;
	m->unlabelled = xrealloc(m->unlabelled, (m->n_unlabelled + 1) * sizeof(u));
	m->unlabelled[m->n_unlabelled++] = u;
	return 0;
}

/* Every kind of record after the "tillid-dataset" line, with its number
 * of fields (the kind included). */
static const struct {
	const char *kind;
	size_t n_fields;
	int (*parse)(struct tds_meta *m, char **f);
} records[] = {
	{ "study", 2, rec_study },
	{ "study_file", 3, rec_study_file },
	{ "data_date", 2, rec_data_date },
	{ "tillid_version", 2, rec_tillid_version },
	{ "min_group_size", 2, rec_min_group_size },
	{ "smallest_change", 2, rec_smallest_change },
	{ "wave", 7, rec_wave },
	{ "group", 5, rec_group },
	{ "municipality", 3, rec_municipality },
	{ "unit", 4, rec_unit },
	{ "answers", 4, rec_answers },
	{ "values", 3, rec_values },
	{ "point", 5, rec_point },
	{ "nonsubst", 5, rec_nonsubst },
	{ "scale", 5, rec_scale },
	{ "item", 8, rec_item },
	{ "nps", 2, rec_nps },
	{ "invited", 5, rec_invited },
	{ "source", 11, rec_source },
	{ "unlabelled", 4, rec_unlabelled },
};

static int parse_record(struct tds_meta *m, char **f, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(records); i++)
		if (!strcmp(f[0], records[i].kind))
			return n == records[i].n_fields ? records[i].parse(m, f) : -1;
	return -1;
}

/* After the last line: every point labelled, every study string set. */
static int check_complete(struct tds_meta *m, const char *path, struct strbuf *err)
{
	for (size_t i = 0; i < m->n_answers; i++)
		for (int v = 0; v < m->answers[i].k; v++)
			if (!m->answers[i].point_da[v]) {
				sb_addf(err, "'%s': answer scale '%s' lacks the label of point %d", path,
					m->answers[i].id, v + 1);
				return TILLID_EDATA;
			}
	char **strs[] = { &m->study_name, &m->study_file, &m->study_sha256, &m->data_date,
			  &m->tillid_version };
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
		if (!*strs[i])
			*strs[i] = xstrdup("");
	return TILLID_OK;
}

int tds_meta_parse(struct tds_meta *m, char *text, const char *path, struct strbuf *err)
{
	char *f[16];
	size_t lineno = 0;
	char *save = NULL;
	int seen_magic = 0;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		size_t n = split_fields(line, f, ARRAY_SIZE(f));
		if (!strcmp(f[0], "tillid-dataset")) {
			seen_magic = 1;
			continue;
		}
		if (parse_record(m, f, n) != 0) {
			sb_addf(err, "'%s': damaged metadata at line %zu ('%s'); run 'tillid ingest' again",
				path, lineno, f[0]);
			return TILLID_EDATA;
		}
	}
	if (!seen_magic) {
		sb_addf(err, "'%s': metadata block has no 'tillid-dataset' line", path);
		return TILLID_EDATA;
	}
	return check_complete(m, path, err);
}
