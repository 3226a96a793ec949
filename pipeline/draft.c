/* draft.c: writes a first study file from survey exports (tillid init): items, answer scales, groups and the columns to drop. */
#include "draft.h"
#include "core/hashmap.h"
#include "core/csvread.h"
#include "ini_write.h"
#include "pii.h"
#include "surveyxact.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DISTINCT_MAX 15 /* answers remembered per column; more means "many" */
#define UNIQUE_MAX 4096 /* distinct values counted per column, to spot keys */

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* A text for text = ...: white space collapsed, and no ';' that would
 * start a comment. Texts need not read back byte for byte. */
static char *clean_text(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (; *s; s++) {
		if (is_space((unsigned char)*s)) {
			if (sb.len && sb.buf[sb.len - 1] != ' ')
				sb_addc(&sb, ' ');
			continue;
		}
		if (*s == ';') {
			while (sb.len && sb.buf[sb.len - 1] == ' ')
				sb.buf[--sb.len] = '\0';
			if (!sb.len)
				continue;
		}
		sb_addc(&sb, *s);
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	return sb_detach(&sb);
}

/* An id from a text: ASCII letters and digits lower-cased, æ ø å spelt
 * ae oe aa, anything else one '_'; at most max bytes; "" when nothing is left. */
static char *make_id(const char *s, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (const unsigned char *c = (const unsigned char *)s; *c && sb.len < max; c++) {
		const char *put = NULL;
		char one[2] = { 0, 0 };
		if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')) {
			one[0] = (char)*c;
			put = one;
		} else if (*c >= 'A' && *c <= 'Z') {
			one[0] = (char)(*c + 32);
			put = one;
		} else if (c[0] == 0xC3 && (c[1] == 0xA6 || c[1] == 0x86)) {
			put = "ae";
			c++;
		} else if (c[0] == 0xC3 && (c[1] == 0xB8 || c[1] == 0x98)) {
			put = "oe";
			c++;
		} else if (c[0] == 0xC3 && (c[1] == 0xA5 || c[1] == 0x85)) {
			put = "aa";
			c++;
		} else if (sb.len && sb.buf[sb.len - 1] != '_') {
			put = "_";
		}
		if (put)
			sb_adds(&sb, put);
	}
	while (sb.len && sb.buf[sb.len - 1] == '_')
		sb.buf[--sb.len] = '\0';
	return sb_detach(&sb);
}

/* id, or id_2, id_3, ... when taken; the result is added to used. */
static char *unique_id(struct strlist *used, const char *id)
{
	char *r = xstrdup(id);
	for (int n = 2; sl_find(used, r) >= 0; n++) {
		free(r);
		r = xasprintf("%s_%d", id, n);
	}
	sl_push(used, r);
	return r;
}

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Does text hold word as a whole word (ASCII case ignored)? */
static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; *p; p++) {
		if (p > text && is_word_byte((unsigned char)p[-1]))
			continue;
		size_t i;
		for (i = 0; i < n && p[i]; i++) {
			unsigned char a = (unsigned char)p[i];
			if (a >= 'A' && a <= 'Z')
				a += 32;
			if (a != (unsigned char)word[i])
				break;
		}
		if (i == n && !is_word_byte((unsigned char)p[n]))
			return 1;
	}
	return 0;
}

static int starts_with_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		unsigned char a = (unsigned char)*s;
		if (a >= 'A' && a <= 'Z')
			a += 32;
		if (a != (unsigned char)*prefix)
			return 0;
	}
	return 1;
}

/* Answers that are not a position on the scale: they become `missing`. */
static int is_nonsubstantive(const char *label)
{
	static const char *const prefixes[] = {
		"ved ikke", "vet ikke", "ønsker ikke at svare", "Ønsker ikke at svare", "ikke relevant",
		"ikke aktuelt", "kan ikke svare", "vil ikke svare", "don't know", "dont know",
		"do not know", "prefer not to", "not applicable",
	};
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (starts_with_ci(label, prefixes[i]) &&
		    !is_word_byte((unsigned char)label[strlen(prefixes[i])]))
			return 1;
	return 0;
}

static int parse_long(const char *s, long *v)
{
	char *end;
	errno = 0;
	long x = strtol(s, &end, 10);
	if (!*s || *end || errno)
		return 0;
	*v = x;
	return 1;
}

/* ---- known answer scales ---- */

static const struct known_scale {
	const char *id;
	const char *label[5];
	const char *variant[5][3];
} known_scales[] = {
	{ "enig5",
	  { "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig", "Overvejende enig", "Helt enig" },
	  { { "Meget uenig" }, { "Delvis uenig", "Noget uenig" }, { "Hverken enig/uenig" },
	    { "Delvis enig", "Noget enig" }, { "Meget enig" } } },
	{ "tilfreds5",
	  { "Meget utilfreds", "Utilfreds", "Hverken tilfreds eller utilfreds", "Tilfreds", "Meget tilfreds" },
	  { { NULL }, { "Lidt utilfreds" }, { "Hverken tilfreds/utilfreds" }, { "Lidt tilfreds" },
	    { NULL } } },
};

/* The point (1..5) label means on scale ks, 0 if none; *variant says
 * whether it is one of the other spellings. */
static int known_point(const struct known_scale *ks, const char *label, int *variant)
{
	for (int v = 0; v < 5; v++) {
		if (str_ieq(label, ks->label[v])) {
			*variant = 0;
			return v + 1;
		}
		for (int j = 0; j < 3 && ks->variant[v][j]; j++)
			if (str_ieq(label, ks->variant[v][j])) {
				*variant = 1;
				return v + 1;
			}
	}
	return 0;
}

/* ---- what one export holds ---- */

enum role { ROLE_OTHER, ROLE_ITEM, ROLE_GROUP, ROLE_MUNICIPALITY, ROLE_UNIT, ROLE_KEY, ROLE_DROP };
#define N_ROLES 4 /* group, municipality, unit, key: the [columns] keys */
static const char *const role_key[N_ROLES] = { "group", "municipality", "unit", "key" };
static const enum role role_of[N_ROLES] = { ROLE_GROUP, ROLE_MUNICIPALITY, ROLE_UNIT, ROLE_KEY };

struct column {
	char *header; /* trimmed */
	const struct sx_variable *var; /* SurveyXact: its variable, NULL if not in labels/structure */
	uint64_t n_values;   /* non-blank */
	struct strlist distinct; /* the first DISTINCT_MAX distinct values (codes normalised);
				    memory only: written only for columns that are not dropped */
	int many;            /* more than DISTINCT_MAX distinct values */
	int all_numeric;     /* every non-blank value is an integer code */
	long min, max;
	uint64_t n_long;     /* values that read like sentences */
	struct hashmap unique; /* once many: the distinct values, at most UNIQUE_MAX */
	struct pii_sampler pii;
	enum role role;
	char *why;           /* why it has its role, for a comment */
};

