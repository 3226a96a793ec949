/* test_study.c: unit tests for the study file parser (good files, every kind of mistake). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pipeline/pii.h"
#include "pipeline/study.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#define GOOD "tests/fixtures/study/good/"
#define BAD "tests/fixtures/study/bad/"

static void load_ok(struct study *s, const char *path)
{
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	int rc = study_load(s, path, &err);
	if (rc != TILLID_OK)
		print_error("%s", err.buf);
	assert_int_equal(rc, TILLID_OK);
	assert_string_equal(err.buf, "");
	sb_release(&err);
}

/* The example in docs/study-file.md, copied into a fixture: the fixture must
 * stay the same as the docs, and parse to what the docs say it means. */
static void test_docs_example(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	char *doc, *fixture;
	size_t doc_len, fixture_len;
	assert_int_equal(read_file("docs/study-file.md", &doc, &doc_len, &err), TILLID_OK);
	assert_int_equal(read_file(GOOD "example.ini", &fixture, &fixture_len, &err), TILLID_OK);
	const char *start = strstr(doc, "## A complete example\n```ini\n");
	assert_non_null(start);
	start = strchr(strchr(start, '`'), '\n') + 1;
	const char *end = strstr(start, "```\n");
	assert_non_null(end);
	assert_int_equal((size_t)(end - start), fixture_len);
	assert_memory_equal(start, fixture, fixture_len);
	free(doc);
	free(fixture);
	sb_release(&err);

	struct study s;
	load_ok(&s, GOOD "example.ini");
	assert_string_equal(s.name, "Samskabt styring – før- og eftermåling");
	assert_int_equal(s.min_group_size, 5);
	assert_int_equal(s.smallest_change, 200); /* 0.2 points, TILLID_SMALLEST_CHANGE_DEFAULT */
	assert_null(s.output);
	assert_string_equal(s.key_file, GOOD "example.key");
	assert_string_equal(s.data_date, "2022-04-15"); /* end of the last wave */
	assert_int_equal(s.municipalities.n, 5);
	assert_string_equal(s.municipalities.v[0], "Rebild");
	assert_string_equal(s.municipalities.v[4], "Haderslev");
	assert_string_equal(s.col_group, "gruppe");
	assert_string_equal(s.col_municipality, "kommune");
	assert_string_equal(s.col_unit, "enhed");
	assert_string_equal(s.col_key, "pseudonym");
	assert_int_equal(s.drop.n, 3);
	assert_string_equal(s.drop.v[2], "kommentar");

	assert_int_equal(s.n_waves, 2);
	struct study_wave *w = &s.waves[0];
	assert_string_equal(w->id, "foer");
	assert_string_equal(w->label_da, "Førmåling");
	assert_string_equal(w->label_en, "Baseline");
	assert_string_equal(w->start, "2021-03-01");
	assert_string_equal(w->end, "2021-04-15");
	assert_int_equal(w->format, FORMAT_SURVEYXACT);
	assert_null(w->file);
	assert_string_equal(w->dataset, GOOD "foer/dataset.csv");
	assert_string_equal(w->labels, GOOD "foer/labels.csv");
	assert_string_equal(w->structure, GOOD "foer/structure.csv");
	assert_string_equal(w->encoding, "auto");
	assert_string_equal(w->delimiter, "auto");
	assert_int_equal(w->line, 14);
	w = &s.waves[1];
	assert_string_equal(w->id, "efter");
	assert_int_equal(w->format, FORMAT_CSV);
	assert_string_equal(w->file, GOOD "efter.csv");
	assert_null(w->dataset);
	assert_string_equal(study_column(&s, 0, "group"), "gruppe");
	assert_string_equal(study_column(&s, 1, "group"), "Hvem besvarer skemaet?");
	assert_string_equal(study_column(&s, 1, "municipality"), "kommune");
	assert_string_equal(study_column(&s, 1, "tillid_1"), "s_1_1");
	assert_null(study_column(&s, 0, "nothing"));

	assert_int_equal(s.n_groups, 2);
	assert_string_equal(s.groups[1].id, "paaroerende");
	assert_string_equal(s.groups[1].label_da, "Pårørende");
	assert_string_equal(s.groups[1].label_en, "Relatives");
	assert_int_equal(s.groups[1].values.n, 1);
	assert_string_equal(s.groups[1].values.v[0], "Pårørende");

	assert_int_equal(s.n_answers, 1);
	struct study_answers *a = &s.answers[0];
	assert_string_equal(a->id, "enig5");
	assert_int_equal(a->k, 5);
	assert_string_equal(a->point_da[0], "Helt uenig");
	assert_string_equal(a->point_da[4], "Helt enig");
	assert_string_equal(a->point_en[2], "Neither agree nor disagree");
	assert_int_equal(a->also_text.n, 1);
	assert_string_equal(a->also_text.v[0], "Delvis enig");
	assert_int_equal(a->also_point[0], 4);
	assert_int_equal(a->nonsubst_da.n, 2);
	assert_string_equal(a->nonsubst_da.v[1], "Ønsker ikke at svare");
	assert_string_equal(a->nonsubst_en.v[0], "Don't know");
	assert_int_equal(a->code_text.n, 5); /* the default 1..5 -> 1..5 */
	for (int v = 1; v <= 5; v++) {
		char c[16];
		snprintf(c, sizeof(c), "%d", v);
		assert_int_equal(sl_find(&a->code_text, c), v - 1);
		assert_int_equal(a->code_value[v - 1], v);
	}

	assert_int_equal(s.n_scales, 1);
	assert_string_equal(s.scales[0].label_en, "Trust");
	assert_int_equal(s.n_items, 1);
	struct study_item *it = &s.items[0];
	assert_string_equal(it->id, "tillid_1");
	assert_string_equal(it->column, "s_1_1");
	assert_string_equal(it->text_da, "Jeg har tillid til, at kommunen vil mit bedste");
	assert_string_equal(it->text_en, "I trust that the municipality wants what is best for me");
	assert_int_equal(it->answers, 0);
	assert_int_equal(it->scale, 0);
	assert_int_equal(it->reverse, 0);

	assert_int_equal(s.n_invited, 2);
	assert_int_equal(s.invited[0].wave, 0);
	assert_int_equal(s.invited[0].group, -1);
	assert_null(s.invited[0].municipality);
	assert_int_equal(s.invited[0].n, 400);
	assert_int_equal(s.invited[1].group, 0);
	assert_int_equal(s.invited[1].n, 150);

	assert_int_equal(s.skip[PROBLEM_UNKNOWN_ANSWER], 1);
	assert_int_equal(s.skip[PROBLEM_RAGGED_ROW], 0);
	assert_text(study_output_dir(&s), GOOD "out-example");
	study_release(&s);
}

