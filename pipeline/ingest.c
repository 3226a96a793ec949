/* ingest.c: reads every wave of a study, checks and maps each record, and writes the clean dataset and the ingest reports. */
#include "ingest.h"
#include "core/digest.h"
#include "core/hashmap.h"

#include "core/csvread.h"
#include "pii.h"
#include "surveyxact.h"
#include "core/textio.h"
#include "core/version.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* ---- numbers and codes ---- */

static void trim_span(const char *s, const char **a, size_t *n)
{
	const char *p = s;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f' || *p == '\v')
		p++;
	size_t len = strlen(p);
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' ||
		       p[len - 1] == '\n' || p[len - 1] == '\f' || p[len - 1] == '\v'))
		len--;
	*a = p;
	*n = len;
}

static int parse_code_span(const char *s, size_t n, long *code)
{
	size_t i = 0;
	int neg = 0;
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		neg = s[i] == '-';
		i++;
	}
	size_t digits = 0;
	long v = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (++digits > 15 && v)
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	if (!digits)
		return 0;
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] == '0'; i++)
			;
	}
	if (i != n)
		return 0;
	*code = neg ? -v : v;
	return 1;
}

int ingest_parse_code(const char *s, long *code)
{
	const char *a;
	size_t n;
	trim_span(s, &a, &n);
	return parse_code_span(a, n, code);
}

static int is_number_span(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && (s[i] == '.' || s[i] == ','))
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	return digits > 0 && i == n;
}

int ingest_is_number(const char *s)
{
	const char *a;
	size_t n;
	trim_span(s, &a, &n);
	return is_number_span(a, n);
}

/* ---- answer mapping ---- */

static int cmp_text(const void *a, const void *b)
{
	const struct answer_text *x = a, *y = b;
	int c = strcmp(x->text, y->text);
	if (c)
		return c;
	return (int)x->value - (int)y->value;
}

static int cmp_code(const void *a, const void *b)
{
	const struct answer_code *x = a, *y = b;
	return (x->code > y->code) - (x->code < y->code);
}

void answer_map_init(struct answer_map *m, const struct study_answers *a)
{
	memset(m, 0, sizeof(*m));
	m->k = a->k;
	size_t cap = (size_t)a->k * 2 + a->also_text.n + a->nonsubst_da.n + a->nonsubst_en.n;
	m->text = xcalloc(cap ? cap : 1, sizeof(*m->text));
	size_t n = 0;
	/* Danish labels first: when an English label repeats a Danish one of
	 * another point, the Danish meaning wins (qsort is not stable, so the
	 * value breaks ties and duplicates are removed below keeping the first
	 * kind added). */
	for (int v = 1; v <= a->k; v++)
		if (a->point_da && a->point_da[v - 1] && *a->point_da[v - 1])
			m->text[n++] = (struct answer_text){ a->point_da[v - 1], (uint8_t)v };
	for (size_t j = 0; j < a->also_text.n; j++)
		m->text[n++] = (struct answer_text){ a->also_text.v[j], (uint8_t)a->also_point[j] };
	for (size_t j = 0; j < a->nonsubst_da.n; j++)
		m->text[n++] = (struct answer_text){ a->nonsubst_da.v[j],
						     (uint8_t)(TDS_NONSUBST_BASE + j + 1) };
	size_t n_da = n;
	for (int v = 1; v <= a->k; v++)
		if (a->point_en && a->point_en[v - 1] && *a->point_en[v - 1])
			m->text[n++] = (struct answer_text){ a->point_en[v - 1], (uint8_t)v };
	for (size_t j = 0; j < a->nonsubst_en.n; j++)
		if (*a->nonsubst_en.v[j])
			m->text[n++] = (struct answer_text){ a->nonsubst_en.v[j],
							     (uint8_t)(TDS_NONSUBST_BASE + j + 1) };
	/* Drop English texts that spell a Danish one (same text, any value). */
	size_t keep = n_da;
	for (size_t i = n_da; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < keep && !dup; j++)
			dup = strcmp(m->text[j].text, m->text[i].text) == 0;
		if (!dup)
			m->text[keep++] = m->text[i];
	}
	n = keep;
	qsort(m->text, n, sizeof(*m->text), cmp_text);
	m->n_text = n;

	m->code = xcalloc(a->code_text.n ? a->code_text.n : 1, sizeof(*m->code));
	for (size_t j = 0; j < a->code_text.n; j++) {
		long c;
		if (!parse_code_span(a->code_text.v[j], strlen(a->code_text.v[j]), &c))
			continue;
		int v = a->code_value[j];
		m->code[m->n_code++] = (struct answer_code){
			c, (uint8_t)(v > 0 ? v : TDS_NONSUBST_BASE - v)
		};
	}
	qsort(m->code, m->n_code, sizeof(*m->code), cmp_code);
}

void answer_map_release(struct answer_map *m)
{
	free(m->text);
	free(m->code);
	memset(m, 0, sizeof(*m));
}

static int span_cmp(const char *a, size_t n, const char *b)
{
	int c = strncmp(a, b, n);
	if (c)
		return c;
	return b[n] ? -1 : 0;
}

enum answer_result answer_map_lookup(const struct answer_map *m, const char *value, uint8_t *out)
{
	const char *a;
	size_t n;
	trim_span(value, &a, &n);
	if (!n) {
		*out = TDS_BLANK;
		return ANSWER_OK;
	}
	size_t lo = 0, hi = m->n_text;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = span_cmp(a, n, m->text[mid].text);
		if (c == 0) {
			*out = m->text[mid].value;
			return ANSWER_OK;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	long code;
	if (parse_code_span(a, n, &code)) {
		lo = 0;
		hi = m->n_code;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (m->code[mid].code == code) {
				*out = m->code[mid].value;
				return ANSWER_OK;
			}
			if (code < m->code[mid].code)
				hi = mid;
			else
				lo = mid + 1;
		}
		return ANSWER_OUT_OF_RANGE;
	}
	if (is_number_span(a, n))
		return ANSWER_OUT_OF_RANGE;
	return ANSWER_UNKNOWN;
}

/* ---- the state of a run ---- */

struct run {
	const struct study *s;
	struct pii_keyer keyer;   /* set up when the study has a secret */
	struct tds *d;
	struct ingest_report *r;
	struct answer_map *maps; /* [s->n_answers] */
	struct hashmap group_values; /* value text -> group index */
	struct hashmap muni_listed;  /* [study] municipality, when given */
	struct hashmap munis;        /* names in the order found: entry i is municipality i */
	struct hashmap units;        /* municipality index (2 bytes) and name in the order
					found: entry i is unit i, its value the municipality */
	char **sx_text;           /* [n_items]: question text from structure.csv, or NULL */
};

/* Column roles in a wave. */
enum role { ROLE_NONE, ROLE_GROUP, ROLE_MUNI, ROLE_UNIT, ROLE_KEY, ROLE_ITEM };

struct wave_read {
	struct run *run;
	size_t w;
	size_t file;                  /* report index of the file being read */
	const char *path;             /* as opened */
	const struct surveyxact *sx;  /* NULL for plain CSV */
	int header_seen;
	size_t n_header;
	struct strlist headers;
	enum role *role;              /* [n_header] */
	unsigned *pii_header;         /* [n_header] */
	struct pii_sampler *samplers; /* [n_header] */
	long col_group, col_muni, col_unit, col_key;
	long *col_item;               /* [n_items] */
	const struct sx_variable *var_group, *var_muni, *var_unit;
	const struct sx_variable **var_item; /* [n_items] */
	struct hashmap keys;          /* pairing key -> line where the wave first had it */
	uint64_t rows_kept;
	struct strbuf msg;            /* scratch */
	struct strbuf val;            /* scratch */
};

