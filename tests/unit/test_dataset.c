/* test_dataset.c: unit tests for the clean dataset: round trip, reverse coding, damage, CSV export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/dataset.h"
#include "core/dataset_internal.h"
#include "core/digest.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A two-wave study with one agreement scale of 5 points, two items (the
 * second negatively worded) and three respondents. */
static void make_small(struct tds *d)
{
	tds_init(d);
	struct tds_meta *m = &d->meta;
	meta_study_set(m, "Prøve – tillid\tmed tab", "prøve.ini", "00ff", "2022-04-15", "test", 5);
	m->n_waves = 2;
	m->waves = xcalloc(2, sizeof(*m->waves));
	const char *wid[] = { "foer", "efter" };
	for (int i = 0; i < 2; i++) {
		m->waves[i].id = xstrdup(wid[i]);
		m->waves[i].label_da = xstrdup(i ? "Eftermåling" : "Førmåling");
		m->waves[i].label_en = xstrdup(i ? "Follow-up" : "Baseline");
		m->waves[i].start = xstrdup("");
		m->waves[i].end = xstrdup(i ? "2022-04-15" : "2021-04-15");
	}
	m->n_groups = 1;
	m->groups = xcalloc(1, sizeof(*m->groups));
	m->groups[0].id = xstrdup("paaroerende");
	m->groups[0].label_da = xstrdup("Pårørende");
	m->groups[0].label_en = xstrdup("Relatives");
	m->n_municipalities = 1;
	m->municipalities = strv_dup(1, (const char *const[]){ "Rebild" });
	m->n_units = 1;
	m->units = xcalloc(1, sizeof(*m->units));
	m->units[0].name = xstrdup("Bostøtte til unge");
	m->units[0].municipality = 0;
	m->n_answers = 1;
	m->answers = xcalloc(1, sizeof(*m->answers));
	static const char *const pd[] = { "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig",
					  "Overvejende enig", "Helt enig" };
	static const char *const pe[] = { "", "", "", "", "" };
	answers_set(&m->answers[0], "enig5", 5, pd, pe, 1, dont_know_da, dont_know_en);
	m->n_scales = 1;
	m->scales = xcalloc(1, sizeof(*m->scales));
	m->scales[0].id = xstrdup("tillid");
	m->scales[0].label_da = xstrdup("Tillid");
	m->scales[0].label_en = xstrdup("Trust");
	m->n_items = 2;
	m->items = xcalloc(2, sizeof(*m->items));
	m->items[0].id = xstrdup("tillid_1");
	m->items[0].text_da = xstrdup("Jeg har tillid til, at kommunen vil mit bedste");
	m->items[0].text_en = xstrdup("I trust the municipality");
	m->items[1].id = xstrdup("tillid_2");
	m->items[1].text_da = xstrdup("Jeg føler mig \"kastet rundt\"\nmellem afdelinger");
	m->items[1].text_en = xstrdup("");
	m->items[1].reverse = 1;
	m->n_invited = 1;
	m->invited = xcalloc(1, sizeof(*m->invited));
	m->invited[0] = (struct tds_invited){ 1, 0, TDS_NONE, 40 };
	m->n_sources = 1;
	m->sources = xcalloc(1, sizeof(*m->sources));
	m->sources[0] = (struct tds_source){ 0, xstrdup("csv"), xstrdup("foer.csv"),
					     xstrdup("abc"), 123, xstrdup("utf-8"),
					     xstrdup("semicolon"), 4, 3, 1 };
	m->n_unlabelled = 1;
	m->unlabelled = xcalloc(1, sizeof(*m->unlabelled));
	m->unlabelled[0] = (struct tds_unlabelled){ 1, 1, 37 };

	struct tds_row row = { 0, 0, 0, 0, { 0 } };
	uint8_t *v = tds_add_row(d, &row);
	v[0] = 4;
	v[1] = 2;
	row.wave = 1;
	row.key[0] = 0xab;
	row.key[15] = 0x01;
	v = tds_add_row(d, &row);
	v[0] = TDS_NONSUBST_BASE + 1;
	v[1] = TDS_BLANK;
	row.unit = TDS_NONE;
	row.municipality = TDS_NONE;
	v = tds_add_row(d, &row);
	v[0] = 5;
	v[1] = TDS_REJECTED;
}

/* make_small's dataset in d, written to name in the scratch directory;
 * returns the file's path, which the caller frees. */