/* Continuations join with one space; lists mix '|' and repeated keys. */
static void test_continuation_and_lists(void **state)
{
	(void)state;
	struct study s;
	load_ok(&s, GOOD "continuation.ini");
	assert_string_equal(s.name, "Tillid i samarbejdet – før og efter");
	assert_int_equal(s.municipalities.n, 5);
	assert_string_equal(s.municipalities.v[2], "Vesthimmerland");
	assert_string_equal(s.municipalities.v[4], "Haderslev");
	assert_int_equal(s.drop.n, 4);
	assert_string_equal(s.drop.v[0], "email");
	assert_string_equal(s.drop.v[1], "navn");
	assert_string_equal(s.drop.v[2], "kommentar");
	assert_string_equal(s.drop.v[3], "fritekst");
	assert_string_equal(s.waves[0].encoding, "utf-8");
	assert_string_equal(s.waves[0].delimiter, "semicolon");
	assert_string_equal(s.waves[0].file, GOOD "data/foer.csv");
	assert_int_equal(s.groups[0].values.n, 3);
	assert_string_equal(s.groups[0].values.v[1], "1");
	assert_string_equal(s.groups[0].values.v[2], "borger");

	struct study_answers *a = &s.answers[0];
	assert_int_equal(a->also_text.n, 2);
	assert_string_equal(a->also_text.v[0], "Meget enig");
	assert_string_equal(a->also_text.v[1], "Fuldstændig enig");
	assert_int_equal(a->also_point[1], 5);
	assert_int_equal(a->nonsubst_da.n, 2);
	assert_string_equal(a->nonsubst_da.v[1], "Ønsker ikke at svare");
	assert_int_equal(a->nonsubst_en.n, 2);
	assert_string_equal(a->nonsubst_en.v[1], "");
	assert_string_equal(a->point_en[0], "");
	/* missing:J lines keep the default mapping and add to it */
	assert_int_equal(a->code_text.n, 7);
	assert_int_equal(a->code_value[sl_find(&a->code_text, "9")], -1);
	assert_int_equal(a->code_value[sl_find(&a->code_text, "-1")], -2);
	assert_int_equal(a->code_value[sl_find(&a->code_text, "3")], 3);
	assert_string_equal(s.items[0].text_da,
			    "Jeg har tillid til, at kommunen vil mit bedste, også når jeg er uenig");
	study_release(&s);
}

