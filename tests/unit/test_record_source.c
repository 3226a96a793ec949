/* test_record_source.c: unit tests for reading any export through one record source: CSV or workbook chosen by content, positions, Qualtrics' header rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pipeline/record_source.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#define FIX "tests/fixtures/xlsx/"

/* Every record as "LINE:INDEX:f1|f2|...". */
static int collect_fn(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct strlist *out = ctx;
	(void)err;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	sb_addf(&sb, "%llu:%llu:", (unsigned long long)rec->line, (unsigned long long)rec->index);
	for (size_t i = 0; i < rec->n; i++)
		sb_addf(&sb, "%s%s", i ? "|" : "", rec->field[i]);
	sl_push_owned(out, sb_detach(&sb));
	return TILLID_OK;
}

static int read_all(const char *path, enum source_kind kind, struct strlist *out,
		    struct source_info *info, struct strbuf *err)
{
	struct source_options opt = SOURCE_OPTIONS_INIT;
	opt.kind = kind;
	memset(out, 0, sizeof(*out));
	source_info_init(info);
	return source_read(path, NULL, &opt, collect_fn, out, info, err);
}

static void test_kind_by_content(void **state)
{
	(void)state;
	struct strlist rec;
	struct source_info info;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(read_all(FIX "forms-foer.xlsx", SOURCE_AUTO, &rec, &info, &err), TILLID_OK);
	assert_int_equal(info.kind, SOURCE_XLSX);
	assert_string_equal(info.xlsx.sheet, "Sheet1");
	assert_int_equal(rec.n, 41);
	assert_int_equal(info.qualtrics, 0);
	sl_release(&rec);
	source_info_release(&info);
	assert_int_equal(read_all(FIX "forms-foer.csv", SOURCE_AUTO, &rec, &info, &err), TILLID_OK);
	assert_int_equal(info.kind, SOURCE_CSV);
	assert_int_equal(rec.n, 41);
	sl_release(&rec);
	source_info_release(&info);
	/* A workbook named as CSV, and an .xls, are refused with the way out. */
	assert_int_equal(read_all(FIX "forms-foer.xlsx", SOURCE_CSV, &rec, &info, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "write format = xlsx"));
	assert_int_equal(rec.n, 0);
	sl_release(&rec);
	source_info_release(&info);
	sb_reset(&err);
	assert_int_equal(read_all(FIX "bad/old.xls", SOURCE_AUTO, &rec, &info, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "save it as Excel Workbook (.xlsx) or CSV UTF-8"));
	sl_release(&rec);
	source_info_release(&info);
	sb_release(&err);
}

static void check_where(const struct source_info *info, uint64_t line, size_t col, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	source_where(info, "f", line, col, &sb);
	assert_string_equal(sb.buf, want);
	sb_release(&sb);
}

static void test_where(void **state)
{
	(void)state;
	struct source_info info;
	source_info_init(&info);
	info.kind = SOURCE_CSV;
	check_where(&info, 12, 7, "'f':12:7:");
	check_where(&info, 12, 0, "'f':12:");
	check_where(&info, 0, 0, "'f':");
	check_where(NULL, 3, 2, "'f':3:2:");
	info.kind = SOURCE_XLSX;
	info.xlsx.sheet = xstrdup("Ark1");
	check_where(&info, 23, 6, "'f':Ark1!F23:");
	check_where(&info, 23, 0, "'f':Ark1!23:23:");
	check_where(&info, 0, 0, "'f':");
	source_info_release(&info);
}