static char *write_small(struct tds *d, const char *name)
{
	struct strbuf err = STRBUF_INIT;
	make_small(d);
	char *path = path_join(test_tmpdir, name);
	assert_int_equal(tds_write(d, path, &err), TILLID_OK);
	sb_release(&err);
	return path;
}

static void test_round_trip(void **state)
{
	(void)state;
	struct tds d, e;
	struct strbuf err = STRBUF_INIT;
	char *path = write_small(&d, "clean.tds");
	assert_int_equal(tds_read(&e, path, &err), TILLID_OK);

	assert_string_equal(e.meta.study_name, "Prøve – tillid\tmed tab");
	assert_string_equal(e.meta.items[1].text_da, "Jeg føler mig \"kastet rundt\"\nmellem afdelinger");
	assert_int_equal(e.meta.items[1].reverse, 1);
	assert_int_equal(e.meta.items[0].scale, 0);
	assert_int_equal(e.meta.answers[0].k, 5);
	assert_string_equal(e.meta.answers[0].point_da[4], "Helt enig");
	assert_string_equal(e.meta.answers[0].nonsubst_en[0], "Don't know");
	assert_string_equal(e.meta.units[0].name, "Bostøtte til unge");
	assert_int_equal(e.meta.invited[0].municipality, TDS_NONE);
	assert_int_equal(e.meta.invited[0].n, 40);
	assert_int_equal(e.meta.sources[0].rows_rejected, 1);
	assert_int_equal(e.meta.n_unlabelled, 1);
	assert_int_equal(e.meta.unlabelled[0].wave, 1);
	assert_int_equal(e.meta.unlabelled[0].item, 1);
	assert_int_equal(e.meta.unlabelled[0].n, 37);
	assert_string_equal(e.meta.waves[1].label_da, "Eftermåling");
	assert_int_equal(e.n_rows, 3);
	assert_int_equal(e.rows[1].key[0], 0xab);
	assert_true(tds_key_is_set(&e.rows[1]));
	assert_false(tds_key_is_set(&e.rows[0]));
	assert_int_equal(e.rows[2].unit, TDS_NONE);
	assert_memory_equal(e.values, d.values, 6);
	assert_int_equal(tds_find_item(&e.meta, "tillid_2"), 1);
	assert_int_equal(tds_find_wave(&e.meta, "efter"), 1);
	assert_int_equal(tds_find_municipality(&e.meta, "Odder"), -1);
	tds_release(&e);

	assert_int_equal(tds_read_meta(&e, path, &err), TILLID_OK);
	assert_int_equal(e.n_rows, 0);
	assert_int_equal(e.meta.n_items, 2);
	tds_release(&e);
	tds_release(&d);
	free(path);
	sb_release(&err);
}

static void test_scored(void **state)
{
	(void)state;
	struct tds d;
	make_small(&d);
	assert_int_equal(tds_scored(&d, 0, 4), 4);
	assert_int_equal(tds_scored(&d, 1, 2), 4); /* 5 + 1 - 2 */
	assert_int_equal(tds_scored(&d, 1, 5), 1);
	assert_int_equal(tds_scored(&d, 1, TDS_BLANK), 0);
	assert_int_equal(tds_scored(&d, 0, TDS_NONSUBST_BASE + 1), 0);
	assert_int_equal(tds_scored(&d, 0, TDS_REJECTED), 0);
	tds_release(&d);
}

static void test_damaged(void **state)
{
	(void)state;
	struct tds d, e;
	struct strbuf err = STRBUF_INIT;
	char *path = write_small(&d, "cut.tds");
	assert_int_equal(truncate(path, 200), 0); /* inside the metadata block */
	assert_int_equal(tds_read(&e, path, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "is damaged: its checksum does not match its contents"));

	sb_reset(&err);
	assert_int_equal(truncate(path, 40), 0); /* shorter than a header and a checksum */
	assert_int_equal(tds_read(&e, path, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "is truncated (40 bytes)"));

	sb_reset(&err);
	char *other = path_join(test_tmpdir, "not.tds");
	write_text(other, "wave;group\n");
	assert_int_equal(tds_read(&e, other, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "is not a tillid clean dataset"));

	sb_reset(&err);
	assert_int_equal(tds_read(&e, "/nonexistent/clean.tds", &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "cannot open"));
	tds_release(&d);
	free(path);
	free(other);
	sb_release(&err);
}

