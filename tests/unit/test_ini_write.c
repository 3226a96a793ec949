/* test_ini_write.c: unit tests for writing study-file text: safe values, wrapped values, comments, sections, the reader's line limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pipeline/ini_write.h"
#include "pipeline/study.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

/* Every line of text ends with '\n' and is at most max bytes. */
static void assert_lines_within(const char *text, size_t max)
{
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		assert_non_null(nl);
		if ((size_t)(nl - l) > max)
			fail_msg("line of %zu bytes: %.60s...", (size_t)(nl - l), l);
		l = nl + 1;
	}
}

/* The value of a "key = value" text as the study-file reader joins it:
 * each continuation line ("\n  ...") becomes one space. */
static char *joined_value(const char *text)
{
	const char *v = strstr(text, " = ");
	assert_non_null(v);
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (v += 3; *v; v++) {
		if (v[0] == '\n' && v[1] == ' ' && v[2] == ' ') {
			sb_addc(&sb, ' ');
			v += 2;
		} else if (*v != '\n') {
			sb_addc(&sb, *v);
		}
	}
	return sb_detach(&sb);
}

static void test_value_ok(void **state)
{
	(void)state;
	assert_true(ini_value_ok("Helt enig", 0));
	assert_true(ini_value_ok("a;b", 0));        /* ';' not after a blank */
	assert_true(ini_value_ok("a\tb", 0));
	assert_true(ini_value_ok("A | B", 0));       /* a whole list */
	assert_false(ini_value_ok("A | B", 1));      /* one entry of a list */
	assert_false(ini_value_ok("", 0));
	assert_false(ini_value_ok(" a", 0));
	assert_false(ini_value_ok("a ", 0));
	assert_false(ini_value_ok(";a", 0));
	assert_false(ini_value_ok("a ;b", 0));       /* starts a comment */
	assert_false(ini_value_ok("a\t;b", 0));
	assert_false(ini_value_ok("a\nb", 0));
	assert_false(ini_value_ok("a\rb", 0));
}

static void test_kv_short(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	sb_init(&out);
	assert_int_equal(ini_add_kv(&out, "label", "Borgere", INI_WRAPPED), 0);
	assert_int_equal(ini_add_kv(&out, "points", "5", INI_ONE_LINE), 0);
	assert_string_equal(out.buf, "label = Borgere\npoints = 5\n");
	sb_release(&out);
}

/* A value that would not read back as it is, is refused: nothing is
 * appended; an empty one is written for the analyst to fill in. */
static void test_kv_refused(void **state)
{
	(void)state;
	static const char *const bad[] = { "Gruppe ;rolle", " a", "a ", ";a", "a\nb",
					   "a\n[study]\nname = x", "a\rb" };
	struct strbuf out = STRBUF_INIT;
	sb_init(&out);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(ini_add_kv(&out, "group", bad[i], INI_WRAPPED), -1);
		assert_int_equal(ini_add_kv(&out, "group", bad[i], INI_ONE_LINE), -1);
		assert_false(ini_kv_fits("group", bad[i]));
	}
	assert_int_equal(out.len, 0);
	assert_true(ini_kv_fits("group", "Gruppe;rolle"));
	assert_true(ini_kv_fits("group", ""));
	assert_int_equal(ini_add_kv(&out, "group", "", INI_WRAPPED), 0);
	assert_string_equal(out.buf, "group = \n");
	sb_release(&out);
}

static void test_kv_wrapped(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, value = STRBUF_INIT;
	sb_init(&out);
	sb_init(&value);
	for (int i = 0; i < 40; i++)
		sb_addf(&value, "%sord%d", i ? " " : "", i);
	sb_adds(&value, "  two  spaces  stay");
	assert_int_equal(ini_add_kv(&out, "text", value.buf, INI_WRAPPED), 0);
	assert_true(str_starts_with(out.buf, "text = ord0 ord1 "));
	assert_non_null(strstr(out.buf, "\n  "));
	assert_lines_within(out.buf, INI_WRAP);
	assert_text(joined_value(out.buf), value.buf);

	/* One line when asked, up to the reader's limit. */
	sb_reset(&out);
	assert_int_equal(ini_add_kv(&out, "text", value.buf, INI_ONE_LINE), -1);
	assert_string_equal(out.buf, "");
	sb_reset(&value);
	for (int i = 0; i < 20; i++)
		sb_adds(&value, "ord ord ");
	sb_adds(&value, "slut");
	assert_int_equal(ini_add_kv(&out, "text", value.buf, INI_ONE_LINE), 0);
	assert_ptr_equal(strchr(out.buf, '\n') + 1, out.buf + out.len); /* one line */
	assert_lines_within(out.buf, INI_LINE_MAX);
	sb_release(&out);
	sb_release(&value);
}

