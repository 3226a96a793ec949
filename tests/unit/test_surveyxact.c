/* test_surveyxact.c: unit tests for SurveyXact labels/structure loading on the three readSX export variants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pipeline/surveyxact.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIX "tests/fixtures/readsx/"

static const struct variant {
	const char *dir;
	enum text_encoding enc;
	char delim;
	const char *eol;
} variants[] = {
	{ FIX "ex_survey2_semicolon_ansi", TEXT_WINDOWS_1252, ';', "LF" },
	{ FIX "ex_survey2_comma_ansi", TEXT_WINDOWS_1252, ',', "LF" },
	{ FIX "ex_survey2_tab_utf16", TEXT_UTF16LE, '\t', "CRLF" },
};

static void load(struct surveyxact *sx, const struct variant *v)
{
	char *labels = xasprintf("%s/labels.csv", v->dir);
	char *structure = xasprintf("%s/structure.csv", v->dir);
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	sx_init(sx);
	int ret = sx_load(sx, labels, structure, NULL, &err);
	assert_string_equal(err.buf, "");
	assert_int_equal(ret, TILLID_OK);
	assert_int_equal(sx->labels_info.encoding, v->enc);
	assert_int_equal(sx->labels_info.delimiter, v->delim);
	assert_int_equal(sx->structure_info.encoding, v->enc);
	assert_int_equal(sx->structure_info.delimiter, v->delim);
	assert_string_equal(sx->labels_info.line_ending, v->eol);
	assert_int_equal(sx->labels_info.bom, v->enc == TEXT_UTF16LE);
	free(labels);
	free(structure);
	sb_release(&err);
}

static void test_code_normalize(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "4", "4" },   { "4.0", "4" },  { " 4 ", "4" },     { "04", "4" },
		{ "+4", "4" },  { "4.", "4" },   { "4.000", "4" },   { "-0", "0" },
		{ "0.0", "0" }, { "-12", "-12" }, { "10", "10" },    { "100.00", "100" },
		{ "4.5", "4.5" }, { "a", "a" },   { " Ved ikke ", "Ved ikke" }, { "", "" },
		{ ".0", ".0" }, { "4.0x", "4.0x" },
	};
	char out[16];
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t n = sx_code_normalize(cases[i][0], out, sizeof(out));
		assert_string_equal(out, cases[i][1]);
		assert_int_equal(n, strlen(cases[i][1]));
	}
	assert_int_equal(sx_code_normalize("123456", out, 4), (size_t)-1);
	assert_string_equal(out, "");
}

static void check_facts(const struct surveyxact *sx)
{
	/* i_10: labels and question text, ø decoded. */
	const struct sx_variable *v = sx_variable(sx, "i_10");
	assert_non_null(v);
	assert_int_equal(v->n_labels, 4);
	assert_string_equal(sx_label(sx, "i_10", "1"), "I liten grad");
	assert_string_equal(sx_label(sx, "i_10", "2"), "2");
	assert_string_equal(sx_label(sx, "i_10", "3"), "3");
	assert_string_equal(sx_label(sx, "i_10", "4.0"), "I stor grad");
	assert_string_equal(sx_label(sx, "i_10", " 4 "), "I stor grad");
	assert_null(sx_label(sx, "i_10", "5"));
	assert_null(sx_label(sx, "i_10", ""));
	assert_null(sx_label(sx, "no_such_variable", "1"));
	const char *text = v->question_text;
	const char *tail = "Popul\xc3\xa6rvitenskapelige b\xc3\xb8ker og blader";
	assert_true(strlen(text) > strlen(tail));
	assert_string_equal(text + strlen(text) - strlen(tail), tail);
	assert_string_equal(v->question_type, "Closed");
	assert_string_equal(v->subtype, "Single");
	assert_string_equal(v->question_name, "i_10");
	assert_null(strstr(text, "\xc3\x83")); /* no mojibake ("Ã") */

	/* s_6: codes out of label order; "Vet ikke" is code 6. */
	v = sx_variable(sx, "s_6");
	assert_non_null(v);
	static const char *const order[] = { "5", "1", "3", "4", "7", "6", "8" };
	assert_int_equal(v->n_labels, ARRAY_SIZE(order));
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		assert_string_equal(v->labels[i].code, order[i]);
	assert_string_equal(sx_label(sx, "s_6", "6"), "Vet ikke");
	assert_string_equal(sx_label(sx, "s_6", "5"), "Da jeg gikk p\xc3\xa5 barneskolen");

	/* A multiple-choice question: one structure row per option. */
	v = sx_variable(sx, "v_1_4");
	assert_non_null(v);
	assert_string_equal(v->question_name, "v_1");
	assert_string_equal(v->subtype, "Multiple");
	assert_int_equal(v->n_choices, 1);
	assert_string_equal(v->choices[0].value, "4");
	assert_string_equal(v->choices[0].text, "Natur, milj\xc3\xb8 og friluftsliv");
	assert_string_equal(sx_label(sx, "v_1_4", "1"), "Valgt");
}