static void test_crlf_bom(void **state)
{
	(void)state;
	struct study s;
	load_ok(&s, GOOD "crlf_bom.ini");
	assert_string_equal(s.name, "CRLF og BOM");
	assert_string_equal(s.col_group, "g");
	assert_string_equal(s.waves[0].dataset, "/data/w1/dataset.csv"); /* absolute stays */
	assert_string_equal(s.answers[0].point_da[1], "Ja");
	assert_int_equal(s.items[0].line, 23);
	study_release(&s);
}

static void test_defaults(void **state)
{
	(void)state;
	struct study s;
	load_ok(&s, GOOD "defaults.ini");
	assert_int_equal(s.min_group_size, 5);
	assert_null(s.output);
	assert_text(study_output_dir(&s), GOOD "out-defaults");
	assert_string_equal(s.key_file, GOOD "defaults.key");
	assert_string_equal(s.data_date, "");
	assert_null(s.col_municipality);
	assert_null(s.col_key);
	assert_int_equal(s.key_normalize, PII_KEY_LOWER_EMAIL);
	assert_int_equal(s.drop.n, 0);
	struct study_wave *w = &s.waves[0];
	assert_string_equal(w->label_da, "foer");
	assert_string_equal(w->label_en, "foer");
	assert_string_equal(w->start, "");
	assert_string_equal(w->encoding, "auto");
	assert_string_equal(w->delimiter, "auto");
	assert_int_equal(w->override_names.n, 0);
	assert_string_equal(s.groups[0].label_da, "borger");
	struct study_item *it = &s.items[0];
	assert_string_equal(it->column, "t1");
	assert_string_equal(it->text_da, "t1");
	assert_string_equal(it->text_en, "t1");
	assert_int_equal(it->scale, -1);
	assert_int_equal(it->reverse, 0);
	assert_int_equal(it->line, 21);
	assert_int_equal(s.answers[0].nonsubst_da.n, 0);
	assert_int_equal(s.answers[0].also_text.n, 0);
	for (int k = 0; k < PROBLEM_KIND_COUNT; k++)
		assert_int_equal(s.skip[k], 0);
	assert_int_equal(s.n_invited, 0);
	study_release(&s);
}

