/* test_ingest.c: unit tests for ingest: answer mapping, reverse coding, pairing, duplicates, personal data, outputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/dataset.h"
#include "pipeline/ingest.h"
#include "pipeline/pii.h"
#include "pipeline/study.h"
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes content to name in the scratch directory; returns the path, which
 * the caller frees. */
static char *put(const char *name, const char *content)
{
	char *path = path_join(test_tmpdir, name);
	write_text(path, content);
	return path;
}

/* A study of two waves in plain CSV: foer.csv and efter.csv, one agreement
 * scale with an English label set, an also spelling, two missing answers,
 * a negatively worded item, and `extra` appended (e.g. a [checks] section). */
static const char study_head[] =
	"[study]\n"
	"name = Enhedstest\n"
	"key_file = test.key\n"
	"[columns]\n"
	"group = gruppe\n"
	"key = id\n"
	"drop = mail\n"
	"[wave foer]\n"
	"format = csv\n"
	"file = foer.csv\n"
	"[wave efter]\n"
	"format = csv\n"
	"file = efter.csv\n"
	"[group borger]\n"
	"value = Borger | 1\n"
	"[group paaroerende]\n"
	"value = Pårørende | 2\n"
	"[answers enig5]\n"
	"points = 5\n"
	"point.1 = Helt uenig\n"
	"point.2 = Overvejende uenig\n"
	"point.3 = Hverken enig eller uenig\n"
	"point.4 = Overvejende enig\n"
	"point.5 = Helt enig\n"
	"point_en.1 = Strongly disagree\n"
	"point_en.2 = Somewhat disagree\n"
	"point_en.3 = Neither agree nor disagree\n"
	"point_en.4 = Somewhat agree\n"
	"point_en.5 = Strongly agree\n"
	"also.4 = Delvis enig\n"
	"missing = Ved ikke | Ønsker ikke at svare\n"
	"[answers koder]\n"
	"points = 3\n"
	"point.1 = Nej\n"
	"point.2 = Delvist\n"
	"point.3 = Ja\n"
	"missing = Ved ikke\n"
	"code.0 = 1\n"
	"code.5 = 2\n"
	"code.10 = 3\n"
	"code.99 = missing:1\n"
	"[scale tillid]\n"
	"label = Tillid\n"
	"[item t1]\n"
	"column = q1\n"
	"answers = enig5\n"
	"scale = tillid\n"
	"[item t2]\n"
	"column = q2\n"
	"answers = enig5\n"
	"scale = tillid\n"
	"reverse = yes\n";

static void load(struct study *s, const char *extra)
{
	char *text = xasprintf("%s%s", study_head, extra ? extra : "");
	char *path = put("study.ini", text);
	struct strbuf err = STRBUF_INIT;
	study_init(s);
	int rc = study_load(s, path, &err);
	if (rc != TILLID_OK)
		fail_msg("study_load: %s", err.buf);
	sb_release(&err);
	free(path);
	free(text);
}

/* What an answer map makes of a text: the result, and the value when it
 * is ANSWER_OK. */
struct mapping {
	const char *text;
	enum answer_result result;
	uint8_t value;
};

/* Every mapping of want[0..n) on the answer map of scale a. */
static void expect_mappings(const struct study_answers *a, const struct mapping *want, size_t n)
{
	struct answer_map m;
	answer_map_init(&m, a);
	for (size_t i = 0; i < n; i++) {
		uint8_t out = 77;
		enum answer_result got = answer_map_lookup(&m, want[i].text, &out);
		if (got != want[i].result || (got == ANSWER_OK && out != want[i].value))
			fail_msg("'%s': result %d value %d, expected %d value %d", want[i].text, got, out,
				 want[i].result, want[i].value);
	}
	answer_map_release(&m);
}