struct export {
	const char *arg;
	int sx;
	char *data; /* dataset.csv or the CSV file */
	char *labels, *structure;
	struct surveyxact sxd;
	struct csv_info info;
	struct column *col;
	size_t n_col;
	uint64_t n_rows;
	long role_col[N_ROLES]; /* column index, -1 when none */
	int group_guessed;      /* the group column was chosen by content only */
	char *wave_id;
};

static void column_release(struct column *c)
{
	free(c->header);
	sl_release(&c->distinct);
	hashmap_release(&c->unique);
	pii_sampler_release(&c->pii);
	free(c->why);
}

static void column_sample(struct column *c, char *raw)
{
	char *v = str_trim(raw);
	if (!*v)
		return;
	c->n_values++;
	pii_sample(&c->pii, v);

	size_t words = 1;
	for (const char *p = v; *p; p++)
		words += *p == ' ' && p[1] && p[1] != ' ';
	if (strlen(v) > 60 || words > 6)
		c->n_long++;

	char norm[32];
	long num;
	if (strlen(v) < 24 && sx_code_normalize(v, norm, sizeof(norm)) != (size_t)-1 &&
	    parse_long(norm, &num)) {
		if (c->n_values == 1 || num < c->min)
			c->min = num;
		if (c->n_values == 1 || num > c->max)
			c->max = num;
		v = norm;
	} else {
		c->all_numeric = 0;
	}
	/* The first DISTINCT_MAX distinct values are counted in distinct, the
	 * rest (up to UNIQUE_MAX) in unique, which starts with those. */
	if (c->many) {
		if (c->unique.n < UNIQUE_MAX)
			hashmap_add_str(&c->unique, v, NULL);
	} else if (sl_find(&c->distinct, v) < 0) {
		if (c->distinct.n < DISTINCT_MAX) {
			sl_push(&c->distinct, v);
		} else {
			c->many = 1;
			for (size_t i = 0; i < c->distinct.n; i++)
				hashmap_add_str(&c->unique, c->distinct.v[i], NULL);
			hashmap_add_str(&c->unique, v, NULL);
		}
	}
}

/* How many distinct values c holds, counting up to UNIQUE_MAX. */
static size_t n_unique(const struct column *c)
{
	return c->many ? c->unique.n : c->distinct.n;
}