/* A word longer than a line cannot be written: nothing is appended. */
static void test_kv_too_long(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	sb_init(&out);
	char word[INI_LINE_MAX + 2];
	memset(word, 'x', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	assert_int_equal(ini_add_kv(&out, "text", word, INI_WRAPPED), -1);
	char *v = xasprintf("kort %s", word);
	assert_int_equal(ini_add_kv(&out, "text", v, INI_WRAPPED), -1);
	assert_false(ini_kv_fits("text", v));
	free(v);
	assert_int_equal(out.len, 0);
	/* A word that fits on a continuation line is written there. */
	word[150] = '\0';
	v = xasprintf("kort %s", word);
	assert_true(ini_kv_fits("text", v));
	assert_int_equal(ini_add_kv(&out, "text", v, INI_WRAPPED), 0);
	assert_lines_within(out.buf, INI_LINE_MAX);
	assert_text(joined_value(out.buf), v);
	free(v);
	sb_release(&out);
}

/* A continuation line never starts like a comment or a section header. */
static void test_kv_continuation_start(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, value = STRBUF_INIT;
	sb_init(&out);
	sb_init(&value);
	for (int i = 0; i < 30; i++)
		sb_adds(&value, i % 3 == 0 ? "#hash " : i % 3 == 1 ? "[bracket] " : "ord ");
	sb_adds(&value, "slut");
	assert_int_equal(ini_add_kv(&out, "text", value.buf, INI_WRAPPED), 0);
	for (const char *p = out.buf; (p = strstr(p, "\n  ")) != NULL; p++)
		assert_null(strchr(";#[", p[3]));
	assert_text(joined_value(out.buf), value.buf);
	sb_release(&out);
	sb_release(&value);
}

static void test_comment(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT;
	sb_init(&out);
	sb_init(&text);
	ini_add_comment(&out, "  kort");
	ini_add_commentf(&out, "CHECK: %d of %d", 3, 4);
	ini_add_comment(&out, "");
	assert_string_equal(out.buf, "; kort\n; CHECK: 3 of 4\n");

	sb_reset(&out);
	for (int i = 0; i < 50; i++)
		sb_adds(&text, i ? " ordet" : "ordet");
	ini_add_comment(&out, text.buf);
	assert_lines_within(out.buf, INI_WRAP);
	assert_true(str_starts_with(out.buf, "; ordet ordet"));
	assert_null(strstr(out.buf, " \n"));

	/* One long word of "ø" (two bytes each) is cut between characters. */
	sb_reset(&out);
	sb_reset(&text);
	for (int i = 0; i < 150; i++)
		sb_adds(&text, "\xc3\xb8");
	ini_add_comment(&out, text.buf);
	assert_lines_within(out.buf, INI_LINE_MAX);
	for (const char *l = out.buf; *l; l = strchr(l, '\n') + 1) {
		assert_true(str_starts_with(l, "; \xc3\xb8"));
		assert_true(strchr(l, '\n')[-1] == '\xb8');
	}
	sb_release(&out);
	sb_release(&text);
}

/* A line break in a comment's text starts a new comment line, so no line
 * of the text reads as a section or a key; other control characters are
 * spaces. */
static void test_comment_line_breaks(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	sb_init(&out);
	ini_add_comment(&out, "Hvor enig er du?\n[study]\nname = hacked");
	assert_string_equal(out.buf, "; Hvor enig er du?\n; [study]\n; name = hacked\n");

	sb_reset(&out);
	ini_add_comment(&out, "a \r\n\r\n [item x]\rb\tc\vd\x1b" "e\x7f" "f\n");
	assert_string_equal(out.buf, "; a\n; [item x]\n; b c d e f\n");

	sb_reset(&out);
	ini_add_commentf(&out, "%s: its header suggests names", "navn\n[columns]");
	assert_string_equal(out.buf, "; navn\n; [columns]: its header suggests names\n");

	/* Each line of the text is cut on its own. */
	struct strbuf text = STRBUF_INIT;
	sb_init(&text);
	for (int i = 0; i < 30; i++)
		sb_adds(&text, i == 15 ? "\n[study] " : "ordet ");
	sb_reset(&out);
	ini_add_comment(&out, text.buf);
	assert_lines_within(out.buf, INI_WRAP);
	for (const char *l = out.buf; *l; l = strchr(l, '\n') + 1)
		assert_true(str_starts_with(l, "; "));
	assert_non_null(strstr(out.buf, "\n; [study] ordet"));
	sb_release(&text);
	sb_release(&out);
}

/* Does the study-file reader refuse a line of the study file text as too long? */
static int reader_says_too_long(const char *text)
{
	char *path = path_join(test_tmpdir, "study.ini");
	write_text(path, text);
	struct study s;
	study_init(&s);
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	study_load(&s, path, &err); /* the study is incomplete: only this line matters */
	int too_long = strstr(err.buf, "study.ini':2: line is longer than") != NULL;
	sb_release(&err);
	study_release(&s);
	free(path);
	return too_long;
}

/* INI_LINE_MAX is the reader's limit: the longest line written is read,
 * one byte more is refused by both. */
static void test_line_max_is_readers(void **state)
{
	(void)state;
	struct strbuf text = STRBUF_INIT, name = STRBUF_INIT;
	sb_init(&text);
	sb_init(&name);
	while (strlen("name = ") + name.len < INI_LINE_MAX)
		sb_addc(&name, 'x');
	sb_adds(&text, "[study]\n");
	assert_int_equal(ini_add_kv(&text, "name", name.buf, INI_ONE_LINE), 0);
	assert_int_equal(text.len, strlen("[study]\n") + INI_LINE_MAX + 1);
	assert_false(reader_says_too_long(text.buf));

	sb_addc(&name, 'x');
	assert_int_equal(ini_add_kv(&text, "name", name.buf, INI_ONE_LINE), -1);
	sb_reset(&text);
	sb_addf(&text, "[study]\nname = %s\n", name.buf);
	assert_true(reader_says_too_long(text.buf));
	sb_release(&text);
	sb_release(&name);
}

static void test_section(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	sb_init(&out);
	ini_add_section(&out, "study", NULL);
	ini_add_section(&out, "wave", "foer");
	assert_string_equal(out.buf, "[study]\n[wave foer]\n");
	sb_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_ok),
		cmocka_unit_test(test_kv_short),
		cmocka_unit_test(test_kv_refused),
		cmocka_unit_test(test_kv_wrapped),
		cmocka_unit_test(test_kv_too_long),
		cmocka_unit_test(test_kv_continuation_start),
		cmocka_unit_test(test_comment),
		cmocka_unit_test(test_comment_line_breaks),
		cmocka_unit_test(test_line_max_is_readers),
		cmocka_unit_test(test_section),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