static void test_answer_mapping(void **state)
{
	(void)state;
	struct study s;
	load(&s, NULL);
	static const struct mapping enig5[] = {
		/* Labels, exactly after trimming. */
		{ "Helt enig", ANSWER_OK, 5 },
		{ "  Helt enig\t", ANSWER_OK, 5 },
		{ "Helt uenig", ANSWER_OK, 1 },
		{ "Helt  enig", ANSWER_UNKNOWN, 0 },
		{ "helt enig", ANSWER_UNKNOWN, 0 },
		{ "Helt enig.", ANSWER_UNKNOWN, 0 },
		/* English labels, also spellings, non-substantive answers. */
		{ "Strongly agree", ANSWER_OK, 5 },
		{ "Delvis enig", ANSWER_OK, 4 },
		{ "Ved ikke", ANSWER_OK, TDS_NONSUBST_BASE + 1 },
		{ "Ønsker ikke at svare ", ANSWER_OK, TDS_NONSUBST_BASE + 2 },
		/* Blank. */
		{ "", ANSWER_OK, TDS_BLANK },
		{ " \r\n", ANSWER_OK, TDS_BLANK },
		/* Codes: default 1..k, written as integers or with a zero fraction. */
		{ "4", ANSWER_OK, 4 },
		{ "4.0", ANSWER_OK, 4 },
		{ " 04 ", ANSWER_OK, 4 },
		{ "1.", ANSWER_OK, 1 },
		{ "0", ANSWER_OUT_OF_RANGE, 0 },
		{ "6", ANSWER_OUT_OF_RANGE, 0 },
		{ "-1", ANSWER_OUT_OF_RANGE, 0 },
		{ "4.5", ANSWER_OUT_OF_RANGE, 0 },
		{ "4,5", ANSWER_OUT_OF_RANGE, 0 },
		{ "4a", ANSWER_UNKNOWN, 0 },
	};
	expect_mappings(&s.answers[0], enig5, ARRAY_SIZE(enig5));
	/* Explicit codes replace the default and may point at a missing answer. */
	static const struct mapping koder[] = {
		{ "0", ANSWER_OK, 1 },
		{ "5.0", ANSWER_OK, 2 },
		{ "10", ANSWER_OK, 3 },
		{ "99", ANSWER_OK, TDS_NONSUBST_BASE + 1 },
		{ "1", ANSWER_OUT_OF_RANGE, 0 },
		{ "3", ANSWER_OUT_OF_RANGE, 0 },
		{ "Ja", ANSWER_OK, 3 },
	};
	expect_mappings(&s.answers[1], koder, ARRAY_SIZE(koder));
	study_release(&s);

	long c;
	assert_true(ingest_parse_code("4.0", &c) && c == 4);
	assert_true(ingest_parse_code("-12", &c) && c == -12);
	assert_true(ingest_parse_code("+3.00", &c) && c == 3);
	assert_false(ingest_parse_code("4.5", &c));
	assert_false(ingest_parse_code("", &c));
	assert_false(ingest_parse_code(".", &c));
	assert_false(ingest_parse_code("1e3", &c));
	assert_true(ingest_is_number("4.5"));
	assert_false(ingest_is_number("1e3"));
	assert_false(ingest_is_number("Ja"));
}

/* A study (study_head with extra appended) and what ingest_read made of
 * the files already written to the scratch directory. */
struct ingested {
	struct study s;
	struct tds d;
	struct ingest_report r;
};

/* Loads the study into x and reads its files with the pairing secret
 * secret; fails the test when either fails.  ingested_release frees x. */
static void ingest(struct ingested *x, const char *extra, const uint8_t secret[32])
{
	struct strbuf err = STRBUF_INIT;
	load(&x->s, extra);
	tds_init(&x->d);
	ingest_report_init(&x->r);
	int rc = ingest_read(&x->s, secret, 32, 1, &x->d, &x->r, &err);
	if (rc != TILLID_OK)
		fail_msg("ingest_read: %s", err.buf);
	sb_release(&err);
}

static void ingested_release(struct ingested *x)
{
	ingest_report_release(&x->r);
	tds_release(&x->d);
	study_release(&x->s);
}

static const uint8_t secret_a[32] = "tillid unit test secret A ......";
static const uint8_t secret_b[32] = "tillid unit test secret B ......";

static void put_two_waves(void)
{
	free(put("foer.csv", "id;gruppe;mail;q1;q2\r\n"
			     "K-1;Borger;anne@example.dk;Helt enig;Overvejende uenig\r\n"
			     "K-2;Pårørende;;4.0;Ved ikke\r\n"
			     "K-3;1;;;5\r\n"));
	free(put("efter.csv", "\xEF\xBB\xBF\"gruppe\",\"q2\",\"q1\",\"id\"\n"
			      "\"Borger\",\"Helt uenig\",\"Delvis enig\",\"K-1\"\n"
			      "\"2\",\"2\",\"Helt uenig\",\" K-3 \"\n"
			      "\"Borger\",\"\",\"\",\"\"\n"));
}