static int on_record(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct export *x = ctx;
	(void)err;
	if (rec->index == 0) {
		x->n_col = rec->n;
		x->col = xcalloc(rec->n, sizeof(*x->col));
		for (size_t i = 0; i < rec->n; i++) {
			struct column *c = &x->col[i];
			c->header = str_trim(xstrdup(rec->field[i]));
			c->all_numeric = 1;
			pii_sampler_init(&c->pii);
			hashmap_init(&c->unique);
			if (x->sx)
				c->var = sx_variable(&x->sxd, c->header);
		}
		return TILLID_OK;
	}
	x->n_rows++;
	for (size_t i = 0; i < rec->n && i < x->n_col; i++)
		column_sample(&x->col[i], rec->field[i]);
	return TILLID_OK;
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Find out what arg is: a SurveyXact directory, its dataset.csv, or a CSV. */
static int locate(struct export *x, const char *arg, struct strbuf *err)
{
	struct stat st;
	x->arg = arg;
	if (stat(arg, &st) != 0) {
		sb_addf(err, "init: cannot open export '%s': %s\n", arg, strerror(errno));
		return TILLID_ESYS;
	}
	if (S_ISDIR(st.st_mode)) {
		x->data = path_join(arg, "dataset.csv");
		x->labels = path_join(arg, "labels.csv");
		x->structure = path_join(arg, "structure.csv");
		if (!file_exists(x->data) || !file_exists(x->labels) || !file_exists(x->structure)) {
			sb_addf(err, "init: directory '%s' does not hold dataset.csv, labels.csv and "
				     "structure.csv; give a SurveyXact export directory or a CSV file\n", arg);
			return TILLID_ESYS;
		}
		x->sx = 1;
		return TILLID_OK;
	}
	x->data = xstrdup(arg);
	if (str_ieq(path_basename(arg), "dataset.csv")) {
		char *dir = path_dirname(arg);
		x->labels = path_join(dir, "labels.csv");
		x->structure = path_join(dir, "structure.csv");
		free(dir);
		if (file_exists(x->labels) && file_exists(x->structure)) {
			x->sx = 1;
			return TILLID_OK;
		}
		free(x->labels);
		free(x->structure);
		x->labels = x->structure = NULL;
	}
	return TILLID_OK;
}

static int load_export(struct export *x, struct strbuf *err)
{
	struct csv_options opt = CSV_OPTIONS_INIT;
	opt.replace_invalid = 1; /* a draft is still useful when a few bytes are bad */
	if (x->sx) {
		int rc = sx_load(&x->sxd, x->labels, x->structure, &opt, err);
		if (rc != TILLID_OK)
			return rc;
	}
	int rc = csv_read_file(x->data, NULL, &opt, on_record, x, &x->info, err);
	if (rc == TILLID_OK && !x->n_col) {
		sb_addf(err, "init: '%s' is empty\n", x->data);
		return TILLID_EDATA;
	}
	return rc;
}

static void export_release(struct export *x)
{
	for (size_t i = 0; i < x->n_col; i++)
		column_release(&x->col[i]);
	free(x->col);
	free(x->data);
	free(x->labels);
	free(x->structure);
	free(x->wave_id);
	sx_release(&x->sxd);
	csv_info_release(&x->info);
}

/* ---- deciding what each column is ---- */

static int is_closed_single(const struct column *c)
{
	const struct sx_variable *v = c->var;
	return v && v->question_type && str_ieq(v->question_type, "Closed") && v->subtype &&
	       str_ieq(v->subtype, "Single");
}

static int is_open_question(const struct column *c)
{
	return c->var && c->var->question_type && str_ieq(c->var->question_type, "Open");
}

/* The question text, when it is short enough to be a label like "Kommune". */
static const char *short_text(const struct column *c)
{
	const char *t = c->var ? c->var->question_text : NULL;
	return t && strlen(t) <= 60 ? t : NULL;
}

static int names_any(const struct column *c, const char *const *words)
{
	const char *t = short_text(c);
	for (; *words; words++)
		if (has_word(c->header, *words) || (t && has_word(t, *words)))
			return 1;
	return 0;
}

static const char *const group_words[] = { "gruppe", "rolle", "group", "role", "respondentgruppe",
					   "brugergruppe", "målgruppe", "respondenttype", NULL };
static const char *const group_phrases[] = { "er du ", "jeg er ", "hvem besvarer", "hvem udfylder",
					     "are you ", NULL };
static const char *const municipality_words[] = { "kommune", "kommunenavn", "municipality", NULL };
static const char *const unit_words[] = { "enhed", "afdeling", "unit", "skole", "institution",
					  "tilbud", "team", NULL };
/* Names of a pairing key, the surest first: a row counter ("løbenr") or a
 * plain "id" is a key only when nothing better is there. */
static const char *const key_words[] = { "pseudonym", "pseudo", "nøgle", "noegle", "key", "parkode",
					 NULL };
static const char *const weak_key_words[] = { "id", "løbenr", "loebenr", "løbenummer", NULL };

/* The answers of a possible group column that can mean a group. */
static void group_values(const struct column *c, struct strlist *out)
{
	if (c->var && c->var->n_labels) {
		for (size_t i = 0; i < c->var->n_labels; i++)
			if (!is_nonsubstantive(c->var->labels[i].label))
				sl_push(out, c->var->labels[i].label);
	} else if (!c->many) {
		for (size_t i = 0; i < c->distinct.n; i++)
			if (!is_nonsubstantive(c->distinct.v[i]))
				sl_push(out, c->distinct.v[i]);
	}
}

static int looks_like_scale(const struct column *c)
{
	struct strlist v = STRLIST_INIT;
	group_values(c, &v);
	int n_known = 0;
	for (size_t i = 0; i < v.n; i++) {
		int variant;
		for (size_t k = 0; k < ARRAY_SIZE(known_scales); k++)
			if (known_point(&known_scales[k], v.v[i], &variant)) {
				n_known++;
				break;
			}
	}
	int r = v.n && n_known * 2 >= (int)v.n;
	sl_release(&v);
	return r;
}

static int group_candidate(const struct column *c)
{
	if (c->role != ROLE_OTHER)
		return 0;
	if (!(c->var ? is_closed_single(c) || (!c->var->question_type && c->var->n_labels) : !c->many))
		return 0;
	struct strlist v = STRLIST_INIT;
	group_values(c, &v);
	int ok = v.n >= 2;
	sl_release(&v);
	return ok;
}

static void set_role(struct export *x, size_t i, enum role r, char *why)
{
	x->col[i].role = r;
	free(x->col[i].why);
	x->col[i].why = why;
	for (int k = 0; k < N_ROLES; k++)
		if (role_of[k] == r)
			x->role_col[k] = (long)i;
}

static void decide_roles(struct export *x)
{
	for (int k = 0; k < N_ROLES; k++)
		x->role_col[k] = -1;

	/* Personal data and free text first: they are never read. */
	for (size_t i = 0; i < x->n_col; i++) {
		struct column *c = &x->col[i];
		unsigned by_header = pii_header_kinds(c->header);
		unsigned by_content = pii_sampler_kinds(&c->pii) & ~by_header;
		if (by_header || by_content) {
			struct strbuf sb = STRBUF_INIT;
			sb_init(&sb);
			if (by_header) {
				sb_adds(&sb, "its header suggests ");
				pii_describe_kinds(by_header, &sb);
			}
			if (by_content) {
				sb_adds(&sb, by_header ? "; its content looks like " : "its content looks like ");
				pii_describe_kinds(by_content, &sb);
			}
			set_role(x, i, ROLE_DROP, sb_detach(&sb));
		} else if (is_open_question(c)) {
			set_role(x, i, ROLE_DROP, xstrdup("free-text answers (an open question in structure.csv)"));
		}
	}

	/* A pairing key: named like one, with a different value in nearly every row. */
	for (int strength = 0; strength < 2; strength++)
		for (size_t i = 0; i < x->n_col && x->role_col[3] < 0; i++) {
			struct column *c = &x->col[i];
			if (c->role == ROLE_OTHER && !is_closed_single(c) &&
			    names_any(c, strength ? weak_key_words : key_words) && c->n_values >= 2 &&
			    (n_unique(c) >= UNIQUE_MAX || n_unique(c) * 10 >= c->n_values * 9))
				set_role(x, i, ROLE_KEY, xasprintf("'%s' is named like a key and has a different "
								    "value in nearly every row", c->header));
		}

	for (size_t i = 0; i < x->n_col; i++) {
		struct column *c = &x->col[i];
		if (c->role != ROLE_OTHER || (c->var && c->var->n_labels) || c->all_numeric)
			continue;
		if (c->n_long)
			set_role(x, i, ROLE_DROP, xstrdup("its answers read like free text"));
		else if (c->many)
			set_role(x, i, ROLE_DROP, xstrdup("it holds many different texts (free text or "
							  "identifiers)"));
	}

	/* Group, municipality and unit by their header or question text. */
	for (size_t i = 0; i < x->n_col && x->role_col[0] < 0; i++) {
		struct column *c = &x->col[i];
		const char *t = c->var && c->var->question_text ? c->var->question_text : c->header;
		int phrase = 0;
		for (const char *const *p = group_phrases; *p; p++)
			phrase |= starts_with_ci(t, *p);
		if (group_candidate(c) && (names_any(c, group_words) || phrase))
			set_role(x, i, ROLE_GROUP, xasprintf("%s '%s' reads like the respondent group",
							     c->var ? "the question" : "the column",
							     c->var && c->var->question_text ?
							     c->var->question_text : c->header));
	}
	for (size_t i = 0; i < x->n_col && x->role_col[1] < 0; i++)
		if (x->col[i].role == ROLE_OTHER && names_any(&x->col[i], municipality_words))
			set_role(x, i, ROLE_MUNICIPALITY, xasprintf("'%s' is named like the municipality",
								    short_text(&x->col[i]) ?
								    short_text(&x->col[i]) : x->col[i].header));
	for (size_t i = 0; i < x->n_col && x->role_col[2] < 0; i++)
		if (x->col[i].role == ROLE_OTHER && names_any(&x->col[i], unit_words))
			set_role(x, i, ROLE_UNIT, xasprintf("'%s' is named like a unit",
							    short_text(&x->col[i]) ?
							    short_text(&x->col[i]) : x->col[i].header));

	/* Without a name to go by: the closed question with the fewest answers
	 * that is not an answer scale. */
	if (x->role_col[0] < 0) {
		long best = -1;
		size_t best_n = 0;
		for (size_t i = 0; i < x->n_col; i++) {
			struct column *c = &x->col[i];
			if (!group_candidate(c) || looks_like_scale(c))
				continue;
			struct strlist v = STRLIST_INIT;
			group_values(c, &v);
			if (v.n <= 8 && (best < 0 || v.n < best_n) && (c->var || !c->all_numeric)) {
				best = (long)i;
				best_n = v.n;
			}
			sl_release(&v);
		}
		if (best >= 0) {
			set_role(x, (size_t)best, ROLE_GROUP,
				 xasprintf("no column is named like the respondent group; '%s' has few answers",
					   x->col[best].header));
			x->group_guessed = 1;
		}
	}
}

/* ---- answer scales ---- */

struct answer_set {
	char *id;
	int k;
	struct strlist point;  /* [k] labels */
	struct strlist point_code; /* [k] codes (SurveyXact), empty when unknown */
	struct strlist also;   /* other spellings ... */
	int *also_point;       /* ... and their points */
	size_t alloc_also;
	struct strlist missing;
	struct strlist missing_code; /* parallel to missing (SurveyXact) */
	const char *id_base;   /* "enig5", "koder", "svar" */
	const char *check;     /* what the analyst should check, or NULL */
	char *sig;             /* everything above, to find identical sets */
	size_t n_items;
	char *first_item;
};

static void answer_set_release(struct answer_set *a)
{
	free(a->id);
	sl_release(&a->point);
	sl_release(&a->point_code);
	sl_release(&a->also);
	free(a->also_point);
	sl_release(&a->missing);
	sl_release(&a->missing_code);
	free(a->sig);
	free(a->first_item);
}

static void add_also(struct answer_set *a, const char *text, int point)
{
	sl_push(&a->also, text);
	ALLOC_GROW(a->also_point, a->also.n, a->alloc_also);
	a->also_point[a->also.n - 1] = point;
}

/* Check that every label can be written and that no two are the same. */
static const char *answer_set_problem(const struct answer_set *a)
{
	struct strlist all = STRLIST_INIT;
	const char *why = NULL;
	if (a->k < 2)
		why = "fewer than two answers that are scale points";
	else if (a->k > 99)
		why = "more than 99 answers";
	for (int v = 0; !why && v < a->k; v++) {
		struct strbuf probe = STRBUF_INIT;
		if (!ini_value_ok(a->point.v[v], 0) ||
		    ini_add_kv(&probe, "point_en.99", a->point.v[v], INI_WRAPPED) != 0)
			why = "a label that cannot be written in a study file (' ;' or too long a word)";
		sb_release(&probe);
	}
	for (size_t j = 0; !why && j < a->missing.n; j++)
		if (!ini_value_ok(a->missing.v[j], 1) || strlen(a->missing.v[j]) > INI_WRAP)
			why = "a non-substantive label that cannot be written in a list ('|', ' ;' or too long)";
	for (size_t j = 0; !why && j < a->also.n; j++)
		if (!ini_value_ok(a->also.v[j], 1))
			why = "a spelling that cannot be written in a list";
	for (int pass = 0; !why && pass < 3; pass++) {
		const struct strlist *l = pass == 0 ? &a->point : pass == 1 ? &a->also : &a->missing;
		for (size_t j = 0; !why && j < l->n; j++) {
			for (size_t q = 0; q < all.n; q++)
				if (str_ieq(all.v[q], l->v[j]))
					why = "two answers with the same label";
			sl_push(&all, l->v[j]);
		}
	}
	sl_release(&all);
	return why;
}

static void answer_set_sign(struct answer_set *a)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (int v = 0; v < a->k; v++)
		sb_addf(&sb, "p%s\x1f%s\x1e", a->point.v[v], a->point_code.n ? a->point_code.v[v] : "");
	for (size_t j = 0; j < a->also.n; j++)
		sb_addf(&sb, "a%d\x1f%s\x1e", a->also_point[j], a->also.v[j]);
	for (size_t j = 0; j < a->missing.n; j++)
		sb_addf(&sb, "m%s\x1f%s\x1e", a->missing.v[j],
			a->missing_code.n ? a->missing_code.v[j] : "");
	a->sig = sb_detach(&sb);
}