static struct ingest_file *cur_file(struct wave_read *wr)
{
	return &wr->run->r->files[wr->file];
}

static int skipped(const struct run *run, int kind)
{
	return kind < PROBLEM_KIND_COUNT && run->s->skip[kind];
}

/* Record a problem; fmt continues "'PATH':LINE:COL: ". */
static void problem(struct wave_read *wr, int kind, uint64_t line, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void problem(struct wave_read *wr, int kind, uint64_t line, size_t col, const char *fmt, ...)
{
	struct strbuf *m = &wr->msg;
	sb_reset(m);
	sb_addf(m, "'%s':", wr->path);
	if (line)
		sb_addf(m, "%llu:", (unsigned long long)line);
	if (line && col)
		sb_addf(m, "%zu:", col);
	sb_addc(m, ' ');
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(m, fmt, ap);
	va_end(ap);
	ingest_report_problem(wr->run->r, wr->file, kind, skipped(wr->run, kind), line, col, m->buf);
}

/* The value of column col quoted for a message, or why it is hidden. */
static const char *shown(struct wave_read *wr, long col, const char *value)
{
	struct strbuf *v = &wr->val;
	sb_reset(v);
	if (col >= 0 && wr->role[col] == ROLE_KEY) {
		sb_adds(v, "(value hidden: pairing key)");
		return v->buf;
	}
	if (col >= 0 && wr->pii_header[col]) {
		sb_adds(v, "(value hidden: personal data)");
		return v->buf;
	}
	if (pii_has_email(value) || pii_has_cpr(value, 0)) {
		sb_adds(v, "(value hidden: looks like personal data)");
		return v->buf;
	}
	sb_addc(v, '\'');
	size_t shown_bytes = 0;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (shown_bytes >= 60 && (*p & 0xC0) != 0x80) {
			sb_adds(v, "...");
			break;
		}
		if (*p == '\n')
			sb_adds(v, "\\n");
		else if (*p == '\r')
			sb_adds(v, "\\r");
		else if (*p == '\t')
			sb_adds(v, "\\t");
		else if (*p < 0x20)
			sb_addf(v, "\\x%02x", *p);
		else
			sb_addc(v, (char)*p);
		shown_bytes++;
	}
	sb_addc(v, '\'');
	if (strstr(value, "\xEF\xBF\xBD"))
		sb_adds(v, " (holding bytes invalid in the file's encoding: see bad_encoding)");
	return v->buf;
}

static void reject_row(struct wave_read *wr, int kind)
{
	struct ingest_file *f = cur_file(wr);
	f->rows_rejected++;
	f->rejected_by[kind]++;
}

static long find_header(const struct wave_read *wr, const char *name)
{
	if (!name)
		return -2; /* not declared */
	return sl_find(&wr->headers, name);
}

static const char *role_name(enum role r)
{
	switch (r) {
	case ROLE_GROUP: return "group";
	case ROLE_MUNI: return "municipality";
	case ROLE_UNIT: return "unit";
	case ROLE_KEY: return "key";
	default: return "item";
	}
}

/* Declare column `name` (group, municipality, unit, key) of this wave. */
static long declare(struct wave_read *wr, const char *name, enum role role, uint64_t line)
{
	const char *header = study_column(wr->run->s, wr->w, name);
	long col = find_header(wr, header);
	if (col == -1) {
		problem(wr, PROBLEM_MISSING_COLUMN, line, 0,
			"missing_column '%s' for the %s column: the header has no such column", header,
			role_name(role));
	}
	if (col >= 0)
		wr->role[col] = role;
	return col < 0 ? -1 : col;
}

static int on_header(struct wave_read *wr, struct csv_record *rec)
{
	const struct study *s = wr->run->s;
	wr->header_seen = 1;
	wr->n_header = rec->n;
	for (size_t j = 0; j < rec->n; j++) {
		char *h = rec->field[j];
		if (j == 0 && str_starts_with(h, "\xEF\xBB\xBF"))
			h += 3;
		str_trim(h);
		sl_push(&wr->headers, h);
	}
	wr->role = xcalloc(rec->n, sizeof(*wr->role));
	wr->pii_header = xcalloc(rec->n, sizeof(*wr->pii_header));
	wr->samplers = xcalloc(rec->n, sizeof(*wr->samplers));
	for (size_t j = 0; j < rec->n; j++) {
		wr->pii_header[j] = pii_header_kinds(wr->headers.v[j]);
		pii_sampler_init(&wr->samplers[j]);
		for (size_t i = 0; i < j; i++)
			if (*wr->headers.v[j] && !strcmp(wr->headers.v[i], wr->headers.v[j])) {
				sl_push_owned(&wr->run->r->notes,
					      xasprintf("'%s': the header names column '%s' twice (columns "
							"%zu and %zu); the first is read",
							wr->path, wr->headers.v[j], i + 1, j + 1));
				break;
			}
	}

	wr->col_key = declare(wr, "key", ROLE_KEY, rec->line);
	wr->col_group = declare(wr, "group", ROLE_GROUP, rec->line);
	wr->col_muni = declare(wr, "municipality", ROLE_MUNI, rec->line);
	wr->col_unit = declare(wr, "unit", ROLE_UNIT, rec->line);
	for (size_t i = 0; i < s->n_items; i++) {
		const char *header = study_column(s, wr->w, s->items[i].id);
		long col = find_header(wr, header);
		wr->col_item[i] = col < 0 ? -1 : col;
		if (col == -1) {
			problem(wr, PROBLEM_MISSING_COLUMN, rec->line, 0,
				"missing_column '%s' for item %s: the header has no such column", header,
				s->items[i].id);
			continue;
		}
		if (col < 0)
			continue;
		wr->role[col] = ROLE_ITEM;
		if (!wr->sx)
			continue;
		const struct sx_variable *v = sx_variable(wr->sx, header);
		wr->var_item[i] = v;
		if (v && v->question_type && str_ieq(v->question_type, "Open")) {
			problem(wr, INGEST_ERROR, rec->line, (size_t)col + 1,
				"item %s reads column '%s', a free-text question (structure.csv line %llu "
				"says Open); free text is never carried into the clean dataset, so point the "
				"item at a closed question or remove it",
				s->items[i].id, header, (unsigned long long)v->structure_line);
			wr->col_item[i] = -1;
		}
		if (v && v->question_text && *v->question_text && !wr->run->sx_text[i])
			wr->run->sx_text[i] = xstrdup(v->question_text);
	}
	if (wr->sx) {
		if (wr->col_group >= 0)
			wr->var_group = sx_variable(wr->sx, wr->headers.v[wr->col_group]);
		if (wr->col_muni >= 0)
			wr->var_muni = sx_variable(wr->sx, wr->headers.v[wr->col_muni]);
		if (wr->col_unit >= 0)
			wr->var_unit = sx_variable(wr->sx, wr->headers.v[wr->col_unit]);
	}
	return TILLID_OK;
}

/* The text a background column's field stands for: its label through
 * labels.csv when the variable has labels for it, else the field itself
 * (trimmed in place). */
static const char *background_text(struct wave_read *wr, const struct sx_variable *var, char *field)
{
	str_trim(field);
	if (var && var->n_labels && *field) {
		const char *label = sx_label(wr->sx, var->name, field);
		if (label)
			return label;
	}
	return field;
}

