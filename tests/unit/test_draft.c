/* test_draft.c: unit tests for tillid init's draft study file: text helpers, answer scales, whole drafts that load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/cmds.h"
#include "pipeline/draft.h"
#include "pipeline/draft_internal.h"
#include "pipeline/ini_write.h"
#include "pipeline/study.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READSX "tests/fixtures/readsx/"
#define INIT "tests/fixtures/study/init/"

/* ---- the pieces ---- */

static void test_text(void **state)
{
	(void)state;
	assert_text(draft_make_id("Pårørende til borger", 24), "paaroerende_til_borger");
	assert_text(draft_make_id("ÆBLE  Øst-Å", 24), "aeble_oest_aa");
	assert_text(draft_make_id("Hvor enig er du i følgende?", 12), "hvor_enig_er");
	assert_text(draft_make_id("?!", 24), "");
	assert_text(draft_clean_text("  Hvor  enig ;\ter du?\n"), "Hvor enig; er du?");
	assert_text(draft_clean_text("; først"), "først");

	struct strlist used = STRLIST_INIT;
	assert_text(draft_unique_id(&used, "borger"), "borger");
	assert_text(draft_unique_id(&used, "borger"), "borger_2");
	assert_text(draft_unique_id(&used, "borger"), "borger_3");
	sl_release(&used);

	assert_true(draft_has_word("Hvilken Kommune bor du i?", "kommune"));
	assert_false(draft_has_word("Kommunenavn", "kommune"));
	assert_false(draft_has_word("Bopælskommune", "kommune")); /* æ is a letter */
	assert_true(draft_starts_with_ci("Er du borger?", "er du "));
	assert_true(draft_is_nonsubstantive("Ved ikke"));
	assert_true(draft_is_nonsubstantive("ved ikke/ønsker ikke at svare"));
	assert_true(draft_is_nonsubstantive("Don't know"));
	assert_false(draft_is_nonsubstantive("Ved ikkeX"));
	assert_false(draft_is_nonsubstantive("Helt enig"));
	long v;
	assert_true(draft_parse_long("-12", &v) && v == -12);
	assert_false(draft_parse_long("12a", &v));
	assert_false(draft_parse_long("", &v));
}

/* A CSV column's answers: a known scale in any order and spelling, codes, text. */
static const char *csv_scale(const char *const *answers, struct answer_set *a)
{
	struct column c;
	memset(&c, 0, sizeof(c));
	for (; *answers; answers++)
		sl_push(&c.distinct, *answers);
	memset(a, 0, sizeof(*a));
	const char *why = draft_csv_answers(&c, a);
	sl_release(&c.distinct);
	return why;
}

static void test_csv_scales(void **state)
{
	(void)state;
	struct answer_set a;
	const char *enig[] = { "Helt enig", "Delvis enig", "Helt uenig", "Ved ikke", "Overvejende uenig",
			       NULL };
	assert_null(csv_scale(enig, &a));
	assert_string_equal(a.id_base, "enig5");
	assert_int_equal(a.k, 5);
	assert_string_equal(a.point.v[0], "Helt uenig");
	assert_string_equal(a.point.v[2], "Hverken enig eller uenig"); /* not found: the usual spelling */
	assert_string_equal(a.also.v[0], "Delvis enig");
	assert_int_equal(a.also_point[0], 4);
	assert_string_equal(a.missing.v[0], "Ved ikke");
	assert_int_equal(a.point_code.n, 0);
	draft_answer_set_release(&a);

	const char *codes[] = { "3", "1", "4", NULL };
	assert_null(csv_scale(codes, &a));
	assert_string_equal(a.id_base, "koder");
	assert_int_equal(a.k, 4);
	assert_string_equal(a.point_code.v[3], "4");
	draft_answer_set_release(&a);

	/* numbers from 0: the answers are the values (values = 0-10), no codes */
	const char *zero[] = { "0", "10", "7", "Ved ikke", NULL };
	assert_null(csv_scale(zero, &a));
	assert_int_equal(a.k, 11);
	assert_true(a.from_zero);
	assert_string_equal(a.missing.v[0], "Ved ikke");
	draft_answer_set_release(&a);
	assert_null(csv_scale(codes, &a));
	assert_false(a.from_zero);
	draft_answer_set_release(&a);

	const char *wide[] = { "1", "12", NULL };
	assert_string_equal(csv_scale(wide, &a), "numeric answers outside 0 to 10");
	draft_answer_set_release(&a);

	const char *text[] = { "Ja", "Nej", "ja", NULL };
	assert_string_equal(csv_scale(text, &a), "two answers with the same label");
	draft_answer_set_release(&a);

	const char *only_missing[] = { "Ved ikke", NULL };
	assert_string_equal(csv_scale(only_missing, &a), "no answers that are scale points");
	draft_answer_set_release(&a);

	struct strlist labels = STRLIST_INIT;
	sl_push(&labels, "Meget tilfreds");
	sl_push(&labels, "Borger");
	assert_true(draft_labels_look_like_scale(&labels));
	sl_push(&labels, "Pårørende");
	assert_false(draft_labels_look_like_scale(&labels));
	sl_release(&labels);
}