/* Per-wave column names, explicit code mapping, paths, invited, skip. */
static void test_overrides(void **state)
{
	(void)state;
	struct study s;
	load_ok(&s, GOOD "overrides.ini");
	assert_int_equal(s.min_group_size, 10);
	assert_int_equal(s.smallest_change, 250); /* "0,25": a decimal comma reads too */
	assert_string_equal(s.output, GOOD "../out/overrides-test");
	assert_text(study_output_dir(&s), GOOD "../out/overrides-test");
	assert_string_equal(s.key_file, GOOD "secret/pairing.key");
	assert_string_equal(s.data_date, "2023-01-31");
	assert_int_equal(s.key_normalize, PII_KEY_LOWER); /* trim | lower */

	assert_int_equal(s.n_waves, 3);
	assert_string_equal(s.waves[0].encoding, "windows-1252");
	assert_string_equal(s.waves[0].delimiter, "tab");
	assert_string_equal(s.waves[1].encoding, "windows-1252"); /* cp1252 */
	assert_string_equal(s.waves[1].label_en, "Second round");
	assert_string_equal(s.waves[2].encoding, "utf-16le");
	assert_string_equal(s.waves[2].label_da, "w3");

	assert_string_equal(study_column(&s, 0, "group"), "rolle");
	assert_string_equal(study_column(&s, 1, "group"), "Hvem besvarer skemaet?");
	assert_string_equal(study_column(&s, 2, "group"), "rolle");
	assert_string_equal(study_column(&s, 0, "t1"), "q1");
	assert_string_equal(study_column(&s, 1, "t1"), "spm1");
	assert_string_equal(study_column(&s, 1, "t2"), "q2");
	assert_string_equal(study_column(&s, 1, "key"), "nøgle");
	assert_string_equal(study_column(&s, 0, "key"), "pnr_pseudo");
	assert_string_equal(study_column(&s, 2, "unit"), "afdeling");
	assert_string_equal(study_column(&s, 1, "unit"), "enhed");
	assert_string_equal(study_column(&s, 0, "municipality"), "kommune");

	struct study_answers *a = &s.answers[0];
	assert_string_equal(a->point_en[4], "Very satisfied");
	assert_string_equal(a->nonsubst_en.v[0], "Don't know");
	/* code.C = V lines replace the default: code 5 means nothing */
	assert_int_equal(a->code_text.n, 6);
	assert_int_equal(a->code_value[sl_find(&a->code_text, "0")], 1);
	assert_int_equal(a->code_value[sl_find(&a->code_text, "4")], 5);
	assert_int_equal(a->code_value[sl_find(&a->code_text, "9")], -1);
	assert_int_equal(sl_find(&a->code_text, "5"), -1);

	assert_int_equal(s.items[1].reverse, 1);
	assert_int_equal(s.items[1].scale, 0);
	assert_string_equal(s.items[1].text_en, "Jeg bliver ikke hørt");
	assert_string_equal(s.groups[0].label_en, "Staff");

	assert_int_equal(s.n_invited, 4);
	assert_int_equal(s.invited[1].group, 0);
	assert_int_equal(s.invited[2].wave, 1);
	assert_int_equal(s.invited[2].group, -1);
	assert_string_equal(s.invited[2].municipality, "Odder");
	assert_int_equal(s.invited[3].group, 1);
	assert_string_equal(s.invited[3].municipality, "Rebild");
	assert_int_equal(s.invited[3].n, 25);

	assert_int_equal(s.skip[PROBLEM_UNKNOWN_ANSWER], 1);
	assert_int_equal(s.skip[PROBLEM_RAGGED_ROW], 1);
	assert_int_equal(s.skip[PROBLEM_EMPTY_WAVE], 1);
	assert_int_equal(s.skip[PROBLEM_OUT_OF_RANGE], 0);
	study_release(&s);
}

static void test_problem_kinds(void **state)
{
	(void)state;
	for (int k = 0; k < PROBLEM_KIND_COUNT; k++)
		assert_int_equal(problem_kind_from_name(problem_kind_name((enum problem_kind)k)), k);
	assert_string_equal(problem_kind_name(PROBLEM_DUPLICATE_KEY), "duplicate_key");
	assert_string_equal(problem_kind_name(PROBLEM_BAD_ENCODING), "bad_encoding");
	assert_int_equal(problem_kind_from_name("unknown_answers"), -1);
	assert_int_equal(problem_kind_from_name(""), -1);
}

static void test_unreadable(void **state)
{
	(void)state;
	struct study s;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(study_load(&s, BAD "does-not-exist.ini", &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "does-not-exist.ini"));
	study_release(&s);
	sb_release(&err);
}

/* Each bad file with every message it must produce, in order ("LINE: text"). */
struct bad_case {
	const char *name;
	const char *expect;
};