static long match_group(struct wave_read *wr, const char *text, const char *raw)
{
	struct run *run = wr->run;
	long e = hashmap_find_str(&run->group_values, text);
	if (e < 0 && raw != text)
		e = hashmap_find_str(&run->group_values, raw);
	long code;
	if (e < 0 && ingest_parse_code(raw, &code)) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%ld", code);
		e = hashmap_find_str(&run->group_values, buf);
	}
	return e < 0 ? -1 : (long)run->group_values.entry[e].value;
}

/* "codes 1 to 5", or the list of codes when they are not a range. */
static void describe_codes(const struct answer_map *m, struct strbuf *out)
{
	if (!m->n_code) {
		sb_adds(out, "it has no codes");
		return;
	}
	int range = 1;
	for (size_t i = 1; i < m->n_code; i++)
		range &= m->code[i].code == m->code[i - 1].code + 1;
	if (range && m->n_code > 2) {
		sb_addf(out, "codes %ld to %ld", m->code[0].code, m->code[m->n_code - 1].code);
		return;
	}
	sb_adds(out, m->n_code == 1 ? "code " : "codes ");
	for (size_t i = 0; i < m->n_code && i < 16; i++)
		sb_addf(out, "%s%ld", i ? ", " : "", m->code[i].code);
	if (m->n_code > 16)
		sb_adds(out, ", ...");
}

static uint8_t map_item(struct wave_read *wr, size_t i, long col, char *field, uint64_t line)
{
	struct run *run = wr->run;
	const struct study_item *it = &run->s->items[i];
	const struct answer_map *m = &run->maps[it->answers];
	const struct sx_variable *var = wr->var_item[i];
	const char *text = field;
	const char *label = NULL;
	uint8_t v;
	if (var && var->n_labels) {
		str_trim(field);
		if (!*field)
			return TDS_BLANK;
		label = sx_label(wr->sx, var->name, field);
		if (!label) {
			problem(wr, PROBLEM_UNKNOWN_ANSWER, line, (size_t)col + 1,
				"unknown_answer %s for item %s (column '%s'): the code is not in labels.csv",
				shown(wr, col, field), it->id, wr->headers.v[col]);
			cur_file(wr)->values_dropped[PROBLEM_UNKNOWN_ANSWER]++;
			return TDS_REJECTED;
		}
		text = label;
	}
	enum answer_result res = answer_map_lookup(m, text, &v);
	if (res == ANSWER_OK)
		return v;
	int kind = res == ANSWER_OUT_OF_RANGE ? PROBLEM_OUT_OF_RANGE : PROBLEM_UNKNOWN_ANSWER;
	const struct study_answers *a = &run->s->answers[it->answers];
	if (label) {
		char *code = xstrdup(field);
		problem(wr, kind, line, (size_t)col + 1,
			"%s %s (code %s) for item %s (column '%s'): not an answer of '%s'",
			problem_kind_name((enum problem_kind)kind), shown(wr, col, label), code, it->id,
			wr->headers.v[col], a->id);
		free(code);
	} else if (kind == PROBLEM_OUT_OF_RANGE) {
		struct strbuf codes = STRBUF_INIT;
		sb_init(&codes);
		describe_codes(m, &codes);
		problem(wr, kind, line, (size_t)col + 1,
			"out_of_range %s for item %s (column '%s'): not a code of answers '%s' (%s)",
			shown(wr, col, field), it->id, wr->headers.v[col], a->id, codes.buf);
		sb_release(&codes);
	} else {
		problem(wr, kind, line, (size_t)col + 1,
			"unknown_answer %s for item %s (column '%s'): not a label, also spelling or "
			"missing answer of '%s'",
			shown(wr, col, field), it->id, wr->headers.v[col], a->id);
	}
	cur_file(wr)->values_dropped[kind]++;
	return TDS_REJECTED;
}

static int on_record(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct wave_read *wr = ctx;
	struct run *run = wr->run;
	const struct study *s = run->s;
	if (!wr->header_seen)
		return on_header(wr, rec);

	struct ingest_file *f = cur_file(wr);
	f->rows_read++;
	if (f->rows_read <= PII_SAMPLE_MAX) {
		size_t n = rec->n < wr->n_header ? rec->n : wr->n_header;
		for (size_t j = 0; j < n; j++)
			pii_sample(&wr->samplers[j], rec->field[j]);
	}
	if (rec->n != wr->n_header) {
		problem(wr, PROBLEM_RAGGED_ROW, rec->line, 0,
			"ragged_row: %zu fields where the header has %zu", rec->n, wr->n_header);
		reject_row(wr, PROBLEM_RAGGED_ROW);
		return TILLID_OK;
	}

	/* Row-level checks first: a row they drop is not looked at further. */
	struct tds_row row;
	memset(&row, 0, sizeof(row));
	row.wave = (uint8_t)wr->w;
	row.group = row.municipality = row.unit = TDS_NONE;

	if (wr->col_group >= 0) {
		char *field = rec->field[wr->col_group];
		const char *text = background_text(wr, wr->var_group, field);
		long g = *field ? match_group(wr, text, field) : -1;
		if (g < 0) {
			if (*field)
				problem(wr, PROBLEM_UNKNOWN_GROUP, rec->line, (size_t)wr->col_group + 1,
					"unknown_group %s for the group column '%s': no [group] has this value",
					shown(wr, wr->col_group, text), wr->headers.v[wr->col_group]);
			else
				problem(wr, PROBLEM_UNKNOWN_GROUP, rec->line, (size_t)wr->col_group + 1,
					"unknown_group '' (blank) for the group column '%s'",
					wr->headers.v[wr->col_group]);
			reject_row(wr, PROBLEM_UNKNOWN_GROUP);
			return TILLID_OK;
		}
		row.group = (uint16_t)g;
	}

	const char *muni = NULL;
	if (wr->col_muni >= 0) {
		char *field = rec->field[wr->col_muni];
		muni = background_text(wr, wr->var_muni, field);
		if (!*muni) {
			muni = NULL;
		} else if (s->municipalities.n && hashmap_find_str(&run->muni_listed, muni) < 0) {
			problem(wr, PROBLEM_UNKNOWN_GROUP, rec->line, (size_t)wr->col_muni + 1,
				"unknown_group %s for the municipality column '%s': not in [study] "
				"municipality",
				shown(wr, wr->col_muni, muni), wr->headers.v[wr->col_muni]);
			reject_row(wr, PROBLEM_UNKNOWN_GROUP);
			return TILLID_OK;
		}
	}

	if (wr->col_key >= 0 && run->keyer.hmac.inner) {
		const char *k = rec->field[wr->col_key];
		if (pii_keyer_pseudonym(&run->keyer, k, rec->len[wr->col_key], row.key) == 0) {
			int added;
			size_t e = hashmap_add(&wr->keys, row.key, sizeof(row.key), &added);
			if (!added) {
				problem(wr, PROBLEM_DUPLICATE_KEY, rec->line, (size_t)wr->col_key + 1,
					"duplicate_key (value hidden: pairing key) for the key column '%s': "
					"the same key is on line %llu; the first row is kept",
					wr->headers.v[wr->col_key], (unsigned long long)wr->keys.entry[e].value);
				reject_row(wr, PROBLEM_DUPLICATE_KEY);
				return TILLID_OK;
			}
			wr->keys.entry[e].value = rec->line;
		}
	}

	/* The row is kept: its municipality and unit become known. */
	if (muni) {
		if (run->munis.n >= TDS_NONE && hashmap_find_str(&run->munis, muni) < 0) {
			sb_addf(err, "'%s':%llu: more than %d municipalities; tillid keeps at most that many",
				wr->path, (unsigned long long)rec->line, TDS_NONE - 1);
			return TILLID_ESYS;
		}
		row.municipality = (uint16_t)hashmap_add_str(&run->munis, muni, NULL);
	}
	if (wr->col_unit >= 0) {
		char *field = rec->field[wr->col_unit];
		const char *unit = background_text(wr, wr->var_unit, field);
		if (*unit) {
			struct strbuf *k = &wr->val;
			sb_reset(k);
			sb_add(k, &row.municipality, sizeof(row.municipality));
			sb_adds(k, unit);
			if (run->units.n >= TDS_NONE && hashmap_find(&run->units, k->buf, k->len) < 0) {
				sb_addf(err, "'%s':%llu: more than %d units; tillid keeps at most that many",
					wr->path, (unsigned long long)rec->line, TDS_NONE - 1);
				return TILLID_ESYS;
			}
			size_t ui = hashmap_add(&run->units, k->buf, k->len, NULL);
			run->units.entry[ui].value = row.municipality;
			row.unit = (uint16_t)ui;
		}
	}

	uint8_t *values = tds_add_row(run->d, &row);
	for (size_t i = 0; i < s->n_items; i++) {
		long col = wr->col_item[i];
		if (col < 0)
			continue;
		values[i] = map_item(wr, i, col, rec->field[col], rec->line);
	}
	f->rows_kept++;
	wr->rows_kept++;
	return TILLID_OK;
}