/* ---- whole drafts ---- */

/* Run "tillid init -o DIR/name ARGS..." (args NULL-terminated) and read the draft. */
static int run_init(const char *dir, const char *name, int force, char **text, ...)
{
	char *out = path_join(dir, name);
	char *argv[16];
	int argc = 0;
	argv[argc++] = "init";
	argv[argc++] = "-o";
	argv[argc++] = out;
	if (force)
		argv[argc++] = "--force";
	va_list ap;
	va_start(ap, text);
	for (char *a; (a = va_arg(ap, char *)) != NULL && argc < 15;)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	int rc = cmd_init(argc, argv);
	*text = NULL;
	if (rc == TILLID_OK) {
		struct strbuf err = STRBUF_INIT;
		size_t len;
		assert_int_equal(read_file(out, text, &len, &err), TILLID_OK);
		sb_release(&err);
	}
	free(out);
	return rc;
}

/* Load the draft dir/name as a study file: it loads, without a message. */
static void load_draft(struct study *s, const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	if (study_load(s, path, &err) != TILLID_OK || err.len)
		fail_msg("%s does not load: %s", path, err.buf);
	sb_release(&err);
	free(path);
}

static void assert_lines_fit(const char *text)
{
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		assert_non_null(nl);
		if (nl - l > INI_LINE_MAX)
			fail_msg("line longer than %d bytes: %.60s...", INI_LINE_MAX, l);
		l = nl + 1;
	}
}