/* Every single flipped bit anywhere in the file (header, metadata, rows,
 * checksum) is refused by both readers, before anything is interpreted. */
static void test_every_flip_refused(void **state)
{
	(void)state;
	struct tds d, e;
	struct strbuf err = STRBUF_INIT;
	char *path = write_small(&d, "flip.tds");
	char *good;
	size_t len;
	assert_int_equal(read_file(path, &good, &len, &err), TILLID_OK);
	for (size_t at = 0; at < len; at++) {
		for (int bit = 0; bit < 8; bit += 3) {
			good[at] ^= (char)(1 << bit);
			write_bytes(path, good, len);
			good[at] ^= (char)(1 << bit);
			sb_reset(&err);
			assert_int_equal(tds_read(&e, path, &err), TILLID_EDATA);
			assert_int_equal(tds_read_meta(&e, path, &err), TILLID_EDATA);
			if (at >= 12) /* past the magic and the version */
				assert_non_null(strstr(err.buf, "is damaged: its checksum does not match"));
		}
	}
	write_bytes(path, good, len);
	assert_int_equal(tds_read_meta(&e, path, &err), TILLID_OK);
	/* the digest of the whole file, as sha256sum prints it */
	char hex[SHA256_HEX_LEN + 1];
	sha256_hex(good, len, hex);
	assert_string_equal(e.sha256, hex);
	tds_release(&e);
	tds_release(&d);
	free(good);
	free(path);
	sb_release(&err);
}

/* The file at path without its checksum, changed by keeping only its
 * first cut bytes (cut < 0: all), setting byte at (at >= 0) to v and
 * appending extra zero bytes, and sealed again with a valid checksum: damage
 * that a checksum cannot see, for the reader's own checks. */
static void reseal(const char *path, long cut, long at, uint8_t v, size_t extra)
{
	char *data;
	size_t len;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(read_file(path, &data, &len, &err), TILLID_OK);
	len -= SHA256_LEN;
	if (cut >= 0 && (size_t)cut < len)
		len = (size_t)cut;
	if (at >= 0)
		data[at] = (char)v;
	data = xrealloc(data, len + extra + SHA256_LEN);
	memset(data + len, 0, extra);
	len += extra;
	sha256(data, len, (uint8_t *)data + len);
	write_bytes(path, data, len + SHA256_LEN);
	free(data);
	sb_release(&err);
}

/* Damage after the metadata block under a valid checksum: rows cut short,
 * a row that names an unknown wave, a row count that does not fit, bytes
 * after the last row. */
static void test_damaged_rows(void **state)
{
	(void)state;
	struct tds d, e;
	struct strbuf err = STRBUF_INIT;
	char *path = write_small(&d, "rows.tds");
	assert_int_equal(tds_read_meta(&e, path, &err), TILLID_OK);
	tds_release(&e);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	long rows_at = (long)st.st_size - SHA256_LEN - 3 * (24 + 2); /* three rows of two items */

	reseal(path, rows_at + 24 + 2 + 5, -1, 0, 0);
	assert_int_equal(tds_read(&e, path, &err), TILLID_EDATA);
	assert_string_equal(strstr(err.buf, "is truncated"), "is truncated: 1 of 3 rows present");

	sb_reset(&err);
	assert_int_equal(tds_write(&d, path, &err), TILLID_OK);
	reseal(path, -1, rows_at + 24 + 2, 9, 0); /* the second row's wave */
	assert_int_equal(tds_read(&e, path, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "row 2 refers to an unknown wave"));
	assert_int_equal(e.n_rows, 0);

	/* a row count of 2^40 + 3 in the header is refused before anything is
	 * allocated for it (it aborted as out of memory) */
	sb_reset(&err);
	assert_int_equal(tds_write(&d, path, &err), TILLID_OK);
	reseal(path, -1, 16 + 5, 1, 0);
	assert_int_equal(tds_read(&e, path, &err), TILLID_EDATA);
	assert_string_equal(strstr(err.buf, "is truncated"), "is truncated: 3 of 1099511627779 rows present");

	sb_reset(&err);
	assert_int_equal(tds_write(&d, path, &err), TILLID_OK);
	reseal(path, -1, -1, 0, 1);
	assert_int_equal(tds_read(&e, path, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "trailing bytes after its 3 rows"));
	assert_int_equal(tds_read_meta(&e, path, &err), TILLID_OK);
	tds_release(&e);
	tds_release(&d);
	free(path);
	sb_release(&err);
}