static void wave_read_release(struct wave_read *wr)
{
	sl_release(&wr->headers);
	free(wr->role);
	free(wr->pii_header);
	if (wr->samplers)
		for (size_t j = 0; j < wr->n_header; j++)
			pii_sampler_release(&wr->samplers[j]);
	free(wr->samplers);
	free(wr->col_item);
	free(wr->var_item);
	hashmap_release(&wr->keys);
	sb_release(&wr->msg);
	sb_release(&wr->val);
}

/* The path as written in the study file: path without the study's directory. */
static char *study_relative(const struct study *s, const char *path)
{
	size_t n = s->dir ? strlen(s->dir) : 0;
	if (n && strcmp(s->dir, ".") && !strncmp(path, s->dir, n) && path[n] == '/')
		return xstrdup(path + n + 1);
	return xstrdup(path);
}

/* Add a report entry for one input file and hash it. */
static int add_file(struct run *run, size_t w, const char *role, const char *path, size_t *idx,
		    struct strbuf *err)
{
	char *rel = study_relative(run->s, path);
	struct ingest_file *f = ingest_report_add_file(run->r, w, role, path, rel);
	free(rel);
	*idx = run->r->n_files - 1;
	return sha256_file(path, f->sha256, &f->bytes, err);
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v ? v : "");
}

static void file_info(struct ingest_file *f, const struct csv_info *info)
{
	set_str(&f->encoding, text_encoding_name(info->encoding));
	set_str(&f->encoding_how, info->encoding_forced ? "forced" : info->encoding_reason);
	set_str(&f->delimiter, text_delimiter_name(info->delimiter));
	f->delimiter_forced = info->delimiter_forced;
	f->bom = info->bom;
	set_str(&f->line_ending, info->line_ending);
}

/* Invalid bytes (always replaced while reading) are a bad_encoding problem. */
static void encoding_problem(struct run *run, size_t file, const struct csv_info *info)
{
	if (!info->n_invalid)
		return;
	struct strbuf m = STRBUF_INIT;
	sb_init(&m);
	const char *first = info->first_invalid.buf ? info->first_invalid.buf : "";
	uint64_t line = 0;
	size_t col = 0;
	/* first_invalid reads "'NAME':LINE:COL: invalid ..."; put the kind
	 * after the position, like every other problem. */
	const char *q = strstr(first, "':");
	const char *rest = first;
	if (first[0] == '\'' && q) {
		unsigned long long l = 0, c = 0;
		int used = 0;
		if (sscanf(q + 2, "%llu:%llu: %n", &l, &c, &used) >= 2 && used > 0) {
			line = l;
			col = (size_t)c;
			rest = q + 2 + used;
			sb_add(&m, first, (size_t)(rest - first));
		}
	}
	if (rest == first)
		sb_addf(&m, "'%s': ", run->r->files[file].path);
	sb_addf(&m, "bad_encoding: %s; %llu invalid byte sequence%s in the file, replaced by U+FFFD",
		rest, (unsigned long long)info->n_invalid, info->n_invalid == 1 ? "" : "s");
	ingest_report_problem(run->r, file, PROBLEM_BAD_ENCODING, skipped(run, PROBLEM_BAD_ENCODING),
			      line, col, m.buf);
	sb_release(&m);
}

/* Where a reader's message points, for the listing: "'NAME':LINE:COL: ...". */
static void message_position(const char *msg, uint64_t *line, size_t *col)
{
	*line = 0;
	*col = 0;
	const char *q = msg[0] == '\'' ? strstr(msg, "':") : NULL;
	if (!q)
		return;
	unsigned long long l = 0, c = 0;
	int n = sscanf(q + 2, "%llu:%llu", &l, &c);
	if (n >= 1)
		*line = l;
	if (n >= 2)
		*col = (size_t)c;
}

/* Record each line of a reader's error message as an unskippable problem. */
static void reader_errors(struct run *run, size_t file, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n) {
			char *line = xstrndup(p, n);
			uint64_t l;
			size_t c;
			message_position(line, &l, &c);
			ingest_report_problem(run->r, file, INGEST_ERROR, 0, l, c, line);
			free(line);
		}
		p += n;
		if (*p == '\n')
			p++;
	}
}

static void pii_warnings(struct wave_read *wr)
{
	const struct study *s = wr->run->s;
	for (size_t j = 0; j < wr->n_header; j++) {
		unsigned by_header = wr->pii_header[j];
		unsigned by_content = pii_sampler_kinds(&wr->samplers[j]);
		/* Group values and municipalities are declared place and group
		 * names; they repeat like names but are not personal. */
		if (wr->role[j] == ROLE_GROUP || wr->role[j] == ROLE_MUNI)
			by_content &= ~(unsigned)PII_NAME;
		if (!by_header && !by_content)
			continue;
		const char *fate;
		switch (wr->role[j]) {
		case ROLE_KEY:
			fate = "it is the pairing key: only its keyed pseudonym is kept";
			break;
		case ROLE_GROUP:
			fate = "it is the group column: only the group it names is kept";
			break;
		case ROLE_ITEM:
			fate = "it is read as an item: only answers that map to the item's scale are kept";
			break;
		case ROLE_MUNI:
			fate = "it is the municipality column: its values ARE kept in the clean dataset";
			break;
		case ROLE_UNIT:
			fate = "it is the unit column: its values ARE kept in the clean dataset; make sure "
			       "it holds no personal data";
			break;
		default:
			fate = sl_find(&s->drop, wr->headers.v[j]) >= 0
				       ? "dropped by [columns] drop: not carried forward"
				       : "not declared: not carried forward";
			break;
		}
		ingest_report_warning(wr->run->r, wr->file, j + 1, wr->headers.v[j],
				      by_header | by_content, by_header != 0, by_content != 0, fate);
	}
}