static const struct bad_case bad_cases[] = {
	{ "code",
	  "22: 'code.x' needs a whole-number code after 'code.'; write it like code.6 = 5 or code.9 = missing:1\n"
	  "23: code.7 = '4' is neither a point nor missing:J; write a point from 1 to 3, or missing:J for the J-th missing answer\n"
	  "24: code.8 = missing:2 names a missing answer that answers 'enig3' does not have (it has 1); list them in missing = ... and write missing:1 for the first\n"
	  "25: code.9 = 'ved ikke' is neither a point nor missing:J; write a point from 1 to 3, or missing:J for the J-th missing answer\n"
	  "26: code 9 is mapped twice in answers 'enig3' (first on line 25); keep one of them\n"
	  "27: 'code.' needs what it is about after a dot; write it like code.C\n"
	},
	{ "columns",
	  "10: unknown key_normalize 'upper'; use trim, lower or both (key_normalize = trim | lower)\n"
	  "15: column.t9 in wave 'foer' names no item and is not group, municipality, unit or key; did you mean 't1'?\n"
	  "32: column 'q1' is read as item 't1' but is also listed in drop; remove it from one of them\n"
	  "35: column 'gruppe' is read both as group and as item 't2' in wave 'efter'; give each its own column\n"
	},
	{ "dates",
	  "5: data_date '15-04-2022' is not a date; write it as YYYY-MM-DD, like 2022-04-15\n"
	  "13: start '2021-02-30' is not a date; write it as YYYY-MM-DD, like 2021-03-01\n"
	  "14: end '2021-13-01' is not a date; write it as YYYY-MM-DD, like 2021-03-01\n"
	  "32: wave 'efter' ends (2022-03-01) before it starts (2022-04-15); swap start and end\n"
	},
	{ "duplicate_id",
	  "25: item 't1' is declared twice (first on line 22); give each item its own id\n"
	  "28: [study] appears twice (first on line 3); merge the two sections into one\n"
	},
	{ "duplicate_label",
	  "20: 'enig' is used twice in answers 'enig3' (also on line 19); each label, also spelling and missing answer must differ\n"
	  "21: 'Uenig' is used twice in answers 'enig3' (also on line 18); each label, also spelling and missing answer must differ\n"
	  "22: 'ved ikke' is used twice in answers 'enig3' (also on line 22); each label, also spelling and missing answer must differ\n"
	},
	{ "empty",
	  "1: the study file has no [study] section; add one with name = the study's name\n"
	  "1: the study file has no [columns] section; add one with group = the header of the column that holds the respondent group\n"
	  "1: the study file declares no [wave]; add a [wave ID] section for each export, the baseline first\n"
	  "1: the study file declares no [group]; add a [group ID] section for each respondent group, with value = the answer that means it\n"
	  "1: the study file declares no [item]; add an [item ID] section for each question to analyse\n"
	},
	{ "format_files",
	  "9: wave 'foer' has format csv but no file; add file = the path of the CSV export\n"
	  "11: 'dataset' belongs to format surveyxact, but wave 'foer' has format csv (line 10); remove it or change the format\n"
	  "25: wave 'efter' has format surveyxact but no labels; add labels = the path of the export's labels.csv\n"
	  "25: wave 'efter' has format surveyxact but no structure; add structure = the path of the export's structure.csv\n"
	  "28: 'file' belongs to format csv, but wave 'efter' has format surveyxact (line 26); use dataset, labels and structure, or change the format\n"
	  "31: unknown format 'xls'; write format = surveyxact for the three SurveyXact files, format = csv for one CSV file or format = xlsx for an Excel workbook\n"
	  "36: 'sheet' belongs to format xlsx, but wave 'fjerde' has format csv (line 34); remove it or change the format\n"
	  "38: wave 'femte' has format xlsx but no file; add file = the path of the workbook (.xlsx)\n"
	},
	{ "groups",
	  "13: value 'Borger' is listed twice in group 'borger'; keep one\n"
	  "15: value '1' means both group 'borger' (line 13) and group 'paar'; give each value to one group\n"
	  "27: scale 'tillid' has no item; add scale = tillid to its items, or remove the section\n"
	},
	{ "ids",
	  "9: invalid id 'før' in [wave før]; use only ASCII letters, digits, '_' and '-'\n"
	  "28: [item] needs an id; write it after the word, like [item tillid_1]\n"
	  "30: [checks] takes no id; write just [checks]\n"
	  "32: invalid id 'a.b' in [group a.b]; use only ASCII letters, digits, '_' and '-'\n"
	  "34: item id 'group' is taken by the group column (column.group in [wave]); give the item another id\n"
	},
	{ "invited",
	  "28: [invited] names wave 'fore', which is not declared; did you mean 'foer'?\n"
	  "29: [invited] names group 'borgere', which is not declared; did you mean 'borger'?\n"
	  "30: [invited] names municipality 'Aarhus', which is not in [study] municipality; use one of those names\n"
	  "31: 'foer.*' in [invited] counts the same people as line 27; keep one of them\n"
	  "32: the number invited must be a whole number of at least 1, not 'mange'; write the number of people who got the questionnaire\n"
	  "33: 'foer..Odder' in [invited] is not WAVE, WAVE.GROUP or WAVE.GROUP.MUNICIPALITY; write it like foer = 400 or foer.borger = 150\n"
	  "34: the number invited must be a whole number of at least 1, not '0'; write the number of people who got the questionnaire\n"
	},
	{ "long_line",
	  "24: line is longer than 199 bytes; continue a long text on the next line, indented\n"
	  "29: line is longer than 199 bytes; continue a long text on the next line, indented\n"
	},
	{ "many",
	  "4: min_group_size must be a whole number of at least 1, not '-3'; 5 is the usual anonymity limit\n"
	  "6: [columns] has no group; add group = the header of the column that holds the respondent group\n"
	  "7: unknown key 'grup' in [columns]; did you mean 'group'?\n"
	  "9: wave 'foer' has format csv but no file; add file = the path of the CSV export\n"
	  "15: answers 'enig3' has no point.2; add point.2 = the label of point 2 of 3\n"
	  "21: item 't1' refers to answers 'enig', which is not declared; did you mean 'enig3'?\n"
	  "22: reverse must be yes or no, not 'maybe'; write reverse = yes for a negatively worded item\n"
	  "25: unknown problem kind 'everything' in skip; use unknown_answer, out_of_range, ragged_row, duplicate_key, unknown_group, missing_column, bad_encoding or empty_wave\n"
	},
	{ "missing_required",
	  "3: [study] has no name; add name = the study's name for the report's title page\n"
	  "6: [columns] has no group; add group = the header of the column that holds the respondent group\n"
	  "9: wave 'foer' has no format; add format = surveyxact (dataset, labels and structure files), format = csv (one file) or format = xlsx (a workbook)\n"
	  "12: group 'borger' has no value; add value = the answer in the group column that means this group\n"
	  "15: answers 'enig3' has no points; add points = the number of answer points (2 to 99), not counting missing answers like 'Ved ikke'\n"
	  "18: item 't1' has no answers; add answers = the id of its [answers] section\n"
	},
	{ "no_item",
	  "17: the study file declares no [group]; add a [group ID] section for each respondent group, with value = the answer that means it\n"
	  "17: the study file declares no [item]; add an [item ID] section for each question to analyse\n"
	},
	{ "no_wave",
	  "19: the study file declares no [wave]; add a [wave ID] section for each export, the baseline first\n"
	},
	{ "not_utf8",
	  "13: group 'borger' has no value; add value = the answer in the group column that means this group\n"
	  "14: line is not valid UTF-8; save the study file as UTF-8 (not Windows-1252 or UTF-16)\n"
	},
	{ "outside",
	  "1: 'name' comes before any [section]; move it into its section\n"
	},
	{ "point_labels",
	  "16: answers 'enig3' has no point.2; add point.2 = the label of point 2 of 3\n"
	  "16: answers 'enig3' has no point_en.2; give English labels for all points or for none\n"
	  "16: answers 'enig3' has no point.3; add point.3 = the label of point 3 of 3\n"
	  "16: answers 'enig3' has no point_en.3; give English labels for all points or for none\n"
	  "19: 'point.4' is beyond points = 3; remove it or raise points\n"
	  "20: point 1 is labelled twice in answers 'enig3' (first on line 18); keep one of them\n"
	  "21: 'point.x' needs a point number after the dot; write it like point.1 for the most negative point\n"
	  "22: 'point' needs what it is about after a dot; write it like point.V\n"
	},
	{ "points",
	  "17: points must be a whole number from 2 to 99, not '1'; count the answer points without the missing answers\n"
	  "23: points must be a whole number from 2 to 99, not '100'; count the answer points without the missing answers\n"
	  "26: points must be a whole number from 2 to 99, not 'fem'; count the answer points without the missing answers\n"
	  "29: points must be a whole number from 2 to 99, not ''; count the answer points without the missing answers\n"
	},
	{ "refs",
	  "23: item 't1' refers to answers 'enig5', which is not declared; did you mean 'enig3'?\n"
	  "24: item 't1' refers to scale 'tillid', which is not declared; did you mean 'tilid'?\n"
	  "32: item 't3' refers to answers 'svar', which is not declared; add an [answers ID] section with that id\n"
	},
	{ "syntax",
	  "28: indented line after a blank line; an indented line continues the value above it, so remove the blank line or the indentation\n"
	  "30: section header has no closing ']'; write it like [wave foer]\n"
	  "32: text after the section header's ']'; put it on a line of its own or start it with ';' to make it a comment\n"
	  "34: indented section header; start [item t9] at the beginning of the line\n"
	  "35: line is not key = value, a [section] or a comment; write key = value, or start a comment with ';'\n"
	  "36: line has no key before '='; write key = value\n"
	},
	{ "twice",
	  "5: 'name' is given twice in [study] (first on line 4); keep one of them\n"
	  "19: 'points' is given twice in [answers enig3] (first on line 18); keep one of them\n"
	  "23: 'point.3' is given twice in [answers enig3] (first on line 22); keep one of them\n"
	},
	{ "numeric",
	  "17: values must be two whole numbers LOW-HIGH with 0 <= LOW < HIGH <= 100 and at most 99 values, not '10-0'; write values = 0-10 for a scale from 0 to 10\n"
	  "22: points = 10 disagrees with values = 0-10 (11 values); remove points, the values say how many there are\n"
	  "26: 'point.11' is not one of values = 0-10; write point.V with V the value the label belongs to (point.0 for the lowest)\n"
	  "27: code.20 = '11' is neither a value nor missing:J; write a value from 0 to 10, or missing:J for the J-th missing answer\n"
	  "31: answers 'c' has point_en.1 but no point.1; add the Danish label\n"
	  "38: nps must be yes or no, not 'ja'; write nps = yes for the Net Promoter Score of a 0-10 recommend question\n"
	  "40: item 't2' answers from 1 to 11 but item 't1' of the same scale from 0 to 10; give the scale's items the same values\n"
	  "43: nps = yes needs answers on 0 to 10, but item 't2' uses answers 'c'; declare values = 0-10 in [answers c] or remove nps\n"
	},
	{ "unknown_key",
	  "4: unknown key 'nmae' in [study]; did you mean 'name'?\n"
	  "13: 'column' needs what it is about after a dot; write it like column.NAME\n"
	  "14: unknown key 'pont.1' in [wave foer]; the keys of [wave] are label, label_en, start, end, format, file, dataset, labels, structure, encoding, delimiter, sheet, column.NAME\n"
	  "27: unknown key 'colour' in [item t1]; the keys of [item] are column, text, text_en, answers, scale, reverse, nps, findings\n"
	},
	{ "unknown_section",
	  "25: unknown section [wav efter]; did you mean [wave efter]?\n"
	  "28: unknown section [options]; the sections are [study], [columns], [wave ID], [group ID], [answers ID], [scale ID], [item ID], [invited], [checks] and [report]\n"
	},
	{ "utf16",
	  "1: the study file is UTF-16; save it as UTF-8\n"
	},
	{ "report",
	  "28: item 't1' belongs to scale 'tillid', whose own sentences are in the key findings already; findings = yes is for an item outside the scales, so remove it here\n"
	  "32: findings must be yes or no, not 'ja'; write findings = yes to give an item outside the scales its own sentences in the key findings\n"
	  "35: unknown key 'titel' in [report]; did you mean 'title'?\n"
	  "36: unknown breakdown 'units'; use group, municipality or unit (did you mean unit?)\n"
	  "36: breakdowns names unit, but [columns] has no unit; add unit = its column to [columns], or leave unit out\n"
	  "37: unknown page 'trends'; use overview, items, effects, response, method or trend (did you mean trend?)\n"
	},
	{ "values",
	  "5: min_group_size must be a whole number of at least 1, not '0'; 5 is the usual anonymity limit\n"
	  "13: unknown encoding 'latin-1'; use auto, utf-8, windows-1252, utf-16le or utf-16be\n"
	  "14: unknown delimiter 'semikolon'; use auto, semicolon, comma or tab (did you mean semicolon?)\n"
	  "27: reverse must be yes or no, not 'ja'; write reverse = yes for a negatively worded item\n"
	  "30: unknown problem kind 'unknown_answers' in skip; did you mean 'unknown_answer'?\n"
	  "30: unknown problem kind 'everything' in skip; use unknown_answer, out_of_range, ragged_row, duplicate_key, unknown_group, missing_column, bad_encoding or empty_wave\n"
	},
};

