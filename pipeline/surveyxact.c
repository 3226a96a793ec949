/* surveyxact.c: loads a SurveyXact export's labels.csv and structure.csv and maps codes to labels. */
#include "surveyxact.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Codes longer than this are kept as text and compared as text. */
#define CODE_MAX 64

void sx_init(struct surveyxact *sx)
{
	memset(sx, 0, sizeof(*sx));
	csv_info_init(&sx->labels_info);
	csv_info_init(&sx->structure_info);
}

void sx_release(struct surveyxact *sx)
{
	for (size_t i = 0; i < sx->n_vars; i++) {
		struct sx_variable *v = &sx->vars[i];
		for (size_t j = 0; j < v->n_labels; j++) {
			free(v->labels[j].code);
			free(v->labels[j].label);
		}
		free(v->labels);
		for (size_t j = 0; j < v->n_choices; j++) {
			free(v->choices[j].value);
			free(v->choices[j].text);
		}
		free(v->choices);
		free(v->name);
		free(v->question_name);
		free(v->question_type);
		free(v->subtype);
		free(v->question_text);
	}
	free(sx->vars);
	free(sx->order);
	csv_info_release(&sx->labels_info);
	csv_info_release(&sx->structure_info);
	memset(sx, 0, sizeof(*sx));
}