/* Read one wave: the SurveyXact labels and structure first, then the data. */
static int read_wave(struct run *run, size_t w, struct strbuf *err)
{
	const struct study *s = run->s;
	const struct study_wave *sw = &s->waves[w];
	struct csv_options opt = CSV_OPTIONS_INIT;
	opt.encoding = sw->encoding && strcmp(sw->encoding, "auto") ? sw->encoding : NULL;
	opt.delimiter = sw->delimiter && strcmp(sw->delimiter, "auto") ? sw->delimiter : NULL;
	opt.replace_invalid = 1;

	struct surveyxact sx;
	sx_init(&sx);
	int is_sx = sw->format == FORMAT_SURVEYXACT;
	const char *data_path = is_sx ? sw->dataset : sw->file;
	size_t labels_file = 0, structure_file = 0, data_file = 0;
	int rc = TILLID_OK;

	if (is_sx) {
		if ((rc = add_file(run, w, "labels", sw->labels, &labels_file, err)) != TILLID_OK ||
		    (rc = add_file(run, w, "structure", sw->structure, &structure_file, err)) != TILLID_OK) {
			sx_release(&sx);
			return rc;
		}
		struct strbuf e = STRBUF_INIT;
		sb_init(&e);
		rc = sx_load(&sx, sw->labels, sw->structure, &opt, &e);
		if (rc == TILLID_ESYS) {
			sb_add(err, e.buf, e.len);
			sb_release(&e);
			sx_release(&sx);
			return rc;
		}
		struct ingest_file *lf = &run->r->files[labels_file];
		struct ingest_file *sf = &run->r->files[structure_file];
		file_info(lf, &sx.labels_info);
		file_info(sf, &sx.structure_info);
		lf->rows_read = lf->rows_kept = sx.n_label_rows;
		sf->rows_read = sf->rows_kept = sx.n_structure_rows;
		if (rc == TILLID_EDATA) {
			/* Attribute each message to the file it names. */
			const char *p = e.buf;
			while (*p) {
				const char *nl = strchr(p, '\n');
				size_t n = nl ? (size_t)(nl - p) : strlen(p);
				char *line = xstrndup(p, n);
				size_t fi = labels_file;
				struct strbuf q = STRBUF_INIT;
				sb_addf(&q, "'%s'", sw->structure);
				if (str_starts_with(line, q.buf))
					fi = structure_file;
				sb_release(&q);
				reader_errors(run, fi, line);
				free(line);
				p += n;
				if (*p == '\n')
					p++;
			}
		}
		sb_release(&e);
		encoding_problem(run, labels_file, &sx.labels_info);
		encoding_problem(run, structure_file, &sx.structure_info);
		rc = TILLID_OK;
	}

	if ((rc = add_file(run, w, is_sx ? "dataset" : "csv", data_path, &data_file, err)) != TILLID_OK) {
		sx_release(&sx);
		return rc;
	}

	struct wave_read wr;
	memset(&wr, 0, sizeof(wr));
	wr.run = run;
	wr.w = w;
	wr.file = data_file;
	wr.path = data_path;
	wr.sx = is_sx ? &sx : NULL;
	wr.col_item = xcalloc(s->n_items ? s->n_items : 1, sizeof(*wr.col_item));
	wr.var_item = xcalloc(s->n_items ? s->n_items : 1, sizeof(*wr.var_item));
	wr.col_group = wr.col_muni = wr.col_unit = wr.col_key = -1;
	sb_init(&wr.msg);
	sb_init(&wr.val);

	struct csv_info info;
	csv_info_init(&info);
	struct strbuf e = STRBUF_INIT;
	sb_init(&e);
	rc = csv_read_file(data_path, data_path, &opt, on_record, &wr, &info, &e);
	struct ingest_file *f = &run->r->files[data_file];
	file_info(f, &info);
	if (rc == TILLID_ESYS) {
		sb_add(err, e.buf, e.len);
	} else {
		if (rc == TILLID_EDATA)
			reader_errors(run, data_file, e.buf);
		rc = TILLID_OK;
		encoding_problem(run, data_file, &info);
		if (!wr.header_seen) {
			problem(&wr, PROBLEM_EMPTY_WAVE, 0, 0,
				"empty_wave: wave '%s' has no respondents: the file has no header and no rows",
				sw->id);
		} else if (!wr.rows_kept) {
			problem(&wr, PROBLEM_EMPTY_WAVE, 0, 0,
				"empty_wave: wave '%s' has no respondents (%llu row%s read, none kept)", sw->id,
				(unsigned long long)f->rows_read, f->rows_read == 1 ? "" : "s");
		}
		if (wr.header_seen)
			pii_warnings(&wr);
	}
	sb_release(&e);
	csv_info_release(&info);
	wave_read_release(&wr);
	sx_release(&sx);
	return rc;
}

/* ---- metadata ---- */

static const char *or(const char *a, const char *b)
{
	return a && *a ? a : (b ? b : "");
}

static void fill_meta(struct run *run, const char *study_sha256)
{
	const struct study *s = run->s;
	struct tds_meta *m = &run->d->meta;
	m->study_name = xstrdup(or(s->name, ""));
	m->study_file = xstrdup(s->path);
	m->study_sha256 = xstrdup(study_sha256);
	m->data_date = xstrdup(or(s->data_date, ""));
	m->tillid_version = xstrdup(TILLID_VERSION);
	m->min_group_size = s->min_group_size;

	m->n_waves = s->n_waves;
	m->waves = xcalloc(s->n_waves ? s->n_waves : 1, sizeof(*m->waves));
	for (size_t w = 0; w < s->n_waves; w++) {
		const struct study_wave *sw = &s->waves[w];
		m->waves[w].id = xstrdup(sw->id);
		m->waves[w].label_da = xstrdup(or(sw->label_da, sw->id));
		m->waves[w].label_en = xstrdup(or(sw->label_en, or(sw->label_da, sw->id)));
		m->waves[w].start = xstrdup(or(sw->start, ""));
		m->waves[w].end = xstrdup(or(sw->end, ""));
	}
	m->n_groups = s->n_groups;
	m->groups = xcalloc(s->n_groups ? s->n_groups : 1, sizeof(*m->groups));
	for (size_t g = 0; g < s->n_groups; g++) {
		const struct study_group *sg = &s->groups[g];
		m->groups[g].id = xstrdup(sg->id);
		m->groups[g].label_da = xstrdup(or(sg->label_da, sg->id));
		m->groups[g].label_en = xstrdup(or(sg->label_en, or(sg->label_da, sg->id)));
	}
	m->n_answers = s->n_answers;
	m->answers = xcalloc(s->n_answers ? s->n_answers : 1, sizeof(*m->answers));
	for (size_t i = 0; i < s->n_answers; i++) {
		const struct study_answers *a = &s->answers[i];
		struct tds_answers *t = &m->answers[i];
		t->id = xstrdup(a->id);
		t->k = a->k;
		t->point_da = xcalloc((size_t)(a->k ? a->k : 1), sizeof(char *));
		t->point_en = xcalloc((size_t)(a->k ? a->k : 1), sizeof(char *));
		for (int v = 0; v < a->k; v++) {
			t->point_da[v] = xstrdup(or(a->point_da[v], ""));
			t->point_en[v] = xstrdup(or(a->point_en[v], ""));
		}
		t->n_nonsubst = (int)a->nonsubst_da.n;
		t->nonsubst_da = xcalloc(a->nonsubst_da.n ? a->nonsubst_da.n : 1, sizeof(char *));
		t->nonsubst_en = xcalloc(a->nonsubst_da.n ? a->nonsubst_da.n : 1, sizeof(char *));
		for (size_t j = 0; j < a->nonsubst_da.n; j++) {
			t->nonsubst_da[j] = xstrdup(a->nonsubst_da.v[j]);
			t->nonsubst_en[j] = xstrdup(j < a->nonsubst_en.n ? a->nonsubst_en.v[j] : "");
		}
	}
	m->n_scales = s->n_scales;
	m->scales = xcalloc(s->n_scales ? s->n_scales : 1, sizeof(*m->scales));
	for (size_t i = 0; i < s->n_scales; i++) {
		m->scales[i].id = xstrdup(s->scales[i].id);
		m->scales[i].label_da = xstrdup(or(s->scales[i].label_da, s->scales[i].id));
		m->scales[i].label_en = xstrdup(or(s->scales[i].label_en, or(s->scales[i].label_da, s->scales[i].id)));
	}
	/* Items are filled before reading (the rows need n_items); their texts
	 * are completed from structure.csv afterwards. */
	m->n_items = s->n_items;
	m->items = xcalloc(s->n_items ? s->n_items : 1, sizeof(*m->items));
	for (size_t i = 0; i < s->n_items; i++) {
		const struct study_item *it = &s->items[i];
		m->items[i].id = xstrdup(it->id);
		m->items[i].text_da = xstrdup(or(it->text_da, it->column));
		m->items[i].text_en = xstrdup(or(it->text_en, or(it->text_da, it->column)));
		m->items[i].scale = it->scale;
		m->items[i].answers = it->answers;
		m->items[i].reverse = it->reverse;
	}
}

