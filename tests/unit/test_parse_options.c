/* test_parse_options.c: unit tests for the option parser shared by the subcommands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/parse_options.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = { "usage: tillid demo [options] FILE...", "", NULL };
static const char *const colours[] = { "red", "green", "blue", NULL };

/* The variables the table below writes, reset before each parse. */
static int quiet, colour;
static const char *out;
static uint64_t count;
static double share;

static const struct option options[] = {
	OPT_FLAG('q', "quiet", &quiet, "say less"),
	OPT_NONEMPTY_STRING('o', "out", &out, "DIR", "write to DIR"),
	OPT_UINT('n', "max-problems", &count, "N", "at most N", 0, 1000000),
	OPT_CHOICE(0, "colour", &colour, "NAME", "red, green or blue", colours),
	OPT_DOUBLE(0, "share", &share, "P", "a share", 0, 1),
	OPT_HELP(),
	OPT_TEXT("\nExit status: 0 ok.\n"),
	OPT_END(),
};

/* What one parse printed to stdout and stderr, and its result. */
struct run {
	int rc;
	struct option_args args;
	char out[4096];
	char err[4096];
};

static void slurp(FILE *fp, char *buf, size_t size)
{
	rewind(fp);
	size_t n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

/* What parse_command wants in run_as; want.max == -2 means parse_options. */
static struct command_args want = { 0, -2, NULL };

/* Parse argv (NULL-terminated, argv[0] the command) with stdout and stderr
 * captured into r. */
static void run(struct run *r, char **argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	quiet = 0;
	colour = 0;
	out = NULL;
	count = 20;
	share = 0.5;
	memset(r, 0, sizeof(*r));

	FILE *o = tmpfile(), *e = tmpfile();
	assert_non_null(o);
	assert_non_null(e);
	fflush(stdout);
	fflush(stderr);
	int save_out = dup(1), save_err = dup(2);
	dup2(fileno(o), 1);
	dup2(fileno(e), 2);
	if (want.max == -2)
		r->rc = parse_options(argc, argv, "demo", usage, options, &r->args);
	else
		r->rc = parse_command(argc, argv, "demo", usage, options, want, &r->args);
	fflush(stdout);
	fflush(stderr);
	dup2(save_out, 1);
	dup2(save_err, 2);
	close(save_out);
	close(save_err);
	slurp(o, r->out, sizeof(r->out));
	slurp(e, r->err, sizeof(r->err));
}

static void test_flags_and_positionals(void **state)
{
	(void)state;
	struct run r;
	char *argv[] = { "demo", "a.ini", "--quiet", "b.ini", "-", "c.ini", NULL };
	run(&r, argv);
	assert_int_equal(r.rc, PARSE_OPT_DONE);
	assert_int_equal(quiet, 1);
	assert_int_equal(r.args.argc, 4);
	assert_string_equal(r.args.argv[0], "a.ini");
	assert_string_equal(r.args.argv[1], "b.ini");
	assert_string_equal(r.args.argv[2], "-");
	assert_string_equal(r.args.argv[3], "c.ini");
	assert_string_equal(r.err, "");

	char *none[] = { "demo", NULL };
	run(&r, none);
	assert_int_equal(r.rc, PARSE_OPT_DONE);
	assert_int_equal(r.args.argc, 0);
	assert_int_equal(quiet, 0);
	assert_int_equal(count, 20);
}

static void test_values(void **state)
{
	(void)state;
	struct run r;
	char *eq[] = { "demo", "--out=x/y", "--max-problems=0", "--colour=blue", "f", NULL };
	run(&r, eq);
	assert_int_equal(r.rc, PARSE_OPT_DONE);
	assert_string_equal(out, "x/y");
	assert_int_equal(count, 0);
	assert_int_equal(colour, 2);
	assert_int_equal(r.args.argc, 1);

	char *sep[] = { "demo", "--out", "d", "--max-problems", "1000000", "--colour", "green", NULL };
	run(&r, sep);
	assert_int_equal(r.rc, PARSE_OPT_DONE);
	assert_string_equal(out, "d");
	assert_int_equal(count, 1000000);
	assert_int_equal(colour, 1);
	assert_int_equal(r.args.argc, 0);

	/* Short options: separate value, attached value, bundled flags; the last one wins. */
	char *shorts[] = { "demo", "-o", "d1", "-n7", "-qo", "d2", NULL };
	run(&r, shorts);
	assert_int_equal(r.rc, PARSE_OPT_DONE);
	assert_string_equal(out, "d2");
	assert_int_equal(count, 7);
	assert_int_equal(quiet, 1);
}

/* Parsing argv fails with exactly message on stderr. */
static void expect_error(char **argv, const char *message)
{
	struct run r;
	run(&r, argv);
	assert_int_equal(r.rc, PARSE_OPT_ERROR);
	assert_string_equal(r.err, message);
}

static void test_missing_and_empty_value(void **state)
{
	(void)state;
	expect_error((char *[]){ "demo", "f", "--out", NULL }, "demo: option '--out' needs a value (DIR)\n");
	expect_error((char *[]){ "demo", "--out=", "f", NULL }, "demo: option '--out' needs a non-empty value (DIR)\n");
	expect_error((char *[]){ "demo", "--quiet=yes", NULL }, "demo: option '--quiet' takes no value\n");
}

static void test_bad_numbers(void **state)
{
	(void)state;
	const char *bad[] = { "x", "", "-1", "+3", " 3", "3x", "1000001", "99999999999999999999999" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char want[200];
		snprintf(want, sizeof(want),
			 "demo: option '--max-problems' needs a whole number from 0 to 1000000, not '%s'\n", bad[i]);
		expect_error((char *[]){ "demo", "--max-problems", (char *)bad[i], NULL }, want);
		assert_int_equal(count, 20);
	}
}

/* Decimal numbers: strtod's syntax, within the range, the whole value. */
static void test_doubles(void **state)
{
	(void)state;
	struct run r;
	run(&r, (char *[]){ "demo", "--share=0.25", NULL });
	assert_int_equal(r.rc, PARSE_OPT_DONE);
	assert_true(share == 0.25);
	run(&r, (char *[]){ "demo", "--share", "1e-3", NULL });
	assert_true(share == 1e-3);
	const char *bad[] = { "x", "", "1.5", "-0.1", "0.5x", "nan" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char want[200];
		snprintf(want, sizeof(want), "demo: option '--share' needs a number from 0 to 1, not '%s'\n", bad[i]);
		expect_error((char *[]){ "demo", "--share", (char *)bad[i], NULL }, want);
		assert_true(share == 0.5);
	}
}

static void test_choices(void **state)
{
	(void)state;
	expect_error((char *[]){ "demo", "--colour", "Red", NULL },
		     "demo: option '--colour' takes 'red', 'green' or 'blue', not 'Red'\n");
	assert_int_equal(colour, 0);
}

static void test_unknown_option(void **state)
{
	(void)state;
	struct run r;
	char *near[] = { "demo", "--quite", "f", NULL };
	run(&r, near);
	assert_int_equal(r.rc, PARSE_OPT_ERROR);
	assert_non_null(strstr(r.err, "demo: unknown option '--quite'; did you mean '--quiet'?\n"));
	assert_non_null(strstr(r.err, "usage: tillid demo [options] FILE..."));
	assert_string_equal(r.out, "");

	char *far[] = { "demo", "--bogus=1", NULL };
	run(&r, far);
	assert_int_equal(r.rc, PARSE_OPT_ERROR);
	assert_non_null(strstr(r.err, "demo: unknown option '--bogus=1'\n"));
	assert_null(strstr(r.err, "did you mean"));

	char *shortopt[] = { "demo", "-qx", NULL };
	run(&r, shortopt);
	assert_int_equal(r.rc, PARSE_OPT_ERROR);
	assert_non_null(strstr(r.err, "demo: unknown option '-x'\n"));
}

static void test_double_dash(void **state)
{
	(void)state;
	struct run r;
	char *argv[] = { "demo", "-q", "--", "--out", "-h", "--", NULL };
	run(&r, argv);
	assert_int_equal(r.rc, PARSE_OPT_DONE);
	assert_int_equal(quiet, 1);
	assert_null(out);
	assert_int_equal(r.args.argc, 3);
	assert_string_equal(r.args.argv[0], "--out");
	assert_string_equal(r.args.argv[1], "-h");
	assert_string_equal(r.args.argv[2], "--");
}

static void test_help(void **state)
{
	(void)state;
	struct run r;
	char *argv[] = { "demo", "f", "--help", "--bogus", NULL };
	run(&r, argv);
	assert_int_equal(r.rc, PARSE_OPT_HELP);
	assert_string_equal(r.err, "");
	assert_string_equal(r.out,
			    "usage: tillid demo [options] FILE...\n"
			    "\n"
			    "  -q, --quiet           say less\n"
			    "  -o, --out DIR         write to DIR\n"
			    "  -n, --max-problems N  at most N\n"
			    "      --colour NAME     red, green or blue\n"
			    "      --share P         a share\n"
			    "  -h, --help            show this help\n"
			    "\n"
			    "Exit status: 0 ok.\n");

	char *shortargv[] = { "demo", "-h", NULL };
	run(&r, shortargv);
	assert_int_equal(r.rc, PARSE_OPT_HELP);
	assert_non_null(strstr(r.out, "usage: tillid demo"));
}

/* parse_command: the number of arguments, and the exit status to end with. */
static void test_command_args(void **state)
{
	(void)state;
	struct run r;
	want = (struct command_args){ 1, 1, "study file" };
	run(&r, (char *[]){ "demo", "-q", "a.ini", NULL });
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.args.argc, 1);
	assert_string_equal(r.args.argv[0], "a.ini");
	assert_string_equal(r.err, "");
	run(&r, (char *[]){ "demo", "a.ini", "b.ini", NULL });
	assert_int_equal(r.rc, TILLID_ESYS);
	assert_true(str_starts_with(r.err, "demo: one study file at a time: 'a.ini' and 'b.ini'\nusage: tillid demo"));
	run(&r, (char *[]){ "demo", NULL });
	assert_int_equal(r.rc, TILLID_ESYS);
	assert_true(str_starts_with(r.err, "demo: no study file given\nusage:"));
	run(&r, (char *[]){ "demo", "--help", NULL });
	assert_int_equal(r.rc, TILLID_OK);
	run(&r, (char *[]){ "demo", "--bogus", "a.ini", NULL });
	assert_int_equal(r.rc, TILLID_ESYS);

	want = (struct command_args){ 1, -1, "export" }; /* any number, at least one */
	run(&r, (char *[]){ "demo", "a.csv", "b.csv", "c.csv", NULL });
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.args.argc, 3);
	run(&r, (char *[]){ "demo", NULL });
	assert_true(str_starts_with(r.err, "demo: no export given\n"));

	want = (struct command_args){ 0, 0, NULL }; /* none */
	run(&r, (char *[]){ "demo", NULL });
	assert_int_equal(r.rc, -1);
	run(&r, (char *[]){ "demo", "x", NULL });
	assert_int_equal(r.rc, TILLID_ESYS);
	assert_true(str_starts_with(r.err, "demo: unexpected argument 'x'\n"));
	want = (struct command_args){ 0, -2, NULL };
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags_and_positionals),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_missing_and_empty_value),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_doubles),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_command_args),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