size_t sx_code_normalize(const char *code, char *out, size_t outsz)
{
	const char *s = code, *e;
	while (is_ascii_space((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_ascii_space((unsigned char)e[-1]))
		e--;

	/* [+-]digits[.zeros] */
	const char *p = s;
	int neg = 0;
	if (p < e && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	const char *digits = p;
	while (p < e && isdigit((unsigned char)*p))
		p++;
	const char *digits_end = p;
	int integer = digits_end > digits;
	if (integer && p < e && *p == '.') {
		p++;
		while (p < e && *p == '0')
			p++;
	}
	if (integer && p == e) {
		while (digits < digits_end - 1 && *digits == '0')
			digits++;
		if (digits_end - digits == 1 && *digits == '0')
			neg = 0;
		size_t n = (size_t)(digits_end - digits) + (size_t)neg;
		if (n + 1 > outsz) {
			if (outsz)
				out[0] = '\0';
			return (size_t)-1;
		}
		if (neg)
			out[0] = '-';
		memcpy(out + neg, digits, (size_t)(digits_end - digits));
		out[n] = '\0';
		return n;
	}
	size_t n = (size_t)(e - s);
	if (n + 1 > outsz) {
		if (outsz)
			out[0] = '\0';
		return (size_t)-1;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return n;
}

/* A normalised copy of code (long codes are kept trimmed, unnormalised). */
static char *code_dup(const char *code)
{
	char buf[CODE_MAX];
	if (sx_code_normalize(code, buf, sizeof(buf)) != (size_t)-1)
		return xstrdup(buf);
	char *t = xstrdup(code);
	str_trim(t);
	return t;
}

/* Binary search for name in sx->order; returns the var index or -1, and
 * the insertion point in *at. */
static long find_var(const struct surveyxact *sx, const char *name, size_t *at)
{
	size_t lo = 0, hi = sx->n_vars;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sx->vars[sx->order[mid]].name, name);
		if (c == 0) {
			if (at)
				*at = mid;
			return (long)sx->order[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (at)
		*at = lo;
	return -1;
}

static struct sx_variable *get_var(struct surveyxact *sx, const char *name)
{
	size_t at;
	long i = find_var(sx, name, &at);
	if (i >= 0)
		return &sx->vars[i];
	size_t old_alloc = sx->alloc_vars;
	ALLOC_GROW(sx->vars, sx->n_vars + 1, sx->alloc_vars);
	if (old_alloc != sx->alloc_vars)
		sx->order = xrealloc(sx->order, sx->alloc_vars * sizeof(*sx->order));
	memmove(sx->order + at + 1, sx->order + at, (sx->n_vars - at) * sizeof(*sx->order));
	sx->order[at] = sx->n_vars;
	struct sx_variable *v = &sx->vars[sx->n_vars++];
	memset(v, 0, sizeof(*v));
	v->name = xstrdup(name);
	return v;
}

const struct sx_variable *sx_variable(const struct surveyxact *sx, const char *name)
{
	long i = find_var(sx, name, NULL);
	return i < 0 ? NULL : &sx->vars[i];
}

static const struct sx_label *find_label(const struct sx_variable *v, const char *code)
{
	for (size_t i = 0; i < v->n_labels; i++)
		if (!strcmp(v->labels[i].code, code))
			return &v->labels[i];
	return NULL;
}

const char *sx_label(const struct surveyxact *sx, const char *variable, const char *code)
{
	const struct sx_variable *v = sx_variable(sx, variable);
	if (!v)
		return NULL;
	char buf[CODE_MAX];
	const struct sx_label *l;
	if (sx_code_normalize(code, buf, sizeof(buf)) != (size_t)-1) {
		l = find_label(v, buf);
	} else {
		char *t = code_dup(code);
		l = find_label(v, t);
		free(t);
	}
	return l ? l->label : NULL;
}

int sx_is_background(const char *question_type, const char *question_text)
{
	static const char *const headings[] = {
		"baggrundsoplysninger", "baggrundsvariable", "baggrundsvariabler", "kontaktoplysninger",
		"bakgrunnsopplysninger", "kontaktopplysninger", "bakgrundsuppgifter", "kontaktuppgifter",
		"background information", "background variables", "contact information",
	};
	if (question_type && str_ieq(question_type, "Background"))
		return 1;
	if (!question_text)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(headings); i++) {
		size_t n = strlen(headings[i]);
		if (!strncasecmp(question_text, headings[i], n) && !strncmp(question_text + n, " - ", 3))
			return 1;
	}
	return 0;
}

struct load_ctx {
	struct surveyxact *sx;
	const char *name;
	/* structure.csv columns, -1 when absent */
	int c_qname, c_var, c_type, c_sub, c_text, c_cval, c_ctext;
};

static int is_blank(const char *s)
{
	while (is_ascii_space((unsigned char)*s))
		s++;
	return !*s;
}

static int on_label(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct load_ctx *lc = ctx;
	struct surveyxact *sx = lc->sx;

	if (rec->n == 1 && is_blank(rec->field[0]))
		return TILLID_OK;
	int extra = 0;
	for (size_t i = 3; i < rec->n; i++)
		extra |= !is_blank(rec->field[i]);
	if (rec->n < 3 || extra) {
		sb_addf(err, "'%s':%llu: labels row has %zu fields, expected 3 (variable, code, label)",
			lc->name, (unsigned long long)rec->line, rec->n);
		return TILLID_EDATA;
	}
	char *name = str_trim(rec->field[0]);
	if (!*name || is_blank(rec->field[1])) {
		sb_addf(err, "'%s':%llu: labels row without %s", lc->name,
			(unsigned long long)rec->line, *name ? "a code" : "a variable name");
		return TILLID_EDATA;
	}
	sx->n_label_rows++;
	struct sx_variable *v = get_var(sx, name);
	char *code = code_dup(rec->field[1]);
	char *label = str_trim(rec->field[2]);
	const struct sx_label *old = find_label(v, code);
	if (old) {
		int same = !strcmp(old->label, label);
		if (!same)
			sb_addf(err,
				"'%s':%llu: code '%s' of variable '%s' labelled twice: '%s' (line %llu) and '%s'",
				lc->name, (unsigned long long)rec->line, code, name, old->label,
				(unsigned long long)old->line, label);
		free(code);
		return same ? TILLID_OK : TILLID_EDATA;
	}
	ALLOC_GROW(v->labels, v->n_labels + 1, v->alloc_labels);
	struct sx_label *l = &v->labels[v->n_labels++];
	l->code = code;
	l->label = xstrdup(label);
	l->line = rec->line;
	return TILLID_OK;
}

static const char *column(struct csv_record *rec, int c)
{
	if (c < 0 || (size_t)c >= rec->n)
		return "";
	return str_trim(rec->field[c]);
}

static int on_structure(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct load_ctx *lc = ctx;
	struct surveyxact *sx = lc->sx;

	if (rec->index == 0) {
		static const char *const names[] = { "questionName", "variableName", "questionType",
						     "subType", "questionText", "choiceValue",
						     "choiceText" };
		int *cols[] = { &lc->c_qname, &lc->c_var, &lc->c_type, &lc->c_sub,
				&lc->c_text, &lc->c_cval, &lc->c_ctext };
		for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
			*cols[k] = -1;
			for (size_t i = 0; i < rec->n; i++) {
				if (str_ieq(str_trim(rec->field[i]), names[k])) {
					*cols[k] = (int)i;
					break;
				}
			}
		}
		if (lc->c_var < 0 || lc->c_text < 0) {
			sb_addf(err,
				"'%s':%llu: structure header lacks %s (expected questionName, variableName, questionType, subType, questionText, choiceValue, choiceText)",
				lc->name, (unsigned long long)rec->line,
				lc->c_var < 0 ? "variableName" : "questionText");
			return TILLID_EDATA;
		}
		return TILLID_OK;
	}

	if (rec->n == 1 && is_blank(rec->field[0]))
		return TILLID_OK;
	sx->n_structure_rows++;
	const char *name = column(rec, lc->c_var);
	if (!*name)
		return TILLID_OK; /* an element without a variable (a heading, a text) */
	struct sx_variable *v = get_var(sx, name);
	if (!v->structure_line) {
		v->structure_line = rec->line;
		v->question_name = xstrdup(column(rec, lc->c_qname));
		v->question_type = xstrdup(column(rec, lc->c_type));
		v->subtype = xstrdup(column(rec, lc->c_sub));
		v->question_text = xstrdup(column(rec, lc->c_text));
		v->background = sx_is_background(v->question_type, v->question_text);
	}
	const char *value = column(rec, lc->c_cval);
	const char *text = column(rec, lc->c_ctext);
	if (*value || *text) {
		ALLOC_GROW(v->choices, v->n_choices + 1, v->alloc_choices);
		struct sx_choice *c = &v->choices[v->n_choices++];
		c->value = code_dup(value);
		c->text = xstrdup(text);
	}
	return TILLID_OK;
}

int sx_load(struct surveyxact *sx, const char *labels_path, const char *structure_path,
	    const struct csv_options *opt, struct strbuf *err)
{
	struct csv_options o = CSV_OPTIONS_INIT;
	if (opt)
		o = *opt;
	struct load_ctx lc;
	memset(&lc, 0, sizeof(lc));
	lc.sx = sx;

	if (labels_path) {
		o.no_header = 1;
		lc.name = labels_path;
		int ret = csv_read_file(labels_path, NULL, &o, on_label, &lc, &sx->labels_info, err);
		if (ret)
			return ret;
	}
	if (structure_path) {
		o.no_header = 0;
		lc.name = structure_path;
		int ret = csv_read_file(structure_path, NULL, &o, on_structure, &lc,
					&sx->structure_info, err);
		if (ret)
			return ret;
		if (sx->structure_info.n_records == 0) {
			sb_addf(err, "'%s': empty structure file (expected a header row)",
				structure_path);
			return TILLID_EDATA;
		}
	}
	return TILLID_OK;
}