static void test_read_and_reverse(void **state)
{
	(void)state;
	put_two_waves();
	struct ingested x;
	ingest(&x, NULL, secret_a);
	const struct tds *d = &x.d;
	const struct ingest_report *r = &x.r;
	assert_int_equal(ingest_blocking_problems(r), 0);

	assert_int_equal(d->n_rows, 6);
	assert_int_equal(d->meta.n_items, 2);
	/* foer, in file order. */
	assert_int_equal(d->rows[0].wave, 0);
	assert_int_equal(d->rows[0].group, 0);
	assert_int_equal(tds_value(d, 0, 0), 5);
	assert_int_equal(tds_value(d, 0, 1), 2);
	assert_int_equal(tds_value(d, 1, 0), 4);
	assert_int_equal(tds_value(d, 1, 1), TDS_NONSUBST_BASE + 1);
	assert_int_equal(d->rows[2].group, 0); /* code 1 means Borger */
	assert_int_equal(tds_value(d, 2, 0), TDS_BLANK);
	/* efter: columns in another order, a BOM, quoted fields. */
	assert_int_equal(d->rows[3].wave, 1);
	assert_int_equal(tds_value(d, 3, 0), 4); /* Delvis enig */
	assert_int_equal(tds_value(d, 3, 1), 1);
	assert_int_equal(d->rows[4].group, 1);
	assert_false(tds_key_is_set(&d->rows[5]));

	/* Reverse coding happens when scoring, not in the data. */
	assert_int_equal(tds_scored(d, 0, tds_value(d, 0, 0)), 5);
	assert_int_equal(tds_scored(d, 1, tds_value(d, 0, 1)), 4); /* 2 on a reversed item */
	assert_int_equal(tds_scored(d, 1, tds_value(d, 3, 1)), 5);
	assert_int_equal(tds_scored(d, 1, tds_value(d, 1, 1)), 0); /* Ved ikke */
	assert_int_equal(tds_scored(d, 0, tds_value(d, 2, 0)), 0); /* blank */

	/* Metadata from the study file. */
	assert_string_equal(d->meta.study_name, "Enhedstest");
	assert_int_equal(strlen(d->meta.study_sha256), 64);
	assert_int_equal(d->meta.n_waves, 2);
	assert_int_equal(d->meta.items[1].reverse, 1);
	assert_int_equal(d->meta.answers[0].n_nonsubst, 2);
	assert_string_equal(d->meta.answers[0].nonsubst_da[1], "Ønsker ikke at svare");
	assert_int_equal(d->meta.n_sources, 2);
	assert_string_equal(d->meta.sources[1].path, "efter.csv");
	assert_string_equal(d->meta.sources[1].encoding, "utf-8");
	assert_string_equal(d->meta.sources[1].delimiter, "comma");
	assert_int_equal(d->meta.sources[0].rows_kept, 3);

	/* The e-mail column is named, by header and by content. */
	assert_int_equal(r->n_warnings, 1);
	assert_string_equal(r->warnings[0].header, "mail");
	assert_int_equal(r->warnings[0].column, 3);
	assert_true(r->warnings[0].by_header && r->warnings[0].by_content);
	assert_int_equal(r->warnings[0].kinds, PII_EMAIL);

	ingested_release(&x);
}

/* Does the file at path contain the bytes s? */
static int file_contains(const char *path, const char *s)
{
	size_t len;
	char *buf = slurp_file(path, &len);
	int found = mem_contains(buf, len, s);
	free(buf);
	return found;
}

