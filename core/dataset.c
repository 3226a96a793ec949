/* dataset.c: reading and writing the clean dataset (.tds) and its tidy CSV export. */
#include "dataset.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define TDS_FIXED_HEADER 32 /* magic 8, version 4, n_items 4, n_rows 8, meta_len 8 */
#define TDS_ROW_FIXED 24    /* wave 1, reserved 1, group 2, municipality 2, unit 2, key 16 */

void tds_init(struct tds *d)
{
	memset(d, 0, sizeof(*d));
	d->meta.min_group_size = 5;
}

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
	memset(m, 0, sizeof(*m));
	m->min_group_size = 5;
}

void tds_release(struct tds *d)
{
	tds_meta_release(&d->meta);
	free(d->rows);
	free(d->values);
	tds_init(d);
}

uint8_t *tds_add_row(struct tds *d, const struct tds_row *row)
{
	size_t k = d->meta.n_items;
	if (d->n_rows == d->alloc_rows) {
		size_t n = d->alloc_rows ? d->alloc_rows * 2 : 256;
		d->rows = xrealloc(d->rows, n * sizeof(*d->rows));
		d->values = xrealloc(d->values, n * (k ? k : 1));
		d->alloc_rows = n;
	}
	d->rows[d->n_rows] = *row;
	uint8_t *v = d->values + d->n_rows * k;
	memset(v, TDS_BLANK, k);
	d->n_rows++;
	return v;
}

static size_t keymap_hash(const uint8_t *k)
{
	uint64_t h;
	memcpy(&h, k, sizeof(h));
	return (size_t)h;
}

uint64_t tds_keymap_put(struct tds_keymap *m, const uint8_t key[16], uint64_t value)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		struct tds_keymap_slot *t = xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i].value)
				continue;
			size_t j = keymap_hash(m->slot[i].key) & (cap - 1);
			while (t[j].value)
				j = (j + 1) & (cap - 1);
			t[j] = m->slot[i];
		}
		free(m->slot);
		m->slot = t;
		m->cap = cap;
	}
	size_t j = keymap_hash(key) & (m->cap - 1);
	while (m->slot[j].value) {
		if (!memcmp(m->slot[j].key, key, 16))
			return m->slot[j].value;
		j = (j + 1) & (m->cap - 1);
	}
	memcpy(m->slot[j].key, key, 16);
	m->slot[j].value = value;
	m->n++;
	return 0;
}

uint64_t tds_keymap_get(const struct tds_keymap *m, const uint8_t key[16])
{
	if (!m->cap)
		return 0;
	size_t j = keymap_hash(key) & (m->cap - 1);
	while (m->slot[j].value) {
		if (!memcmp(m->slot[j].key, key, 16))
			return m->slot[j].value;
		j = (j + 1) & (m->cap - 1);
	}
	return 0;
}