/* Order points by a known scale when their labels are exactly its labels
 * (in any order, other spellings allowed). */
static int order_by_known(struct answer_set *a)
{
	for (size_t s = 0; s < ARRAY_SIZE(known_scales); s++) {
		const struct known_scale *ks = &known_scales[s];
		if (a->k != 5)
			continue;
		int where[5] = { -1, -1, -1, -1, -1 }, ok = 1;
		for (int v = 0; v < 5 && ok; v++) {
			int variant, p = known_point(ks, a->point.v[v], &variant);
			if (!p || where[p - 1] >= 0)
				ok = 0;
			else
				where[p - 1] = v;
		}
		if (!ok)
			continue;
		struct strlist point = STRLIST_INIT, code = STRLIST_INIT;
		for (int p = 0; p < 5; p++) {
			sl_push(&point, a->point.v[where[p]]);
			if (a->point_code.n)
				sl_push(&code, a->point_code.v[where[p]]);
		}
		sl_release(&a->point);
		sl_release(&a->point_code);
		a->point = point;
		a->point_code = code;
		a->id_base = ks->id;
		return 1;
	}
	return 0;
}

struct coded_label {
	const struct sx_label *l;
	long code;
};

static int coded_cmp(const void *a, const void *b)
{
	const struct coded_label *x = a, *y = b;
	return (x->code > y->code) - (x->code < y->code);
}

/* The answer scale of a SurveyXact question, from its labels. */
static const char *sx_answers(const struct sx_variable *var, struct answer_set *a)
{
	size_t n = var->n_labels;
	struct coded_label *cl = xcalloc(n, sizeof(*cl));
	int all_int = 1;
	for (size_t i = 0; i < n; i++) {
		cl[i].l = &var->labels[i];
		all_int &= parse_long(var->labels[i].code, &cl[i].code);
	}
	if (all_int)
		qsort(cl, n, sizeof(*cl), coded_cmp);
	for (size_t i = 0; i < n; i++) {
		if (is_nonsubstantive(cl[i].l->label)) {
			sl_push(&a->missing, cl[i].l->label);
			sl_push(&a->missing_code, cl[i].l->code);
		} else {
			sl_push(&a->point, cl[i].l->label);
			sl_push(&a->point_code, cl[i].l->code);
		}
	}
	free(cl);
	a->k = (int)a->point.n;
	a->id_base = "svar";
	if (!all_int) {
		sl_release(&a->point_code);
		sl_release(&a->missing_code);
	}
	if (!order_by_known(a))
		a->check = all_int ? "the points are in the order of their codes: point.1 must be the most "
				     "negative answer and point.K the most positive"
				   : "the points are in the order of labels.csv: point.1 must be the most "
				     "negative answer and point.K the most positive";
	return answer_set_problem(a);
}