static void test_pairing(void **state)
{
	(void)state;
	put_two_waves();
	struct ingested xa, xb;
	ingest(&xa, NULL, secret_a);
	ingest(&xb, NULL, secret_b);
	const struct tds *a = &xa.d, *b = &xb.d;
	struct ingest_report *ra = &xa.r;

	/* K-1 and K-3 answered both waves: the same pseudonym in both. */
	assert_memory_equal(a->rows[0].key, a->rows[3].key, 16);
	assert_memory_equal(a->rows[2].key, a->rows[4].key, 16);
	assert_memory_not_equal(a->rows[0].key, a->rows[1].key, 16);
	/* The pseudonym is HMAC-SHA-256(secret, key), cut to 16 bytes. */
	uint8_t want[16];
	assert_int_equal(pii_pseudonym(secret_a, sizeof(secret_a), "K-2", 3, want), 0);
	assert_memory_equal(a->rows[1].key, want, 16);
	/* Another secret, other pseudonyms. */
	for (size_t i = 0; i < 5; i++)
		assert_memory_not_equal(a->rows[i].key, b->rows[i].key, 16);

	ingest_report_summarise(ra, a);
	assert_int_equal(ra->waves[1].with_key, 2);
	assert_int_equal(ra->waves[1].paired, 2);
	assert_int_equal(ra->waves[0].paired, 2);

	/* No output holds a raw key or the e-mail address. */
	char *out = path_join(test_tmpdir, "out-pairing");
	struct strbuf err = STRBUF_INIT;
	ra->status = TILLID_OK;
	assert_int_equal(ingest_write_outputs(a, ra, out, 1, CSV_RFC4180, &err), TILLID_OK);
	static const char *files[] = { "clean.tds", "clean.csv", "ingest.txt", "ingest.json" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *p = path_join(out, files[i]);
		assert_false(file_contains(p, "K-1"));
		assert_false(file_contains(p, "K-3"));
		assert_false(file_contains(p, "anne@"));
		free(p);
	}
	/* And the data reads back as written. */
	struct tds back;
	char *p = path_join(out, "clean.tds");
	assert_int_equal(tds_read(&back, p, &err), TILLID_OK);
	assert_int_equal(back.n_rows, a->n_rows);
	assert_memory_equal(back.values, a->values, a->n_rows * a->meta.n_items);
	assert_memory_equal(back.rows[4].key, a->rows[4].key, 16);
	tds_release(&back);
	free(p);
	free(out);
	sb_release(&err);

	ingested_release(&xa);
	ingested_release(&xb);
}

static int count_kind(const struct ingest_report *r, int kind)
{
	int n = 0;
	for (size_t i = 0; i < r->n_problems; i++)
		n += r->problems[i].kind == kind;
	return n;
}

/* Pairs over three waves, counted from any dataset: a first-wave row is
 * paired when a later wave has its key (each of two rows with one key
 * counts), a later row when the first wave has its key. */
static void test_pairs_three_waves(void **state)
{
	(void)state;
	struct tds d;
	tds_init(&d);
	d.meta.n_waves = 3;
	d.meta.waves = xcalloc(3, sizeof(*d.meta.waves));
	static const struct {
		uint8_t wave;
		char key; /* 0: none */
	} rows[] = { { 0, 'A' }, { 0, 'A' }, { 0, 'B' }, { 0, 'C' }, { 0, 0 },
		     { 1, 'A' }, { 1, 'D' }, { 2, 'B' }, { 2, 'A' } };
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct tds_row row = { rows[i].wave, TDS_NONE, TDS_NONE, TDS_NONE, { 0 } };
		row.key[15] = (uint8_t)rows[i].key;
		tds_add_row(&d, &row);
	}
	struct ingest_report r;
	ingest_report_init(&r);
	ingest_report_summarise(&r, &d);
	static const uint64_t n[3] = { 5, 2, 2 }, with_key[3] = { 4, 2, 2 }, paired[3] = { 3, 1, 2 };
	for (size_t w = 0; w < 3; w++) {
		assert_int_equal(r.waves[w].rows, n[w]);
		assert_int_equal(r.waves[w].with_key, with_key[w]);
		assert_int_equal(r.waves[w].paired, paired[w]);
	}
	ingest_report_release(&r);
	tds_release(&d);
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	free(put("foer.csv", "id;gruppe;mail;q1;q2\n"
			     "K-1;Borger;;1;1\n"
			     "K-2;Borger;;2;2\n"
			     "K-1 ;Borger;;3;3\n"
			     "K-1;Pårørende;;4;4\n"));
	free(put("efter.csv", "gruppe;q2;q1;id\nBorger;1;1;K-1\n"));

	/* Without a skip rule: two problems that block the run, each located. */
	struct ingested x;
	ingest(&x, NULL, secret_a);
	assert_int_equal(count_kind(&x.r, PROBLEM_DUPLICATE_KEY), 2);
	assert_int_equal(ingest_blocking_problems(&x.r), 2);
	const struct ingest_problem *p = &x.r.problems[0];
	assert_int_equal(p->line, 4);
	assert_int_equal(p->column, 1);
	assert_false(x.r.skipped[PROBLEM_DUPLICATE_KEY]);
	assert_non_null(strstr(p->message, "(value hidden: pairing key)"));
	assert_non_null(strstr(p->message, "line 2"));
	assert_null(strstr(p->message, "K-1"));
	ingested_release(&x);

	/* With skip = duplicate_key: the first row is kept, the others counted. */
	ingest(&x, "[checks]\nskip = duplicate_key\n", secret_a);
	assert_int_equal(ingest_blocking_problems(&x.r), 0);
	assert_int_equal(x.d.n_rows, 3);
	assert_int_equal(tds_value(&x.d, 0, 0), 1);
	assert_int_equal(tds_value(&x.d, 1, 0), 2);
	assert_int_equal(x.d.rows[2].wave, 1);
	assert_int_equal(x.r.files[0].rows_rejected, 2);
	assert_int_equal(x.r.files[0].rejected_by[PROBLEM_DUPLICATE_KEY], 2);
	assert_true(x.r.skipped[PROBLEM_DUPLICATE_KEY]);
	assert_false(x.r.skipped[INGEST_ERROR]);
	ingested_release(&x);
}