/* An item whose text is only its column name (the study file gave none)
 * takes the question text from structure.csv. */
static void complete_item_texts(struct run *run)
{
	const struct study *s = run->s;
	struct tds_meta *m = &run->d->meta;
	for (size_t i = 0; i < s->n_items; i++) {
		const struct study_item *it = &s->items[i];
		if (!run->sx_text[i])
			continue;
		int no_text = !it->text_da || !*it->text_da || !strcmp(it->text_da, it->column);
		if (!no_text)
			continue;
		int en_default = !strcmp(m->items[i].text_en, m->items[i].text_da);
		set_str(&m->items[i].text_da, run->sx_text[i]);
		if (en_default)
			set_str(&m->items[i].text_en, run->sx_text[i]);
	}
}

/* qsort has no context pointer: the map being ordered is passed here. */
static const struct hashmap *sort_map;
static const uint16_t *sort_muni_rank;

static int cmp_muni_order(const void *a, const void *b)
{
	return strcmp(sort_map->entry[*(const size_t *)a].key, sort_map->entry[*(const size_t *)b].key);
}

/* A unit's name: its key in run->units after the municipality index. */
static const char *unit_name(const struct hm_entry *e)
{
	return e->key + sizeof(uint16_t);
}

static int cmp_unit_order(const void *a, const void *b)
{
	const struct hm_entry *x = &sort_map->entry[*(const size_t *)a];
	const struct hm_entry *y = &sort_map->entry[*(const size_t *)b];
	uint32_t rx = x->value == TDS_NONE ? UINT32_MAX : sort_muni_rank[x->value];
	uint32_t ry = y->value == TDS_NONE ? UINT32_MAX : sort_muni_rank[y->value];
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(unit_name(x), unit_name(y));
}