/* The answer scale of a plain CSV column, from the answers found in it. */
static const char *csv_answers(const struct column *c, struct answer_set *a)
{
	struct strlist rest = STRLIST_INIT;
	int numeric = 1;
	long lo = 0, hi = 0;
	for (size_t i = 0; i < c->distinct.n; i++) {
		const char *v = c->distinct.v[i];
		long x;
		if (is_nonsubstantive(v)) {
			sl_push(&a->missing, v);
			continue;
		}
		sl_push(&rest, v);
		if (!parse_long(v, &x)) {
			numeric = 0;
		} else {
			if (rest.n == 1 || x < lo)
				lo = x;
			if (rest.n == 1 || x > hi)
				hi = x;
		}
	}

	const char *why = NULL;
	if (numeric && rest.n) {
		if (lo < 0 || hi > 10) {
			why = "numeric answers outside 0 to 10";
		} else {
			long first = lo == 0 ? 0 : 1;
			a->k = (int)(hi - first + 1);
			for (long v = first; v <= hi; v++) {
				sl_push_owned(&a->point, xasprintf("%ld", v));
				sl_push_owned(&a->point_code, xasprintf("%ld", v));
			}
			a->id_base = "koder";
			a->check = first == 0 ? "the answers are codes 0 to the largest found: label each point "
						"with the answer the respondents saw"
					      : "the answers are codes 1 to the largest found: label each point "
						"with the answer the respondents saw, and raise points if the "
						"scale is longer";
		}
	} else if (rest.n) {
		for (size_t s = 0; s < ARRAY_SIZE(known_scales) && !a->k; s++) {
			const struct known_scale *ks = &known_scales[s];
			int seen[5] = { 0, 0, 0, 0, 0 }, ok = 1, variant;
			for (size_t i = 0; i < rest.n && ok; i++) {
				int p = known_point(ks, rest.v[i], &variant);
				ok = p && (!seen[p - 1] || variant);
				if (ok && !variant)
					seen[p - 1] = 1;
			}
			if (!ok)
				continue;
			a->k = 5;
			a->id_base = ks->id;
			for (int p = 0; p < 5; p++) {
				/* the spelling found in the data, else the usual one */
				const char *label = ks->label[p];
				for (size_t i = 0; i < rest.n; i++)
					if (known_point(ks, rest.v[i], &variant) == p + 1 && !variant)
						label = rest.v[i];
				sl_push(&a->point, label);
			}
			for (size_t i = 0; i < rest.n; i++) {
				int p = known_point(ks, rest.v[i], &variant);
				if (variant)
					add_also(a, rest.v[i], p);
			}
		}
		if (!a->k) {
			for (size_t i = 0; i < rest.n; i++)
				sl_push(&a->point, rest.v[i]);
			a->k = (int)rest.n;
			a->id_base = "svar";
			a->check = "the points are in the order the answers were found: order them from the most "
				   "negative (point.1) to the most positive";
		}
	}
	sl_release(&rest);
	if (!why && !a->k)
		why = "no answers that are scale points";
	if (!why)
		why = answer_set_problem(a);
	/* codes matter only for numeric answers */
	if (!numeric)
		sl_release(&a->point_code);
	return why;
}

/* ---- the draft ---- */

struct ditem {
	char *id;
	char *header;
	char *text;      /* NULL: the header says it */
	size_t answers;
	unsigned char *in_wave;
	char *differs;   /* a later wave whose labels differ, NULL */
	const struct column *col; /* where it was first found */
	int sx;
};

struct draft {
	struct export *x;
	size_t n_x;
	const char *draft_dir;
	struct answer_set *sets;
	size_t n_sets, alloc_sets;
	struct ditem *items;
	size_t n_items, alloc_items;
	struct strlist used_item_ids, used_answer_ids, used_group_ids;
	struct strlist skipped; /* "header: why", for a comment */
};

static long find_set(const struct draft *d, const char *sig)
{
	for (size_t i = 0; i < d->n_sets; i++)
		if (strcmp(d->sets[i].sig, sig) == 0)
			return (long)i;
	return -1;
}

static char *item_id_for(struct draft *d, const char *header)
{
	char *base = make_id(header, 32);
	if (strlen(base) == 32 && strrchr(base, '_') && strrchr(base, '_') - base >= 12)
		*strrchr(base, '_') = '\0'; /* end at a whole word */
	if (!*base) {
		free(base);
		base = xasprintf("q%zu", d->n_items + 1);
	} else if ((base[0] >= '0' && base[0] <= '9') || !strcmp(base, "group") ||
		   !strcmp(base, "municipality") || !strcmp(base, "unit") || !strcmp(base, "key")) {
		char *b = xasprintf("q_%s", base);
		free(base);
		base = b;
	}
	/* a header that is already a valid id keeps its spelling */
	int valid = *header && strlen(header) <= 32;
	for (const char *c = header; *c && valid; c++)
		valid = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
			*c == '_' || *c == '-';
	if (valid && strcmp(header, "group") && strcmp(header, "municipality") && strcmp(header, "unit") &&
	    strcmp(header, "key")) {
		free(base);
		base = xstrdup(header);
	}
	char *id = unique_id(&d->used_item_ids, base);
	free(base);
	return id;
}

static void add_items(struct draft *d, size_t w)
{
	struct export *x = &d->x[w];
	for (size_t i = 0; i < x->n_col; i++) {
		struct column *c = &x->col[i];
		if (c->role != ROLE_OTHER)
			continue;
		if (x->sx ? !is_closed_single(c) || !c->var->n_labels : c->many || !c->n_values)
			continue;

		struct answer_set a;
		memset(&a, 0, sizeof(a));
		const char *why = x->sx ? sx_answers(c->var, &a) : csv_answers(c, &a);
		struct strbuf probe = STRBUF_INIT;
		if (!why && (!ini_value_ok(c->header, 0) ||
			     ini_add_kv(&probe, "column.x", c->header, INI_WRAPPED) != 0))
			why = "its header cannot be written in a study file";
		sb_release(&probe);
		if (why) {
			sl_push_owned(&d->skipped, xasprintf("%s: %s", c->header, why));
			answer_set_release(&a);
			continue;
		}
		answer_set_sign(&a);
		c->role = ROLE_ITEM;

		size_t it;
		for (it = 0; it < d->n_items; it++)
			if (strcmp(d->items[it].header, c->header) == 0)
				break;
		long s = find_set(d, a.sig);
		if (it < d->n_items) {
			/* the same question in a later wave */
			struct ditem *di = &d->items[it];
			di->in_wave[w] = 1;
			if (s != (long)di->answers && !di->differs)
				di->differs = xstrdup(x->wave_id);
			answer_set_release(&a);
			continue;
		}
		if (s < 0) {
			ALLOC_GROW(d->sets, d->n_sets + 1, d->alloc_sets);
			d->sets[d->n_sets] = a;
			s = (long)d->n_sets++;
		} else {
			answer_set_release(&a);
		}
		ALLOC_GROW(d->items, d->n_items + 1, d->alloc_items);
		struct ditem *di = &d->items[d->n_items];
		memset(di, 0, sizeof(*di));
		di->header = xstrdup(c->header);
		di->id = item_id_for(d, c->header);
		const char *t = c->var && c->var->question_text && *c->var->question_text ?
				c->var->question_text : c->header;
		di->text = clean_text(t);
		di->answers = (size_t)s;
		di->in_wave = xcalloc(d->n_x, 1);
		di->in_wave[w] = 1;
		di->col = c;
		di->sx = x->sx;
		d->n_items++;
		struct answer_set *as = &d->sets[s];
		if (!as->n_items++)
			as->first_item = xstrdup(di->id);
	}
}

static void name_answer_sets(struct draft *d)
{
	for (size_t i = 0; i < d->n_sets; i++) {
		struct answer_set *a = &d->sets[i];
		char *base;
		if (!strcmp(a->id_base, "svar"))
			base = xasprintf("svar_%s", a->first_item);
		else if (!strcmp(a->id_base, "koder"))
			base = xasprintf("koder%d", a->k);
		else
			base = xstrdup(a->id_base);
		a->id = unique_id(&d->used_answer_ids, base);
		free(base);
	}
}