/* values = LOW-HIGH: the points, their values, labels by value (the ends
 * only), the default codes (code V means the point whose value is V), and
 * nps = yes. */
static void test_numeric_scales(void **state)
{
	(void)state;
	struct study s;
	load_ok(&s, GOOD "numeric.ini");
	assert_int_equal(s.n_answers, 3);
	const struct study_answers *a = &s.answers[0];
	assert_int_equal(a->k, 11);
	assert_int_equal(a->shift, -1); /* point 1 has the value 0 */
	assert_string_equal(a->point_da[0], "Slet ikke sandsynligt");
	assert_string_equal(a->point_da[5], "");
	assert_string_equal(a->point_da[10], "Meget sandsynligt");
	assert_string_equal(a->point_en[10], "Extremely likely");
	assert_string_equal(a->point_en[4], "");
	/* code 0 is point 1, code 10 point 11, and there is no code 11 */
	long c0 = sl_find(&a->code_text, "0"), c10 = sl_find(&a->code_text, "10");
	assert_true(c0 >= 0 && c10 >= 0);
	assert_int_equal(a->code_value[c0], 1);
	assert_int_equal(a->code_value[c10], 11);
	assert_true(sl_find(&a->code_text, "11") < 0);
	/* values = 1..7 with points = 7: the default values, the default codes and a missing code */
	const struct study_answers *b = &s.answers[1];
	assert_int_equal(b->k, 7);
	assert_int_equal(b->shift, 0);
	assert_int_equal(b->code_value[sl_find(&b->code_text, "8")], -1);
	assert_int_equal(b->code_value[sl_find(&b->code_text, "7")], 7);
	/* a two-point scale coded 0/1 */
	const struct study_answers *c = &s.answers[2];
	assert_int_equal(c->k, 2);
	assert_int_equal(c->shift, 0);
	assert_int_equal(c->code_value[sl_find(&c->code_text, "0")], 1);
	assert_int_equal(c->code_value[sl_find(&c->code_text, "1")], 2);
	assert_true(s.items[0].nps > 0);
	assert_int_equal(s.items[1].nps, 0);
	study_release(&s);
}