static char *make_scratch(void)
{
	char *dir = xstrdup("/tmp/tillid-test-init-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void remove_scratch(char *dir, const char *const *names)
{
	for (; *names; names++) {
		char *p = path_join(dir, *names);
		unlink(p);
		free(p);
	}
	assert_int_equal(rmdir(dir), 0); /* nothing else left behind, no temporary file */
	free(dir);
}

static const struct study_item *find_item(const struct study *s, const char *id)
{
	for (size_t i = 0; i < s->n_items; i++)
		if (!strcmp(s->items[i].id, id))
			return &s->items[i];
	return NULL;
}

/* A SurveyXact export with names and e-mail addresses: the draft loads,
 * declares i_10 with its labels, drops the personal data unseen. */
static void test_init_surveyxact(void **state)
{
	(void)state;
	char *dir = make_scratch();
	char *text;
	assert_int_equal(run_init(dir, "draft.ini", 0, &text, READSX "ex_survey2_comma_ansi", NULL),
			 TILLID_OK);
	assert_lines_fit(text);
	assert_null(strstr(text, "@example.no"));
	assert_null(strstr(text, "Elev0"));
	assert_null(strstr(text, "Testesen"));
	assert_non_null(strstr(text, "\ndrop = forn\n"));
	assert_non_null(strstr(text, "\ndrop = ettern\n"));
	assert_non_null(strstr(text, "\ndrop = email\n"));
	assert_non_null(strstr(text, "\ngroup = b_1\n"));

	struct study s;
	load_draft(&s, dir, "draft.ini");
	assert_int_equal(s.n_waves, 1);
	assert_int_equal(s.waves[0].format, FORMAT_SURVEYXACT);
	/* the triple is named relative to the draft and reaches the fixture */
	struct stat st;
	assert_int_equal(stat(s.waves[0].dataset, &st), 0);
	assert_int_equal(stat(s.waves[0].labels, &st), 0);
	assert_non_null(strstr(s.waves[0].structure, "ex_survey2_comma_ansi/structure.csv"));
	assert_true(sl_find(&s.drop, "forn") >= 0);
	assert_true(sl_find(&s.drop, "ettern") >= 0);
	assert_true(sl_find(&s.drop, "email") >= 0);
	assert_true(sl_find(&s.drop, "s_1") >= 0); /* an open question */

	const struct study_item *it = find_item(&s, "i_10");
	assert_non_null(it);
	assert_string_equal(it->column, "i_10");
	/* wrapped over continuation lines, read back whole */
	assert_string_equal(it->text_da, "I hvilken grad har du fått inspirasjon eller motivasjon til ditt "
					 "valg av programområde/programfag fra følgende? - "
					 "Populærvitenskapelige bøker og blader");
	const struct study_answers *a = &s.answers[it->answers];
	assert_int_equal(a->k, 4);
	assert_string_equal(a->point_da[0], "I liten grad");
	assert_string_equal(a->point_da[1], "2");
	assert_string_equal(a->point_da[2], "3");
	assert_string_equal(a->point_da[3], "I stor grad");
	assert_int_equal(a->nonsubst_da.n, 0);
	/* identical label sets share one [answers] */
	assert_int_equal(find_item(&s, "i_01")->answers, it->answers);

	/* s_6: codes out of label order, 6 = "Vet ikke" becomes missing:1 */
	it = find_item(&s, "s_6");
	assert_non_null(it);
	a = &s.answers[it->answers];
	assert_int_equal(a->k, 6);
	assert_int_equal(a->nonsubst_da.n, 1);
	assert_string_equal(a->nonsubst_da.v[0], "Vet ikke");
	assert_int_equal(a->code_value[sl_find(&a->code_text, "6")], -1);
	assert_int_equal(a->code_value[sl_find(&a->code_text, "1")], 1);
	assert_int_equal(a->code_value[sl_find(&a->code_text, "8")], 6);
	assert_null(find_item(&s, "b_1")); /* the group column is no item */
	assert_int_equal(s.n_groups, 3);
	assert_string_equal(s.groups[0].values.v[0], "Jente");
	study_release(&s);
	free(text);

	/* The draft is never overwritten without --force. */
	assert_int_equal(run_init(dir, "draft.ini", 0, &text, READSX "ex_survey2_semicolon_ansi", NULL),
			 TILLID_ESYS);
	assert_int_equal(run_init(dir, "draft.ini", 1, &text, READSX "ex_survey2_semicolon_ansi/dataset.csv",
				  NULL), TILLID_OK);
	assert_non_null(strstr(text, "ex_survey2_semicolon_ansi/labels.csv"));
	assert_null(strstr(text, "drop = email")); /* this variant has no e-mail column */
	free(text);
	remove_scratch(dir, (const char *const[]){ "draft.ini", NULL });
}

/* Two plain CSV waves: known scales, codes, a renamed group column, and
 * personal data found by content. */
static void test_init_csv(void **state)
{
	(void)state;
	char *dir = make_scratch();
	char *text;
	assert_int_equal(run_init(dir, "s.ini", 0, &text, INIT "foer.csv", INIT "efter.csv", NULL),
			 TILLID_OK);
	assert_lines_fit(text);
	static const char *const secret[] = { "@example.dk", "deltager0", "Testesen", "Prøvegaard",
					      "Eksempelsen", "Fiktivsen", "Sagsbehandleren", "ventetiden",
					      "P2201A" };
	for (size_t i = 0; i < ARRAY_SIZE(secret); i++)
		if (strstr(text, secret[i]))
			fail_msg("the draft shows '%s'", secret[i]);

	struct study s;
	load_draft(&s, dir, "s.ini");
	assert_int_equal(s.n_waves, 2);
	assert_string_equal(s.waves[0].id, "foer");
	assert_string_equal(s.waves[1].id, "efter");
	assert_string_equal(study_column(&s, 0, "group"), "Hvem besvarer skemaet?");
	assert_string_equal(study_column(&s, 1, "group"), "Rolle");
	assert_string_equal(s.col_municipality, "Kommune");
	/* The key by its values: the e-mail addresses recur in both waves,
	 * the pseudonyms never do, and the row counter Løbenr is no key. */
	assert_string_equal(s.col_key, "Kontakt");
	assert_non_null(strstr(text, "; pairs: 36 of 36 respondents of efter have a value also found "
				     "in foer"));
	assert_int_equal(s.drop.n, 4);
	assert_string_equal(s.drop.v[0], "Løbenr");   /* a row counter */
	assert_string_equal(s.drop.v[1], "pseudonym"); /* a different value in every row */
	assert_string_equal(s.drop.v[2], "Deltager");  /* names, by content */
	assert_string_equal(s.drop.v[3], "Kommentar"); /* free text */
	assert_int_equal(s.n_groups, 3);

	assert_int_equal(s.n_items, 3);
	const struct study_item *it = &s.items[0];
	assert_string_equal(it->column, "Hvor enig er du i: Kommunen vil mit bedste");
	const struct study_answers *a = &s.answers[it->answers];
	assert_string_equal(a->id, "enig5");
	assert_string_equal(a->point_da[0], "Helt uenig");
	assert_string_equal(a->point_da[3], "Overvejende enig");
	assert_int_equal(a->also_text.n, 1);
	assert_string_equal(a->also_text.v[0], "Delvis enig");
	assert_int_equal(a->also_point[0], 4);
	assert_string_equal(a->nonsubst_da.v[0], "Ved ikke");
	a = &s.answers[s.items[1].answers];
	assert_string_equal(a->id, "tilfreds5");
	assert_string_equal(a->point_da[4], "Meget tilfreds");
	a = &s.answers[s.items[2].answers];
	assert_string_equal(s.items[2].column, "q3");
	assert_string_equal(a->id, "koder5");
	assert_int_equal(a->k, 5);
	assert_non_null(strstr(text, "; answers found: 4 | 5 | 2 | 1 | 3\n"));
	study_release(&s);
	free(text);
	remove_scratch(dir, (const char *const[]){ "s.ini", NULL });
}

/* A group spelt differently in a later wave becomes one group with both values. */
static void test_init_group_spellings(void **state)
{
	(void)state;
	char *dir = make_scratch();
	struct strbuf err = STRBUF_INIT;
	char *csv, *text;
	size_t len;
	assert_int_equal(read_file(INIT "efter.csv", &csv, &len, &err), TILLID_OK);
	for (char *p = csv; (p = strstr(p, ";Borger;")) != NULL; p++)
		p[1] = 'b';
	char *efter = path_join(dir, "efter.csv");
	FILE *fp = fopen(efter, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(csv, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(run_init(dir, "s.ini", 0, &text, INIT "foer.csv", efter, NULL), TILLID_OK);
	assert_non_null(strstr(text, "\nfile = efter.csv\n")); /* beside the draft */

	struct study s;
	load_draft(&s, dir, "s.ini");
	assert_int_equal(s.n_groups, 3);
	assert_string_equal(s.groups[0].id, "borger");
	assert_int_equal(s.groups[0].values.n, 2);
	assert_string_equal(s.groups[0].values.v[0], "Borger");
	assert_string_equal(s.groups[0].values.v[1], "borger");
	assert_string_equal(s.groups[1].id, "paaroerende");
	study_release(&s);
	free(text);
	free(csv);
	free(efter);
	sb_release(&err);
	remove_scratch(dir, (const char *const[]){ "s.ini", "efter.csv", NULL });
}

/* Headers that cannot be values (' ;' starts a comment) are never written
 * as values: a CHECK comment stands in the line's place. */
static void test_init_unwritable_headers(void **state)
{
	(void)state;
	char *dir = make_scratch();
	char *csv = path_join(dir, "semikolon.csv");
	struct strbuf data = STRBUF_INIT;
	sb_init(&data);
	sb_adds(&data, "\"respondent id ;x\",\"Gruppe ;rolle\",\"q1 ;a\",q2\n");
	for (int i = 0; i < 40; i++)
		sb_addf(&data, "R%d,%s,%s,%s\n", i, i % 2 ? "Borger" : "Pårørende",
			i % 3 ? "Helt enig" : "Helt uenig", i % 3 ? "Overvejende enig" : "Helt uenig");
	write_text(csv, data.buf);
	char *text;
	assert_int_equal(run_init(dir, "s.ini", 0, &text, csv, NULL), TILLID_OK);
	assert_lines_fit(text);
	assert_non_null(strstr(text, "\n; group: the column 'Gruppe ;rolle' reads like the respondent group\n"));
	assert_non_null(strstr(text, "\n; CHECK: its header cannot be written here\n"));
	assert_non_null(strstr(text, "\n; q1 ;a: its header cannot be written in a study file\n"));
	assert_non_null(strstr(text, "\n[item q2]\n"));
	for (const char *l = text; *l; l = strchr(l, '\n') + 1)
		if (*l != ';')
			assert_null(memchr(l, ';', (size_t)(strchr(l, '\n') - l)));
	free(text);
	free(csv);
	sb_release(&data);
	remove_scratch(dir, (const char *const[]){ "s.ini", "semikolon.csv", NULL });
}

static void test_init_usage(void **state)
{
	(void)state;
	char *dir = make_scratch();
	char *text;
	char *argv[] = { "init", NULL };
	assert_int_equal(cmd_init(1, argv), TILLID_ESYS); /* no export */
	assert_int_equal(run_init(dir, "x.ini", 0, &text, INIT "nothing.csv", NULL), TILLID_ESYS);
	/* a directory that is not a SurveyXact export */
	assert_int_equal(run_init(dir, "x.ini", 0, &text, INIT, NULL), TILLID_ESYS);
	assert_int_equal(run_init(dir, "x.ini", 0, &text, "--bogus", INIT "foer.csv", NULL), TILLID_ESYS);
	remove_scratch(dir, (const char *const[]){ NULL });
}

/* Add "P<i>" for i in [from, to) to s. */
static void sketch_range(struct draft_sketch *s, int from, int to)
{
	char v[32];
	for (int i = from; i < to; i++) {
		snprintf(v, sizeof(v), "P%d", i);
		draft_sketch_add(s, draft_key_hash(v));
	}
}

/* The sketch counts exactly below SKETCH_K distinct values and estimates
 * above. The relative standard error of the distinct count is about
 * 1/sqrt(k - 2) = 1.6 % for k = 4096 (Cohen and Kaplan, "Summarizing data
 * using bottom-k sketches", PODC 2007), so 5 % is three of them; that of
 * the common values adds sqrt((1 - J) / (J k)) = 3.1 % for a resemblance
 * J = 0.2 (Broder 1997), so 10 % is about three of the two combined. The
 * hashes are fixed, so the test is deterministic (61067 and 19749 now). */
static void test_sketch(void **state)
{
	(void)state;
	struct draft_sketch a, b;
	draft_sketch_init(&a);
	draft_sketch_init(&b);
	int exact;
	sketch_range(&a, 0, 3000);
	sketch_range(&a, 0, 3000); /* repeated values count once */
	sketch_range(&b, 2000, 4000);
	assert_int_equal(draft_sketch_count(&a, &exact), 3000);
	assert_true(exact);
	assert_int_equal(draft_sketch_common(&a, &b, &exact), 1000);
	assert_true(exact);
	/* e-mail addresses are keyed in lower case, as ingest compares them */
	assert_true(draft_key_hash("Anne.Jensen@eksempel.dk") == draft_key_hash("anne.jensen@eksempel.dk"));
	assert_true(draft_key_hash("P-00A") != draft_key_hash("p-00a"));
	draft_sketch_release(&a);
	draft_sketch_release(&b);

	sketch_range(&a, 0, 60000);
	sketch_range(&b, 40000, 100000);
	uint64_t n = draft_sketch_count(&a, &exact);
	assert_false(exact);
	if (n < 57000 || n > 63000)
		fail_msg("60000 distinct values estimated as %llu", (unsigned long long)n);
	uint64_t k = draft_sketch_common(&a, &b, &exact);
	assert_false(exact);
	if (k < 18000 || k > 22000)
		fail_msg("20000 common values estimated as %llu", (unsigned long long)k);
	draft_sketch_release(&a);
	draft_sketch_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_sketch),
		cmocka_unit_test(test_csv_scales),
		cmocka_unit_test(test_init_surveyxact),
		cmocka_unit_test(test_init_csv),
		cmocka_unit_test(test_init_group_spellings),
		cmocka_unit_test(test_init_unwritable_headers),
		cmocka_unit_test(test_init_usage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