static size_t *identity(size_t n)
{
	size_t *order = xcalloc(n ? n : 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	return order;
}

/* The municipalities of m: the study's list in its order, else the names
 * found sorted. Returns rank (the caller frees it): municipality i as found
 * (entry i of run->munis) is m->municipalities[rank[i]]. */
static uint16_t *order_municipalities(struct run *run, struct tds_meta *m)
{
	const struct study *s = run->s;
	const struct hashmap *mu = &run->munis;
	uint16_t *rank = xcalloc(mu->n ? mu->n : 1, sizeof(*rank));
	struct strlist final = STRLIST_INIT;
	if (s->municipalities.n) {
		for (size_t i = 0; i < s->municipalities.n; i++)
			sl_push(&final, s->municipalities.v[i]);
		for (size_t i = 0; i < mu->n; i++)
			rank[i] = (uint16_t)sl_find(&final, mu->entry[i].key);
	} else {
		size_t *order = identity(mu->n);
		sort_map = mu;
		qsort(order, mu->n, sizeof(*order), cmp_muni_order);
		for (size_t i = 0; i < mu->n; i++) {
			sl_push(&final, mu->entry[order[i]].key);
			rank[order[i]] = (uint16_t)i;
		}
		free(order);
	}
	m->n_municipalities = final.n;
	m->municipalities = final.v; /* the tds takes the strings */
	return rank;
}

/* The units of m, sorted by municipality (ordered by rank) and name.
 * Returns urank (the caller frees it): unit i as found is m->units[urank[i]]. */
static uint16_t *order_units(struct run *run, struct tds_meta *m, const uint16_t *rank)
{
	const struct hashmap *un = &run->units;
	size_t *order = identity(un->n);
	uint16_t *urank = xcalloc(un->n ? un->n : 1, sizeof(*urank));
	sort_map = un;
	sort_muni_rank = rank;
	qsort(order, un->n, sizeof(*order), cmp_unit_order);
	m->n_units = un->n;
	m->units = xcalloc(un->n ? un->n : 1, sizeof(*m->units));
	for (size_t i = 0; i < un->n; i++) {
		const struct hm_entry *e = &un->entry[order[i]];
		urank[order[i]] = (uint16_t)i;
		m->units[i].name = xstrdup(unit_name(e));
		m->units[i].municipality = e->value == TDS_NONE ? TDS_NONE : rank[e->value];
	}
	free(order);
	return urank;
}

static void fill_invited(struct run *run, const uint16_t *rank)
{
	const struct study *s = run->s;
	struct tds_meta *m = &run->d->meta;
	m->n_invited = s->n_invited;
	m->invited = xcalloc(s->n_invited ? s->n_invited : 1, sizeof(*m->invited));
	for (size_t i = 0; i < s->n_invited; i++) {
		const struct study_invited *si = &s->invited[i];
		struct tds_invited *ti = &m->invited[i];
		ti->wave = (uint8_t)si->wave;
		ti->group = si->group < 0 ? TDS_NONE : (uint16_t)si->group;
		ti->municipality = TDS_NONE;
		if (si->municipality) {
			long mi = hashmap_find_str(&run->munis, si->municipality);
			if (mi >= 0)
				ti->municipality = rank[mi];
		}
		ti->n = si->n;
	}
}

/* Municipalities and units in their final order (see order_municipalities
 * and order_units), the rows renumbered to match, so equal data gives
 * equal files whatever the order of the rows. */
static void finish_places(struct run *run)
{
	const struct study *s = run->s;
	struct tds *d = run->d;
	/* Municipalities named only in [invited] exist too. */
	for (size_t i = 0; i < s->n_invited; i++) {
		const char *name = s->invited[i].municipality;
		if (name && run->munis.n < TDS_NONE)
			hashmap_add_str(&run->munis, name, NULL);
	}
	uint16_t *rank = order_municipalities(run, &d->meta);
	uint16_t *urank = order_units(run, &d->meta, rank);
	for (size_t r = 0; r < d->n_rows; r++) {
		struct tds_row *row = &d->rows[r];
		if (row->municipality != TDS_NONE)
			row->municipality = rank[row->municipality];
		if (row->unit != TDS_NONE)
			row->unit = urank[row->unit];
	}
	fill_invited(run, rank);
	free(rank);
	free(urank);
}

static void fill_sources(struct run *run)
{
	struct tds_meta *m = &run->d->meta;
	const struct ingest_report *r = run->r;
	m->n_sources = r->n_files;
	m->sources = xcalloc(r->n_files ? r->n_files : 1, sizeof(*m->sources));
	for (size_t i = 0; i < r->n_files; i++) {
		const struct ingest_file *f = &r->files[i];
		struct tds_source *t = &m->sources[i];
		t->wave = (uint8_t)f->wave;
		t->role = xstrdup(f->role);
		t->path = xstrdup(f->study_path);
		t->sha256 = xstrdup(f->sha256);
		t->bytes = f->bytes;
		t->encoding = xstrdup(f->encoding);
		t->delimiter = xstrdup(f->delimiter);
		t->rows_read = f->rows_read;
		t->rows_kept = f->rows_kept;
		t->rows_rejected = f->rows_rejected;
	}
}

/* Map the group value v to group g, unless another group has it first. */
static void index_group_value(struct hashmap *m, const char *v, size_t g)
{
	int added;
	size_t e = hashmap_add_str(m, v, &added);
	if (added)
		m->entry[e].value = g;
}

int ingest_read(const struct study *s, const uint8_t *secret, size_t secret_len,
		struct tds *d, struct ingest_report *r, struct strbuf *err)
{
	if (s->n_waves > 255) {
		sb_addf(err, "'%s': %zu waves; the clean dataset holds at most 255", s->path, s->n_waves);
		return TILLID_ESYS;
	}
	char study_sha[65] = "";
	uint64_t study_bytes;
	if (sha256_file(s->path, study_sha, &study_bytes, err) != TILLID_OK)
		return TILLID_ESYS;
	free(r->study_name);
	free(r->study_file);
	free(r->study_sha256);
	r->study_name = xstrdup(or(s->name, ""));
	r->study_file = xstrdup(s->path);
	r->study_sha256 = xstrdup(study_sha);

	struct run run;
	memset(&run, 0, sizeof(run));
	run.s = s;
	if (secret)
		pii_keyer_init(&run.keyer, secret, secret_len);
	run.d = d;
	run.r = r;
	run.maps = xcalloc(s->n_answers ? s->n_answers : 1, sizeof(*run.maps));
	for (size_t i = 0; i < s->n_answers; i++)
		answer_map_init(&run.maps[i], &s->answers[i]);
	for (size_t g = 0; g < s->n_groups; g++)
		for (size_t j = 0; j < s->groups[g].values.n; j++) {
			const char *v = s->groups[g].values.v[j];
			index_group_value(&run.group_values, v, g);
			long code;
			if (ingest_parse_code(v, &code)) {
				char buf[32];
				snprintf(buf, sizeof(buf), "%ld", code);
				index_group_value(&run.group_values, buf, g);
			}
		}
	for (size_t i = 0; i < s->municipalities.n; i++)
		hashmap_add_str(&run.muni_listed, s->municipalities.v[i], NULL);
	run.sx_text = xcalloc(s->n_items ? s->n_items : 1, sizeof(char *));
	fill_meta(&run, study_sha);

	int rc = TILLID_OK;
	for (size_t w = 0; w < s->n_waves && rc == TILLID_OK; w++)
		rc = read_wave(&run, w, err);
	if (rc == TILLID_OK) {
		complete_item_texts(&run);
		finish_places(&run);
		fill_sources(&run);
	}

	if (secret)
		pii_keyer_release(&run.keyer);
	for (size_t i = 0; i < s->n_answers; i++)
		answer_map_release(&run.maps[i]);
	free(run.maps);
	hashmap_release(&run.group_values);
	hashmap_release(&run.muni_listed);
	hashmap_release(&run.munis);
	hashmap_release(&run.units);
	for (size_t i = 0; i < s->n_items; i++)
		free(run.sx_text[i]);
	free(run.sx_text);
	return rc;
}

uint64_t ingest_blocking_problems(const struct study *s, const struct ingest_report *r)
{
	uint64_t n = 0;
	for (int k = 0; k < INGEST_N_KINDS; k++)
		if (k == INGEST_ERROR || !s->skip[k])
			n += ingest_report_total(r, k);
	return n;
}

/* ---- outputs ---- */

struct staged {
	const char *name;
	char *final;
	char *tmp;
};

static int stage_create(struct staged *st, const char *dir, struct strbuf *err)
{
	st->final = path_join(dir, st->name);
	st->tmp = xasprintf("%s.tmp-XXXXXX", st->final);
	int fd = mkstemp(st->tmp);
	if (fd < 0) {
		sb_addf(err, "cannot create '%s': %s", st->tmp, strerror(errno));
		free(st->tmp);
		st->tmp = NULL;
		return TILLID_ESYS;
	}
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	close(fd);
	return TILLID_OK;
}

typedef void report_writer(const struct ingest_report *r, const struct tds *d, FILE *fp);

static int stage_report(const struct staged *st, report_writer *fn, const struct ingest_report *r,
			const struct tds *d, struct strbuf *err)
{
	FILE *fp = fopen(st->tmp, "wb");
	if (!fp) {
		sb_addf(err, "cannot write '%s': %s", st->tmp, strerror(errno));
		return TILLID_ESYS;
	}
	fn(r, d, fp);
	int bad = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0;
	int saved = errno;
	if (fclose(fp) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		sb_addf(err, "cannot write '%s': %s", st->final, strerror(saved));
		return TILLID_ESYS;
	}
	return TILLID_OK;
}

int ingest_write_outputs(const struct tds *d, const struct ingest_report *r, const char *dir,
			 struct strbuf *err)
{
	struct staged st[4] = {
		{ "clean.tds", NULL, NULL },
		{ "clean.csv", NULL, NULL },
		{ "ingest.txt", NULL, NULL },
		{ "ingest.json", NULL, NULL },
	};
	int rc = mkdir_p(dir, err);
	for (size_t i = 0; i < ARRAY_SIZE(st) && rc == TILLID_OK; i++)
		rc = stage_create(&st[i], dir, err);
	if (rc == TILLID_OK)
		rc = tds_write(d, st[0].tmp, err);
	if (rc == TILLID_OK)
		rc = tds_write_csv(d, st[1].tmp, err);
	if (rc == TILLID_OK)
		rc = stage_report(&st[2], ingest_report_write_text, r, d, err);
	if (rc == TILLID_OK)
		rc = stage_report(&st[3], ingest_report_write_json, r, d, err);
	for (size_t i = 0; i < ARRAY_SIZE(st); i++) {
		if (rc == TILLID_OK && st[i].tmp && rename(st[i].tmp, st[i].final) != 0) {
			sb_addf(err, "cannot rename '%s' to '%s': %s", st[i].tmp, st[i].final,
				strerror(errno));
			rc = TILLID_ESYS;
		}
		if (rc != TILLID_OK && st[i].tmp)
			unlink(st[i].tmp);
		free(st[i].final);
		free(st[i].tmp);
	}
	return rc;
}

/* ---- the whole stage ---- */

static void print_lines(FILE *log, const char *prefix, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n)
			fprintf(log, "%s%.*s\n", prefix, (int)n, p);
		p += n;
		if (*p == '\n')
			p++;
	}
}