static void test_value_problems(void **state)
{
	(void)state;
	free(put("foer.csv", "id;gruppe;mail;q1;q2\n"
			     "K-1;Borger;;Helt  enig;7\n"
			     "K-2;Lærer;;1;1\n"
			     "K-3;Borger;;120375-1234;1\n"
			     "K-4;Borger;;1\n"));
	free(put("efter.csv", "gruppe;q1;id\nBorger;1;K-1\n"));
	struct ingested x;
	ingest(&x, "[checks]\nskip = unknown_answer | out_of_range | missing_column\n", secret_a);
	/* Skipped kinds drop the value; unknown_group and ragged_row block. */
	assert_int_equal(count_kind(&x.r, PROBLEM_UNKNOWN_ANSWER), 2);
	assert_int_equal(count_kind(&x.r, PROBLEM_OUT_OF_RANGE), 1);
	assert_int_equal(count_kind(&x.r, PROBLEM_UNKNOWN_GROUP), 1);
	assert_int_equal(count_kind(&x.r, PROBLEM_RAGGED_ROW), 1);
	assert_int_equal(count_kind(&x.r, PROBLEM_MISSING_COLUMN), 1);
	assert_int_equal(ingest_blocking_problems(&x.r), 2);
	assert_int_equal(x.d.n_rows, 3);
	assert_int_equal(tds_value(&x.d, 0, 0), TDS_REJECTED);
	assert_int_equal(tds_value(&x.d, 0, 1), TDS_REJECTED);
	assert_int_equal(tds_value(&x.d, 1, 0), TDS_REJECTED);
	assert_int_equal(tds_value(&x.d, 2, 1), TDS_BLANK); /* q2 is missing in efter */
	assert_int_equal(x.r.files[0].values_dropped[PROBLEM_UNKNOWN_ANSWER], 2);
	for (size_t i = 0; i < x.r.n_problems; i++) {
		const struct ingest_problem *p = &x.r.problems[i];
		assert_null(strstr(p->message, "120375"));
		if (p->kind == PROBLEM_UNKNOWN_ANSWER && p->line == 2)
			assert_non_null(strstr(p->message, "foer.csv':2:4: unknown_answer 'Helt  enig' for item t1 (column 'q1')"));
		if (p->kind == PROBLEM_UNKNOWN_ANSWER && p->line == 4)
			assert_non_null(strstr(p->message, "(value hidden: looks like personal data)"));
		if (p->kind == PROBLEM_OUT_OF_RANGE)
			assert_non_null(strstr(p->message, "foer.csv':2:5: out_of_range '7' for item t2"));
		if (p->kind == PROBLEM_UNKNOWN_GROUP)
			assert_non_null(strstr(p->message, "foer.csv':3:2: unknown_group 'Lærer'"));
		if (p->kind == PROBLEM_RAGGED_ROW)
			assert_non_null(strstr(p->message, "foer.csv':5: ragged_row: 4 fields where the header has 5"));
		if (p->kind == PROBLEM_MISSING_COLUMN)
			assert_non_null(strstr(p->message, "efter.csv':1: missing_column 'q2' for item t2"));
	}
	ingested_release(&x);
}