/* path made absolute against the current directory, with "." and ".."
 * components resolved by their names (symbolic links are not followed). */
static char *abs_path(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	if (path[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		if (!cwd) {
			sb_release(&sb);
			return NULL;
		}
		sb_adds(&sb, cwd);
		free(cwd);
	}
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t n = (size_t)(e - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (sb.len && sb.buf[sb.len - 1] != '/')
				sb.len--;
			if (sb.len)
				sb.len--;
			sb.buf[sb.len] = '\0';
		} else if (n && !(n == 1 && p[0] == '.')) {
			sb_addc(&sb, '/');
			sb_add(&sb, p, n);
		}
		p = e;
	}
	if (!sb.len)
		sb_addc(&sb, '/');
	return sb_detach(&sb);
}

/* path as the draft names it: relative to the draft's directory, or
 * absolute when no relative name reaches it. */
static char *draft_path(const struct draft *d, const char *path)
{
	char *from = abs_path(d->draft_dir), *to = abs_path(path);
	char *r;
	if (!from || !to) {
		r = xstrdup(path); /* only when getcwd fails */
	} else {
		/* the longest common prefix of whole components */
		size_t common = 0, i = 0;
		while (from[i] && from[i] == to[i])
			i++;
		if ((!from[i] && (to[i] == '/' || !to[i])) || (from[i] == '/' && !to[i]))
			common = i;
		else
			for (common = i; common > 0 && from[common] != '/'; common--)
				;
		if (!strcmp(from, "/"))
			common = 0;
		struct strbuf sb = STRBUF_INIT;
		sb_init(&sb);
		const char *rest = from + common;
		if (*rest)
			sb_adds(&sb, "../");
		for (const char *q = rest + 1; *rest && *q; q++)
			if (*q == '/')
				sb_adds(&sb, "../");
		sb_adds(&sb, to + common + (to[common] == '/'));
		r = sb_detach(&sb);
		/* ".." follows symbolic links where the names do not: keep the
		 * relative path only when it reaches the same file. */
		char *check = path_join(d->draft_dir, r);
		struct stat a, b;
		if (stat(check, &a) != 0 || stat(path, &b) != 0 || a.st_dev != b.st_dev ||
		    a.st_ino != b.st_ino) {
			free(r);
			r = xstrdup(to);
		}
		free(check);
	}
	free(from);
	free(to);
	return r;
}

static void emit_path(struct strbuf *out, const struct draft *d, const char *key, const char *path)
{
	char *p = draft_path(d, path);
	if (!ini_value_ok(p, 0) || ini_add_kv(out, key, p, INI_WRAPPED) != 0) {
		ini_add_commentf(out, "CHECK: the path of %s cannot be written as it is; rename the file "
				   "(no ' ;' in its name)", key);
		ini_add_kv(out, key, "RENAME-ME", INI_WRAPPED);
	}
	free(p);
}

static void emit_values_comment(struct strbuf *out, const char *lead, const struct column *c)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	sb_adds(&sb, lead);
	for (size_t i = 0; i < c->distinct.n; i++)
		sb_addf(&sb, "%s%s", i ? " | " : "", c->distinct.v[i]);
	ini_add_comment(out, sb.buf);
	sb_release(&sb);
}

static void emit_header(struct draft *d, struct strbuf *out)
{
	ini_add_comment(out, "Draft study file written by 'tillid init'. Edit it before 'tillid ingest': "
			  "docs/study-file.md describes every key. Comments starting with CHECK mark "
			  "what needs a decision. Values of columns that look like personal data or "
			  "free text, and of the pairing key, are never shown here.");
	for (size_t w = 0; w < d->n_x; w++) {
		struct export *x = &d->x[w];
		struct strbuf desc = STRBUF_INIT;
		sb_init(&desc);
		csv_info_describe(&x->info, &desc);
		ini_add_commentf(out, "wave %s: %s (%s; %s)", x->wave_id, x->arg,
			      x->sx ? "SurveyXact export" : "CSV file", desc.buf);
		sb_release(&desc);
	}
	sb_adds(out, "\n[study]\n");
	ini_add_comment(out, "CHECK: the study's name, as the report's title page shows it");
	ini_add_kv(out, "name", "Undersøgelse (udkast)", INI_WRAPPED);
	ini_add_comment(out, "no figure for a group with fewer answers than this (anonymitetsgrænse)");
	ini_add_kv(out, "min_group_size", "5", INI_WRAPPED);
}

/* Has header a role other than `except` or ROLE_DROP/ROLE_OTHER in any wave? */
static int declared_anywhere(const struct draft *d, const char *header)
{
	for (size_t w = 0; w < d->n_x; w++)
		for (size_t i = 0; i < d->x[w].n_col; i++) {
			const struct column *c = &d->x[w].col[i];
			if (c->role != ROLE_OTHER && c->role != ROLE_DROP && !strcmp(c->header, header))
				return 1;
		}
	return 0;
}