static void print_problems(const struct study *s, const struct ingest_report *r,
			   const struct ingest_options *opt, FILE *log)
{
	for (size_t fi = 0; fi < r->n_files; fi++) {
		const struct ingest_file *f = &r->files[fi];
		for (int o = 0; o < INGEST_N_KINDS; o++) {
			int k = ingest_kind_order[o];
			if (!f->problems[k])
				continue;
			if (k != INGEST_ERROR && s->skip[k]) {
				const char *what = k == PROBLEM_RAGGED_ROW || k == PROBLEM_UNKNOWN_GROUP ||
								   k == PROBLEM_DUPLICATE_KEY
							   ? "rows dropped"
						   : k == PROBLEM_BAD_ENCODING ? "bytes replaced"
						   : k == PROBLEM_EMPTY_WAVE ? "wave kept empty"
						   : k == PROBLEM_MISSING_COLUMN ? "values missing"
										 : "values dropped";
				fprintf(log, "ingest: '%s': %llu %s problem%s skipped (%s, as [checks] skip allows; "
					     "each is listed in ingest.txt)\n",
					f->path, (unsigned long long)f->problems[k], ingest_kind_name(k),
					f->problems[k] == 1 ? "" : "s", what);
				continue;
			}
			size_t shown_n = 0;
			for (size_t i = 0; i < r->n_problems; i++) {
				const struct ingest_problem *p = &r->problems[i];
				if (p->file != fi || p->kind != k || !*p->message)
					continue;
				if (opt->max_listed && shown_n >= opt->max_listed)
					break;
				fprintf(log, "ingest: %s\n", p->message);
				shown_n++;
			}
			if (f->problems[k] > shown_n)
				fprintf(log, "ingest: ... and %llu more %s problem%s in '%s' (--max-problems 0 "
					     "lists them all)\n",
					(unsigned long long)(f->problems[k] - shown_n), ingest_kind_name(k),
					f->problems[k] - shown_n == 1 ? "" : "s", f->path);
		}
	}
}

static void print_warnings(const struct ingest_report *r, FILE *log)
{
	for (size_t i = 0; i < r->n_warnings; i++) {
		const struct ingest_warning *w = &r->warnings[i];
		struct strbuf sb = STRBUF_INIT;
		sb_init(&sb);
		pii_describe_kinds(w->kinds, &sb);
		fprintf(log, "ingest: warning: '%s': column %zu '%s' looks like %s (by %s%s%s); %s\n",
			r->files[w->file].path, w->column, w->header, sb.buf, w->by_header ? "header" : "",
			w->by_header && w->by_content ? " and " : "", w->by_content ? "content" : "",
			w->fate);
		sb_release(&sb);
	}
}

static void print_kinds(FILE *fp, const uint64_t *counts)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	ingest_kinds_line(&sb, counts);
	fputs(sb.buf, fp);
	sb_release(&sb);
}

static void print_summary(const struct ingest_report *r, const struct tds *d, const char *dir,
			  FILE *out)
{
	const struct tds_meta *m = &d->meta;
	fprintf(out, "ingest: %s\n", r->study_name);
	for (size_t fi = 0; fi < r->n_files; fi++) {
		const struct ingest_file *f = &r->files[fi];
		if (!strcmp(f->role, "labels") || !strcmp(f->role, "structure"))
			continue;
		fprintf(out, "  wave %s: '%s' (%s, %s): %llu rows read, %llu kept, %llu rejected",
			m->waves[f->wave].id, f->path, f->encoding, f->delimiter,
			(unsigned long long)f->rows_read, (unsigned long long)f->rows_kept,
			(unsigned long long)f->rows_rejected);
		if (f->rows_rejected) {
			fputs(" (", out);
			print_kinds(out, f->rejected_by);
			fputs(")", out);
		}
		uint64_t dropped = 0;
		for (int k = 0; k < INGEST_N_KINDS; k++)
			dropped += f->values_dropped[k];
		if (dropped) {
			fprintf(out, "; %llu values dropped (", (unsigned long long)dropped);
			print_kinds(out, f->values_dropped);
			fputs(")", out);
		}
		fputc('\n', out);
	}
	for (size_t w = 1; w < r->n_waves; w++)
		fprintf(out, "  pairs: %llu of %llu respondents of %s have a key also found in %s\n",
			(unsigned long long)r->waves[w].paired, (unsigned long long)r->waves[w].rows,
			m->waves[w].id, m->waves[0].id);
	fprintf(out, "  outputs in %s: clean.tds clean.csv ingest.txt ingest.json\n", dir);
}

static int study_has_key(const struct study *s)
{
	for (size_t w = 0; w < s->n_waves; w++)
		if (study_column(s, w, "key"))
			return 1;
	return 0;
}

int ingest_study(const char *study_path, const struct ingest_options *opt)
{
	FILE *log = opt->log ? opt->log : stderr;
	FILE *out = opt->out ? opt->out : stdout;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	struct study s;
	study_init(&s);
	int rc = study_load(&s, study_path, &err);
	if (rc != TILLID_OK) {
		print_lines(log, "ingest: ", err.buf);
		sb_release(&err);
		return rc;
	}

	char *dir = opt->out_dir ? xstrdup(opt->out_dir) : study_output_dir(&s);
	uint8_t *secret = NULL;
	size_t secret_len = 0;
	int created = 0;
	struct tds d;
	tds_init(&d);
	struct ingest_report r;
	ingest_report_init(&r);

	if (study_has_key(&s)) {
		rc = pii_load_secret(s.key_file, &secret, &secret_len, &created, &err);
		if (rc != TILLID_OK)
			goto done;
		r.key_file = xstrdup(s.key_file);
		r.key_created = created;
		if (created)
			fprintf(log, "ingest: created the key file '%s' with a new random secret (mode 0600); "
				     "keep it with the exports and out of reports: the same secret gives the "
				     "same pseudonyms in later runs\n",
				s.key_file);
	}

	rc = ingest_read(&s, secret, secret_len, &d, &r, &err);
	if (rc != TILLID_OK)
		goto done;
	r.output_dir = xstrdup(dir);
	print_problems(&s, &r, opt, log);
	print_warnings(&r, log);
	if (!opt->quiet)
		for (size_t i = 0; i < r.notes.n; i++)
			fprintf(log, "ingest: note: %s\n", r.notes.v[i]);

	uint64_t blocking = ingest_blocking_problems(&s, &r);
	if (blocking) {
		fprintf(log, "ingest: stopped: %llu problem%s in the data (", (unsigned long long)blocking,
			blocking == 1 ? "" : "s");
		int first = 1, skippable = 0;
		for (int k = 0; k < INGEST_N_KINDS; k++) {
			uint64_t n = ingest_report_total(&r, k);
			if (!n || (k != INGEST_ERROR && s.skip[k]))
				continue;
			fprintf(log, "%s%s %llu", first ? "" : ", ", ingest_kind_name(k), (unsigned long long)n);
			first = 0;
			skippable |= k != INGEST_ERROR;
		}
		if (skippable)
			fprintf(log, "); nothing was written. Fix the exports, or let a kind of problem drop "
				     "and count with [checks] skip = KIND in '%s'\n",
				s.path);
		else
			fprintf(log, "); nothing was written. Fix the exports or the study file '%s'\n",
				s.path);
		rc = TILLID_EDATA;
		goto done;
	}
	r.status = TILLID_OK;
	ingest_report_summarise(&r, &d);
	rc = ingest_write_outputs(&d, &r, dir, &err);
	if (rc == TILLID_OK && !opt->quiet)
		print_summary(&r, &d, dir, out);

done:
	if (rc != TILLID_OK && err.len)
		print_lines(log, "ingest: ", err.buf);
	if (secret) {
		memset(secret, 0, secret_len);
		free(secret);
	}
	ingest_report_release(&r);
	tds_release(&d);
	free(dir);
	study_release(&s);
	sb_release(&err);
	return rc;
}