static void test_variants_agree(void **state)
{
	(void)state;
	struct surveyxact sx[3];
	for (size_t k = 0; k < 3; k++) {
		load(&sx[k], &variants[k]);
		check_facts(&sx[k]);
	}
	/* Counted independently (Python's csv module) when the fixtures were copied. */
	assert_int_equal(sx[0].n_label_rows, 1199);
	assert_int_equal(sx[2].n_label_rows, 1199);
	assert_int_equal(sx[1].n_label_rows, 1199 + 57);
	assert_int_equal(sx[0].n_structure_rows, 242);
	assert_int_equal(sx[2].n_structure_rows, 242);
	assert_int_equal(sx[1].n_structure_rows, 244);
	assert_int_equal(sx[0].labels_info.n_records, 1199);
	assert_int_equal(sx[0].structure_info.n_records, 243);

	/* Semicolon and tab variants: exactly the same variables, labels,
	 * questions and choices. The comma variant: the same plus the labels
	 * of b_1_1 (57 school names) and the contact questions id and orgnr. */
	for (size_t k = 1; k < 3; k++) {
		size_t matched = 0;
		for (size_t i = 0; i < sx[0].n_vars; i++) {
			const struct sx_variable *a = &sx[0].vars[i];
			const struct sx_variable *b = sx_variable(&sx[k], a->name);
			assert_non_null(b);
			int school = k == 1 && !strcmp(a->name, "b_1_1");
			assert_int_equal(a->n_labels, school ? 0 : b->n_labels);
			for (size_t j = 0; j < a->n_labels; j++) {
				assert_string_equal(a->labels[j].code, b->labels[j].code);
				assert_string_equal(a->labels[j].label, b->labels[j].label);
			}
			assert_int_equal(!a->question_text, !b->question_text);
			if (a->question_text) {
				assert_string_equal(a->question_text, b->question_text);
				assert_string_equal(a->question_name, b->question_name);
				assert_string_equal(a->question_type, b->question_type);
				assert_string_equal(a->subtype, b->subtype);
			}
			assert_int_equal(a->n_choices, b->n_choices);
			for (size_t j = 0; j < a->n_choices; j++) {
				assert_string_equal(a->choices[j].value, b->choices[j].value);
				assert_string_equal(a->choices[j].text, b->choices[j].text);
			}
			matched++;
		}
		assert_int_equal(matched, sx[0].n_vars);
	}
	assert_int_equal(sx[2].n_vars, sx[0].n_vars);
	assert_int_equal(sx[1].n_vars, sx[0].n_vars + 2);
	assert_int_equal(sx_variable(&sx[0], "b_1_1")->n_labels, 0);
	assert_string_equal(sx_variable(&sx[0], "b_1_1")->question_text, "Skole");
	assert_int_equal(sx_variable(&sx[1], "b_1_1")->n_labels, 57);
	assert_non_null(sx_variable(&sx[1], "id"));
	assert_non_null(sx_variable(&sx[1], "orgnr"));
	for (size_t k = 0; k < 3; k++)
		sx_release(&sx[k]);
}

struct dataset {
	struct strlist header;
	struct strlist rows; /* every record joined with '\x1f' */
	long col;            /* index of i_10 */
	unsigned counts[5];  /* blank, 1, 2, 3, 4 */
	unsigned other;
	int ragged;
};