/* Parse text as a metadata block; returns the error message ("" when it
 * parsed). */
static char *parse_meta(const char *text)
{
	struct tds_meta m;
	memset(&m, 0, sizeof(m));
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	char *copy = xstrdup(text);
	int rc = tds_meta_parse(&m, copy, "m.tds", &err);
	assert_int_equal(rc, err.len ? TILLID_EDATA : TILLID_OK);
	free(copy);
	tds_meta_release(&m);
	return sb_detach(&err);
}


/* Every record is checked for its number of fields, its index and what
 * it refers to. */
static void test_damaged_meta(void **state)
{
	(void)state;
	const char *scale = "tillid-dataset\t1\nanswers\t0\tja_nej\t2\n"
			    "point\t0\t1\tNej\tNo\npoint\t0\t2\tJa\tYes\n";
	assert_text(parse_meta(scale), "");
	assert_text(parse_meta("study\tx\n"), "'m.tds': metadata block has no 'tillid-dataset' line");
	assert_text(parse_meta("tillid-dataset\t1\nwave\t1\tfoer\ta\tb\t\t\n"),
		    "'m.tds': damaged metadata at line 2 ('wave'); run 'tillid ingest' again");
	assert_text(parse_meta("tillid-dataset\t1\ngroup\t0\tborger\n"),
		    "'m.tds': damaged metadata at line 2 ('group'); run 'tillid ingest' again");
	assert_text(parse_meta("tillid-dataset\t1\nwhatever\t0\n"),
		    "'m.tds': damaged metadata at line 2 ('whatever'); run 'tillid ingest' again");
	assert_text(parse_meta("tillid-dataset\t1\nitem\t0\tq1\t*\t0\t0\tq\tq\n"),
		    "'m.tds': damaged metadata at line 2 ('item'); run 'tillid ingest' again");
	assert_text(parse_meta("tillid-dataset\t1\nunit\t0\t70000\tBo\n"),
		    "'m.tds': damaged metadata at line 2 ('unit'); run 'tillid ingest' again");
	assert_text(parse_meta("tillid-dataset\t1\nanswers\t0\tja_nej\t2\npoint\t0\t1\tNej\tNo\n"),
		    "'m.tds': answer scale 'ja_nej' lacks the label of point 2");
	assert_text(parse_meta("tillid-dataset\t1\nanswers\t0\tja_nej\t2\nnonsubst\t0\t2\tVed ikke\t\n"),
		    "'m.tds': damaged metadata at line 3 ('nonsubst'); run 'tillid ingest' again");
	assert_text(parse_meta("tillid-dataset\t1\nstudy\ta\nstudy\tb\nmin_group_size\t5\n"), "");
}

static void test_csv_export(void **state)
{
	(void)state;
	struct tds d;
	struct strbuf err = STRBUF_INIT;
	make_small(&d);
	char *path = path_join(test_tmpdir, "clean.csv");
	assert_int_equal(tds_write_csv(&d, path, &err), TILLID_OK);
	char *buf = slurp_file(path, NULL);
	assert_string_equal(buf,
		"wave,group,municipality,unit,pair_key,tillid_1,tillid_2\n"
		"foer,paaroerende,Rebild,Bostøtte til unge,,4,2\n"
		"efter,paaroerende,Rebild,Bostøtte til unge,ab000000000000000000000000000001,Ved ikke,\n"
		"efter,paaroerende,,,ab000000000000000000000000000001,5,\n");
	free(buf);
	/* the same rows for Danish Excel: BOM, ';', CRLF */
	assert_int_equal(tds_write_csv_dialect(&d, path, CSV_EXCEL, &err), TILLID_OK);
	buf = slurp_file(path, NULL);
	assert_string_equal(buf,
		"\xef\xbb\xbfwave;group;municipality;unit;pair_key;tillid_1;tillid_2\r\n"
		"foer;paaroerende;Rebild;Bostøtte til unge;;4;2\r\n"
		"efter;paaroerende;Rebild;Bostøtte til unge;ab000000000000000000000000000001;Ved ikke;\r\n"
		"efter;paaroerende;;;ab000000000000000000000000000001;5;\r\n");
	free(buf);
	free(path);
	tds_release(&d);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_scored),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_damaged_rows),
		cmocka_unit_test(test_every_flip_refused),
		cmocka_unit_test(test_damaged_meta),
		cmocka_unit_test(test_csv_export),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