void tds_keymap_release(struct tds_keymap *m)
{
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

int tds_scored(const struct tds *d, size_t item, uint8_t v)
{
	if (!tds_is_point(v))
		return 0;
	const struct tds_item *it = &d->meta.items[item];
	int k = d->meta.answers[it->answers].k;
	if (v > k)
		return 0;
	return it->reverse ? k + 1 - v : v;
}

int tds_key_is_set(const struct tds_row *row)
{
	for (int i = 0; i < 16; i++)
		if (row->key[i])
			return 1;
	return 0;
}

/* ---- metadata text: one record per line, fields separated by tabs ---- */

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

static void build_meta(const struct tds_meta *m, struct strbuf *sb)
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
	sb_addc(sb, '\n');
	for (size_t i = 0; i < m->n_waves; i++) {
		const struct tds_wave *w = &m->waves[i];
		sb_adds(sb, "wave");
		meta_num(sb, i);
		meta_field(sb, w->id);
		meta_field(sb, w->label_da);
		meta_field(sb, w->label_en);
		meta_field(sb, w->start);
		meta_field(sb, w->end);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < m->n_groups; i++) {
		sb_adds(sb, "group");
		meta_num(sb, i);
		meta_field(sb, m->groups[i].id);
		meta_field(sb, m->groups[i].label_da);
		meta_field(sb, m->groups[i].label_en);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < m->n_municipalities; i++) {
		sb_adds(sb, "municipality");
		meta_num(sb, i);
		meta_field(sb, m->municipalities[i]);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < m->n_units; i++) {
		sb_adds(sb, "unit");
		meta_num(sb, i);
		meta_idx(sb, m->units[i].municipality);
		meta_field(sb, m->units[i].name);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < m->n_answers; i++) {
		const struct tds_answers *a = &m->answers[i];
		sb_adds(sb, "answers");
		meta_num(sb, i);
		meta_field(sb, a->id);
		meta_num(sb, (uint64_t)a->k);
		sb_addc(sb, '\n');
		for (int v = 1; v <= a->k; v++) {
			sb_adds(sb, "point");
			meta_num(sb, i);
			meta_num(sb, (uint64_t)v);
			meta_field(sb, a->point_da[v - 1]);
			meta_field(sb, a->point_en[v - 1]);
			sb_addc(sb, '\n');
		}
		for (int j = 1; j <= a->n_nonsubst; j++) {
			sb_adds(sb, "nonsubst");
			meta_num(sb, i);
			meta_num(sb, (uint64_t)j);
			meta_field(sb, a->nonsubst_da[j - 1]);
			meta_field(sb, a->nonsubst_en[j - 1]);
			sb_addc(sb, '\n');
		}
	}
	for (size_t i = 0; i < m->n_scales; i++) {
		sb_adds(sb, "scale");
		meta_num(sb, i);
		meta_field(sb, m->scales[i].id);
		meta_field(sb, m->scales[i].label_da);
		meta_field(sb, m->scales[i].label_en);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < m->n_items; i++) {
		const struct tds_item *it = &m->items[i];
		sb_adds(sb, "item");
		meta_num(sb, i);
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
	}
	for (size_t i = 0; i < m->n_invited; i++) {
		const struct tds_invited *v = &m->invited[i];
		sb_adds(sb, "invited");
		meta_num(sb, v->wave);
		meta_idx(sb, v->group);
		meta_idx(sb, v->municipality);
		meta_num(sb, v->n);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < m->n_sources; i++) {
		const struct tds_source *s = &m->sources[i];
		sb_adds(sb, "source");
		meta_num(sb, s->wave);
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
}

static void put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v & 0xff);
	p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v = 0;
	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

int tds_write(const struct tds *d, const char *path, struct strbuf *err)
{
	struct strbuf meta = STRBUF_INIT;
	sb_init(&meta);
	build_meta(&d->meta, &meta);

	uint8_t head[TDS_FIXED_HEADER];
	memcpy(head, TDS_MAGIC, 8);
	put_u32(head + 8, TDS_VERSION);
	put_u32(head + 12, (uint32_t)d->meta.n_items);
	put_u64(head + 16, d->n_rows);
	put_u64(head + 24, meta.len);

	struct atomic_file af;
	if (af_open(&af, path, err) != TILLID_OK) {
		sb_release(&meta);
		return TILLID_ESYS;
	}
	fwrite(head, 1, sizeof(head), af.fp);
	fwrite(meta.buf, 1, meta.len, af.fp);
	sb_release(&meta);

	size_t k = d->meta.n_items, rec = TDS_ROW_FIXED + k;
	size_t per_chunk = 4096;
	uint8_t *buf = xmalloc(per_chunk * rec);
	for (size_t r0 = 0; r0 < d->n_rows; r0 += per_chunk) {
		size_t n = d->n_rows - r0 < per_chunk ? d->n_rows - r0 : per_chunk;
		for (size_t j = 0; j < n; j++) {
			const struct tds_row *row = &d->rows[r0 + j];
			uint8_t *p = buf + j * rec;
			p[0] = row->wave;
			p[1] = 0;
			put_u16(p + 2, row->group);
			put_u16(p + 4, row->municipality);
			put_u16(p + 6, row->unit);
			memcpy(p + 8, row->key, 16);
			memcpy(p + TDS_ROW_FIXED, d->values + (r0 + j) * k, k);
		}
		fwrite(buf, 1, n * rec, af.fp);
	}
	free(buf);
	return af_commit(&af, err);
}

/* ---- reading ---- */

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