/* [report]: the texts as written, the logo beside the study file, list
 * keys over several lines replacing their defaults, and the items marked
 * findings = yes in study-file order; without [report] the defaults. */
static void test_report_section(void **state)
{
	(void)state;
	struct study s;
	load_ok(&s, GOOD "report.ini");
	const struct report_spec *r = &s.report;
	assert_string_equal(r->title, "Forældrerådet");
	assert_string_equal(r->title_en, "The parents' board");
	assert_null(r->subtitle);
	assert_string_equal(r->organisation, "Skoleforvaltningen");
	assert_string_equal(r->logo, GOOD "logo.png");
	assert_int_equal(r->breakdowns, REPORT_BD_GROUP | REPORT_BD_UNIT);
	assert_int_equal(r->pages, REPORT_PAGE_ITEMS | REPORT_PAGE_TREND);
	assert_int_equal(r->findings.n, 2);
	assert_string_equal(r->findings.v[0], "anbefal");
	assert_string_equal(r->findings.v[1], "hoert");
	study_release(&s);
	load_ok(&s, GOOD "numeric.ini");
	assert_null(s.report.title);
	assert_null(s.report.logo);
	assert_int_equal(s.report.breakdowns, REPORT_BD_GROUP | REPORT_BD_MUNICIPALITY);
	assert_int_equal(s.report.pages, REPORT_PAGES_ALL);
	assert_int_equal(s.report.findings.n, 0);
	study_release(&s);
}