static void emit_columns(struct draft *d, struct strbuf *out)
{
	sb_adds(out, "\n[columns]\n");
	for (int k = 0; k < N_ROLES; k++) {
		long w0 = -1;
		for (size_t w = 0; w < d->n_x && w0 < 0; w++)
			if (d->x[w].role_col[k] >= 0)
				w0 = (long)w;
		if (w0 < 0) {
			if (k == 0) {
				ini_add_comment(out, "CHECK: no column looked like the respondent group (borger, "
						  "pårørende, medarbejder): write its header here and one [group] "
						  "per answer below");
				sb_adds(out, "group = \n");
			} else if (k == 3) {
				ini_add_comment(out, "key: no column looked like a pairing key (a pseudonym present in "
						  "every wave); without one, waves are compared as whole samples only");
			} else {
				ini_add_commentf(out, "%s: no column looked like the %s", role_key[k],
					      role_key[k]);
			}
			continue;
		}
		const struct export *x = &d->x[w0];
		const struct column *c = &x->col[x->role_col[k]];
		ini_add_commentf(out, "%s: %s", role_key[k], c->why);
		if (k == 0)
			ini_add_comment(out, x->group_guessed ?
				     "CHECK: chosen only so that this draft loads; write the header of the column "
				     "that tells the respondent groups apart" :
				     "CHECK: is this the column that tells the respondent groups apart?");
		if (k == 3)
			ini_add_comment(out, "CHECK: it must identify the same person in every wave");
		for (size_t w = 0; k == 0 && w < d->n_x; w++) {
			const struct export *xw = &d->x[w];
			if (xw->role_col[0] < 0)
				continue;
			uint64_t blank = xw->n_rows - xw->col[xw->role_col[0]].n_values;
			if (blank)
				ini_add_commentf(out, "CHECK: %llu of %llu rows of wave %s leave the group column blank; "
						   "ingest stops on them unless [checks] has skip = unknown_group, "
						   "which drops them", (unsigned long long)blank,
					      (unsigned long long)xw->n_rows, xw->wave_id);
		}
		if (k == 1 && !c->many && c->distinct.n && !(c->var && c->var->n_labels))
			emit_values_comment(out, "answers found: ", c);
		if (ini_add_kv(out, role_key[k], c->header, INI_WRAPPED) != 0)
			ini_add_commentf(out, "CHECK: its header cannot be written here");
	}

	/* Dropped columns with the reason, never their values. */
	struct strlist done = STRLIST_INIT;
	int first = 1;
	for (size_t w = 0; w < d->n_x; w++)
		for (size_t i = 0; i < d->x[w].n_col; i++) {
			const struct column *c = &d->x[w].col[i];
			if (c->role != ROLE_DROP || sl_find(&done, c->header) >= 0 ||
			    declared_anywhere(d, c->header))
				continue;
			sl_push(&done, c->header);
			if (first)
				ini_add_comment(out, "Columns never read (tillid drops every undeclared column too; "
						  "these are named so nobody declares them by mistake):");
			first = 0;
			ini_add_commentf(out, "%s: %s", c->header, c->why);
			if (!ini_value_ok(c->header, 1) || ini_add_kv(out, "drop", c->header, INI_WRAPPED) != 0)
				ini_add_comment(out, "(its header cannot be written in a list; it is not read anyway)");
		}
	sl_release(&done);

	for (size_t w = 0; w < d->n_x; w++) {
		struct strbuf sb = STRBUF_INIT;
		sb_init(&sb);
		size_t n = 0;
		for (size_t i = 0; i < d->x[w].n_col; i++)
			if (d->x[w].col[i].role == ROLE_OTHER) {
				sb_addf(&sb, "%s%s", n ? ", " : "", d->x[w].col[i].header);
				n++;
			}
		if (n)
			ini_add_commentf(out, "Not declared, so not read, in wave %s (%zu): %s", d->x[w].wave_id, n,
				      sb.buf);
		sb_release(&sb);
	}
}

static void emit_waves(struct draft *d, struct strbuf *out)
{
	for (size_t w = 0; w < d->n_x; w++) {
		struct export *x = &d->x[w];
		sb_addf(out, "\n[wave %s]\n", x->wave_id);
		if (d->n_x <= 2) {
			ini_add_kv(out, "label", w == 0 ? "Førmåling" : "Eftermåling", INI_WRAPPED);
			ini_add_kv(out, "label_en", w == 0 ? "Baseline" : "Follow-up", INI_WRAPPED);
		} else {
			char *l = xasprintf("Måling %zu", w + 1);
			ini_add_kv(out, "label", l, INI_WRAPPED);
			free(l);
		}
		if (w == 0 && d->n_x > 1)
			ini_add_comment(out, "CHECK: waves are in time order, the baseline first");
		ini_add_comment(out, "CHECK: the field period, as start = YYYY-MM-DD and end = YYYY-MM-DD");
		if (x->sx) {
			ini_add_kv(out, "format", "surveyxact", INI_WRAPPED);
			emit_path(out, d, "dataset", x->data);
			emit_path(out, d, "labels", x->labels);
			emit_path(out, d, "structure", x->structure);
		} else {
			ini_add_kv(out, "format", "csv", INI_WRAPPED);
			emit_path(out, d, "file", x->data);
		}
		ini_add_commentf(out, "read as %s, %s; tillid detects both again on every run (encoding = and "
				   "delimiter = force them)", text_encoding_name(x->info.encoding),
			      text_delimiter_name(x->info.delimiter));
		/* Per-wave names of the [columns] columns, where they differ. */
		for (int k = 0; k < N_ROLES; k++) {
			long w0 = -1;
			for (size_t v = 0; v < d->n_x && w0 < 0; v++)
				if (d->x[v].role_col[k] >= 0)
					w0 = (long)v;
			if (w0 < 0 || (size_t)w0 == w)
				continue;
			const char *def = d->x[w0].col[d->x[w0].role_col[k]].header;
			if (x->role_col[k] < 0) {
				ini_add_commentf(out, "CHECK: no %s column found in this wave; name it with column.%s "
						   "if it has another header than '%s'", role_key[k], role_key[k], def);
				continue;
			}
			const char *mine = x->col[x->role_col[k]].header;
			if (strcmp(mine, def) != 0) {
				char *key = xasprintf("column.%s", role_key[k]);
				ini_add_kv(out, key, mine, INI_WRAPPED);
				free(key);
			}
		}
	}
}

static void emit_groups(struct draft *d, struct strbuf *out)
{
	/* One group per answer; spellings that differ only in case (across
	 * waves) are values of one group. */
	struct strlist *groups = NULL;
	size_t n_groups = 0, alloc = 0;
	for (size_t w = 0; w < d->n_x; w++) {
		if (d->x[w].role_col[0] < 0)
			continue;
		struct strlist v = STRLIST_INIT;
		group_values(&d->x[w].col[d->x[w].role_col[0]], &v);
		for (size_t i = 0; i < v.n; i++) {
			size_t g;
			for (g = 0; g < n_groups && !str_ieq(groups[g].v[0], v.v[i]); g++)
				;
			if (g == n_groups) {
				ALLOC_GROW(groups, n_groups + 1, alloc);
				memset(&groups[n_groups++], 0, sizeof(*groups));
			}
			if (sl_find(&groups[g], v.v[i]) < 0)
				sl_push(&groups[g], v.v[i]);
		}
		sl_release(&v);
	}
	int first = 1;
	size_t unwritable = 0;
	for (size_t g = 0; g < n_groups; g++) {
		const struct strlist *vals = &groups[g];
		int ok = 1;
		for (size_t j = 0; j < vals->n; j++)
			ok &= ini_value_ok(vals->v[j], 1);
		struct strbuf sect = STRBUF_INIT, list = STRBUF_INIT;
		sb_init(&sect);
		sb_init(&list);
		for (size_t j = 0; j < vals->n; j++)
			sb_addf(&list, "%s%s", j ? " | " : "", vals->v[j]);
		char *base = make_id(vals->v[0], 24);
		if (!*base || (base[0] >= '0' && base[0] <= '9')) {
			char *b = xasprintf("g%s%s", *base ? "_" : "", base);
			free(base);
			base = b;
		}
		char *id = unique_id(&d->used_group_ids, base);
		sb_addf(&sect, "\n[group %s]\n", id);
		if (first)
			ini_add_comment(&sect, "CHECK: one [group] per answer in the group column: merge answers "
					    "that mean one group (value = A | B), remove the others, and give "
					    "each a label_en");
		if (ok && ini_add_kv(&sect, "label", vals->v[0], INI_WRAPPED) == 0 &&
		    ini_add_kv(&sect, "value", list.buf, INI_WRAPPED) == 0) {
			sb_add(out, sect.buf, sect.len);
			first = 0;
		} else {
			unwritable++;
		}
		sb_release(&sect);
		sb_release(&list);
		free(base);
		free(id);
	}
	if (unwritable)
		ini_add_commentf(out, "CHECK: %zu answers of the group column cannot be written in a list "
				   "('|' or ' ;'); declare their groups by hand", unwritable);
	for (size_t g = 0; g < n_groups; g++)
		sl_release(&groups[g]);
	free(groups);
}