static int on_dataset(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	(void)err;
	struct dataset *d = ctx;
	if (rec->index == 0) {
		for (size_t i = 0; i < rec->n; i++)
			sl_push(&d->header, rec->field[i]);
		d->col = sl_find(&d->header, "i_10");
		return TILLID_OK;
	}
	if (rec->n != d->header.n)
		d->ragged = 1;
	if (d->col >= 0 && (size_t)d->col < rec->n) {
		char code[8];
		sx_code_normalize(rec->field[d->col], code, sizeof(code));
		if (!*code)
			d->counts[0]++;
		else if (code[0] >= '1' && code[0] <= '4' && !code[1])
			d->counts[code[0] - '0']++;
		else
			d->other++;
	}
	/* Keep the columns the semicolon variant has, to compare variants. */
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t i = 0; i < rec->n; i++) {
		const char *h = i < d->header.n ? d->header.v[i] : "";
		if (!strcmp(h, "id") || !strcmp(h, "orgnr") || !strcmp(h, "forn") ||
		    !strcmp(h, "ettern") || !strcmp(h, "email"))
			continue;
		char code[64];
		sx_code_normalize(rec->field[i], code, sizeof(code));
		sb_addf(&sb, "%s\x1f", code);
	}
	sl_push_owned(&d->rows, sb_detach(&sb));
	return TILLID_OK;
}