static void test_qualtrics(void **state)
{
	(void)state;
	struct strlist rec;
	struct source_info info;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(read_all(FIX "qualtrics.csv", SOURCE_AUTO, &rec, &info, &err), TILLID_OK);
	assert_int_equal(info.qualtrics, 1);
	/* The header, then the data from line 4 on, numbered from 1. */
	assert_int_equal(rec.n, 25);
	assert_true(!strncmp(rec.v[0], "1:0:StartDate|EndDate|", 22));
	assert_true(!strncmp(rec.v[1], "4:1:2021-03-01 10:00:00|", 24));
	assert_true(!strncmp(rec.v[24], "27:24:2021-03-24 10:23:00|", 26));
	assert_int_equal(info.question.n, 18);
	assert_string_equal(info.question.v[13], "Hvem besvarer skemaet?");
	assert_int_equal(info.import_id.n, 18);
	assert_string_equal(info.import_id.v[0], "startDate");
	assert_string_equal(info.import_id.v[14], "QID2_1");
	/* The same export as a workbook: the same records and texts, rows for lines. */
	struct strlist book;
	struct source_info binfo;
	assert_int_equal(read_all(FIX "qualtrics.xlsx", SOURCE_AUTO, &book, &binfo, &err), TILLID_OK);
	assert_int_equal(binfo.kind, SOURCE_XLSX);
	assert_int_equal(binfo.qualtrics, 1);
	assert_int_equal(book.n, rec.n);
	for (size_t i = 0; i < rec.n; i++)
		assert_string_equal(book.v[i], rec.v[i]);
	for (size_t j = 0; j < info.question.n; j++) {
		assert_string_equal(binfo.question.v[j], info.question.v[j]);
		assert_string_equal(binfo.import_id.v[j], info.import_id.v[j]);
	}
	sl_release(&book);
	source_info_release(&binfo);
	sl_release(&rec);
	source_info_release(&info);
	sb_release(&err);
}

/* Two records, or a third row that is not import ids, pass through whole. */
static void test_not_qualtrics(void **state)
{
	(void)state;
	char *dir = xasprintf("%s/q", test_tmpdir);
	struct strlist rec;
	struct source_info info;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	write_text(dir, "a,b\n1,2\n");
	assert_int_equal(read_all(dir, SOURCE_CSV, &rec, &info, &err), TILLID_OK);
	assert_int_equal(info.qualtrics, 0);
	assert_int_equal(rec.n, 2);
	assert_string_equal(rec.v[1], "2:1:1|2");
	sl_release(&rec);
	source_info_release(&info);
	write_text(dir, "a,b\nText a,Text b\n\"{\"\"x\"\":1}\",3\n4,5\n");
	assert_int_equal(read_all(dir, SOURCE_CSV, &rec, &info, &err), TILLID_OK);
	assert_int_equal(info.qualtrics, 0);
	assert_int_equal(rec.n, 4);
	assert_string_equal(rec.v[1], "2:1:Text a|Text b");
	assert_string_equal(rec.v[2], "3:2:{\"x\":1}|3");
	assert_string_equal(rec.v[3], "4:3:4|5");
	sl_release(&rec);
	source_info_release(&info);
	/* Import ids with spaces, and a blank field among them. */
	write_text(dir, "a,b,c\nA,B,C\n\"{ \"\"ImportId\"\" : \"\"QID1\"\"}\",,\"{\"\"ImportId\"\":\"\"Q\\\"\"x\"\"}\"\n1,2,3\n");
	assert_int_equal(read_all(dir, SOURCE_CSV, &rec, &info, &err), TILLID_OK);
	assert_int_equal(info.qualtrics, 1);
	assert_int_equal(rec.n, 2);
	assert_string_equal(info.import_id.v[0], "QID1");
	assert_string_equal(info.import_id.v[1], "");
	assert_string_equal(info.import_id.v[2], "Q\"x");
	sl_release(&rec);
	source_info_release(&info);
	sb_release(&err);
	free(dir);
}

static void test_qualtrics_ids(void **state)
{
	(void)state;
	assert_true(qualtrics_is_metadata("startDate"));
	assert_true(qualtrics_is_metadata("_recordId"));
	assert_false(qualtrics_is_metadata("QID1"));
	assert_false(qualtrics_is_metadata("pseudonym"));
	assert_true(qualtrics_is_text_entry("QID4_TEXT"));
	assert_false(qualtrics_is_text_entry("QID4"));
	assert_false(qualtrics_is_text_entry("_TEXT"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_by_content),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_qualtrics),
		cmocka_unit_test(test_not_qualtrics),
		cmocka_unit_test(test_qualtrics_ids),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