#define GROW_TO(arr, n, idx) do { \
	if ((idx) != (n)) goto bad; \
	(arr) = xrealloc((arr), ((n) + 1) * sizeof(*(arr))); \
	memset(&(arr)[n], 0, sizeof(*(arr))); \
	(n)++; \
} while (0)

static int parse_meta(struct tds_meta *m, char *text, struct strbuf *err, const char *path)
{
	char *f[16];
	size_t lineno = 0;
	char *save = NULL;
	int seen_magic = 0;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		size_t n = split_fields(line, f, ARRAY_SIZE(f));
		const char *kind = f[0];
		uint64_t a = 0, b = 0;
		if (!strcmp(kind, "tillid-dataset")) {
			seen_magic = 1;
		} else if (!strcmp(kind, "study") && n == 2) {
			m->study_name = xstrdup(f[1]);
		} else if (!strcmp(kind, "study_file") && n == 3) {
			m->study_file = xstrdup(f[1]);
			m->study_sha256 = xstrdup(f[2]);
		} else if (!strcmp(kind, "data_date") && n == 2) {
			m->data_date = xstrdup(f[1]);
		} else if (!strcmp(kind, "tillid_version") && n == 2) {
			m->tillid_version = xstrdup(f[1]);
		} else if (!strcmp(kind, "min_group_size") && n == 2) {
			if (parse_u64(f[1], &a) || a > 1000000)
				goto bad;
			m->min_group_size = (int)a;
		} else if (!strcmp(kind, "wave") && n == 7) {
			if (parse_u64(f[1], &a))
				goto bad;
			GROW_TO(m->waves, m->n_waves, a);
			struct tds_wave *w = &m->waves[a];
			w->id = xstrdup(f[2]);
			w->label_da = xstrdup(f[3]);
			w->label_en = xstrdup(f[4]);
			w->start = xstrdup(f[5]);
			w->end = xstrdup(f[6]);
		} else if (!strcmp(kind, "group") && n == 5) {
			if (parse_u64(f[1], &a))
				goto bad;
			GROW_TO(m->groups, m->n_groups, a);
			m->groups[a].id = xstrdup(f[2]);
			m->groups[a].label_da = xstrdup(f[3]);
			m->groups[a].label_en = xstrdup(f[4]);
		} else if (!strcmp(kind, "municipality") && n == 3) {
			if (parse_u64(f[1], &a))
				goto bad;
			GROW_TO(m->municipalities, m->n_municipalities, a);
			m->municipalities[a] = xstrdup(f[2]);
		} else if (!strcmp(kind, "unit") && n == 4) {
			uint16_t mu;
			if (parse_u64(f[1], &a) || parse_idx(f[2], &mu))
				goto bad;
			GROW_TO(m->units, m->n_units, a);
			m->units[a].municipality = mu;
			m->units[a].name = xstrdup(f[3]);
		} else if (!strcmp(kind, "answers") && n == 4) {
			if (parse_u64(f[1], &a) || parse_u64(f[3], &b) || b < 1 || b > TDS_MAX_POINTS)
				goto bad;
			GROW_TO(m->answers, m->n_answers, a);
			struct tds_answers *as = &m->answers[a];
			as->id = xstrdup(f[2]);
			as->k = (int)b;
			as->point_da = xcalloc(b, sizeof(char *));
			as->point_en = xcalloc(b, sizeof(char *));
		} else if (!strcmp(kind, "point") && n == 5) {
			if (parse_u64(f[1], &a) || a >= m->n_answers || parse_u64(f[2], &b))
				goto bad;
			struct tds_answers *as = &m->answers[a];
			if (b < 1 || b > (uint64_t)as->k || as->point_da[b - 1])
				goto bad;
			as->point_da[b - 1] = xstrdup(f[3]);
			as->point_en[b - 1] = xstrdup(f[4]);
		} else if (!strcmp(kind, "nonsubst") && n == 5) {
			if (parse_u64(f[1], &a) || a >= m->n_answers || parse_u64(f[2], &b))
				goto bad;
			struct tds_answers *as = &m->answers[a];
			if (b != (uint64_t)as->n_nonsubst + 1 || b > 255 - TDS_NONSUBST_BASE - 1)
				goto bad;
			as->nonsubst_da = xrealloc(as->nonsubst_da, b * sizeof(char *));
			as->nonsubst_en = xrealloc(as->nonsubst_en, b * sizeof(char *));
			as->nonsubst_da[b - 1] = xstrdup(f[3]);
			as->nonsubst_en[b - 1] = xstrdup(f[4]);
			as->n_nonsubst = (int)b;
		} else if (!strcmp(kind, "scale") && n == 5) {
			if (parse_u64(f[1], &a))
				goto bad;
			GROW_TO(m->scales, m->n_scales, a);
			m->scales[a].id = xstrdup(f[2]);
			m->scales[a].label_da = xstrdup(f[3]);
			m->scales[a].label_en = xstrdup(f[4]);
		} else if (!strcmp(kind, "item") && n == 8) {
			uint64_t sc = 0, rev;
			int no_scale = !strcmp(f[3], "*");
			if (parse_u64(f[1], &a) || (!no_scale && (parse_u64(f[3], &sc) || sc >= m->n_scales)) ||
			    parse_u64(f[4], &b) || b >= m->n_answers || parse_u64(f[5], &rev) || rev > 1)
				goto bad;
			GROW_TO(m->items, m->n_items, a);
			struct tds_item *it = &m->items[a];
			it->id = xstrdup(f[2]);
			it->scale = no_scale ? -1 : (int)sc;
			it->answers = (int)b;
			it->reverse = (int)rev;
			it->text_da = xstrdup(f[6]);
			it->text_en = xstrdup(f[7]);
		} else if (!strcmp(kind, "invited") && n == 5) {
			struct tds_invited v;
			if (parse_u64(f[1], &a) || a >= m->n_waves || parse_idx(f[2], &v.group) ||
			    parse_idx(f[3], &v.municipality) || parse_u64(f[4], &v.n))
				goto bad;
			v.wave = (uint8_t)a;
			m->invited = xrealloc(m->invited, (m->n_invited + 1) * sizeof(v));
			m->invited[m->n_invited++] = v;
		} else if (!strcmp(kind, "source") && n == 11) {
			struct tds_source s;
			memset(&s, 0, sizeof(s));
			if (parse_u64(f[1], &a) || a >= m->n_waves || parse_u64(f[5], &s.bytes) ||
			    parse_u64(f[8], &s.rows_read) || parse_u64(f[9], &s.rows_kept) ||
			    parse_u64(f[10], &s.rows_rejected))
				goto bad;
			s.wave = (uint8_t)a;
			s.role = xstrdup(f[2]);
			s.path = xstrdup(f[3]);
			s.sha256 = xstrdup(f[4]);
			s.encoding = xstrdup(f[6]);
			s.delimiter = xstrdup(f[7]);
			m->sources = xrealloc(m->sources, (m->n_sources + 1) * sizeof(s));
			m->sources[m->n_sources++] = s;
		} else {
			goto bad;
		}
		continue;
bad:
		sb_addf(err, "'%s': damaged metadata at line %zu ('%s'); run 'tillid ingest' again", path,
			lineno, kind);
		return TILLID_EDATA;
	}
	if (!seen_magic) {
		sb_addf(err, "'%s': metadata block has no 'tillid-dataset' line", path);
		return TILLID_EDATA;
	}
	for (size_t i = 0; i < m->n_answers; i++)
		for (int v = 0; v < m->answers[i].k; v++)
			if (!m->answers[i].point_da[v]) {
				sb_addf(err, "'%s': answer scale '%s' lacks the label of point %d", path,
					m->answers[i].id, v + 1);
				return TILLID_EDATA;
			}
	const char **strs[] = { (const char **)&m->study_name, (const char **)&m->study_file,
				(const char **)&m->study_sha256, (const char **)&m->data_date,
				(const char **)&m->tillid_version };
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
		if (!*strs[i])
			*strs[i] = xstrdup("");
	return TILLID_OK;
}