static void test_bad_files(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		char *path = xasprintf(BAD "%s.ini", bad_cases[i].name);
		struct strbuf want = STRBUF_INIT, err = STRBUF_INIT;
		sb_init(&want);
		sb_init(&err);
		for (const char *l = bad_cases[i].expect; *l;) {
			const char *nl = strchr(l, '\n');
			sb_addf(&want, "'%s':%.*s\n", path, (int)(nl - l), l);
			l = nl + 1;
		}
		struct study s;
		int rc = study_load(&s, path, &err);
		if (rc != TILLID_EDATA || strcmp(err.buf, want.buf) != 0) {
			print_error("%s: status %d\n--- expected\n%s--- got\n%s", path, rc, want.buf, err.buf);
			failed++;
		}
		/* a failed load leaves nothing behind */
		assert_null(s.name);
		assert_int_equal(s.n_waves, 0);
		assert_int_equal(s.n_items, 0);
		study_release(&s);
		sb_release(&want);
		sb_release(&err);
		free(path);
	}
	assert_int_equal(failed, 0);
}

/* A file with mistakes in many sections reports all of them. */
static void test_all_mistakes_reported(void **state)
{
	(void)state;
	struct study s;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(study_load(&s, BAD "many.ini", &err), TILLID_EDATA);
	size_t lines = 0;
	for (const char *c = err.buf; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 8);
	study_release(&s);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docs_example),
		cmocka_unit_test(test_continuation_and_lists),
		cmocka_unit_test(test_crlf_bom),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_problem_kinds),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_numeric_scales),
		cmocka_unit_test(test_report_section),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_all_mistakes_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