static void test_dataset(void **state)
{
	(void)state;
	struct dataset d[3];
	for (size_t k = 0; k < 3; k++) {
		memset(&d[k], 0, sizeof(d[k]));
		d[k].col = -1;
		char *path = xasprintf("%s/dataset.csv", variants[k].dir);
		struct csv_info info;
		csv_info_init(&info);
		struct strbuf err = STRBUF_INIT;
		sb_init(&err);
		int ret = csv_read_file(path, NULL, NULL, on_dataset, &d[k], &info, &err);
		assert_string_equal(err.buf, "");
		assert_int_equal(ret, TILLID_OK);
		assert_int_equal(info.n_records, 1000);
		assert_int_equal(info.encoding, variants[k].enc);
		assert_int_equal(info.delimiter, variants[k].delim);
		assert_int_equal(info.delimiter_consistent, 1);
		assert_int_equal(d[k].rows.n, 999);
		assert_int_equal(d[k].ragged, 0);
		assert_int_equal(d[k].header.n, k == 1 ? 247 : 242);
		assert_true(d[k].col >= 0);
		/* The facts of the fixture README, as the readSX package tests them. */
		assert_int_equal(d[k].counts[0], 624);
		assert_int_equal(d[k].counts[1], 300);
		assert_int_equal(d[k].counts[2], 35);
		assert_int_equal(d[k].counts[3], 22);
		assert_int_equal(d[k].counts[4], 18);
		assert_int_equal(d[k].other, 0);
		free(path);
		csv_info_release(&info);
		sb_release(&err);
	}
	/* The same 999 respondents in the same order, value for value. */
	for (size_t k = 1; k < 3; k++)
		for (size_t i = 0; i < 999; i++)
			assert_string_equal(d[0].rows.v[i], d[k].rows.v[i]);
	for (size_t k = 0; k < 3; k++) {
		sl_release(&d[k].header);
		sl_release(&d[k].rows);
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* labels.csv and structure.csv of a small export, in a directory of their own. */
struct export_files {
	char dir[32];
	char *labels, *structure;
};

static void export_write(struct export_files *f, const char *labels, const char *structure)
{
	strcpy(f->dir, "/tmp/test_surveyxact.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->labels = xasprintf("%s/labels.csv", f->dir);
	f->structure = xasprintf("%s/structure.csv", f->dir);
	write_file(f->labels, labels);
	write_file(f->structure, structure);
}

static void export_remove(struct export_files *f)
{
	remove(f->labels);
	remove(f->structure);
	rmdir(f->dir);
	free(f->labels);
	free(f->structure);
}

static void expect_load_error(const char *labels, const char *structure, const char *msg)
{
	struct export_files f;
	export_write(&f, labels, structure);
	struct surveyxact sx;
	sx_init(&sx);
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(sx_load(&sx, f.labels, f.structure, NULL, &err), TILLID_EDATA);
	char *want = xasprintf(msg, f.dir);
	assert_string_equal(err.buf, want);
	free(want);
	sx_release(&sx);
	sb_release(&err);
	export_remove(&f);
}

static void test_errors(void **state)
{
	(void)state;
	const char *structure = "questionName;variableName;questionType;subType;questionText;"
				"choiceValue;choiceText\nq1;q1;Closed;Single;Hvordan?;;\n";
	expect_load_error("q1;1;Helt enig\nq1;2\n", structure,
			  "'%s/labels.csv':2: labels row has 2 fields, expected 3 (variable, code, label)");
	expect_load_error("q1;1;Helt enig\nq1;1.0;Helt uenig\n", structure,
			  "'%s/labels.csv':2: code '1' of variable 'q1' labelled twice: 'Helt enig' "
			  "(line 1) and 'Helt uenig'");
	expect_load_error("q1;1;Helt enig\nq1; ;x\n", structure,
			  "'%s/labels.csv':2: labels row without a code");
	expect_load_error("q1;1;Helt enig\n", "name;text;type\nq1;Hvordan?;Closed\n",
			  "'%s/structure.csv':1: structure header lacks variableName (expected "
			  "questionName, variableName, questionType, subType, questionText, "
			  "choiceValue, choiceText)");
	expect_load_error("q1;1;\"Helt enig\n", structure,
			  "'%s/labels.csv':1:6: unterminated quoted field starting '\"Helt enig'");
}

/* The same label twice is harmless; labels and structure of a small export
 * with codes written as "1.0". */
static void test_small_export(void **state)
{
	(void)state;
	struct export_files f;
	export_write(&f, "q1;1.0;Helt uenig\nq1;5.0;Helt enig \nq1;9;Ved ikke\nq1;1;Helt uenig\n",
		     "questionName,variableName,questionType,subType,questionText,choiceValue,"
		     "choiceText,\nq1,q1,Closed,Single,\"Jeg har tillid, alt i alt \",,,\n"
		     ",,Text,,\"Tak for hj\xc3\xa6lpen\",,,\n");
	struct surveyxact sx;
	sx_init(&sx);
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(sx_load(&sx, f.labels, f.structure, NULL, &err), TILLID_OK);
	assert_string_equal(err.buf, "");
	assert_int_equal(sx.n_vars, 1);
	assert_int_equal(sx.n_label_rows, 4);
	assert_int_equal(sx.n_structure_rows, 2);
	assert_int_equal(sx.vars[0].n_labels, 3);
	assert_string_equal(sx_label(&sx, "q1", "5"), "Helt enig");
	assert_string_equal(sx_label(&sx, "q1", "9.0"), "Ved ikke");
	assert_string_equal(sx_variable(&sx, "q1")->question_text, "Jeg har tillid, alt i alt");
	assert_int_equal(sx_variable(&sx, "q1")->n_choices, 0);
	assert_int_equal(sx_variable(&sx, "q1")->structure_line, 2);
	sx_release(&sx);
	sb_release(&err);
	export_remove(&f);
}

/* Background questions, by questionType or by the heading SurveyXact puts
 * before their text: the readSX export's contact details ("Kontaktopplysninger
 * - id") and the draft fixture's group ("Baggrundsoplysninger - gruppe"). */
static void test_background(void **state)
{
	(void)state;
	assert_true(sx_is_background("Open", "Baggrundsoplysninger - Gruppe"));
	assert_true(sx_is_background("Closed", "baggrundsoplysninger - kommune"));
	assert_true(sx_is_background("Open", "Kontaktoplysninger - pseudonym"));
	assert_true(sx_is_background("Background", "Gruppe"));
	assert_true(sx_is_background(NULL, "Background information - unit"));
	assert_false(sx_is_background("Closed", "Baggrundsoplysninger om dig"));
	assert_false(sx_is_background("Closed", "Er du borger eller pårørende?"));
	assert_false(sx_is_background(NULL, NULL));

	struct surveyxact sx;
	sx_init(&sx);
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(sx_load(&sx, NULL, "tests/fixtures/readsx/ex_survey2_comma_ansi/structure.csv",
				 NULL, &err), TILLID_OK);
	assert_true(sx_variable(&sx, "id")->background);
	assert_true(sx_variable(&sx, "orgnr")->background);
	assert_false(sx_variable(&sx, "b_1")->background);
	assert_false(sx_variable(&sx, "s_1")->background);
	sx_release(&sx);
	sx_init(&sx);
	assert_int_equal(sx_load(&sx, NULL, "tests/fixtures/draft/sx/foer/structure.csv", NULL, &err),
			 TILLID_OK);
	assert_true(sx_variable(&sx, "gruppe")->background);
	assert_true(sx_variable(&sx, "pseudoid")->background);
	assert_false(sx_variable(&sx, "s_1")->background);
	sx_release(&sx);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_normalize),
		cmocka_unit_test(test_variants_agree),
		cmocka_unit_test(test_dataset),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_small_export),
		cmocka_unit_test(test_background),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