static int read_common(struct tds *d, const char *path, int with_rows, struct strbuf *err)
{
	tds_init(d);
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		sb_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return TILLID_ESYS;
	}
	uint8_t head[TDS_FIXED_HEADER];
	int rc = TILLID_EDATA;
	char *meta = NULL;
	if (fread(head, 1, sizeof(head), fp) != sizeof(head) || memcmp(head, TDS_MAGIC, 8) != 0) {
		sb_addf(err, "'%s' is not a tillid clean dataset (run 'tillid ingest' to make one)", path);
		goto out;
	}
	if (get_u32(head + 8) != TDS_VERSION) {
		sb_addf(err, "'%s' has dataset format version %u; this tillid reads version %d",
			path, get_u32(head + 8), TDS_VERSION);
		goto out;
	}
	uint32_t n_items = get_u32(head + 12);
	uint64_t n_rows = get_u64(head + 16), meta_len = get_u64(head + 24);
	if (meta_len > ((uint64_t)1 << 30)) {
		sb_addf(err, "'%s': metadata block of %llu bytes is implausible; the file is damaged",
			path, (unsigned long long)meta_len);
		goto out;
	}
	meta = xmalloc(meta_len + 1);
	if (fread(meta, 1, meta_len, fp) != meta_len) {
		sb_addf(err, "'%s' is truncated in its metadata block", path);
		goto out;
	}
	meta[meta_len] = '\0';
	if (parse_meta(&d->meta, meta, err, path) != TILLID_OK)
		goto out;
	if (d->meta.n_items != n_items) {
		sb_addf(err, "'%s': header says %u items, metadata lists %zu", path, n_items,
			d->meta.n_items);
		goto out;
	}
	if (!with_rows) {
		rc = TILLID_OK;
		goto out;
	}
	size_t rec = TDS_ROW_FIXED + n_items;
	if (n_rows > SIZE_MAX / (rec + sizeof(struct tds_row))) {
		sb_addf(err, "'%s': %llu rows is implausible; the file is damaged", path,
			(unsigned long long)n_rows);
		goto out;
	}
	d->rows = xmalloc((size_t)n_rows * sizeof(*d->rows));
	d->values = xmalloc((size_t)n_rows * (n_items ? n_items : 1));
	d->alloc_rows = (size_t)n_rows;
	size_t per_chunk = 4096;
	uint8_t *buf = xmalloc(per_chunk * rec);
	for (uint64_t r0 = 0; r0 < n_rows; r0 += per_chunk) {
		size_t n = (size_t)(n_rows - r0 < per_chunk ? n_rows - r0 : per_chunk);
		if (fread(buf, 1, n * rec, fp) != n * rec) {
			sb_addf(err, "'%s' is truncated: %llu of %llu rows present", path,
				(unsigned long long)r0, (unsigned long long)n_rows);
			free(buf);
			goto out;
		}
		for (size_t j = 0; j < n; j++) {
			const uint8_t *p = buf + j * rec;
			struct tds_row *row = &d->rows[r0 + j];
			row->wave = p[0];
			row->group = get_u16(p + 2);
			row->municipality = get_u16(p + 4);
			row->unit = get_u16(p + 6);
			memcpy(row->key, p + 8, 16);
			if (row->wave >= d->meta.n_waves ||
			    (row->group != TDS_NONE && row->group >= d->meta.n_groups) ||
			    (row->municipality != TDS_NONE && row->municipality >= d->meta.n_municipalities) ||
			    (row->unit != TDS_NONE && row->unit >= d->meta.n_units)) {
				sb_addf(err, "'%s': row %llu refers to an unknown wave, group, municipality or unit; the file is damaged",
					path, (unsigned long long)(r0 + j + 1));
				free(buf);
				goto out;
			}
			memcpy(d->values + (r0 + j) * n_items, p + TDS_ROW_FIXED, n_items);
		}
		d->n_rows += n;
	}
	free(buf);
	if (fgetc(fp) != EOF) {
		sb_addf(err, "'%s' has trailing bytes after its %llu rows; the file is damaged", path,
			(unsigned long long)n_rows);
		goto out;
	}
	rc = TILLID_OK;
