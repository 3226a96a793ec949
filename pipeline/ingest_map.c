/* ingest_map.c: answers to scale points: numeric codes, and the compiled [answers] section looked up by label or code. */
#include "ingest_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- numbers and codes ---- */

void ingest_trim_span(const char *s, const char **a, size_t *n)
{
	const char *p = s;
	while (is_ascii_space((unsigned char)*p))
		p++;
	size_t len = strlen(p);
	while (len && is_ascii_space((unsigned char)p[len - 1]))
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
	ingest_trim_span(s, &a, &n);
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
	ingest_trim_span(s, &a, &n);
	return is_number_span(a, n);
}

/* ---- answer mapping ---- */

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
	struct strbuf codes = STRBUF_INIT;
	sb_init(&codes);
	describe_codes(m, &codes);
	m->codes = sb_detach(&codes);
	for (int c = 1; c < 256; c++) {
		char one[2] = { (char)c, '\0' };
		m->one_res[c] = (uint8_t)answer_map_lookup(m, one, &m->one_value[c]);
	}
}

void answer_map_release(struct answer_map *m)
{
	free(m->text);
	free(m->code);
	free(m->codes);
	for (size_t i = 0; i < ANSWER_MEMO_SLOTS; i++)
		free(m->memo[i].text);
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
	ingest_trim_span(value, &a, &n);
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

enum answer_result answer_map_lookup_fast(struct answer_map *m, const char *value, size_t len,
					  uint8_t *out)
{
	if (len <= 1) {
		unsigned char c = len ? (unsigned char)value[0] : 0;
		if (!c) {
			*out = TDS_BLANK;
			return ANSWER_OK;
		}
		return answer_map_lookup_byte(m, c, out);
	}
	if (len > ANSWER_MEMO_MAX_LEN)
		return answer_map_lookup(m, value, out);
	/* The slot: length and the first and last bytes tell the answers of a
	 * scale apart well enough; a clash only costs a full lookup. */
	size_t h = (len * 31 + (unsigned char)value[0] * 7 + (unsigned char)value[len - 1]) %
		   ANSWER_MEMO_SLOTS;
	struct answer_memo *e = &m->memo[h];
	if (e->text && e->len == len && !memcmp(e->text, value, len)) {
		*out = e->value;
		return (enum answer_result)e->res;
	}
	enum answer_result res = answer_map_lookup(m, value, out);
	free(e->text);
	e->text = xmalloc(len + 1);
	memcpy(e->text, value, len);
	e->text[len] = '\0';
	e->len = len;
	e->res = (uint8_t)res;
	e->value = *out;
	return res;
}