/* Past INGEST_PROBLEMS_KEPT of a kind in a file, problems are counted, not kept. */
static void test_problems_kept(void **state)
{
	(void)state;
	struct ingest_report r;
	ingest_report_init(&r);
	ingest_report_add_file(&r, 0, "csv", "a.csv", "a.csv");
	ingest_report_add_file(&r, 0, "csv", "b.csv", "b.csv");
	size_t worded = 0;
	for (size_t i = 0; i < INGEST_PROBLEMS_KEPT + 3; i++) {
		if (ingest_report_count_unlisted(&r, 0, PROBLEM_OUT_OF_RANGE))
			continue;
		ingest_report_problem(&r, 0, PROBLEM_OUT_OF_RANGE, i + 2, 1, "out_of_range");
		worded++;
	}
	ingest_report_problem(&r, 1, PROBLEM_OUT_OF_RANGE, 2, 1, "out_of_range");
	assert_int_equal(worded, INGEST_PROBLEMS_KEPT);
	assert_int_equal(r.files[0].problems[PROBLEM_OUT_OF_RANGE], INGEST_PROBLEMS_KEPT + 3);
	assert_int_equal(r.files[0].problems_listed[PROBLEM_OUT_OF_RANGE], INGEST_PROBLEMS_KEPT);
	assert_int_equal(r.files[1].problems_listed[PROBLEM_OUT_OF_RANGE], 1);
	assert_int_equal(r.n_problems, INGEST_PROBLEMS_KEPT + 1);
	assert_int_equal(ingest_report_total(&r, PROBLEM_OUT_OF_RANGE), INGEST_PROBLEMS_KEPT + 4);
	ingest_report_release(&r);
}

static int tmp_files(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".tmp-") != NULL;
	closedir(d);
	return n;
}

static void test_study_run(void **state)
{
	(void)state;
	struct study s;
	load(&s, NULL);
	study_release(&s);
	put_two_waves();
	char *study = path_join(test_tmpdir, "study.ini");
	char *out = path_join(test_tmpdir, "out-run");
	char *key = path_join(test_tmpdir, "test.key");
	unlink(key);
	FILE *log = tmpfile(), *sum = tmpfile();
	struct ingest_options opt = INGEST_OPTIONS_INIT;
	opt.out_dir = out;
	opt.log = log;
	opt.out = sum;
	opt.csv = 1;

	/* A good run creates the key file and writes the four outputs. */
	assert_int_equal(ingest_study(study, &opt), TILLID_OK);
	struct stat st;
	assert_int_equal(stat(key, &st), 0);
	char *csv = path_join(out, "clean.csv");
	size_t good_len;
	char *good = slurp_file(csv, &good_len);

	/* A bad run stops with TILLID_EDATA and leaves them untouched. */
	free(put("efter.csv", "gruppe;q2;q1;id\nBorger;1;Helt  enig;K-1\n"));
	assert_int_equal(ingest_study(study, &opt), TILLID_EDATA);
	size_t now_len;
	char *now = slurp_file(csv, &now_len);
	assert_int_equal(now_len, good_len);
	assert_memory_equal(now, good, good_len);
	assert_int_equal(tmp_files(out), 0);
	free(now);

	/* The log says what was wrong, where. */
	rewind(log);
	char line[512];
	int seen = 0;
	while (fgets(line, sizeof(line), log))
		seen |= strstr(line, "efter.csv':2:3: unknown_answer 'Helt  enig' for item t1") != NULL;
	assert_true(seen);

	/* A missing export is a system error. */
	char *efter = path_join(test_tmpdir, "efter.csv");
	unlink(efter);
	assert_int_equal(ingest_study(study, &opt), TILLID_ESYS);

	fclose(log);
	fclose(sum);
	free(efter);
	free(good);
	free(csv);
	free(key);
	free(out);
	free(study);
}

static void test_json_string(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	ingest_json_string(&sb, "a\"b\\c\nd\te\x01 æ \xff");
	assert_string_equal(sb.buf, "\"a\\\"b\\\\c\\nd\\te\\u0001 æ \\ufffd\"");
	/* Each byte of an overlong form, a surrogate, a code point past
	 * U+10FFFF or a sequence cut short is one U+FFFD. */
	sb_reset(&sb);
	ingest_json_string(&sb, "\xC0\xAF|\xED\xA0\x80|\xF4\x90\x80\x80|\xF0\x9F\x98\x80|\xE2\x82");
	assert_string_equal(sb.buf, "\"\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd\\ufffd|"
				    "\xF0\x9F\x98\x80|\\ufffd\\ufffd\"");
	sb_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer_mapping),
		cmocka_unit_test(test_read_and_reverse),
		cmocka_unit_test(test_pairing),
		cmocka_unit_test(test_pairs_three_waves),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_value_problems),
		cmocka_unit_test(test_problems_kept),
		cmocka_unit_test(test_study_run),
		cmocka_unit_test(test_json_string),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