static void emit_answers(struct draft *d, struct strbuf *out)
{
	for (size_t i = 0; i < d->n_sets; i++) {
		struct answer_set *a = &d->sets[i];
		sb_addf(out, "\n[answers %s]\n", a->id);
		ini_add_commentf(out, "used by %zu item%s, the first %s", a->n_items, a->n_items == 1 ? "" : "s",
			      a->first_item);
		if (a->check)
			ini_add_commentf(out, "CHECK: %s", a->check);
		char n[32];
		snprintf(n, sizeof(n), "%d", a->k);
		ini_add_kv(out, "points", n, INI_WRAPPED);
		for (int v = 0; v < a->k; v++) {
			char key[32];
			snprintf(key, sizeof(key), "point.%d", v + 1);
			ini_add_kv(out, key, a->point.v[v], INI_WRAPPED);
		}
		for (size_t j = 0; j < a->also.n; j++) {
			char key[32];
			snprintf(key, sizeof(key), "also.%d", a->also_point[j]);
			ini_add_kv(out, key, a->also.v[j], INI_WRAPPED);
		}
		for (size_t j = 0; j < a->missing.n; j++)
			ini_add_kv(out, "missing", a->missing.v[j], INI_WRAPPED);
		/* Codes: the points' own only when they are not 1..k in order. */
		int plain = 1;
		for (int v = 0; v < a->k && a->point_code.n; v++) {
			char want[32];
			snprintf(want, sizeof(want), "%d", v + 1);
			plain &= strcmp(a->point_code.v[v], want) == 0;
		}
		for (int v = 0; v < a->k && a->point_code.n && !plain; v++) {
			char key[48], val[32];
			snprintf(key, sizeof(key), "code.%s", a->point_code.v[v]);
			snprintf(val, sizeof(val), "%d", v + 1);
			ini_add_kv(out, key, val, INI_WRAPPED);
		}
		for (size_t j = 0; j < a->missing_code.n; j++) {
			char key[48], val[48];
			snprintf(key, sizeof(key), "code.%s", a->missing_code.v[j]);
			snprintf(val, sizeof(val), "missing:%zu", j + 1);
			ini_add_kv(out, key, val, INI_WRAPPED);
		}
	}
}

static void emit_items(struct draft *d, struct strbuf *out)
{
	sb_adds(out, "\n");
	ini_add_comment(out, "A scale score (a construct measured by several items) needs a [scale ID] "
			  "section with label = and label_en =, and scale = ID in each of its items; "
			  "write reverse = yes in negatively worded items.");
	for (size_t i = 0; i < d->n_items; i++) {
		struct ditem *it = &d->items[i];
		sb_addf(out, "\n[item %s]\n", it->id);
		if (strcmp(it->id, it->header) != 0)
			ini_add_kv(out, "column", it->header, INI_WRAPPED);
		if (*it->text && strcmp(it->text, it->header) != 0 && ini_add_kv(out, "text", it->text, INI_WRAPPED) != 0)
			ini_add_comment(out, "CHECK: its question text is too long to write; add text = by hand");
		ini_add_kv(out, "answers", d->sets[it->answers].id, INI_WRAPPED);
		if (!it->sx && it->col->distinct.n)
			emit_values_comment(out, "answers found: ", it->col);
		for (size_t w = 0; w < d->n_x && d->n_x > 1; w++)
			if (!it->in_wave[w])
				ini_add_commentf(out, "not in wave %s: tillid reports it as a missing column there "
						   "(skip = missing_column, or column.%s = its header in that wave)",
					      d->x[w].wave_id, it->id);
		if (it->differs)
			ini_add_commentf(out, "CHECK: wave %s has other answer labels for this question; the "
					   "answers above are from the first wave", it->differs);
	}
}

static void emit_footer(struct draft *d, struct strbuf *out)
{
	if (d->skipped.n) {
		sb_adds(out, "\n");
		ini_add_comment(out, "Questions with answers that could not be made into an answer scale:");
		for (size_t i = 0; i < d->skipped.n; i++)
			ini_add_comment(out, d->skipped.v[i]);
	}
	sb_adds(out, "\n");
	ini_add_comment(out, "[invited] gives the numbers invited, for response rates: WAVE = N, "
			  "WAVE.GROUP = N or WAVE.GROUP.MUNICIPALITY = N.");
	ini_add_comment(out, "[checks] skip = ... lists the kinds of data problem to drop and count instead "
			  "of stopping (see docs/study-file.md).");
}

static void draft_release(struct draft *d)
{
	for (size_t i = 0; i < d->n_sets; i++)
		answer_set_release(&d->sets[i]);
	free(d->sets);
	for (size_t i = 0; i < d->n_items; i++) {
		free(d->items[i].id);
		free(d->items[i].header);
		free(d->items[i].text);
		free(d->items[i].in_wave);
		free(d->items[i].differs);
	}
	free(d->items);
	sl_release(&d->used_item_ids);
	sl_release(&d->used_answer_ids);
	sl_release(&d->used_group_ids);
	sl_release(&d->skipped);
}

int draft_build(struct strbuf *out, const char *draft_dir, char *const *exports, size_t n,
		struct strbuf *err)
{
	struct draft d;
	memset(&d, 0, sizeof(d));
	d.draft_dir = draft_dir;
	d.x = xcalloc(n ? n : 1, sizeof(*d.x));
	d.n_x = n;
	int rc = TILLID_OK;
	for (size_t w = 0; w < n && rc == TILLID_OK; w++) {
		struct export *x = &d.x[w];
		sx_init(&x->sxd);
		csv_info_init(&x->info);
		x->wave_id = n == 2 ? xstrdup(w == 0 ? "foer" : "efter")
			   : n == 1 ? xstrdup("foer") : xasprintf("w%zu", w + 1);
		rc = locate(x, exports[w], err);
		if (rc == TILLID_OK)
			rc = load_export(x, err);
		if (rc == TILLID_OK)
			decide_roles(x);
	}
	if (rc == TILLID_OK) {
		for (size_t w = 0; w < n; w++)
			add_items(&d, w);
		name_answer_sets(&d);
		emit_header(&d, out);
		emit_columns(&d, out);
		emit_waves(&d, out);
		emit_groups(&d, out);
		emit_answers(&d, out);
		emit_items(&d, out);
		emit_footer(&d, out);
	}
	for (size_t w = 0; w < n; w++) {
		if (!d.x[w].wave_id)
			break; /* not started */
		export_release(&d.x[w]);
	}
	free(d.x);
	draft_release(&d);
	return rc;
}