out:
	free(meta);
	fclose(fp);
	if (rc != TILLID_OK)
		tds_release(d);
	return rc;
}

int tds_read(struct tds *d, const char *path, struct strbuf *err)
{
	return read_common(d, path, 1, err);
}

int tds_read_meta(struct tds *d, const char *path, struct strbuf *err)
{
	return read_common(d, path, 0, err);
}

int tds_write_csv(const struct tds *d, const char *path, struct strbuf *err)
{
	const struct tds_meta *m = &d->meta;
	struct atomic_file af;
	if (af_open(&af, path, err) != TILLID_OK)
		return TILLID_ESYS;
	FILE *fp = af.fp;
	fputs("wave,group,municipality,unit,pair_key", fp);
	for (size_t i = 0; i < m->n_items; i++) {
		fputc(',', fp);
		csv_put(fp, m->items[i].id);
	}
	fputc('\n', fp);

	/* The text of every possible item byte, per item, made once: the rows
	 * are then written with memcpy only (a million respondents in well
	 * under a second). */
	struct strbuf line = STRBUF_INIT;
	sb_init(&line);
	char **cell = xcalloc(m->n_items * 256, sizeof(char *));
	for (size_t i = 0; i < m->n_items; i++) {
		const struct tds_answers *a = &m->answers[m->items[i].answers];
		for (int v = 1; v <= TDS_MAX_POINTS; v++)
			cell[i * 256 + (size_t)v] = xasprintf("%d", v);
		for (int j = 1; j <= a->n_nonsubst; j++) {
			sb_reset(&line);
			sb_add_csv(&line, a->nonsubst_da[j - 1]);
			cell[i * 256 + TDS_NONSUBST_BASE + (size_t)j] = xstrdup(line.buf);
		}
	}
	static const char hex[] = "0123456789abcdef";
	for (size_t r = 0; r < d->n_rows; r++) {
		const struct tds_row *row = &d->rows[r];
		csv_put(fp, m->waves[row->wave].id);
		fputc(',', fp);
		if (row->group != TDS_NONE)
			csv_put(fp, m->groups[row->group].id);
		fputc(',', fp);
		if (row->municipality != TDS_NONE)
			csv_put(fp, m->municipalities[row->municipality]);
		fputc(',', fp);
		if (row->unit != TDS_NONE)
			csv_put(fp, m->units[row->unit].name);
		sb_reset(&line);
		sb_addc(&line, ',');
		if (tds_key_is_set(row)) {
			char k[32];
			for (int i = 0; i < 16; i++) {
				k[2 * i] = hex[row->key[i] >> 4];
				k[2 * i + 1] = hex[row->key[i] & 15];
			}
			sb_add(&line, k, sizeof(k));
		}
		const uint8_t *v = d->values + r * m->n_items;
		for (size_t i = 0; i < m->n_items; i++) {
			sb_addc(&line, ',');
			const char *c = cell[i * 256 + v[i]];
			if (c)
				sb_adds(&line, c);
		}
		sb_addc(&line, '\n');
		fwrite(line.buf, 1, line.len, fp);
	}
	for (size_t i = 0; i < m->n_items * 256; i++)
		free(cell[i]);
	free(cell);
	sb_release(&line);
	return af_commit(&af, err);
}

static long find_by(const void *base, size_t n, size_t stride, size_t off, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = *(char *const *)((const char *)base + i * stride + off);
		if (s && !strcmp(s, key))
			return (long)i;
	}
	return -1;
}

long tds_find_item(const struct tds_meta *m, const char *id)
{
	return find_by(m->items, m->n_items, sizeof(*m->items), offsetof(struct tds_item, id), id);
}

long tds_find_scale(const struct tds_meta *m, const char *id)
{
	return find_by(m->scales, m->n_scales, sizeof(*m->scales), offsetof(struct tds_scale, id), id);
}

long tds_find_group(const struct tds_meta *m, const char *id)
{
	return find_by(m->groups, m->n_groups, sizeof(*m->groups), offsetof(struct tds_group, id), id);
}

long tds_find_wave(const struct tds_meta *m, const char *id)
{
	return find_by(m->waves, m->n_waves, sizeof(*m->waves), offsetof(struct tds_wave, id), id);
}

long tds_find_municipality(const struct tds_meta *m, const char *name)
{
	return find_by(m->municipalities, m->n_municipalities, sizeof(char *), 0, name);
}
