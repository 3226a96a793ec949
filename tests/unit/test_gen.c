/* test_gen.c: tillid-gen is deterministic, writes the promised shapes, and sample-data/ is exactly its output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every file tillid-gen writes, relative to --out. */
static const char *const gen_files[] = {
	"foer/dataset.csv", "foer/labels.csv", "foer/structure.csv", "efter.csv",
	"fremfaerd.ini",    "fremfaerd.key",   "planted.csv",      NULL,
};

/* The files of the other designs, relative to --out. */
static const char *const aaben_files[] = {
	"opstart.xlsx", "seks-mdr.csv", "aaben-dialog.ini", "aaben-dialog.key", "planted.csv", NULL,
};
static const char *const raad_files[] = {
	"k4-2025.csv", "k1-2026.csv", "k2-2026.xlsx", "k3-2026.xlsx", "foraeldreraad.ini", "foraeldreraad.key",
	"planted.csv", NULL,
};

static char *gen_path;   /* the tillid-gen binary */
static char *sample_dir; /* the committed sample study */
static char *tmp_dir;

/* Run tillid-gen with args (NULL-terminated), output discarded; returns
 * its exit status, or -1 when it did not exit normally. */
static int run_gen(const char *const *args)
{
	const char *argv[16];
	size_t n = 0;
	argv[n++] = gen_path;
	while (*args && n < ARRAY_SIZE(argv) - 1)
		argv[n++] = *args++;
	argv[n] = NULL;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(gen_path, (char *const *)argv);
		_exit(127);
	}
	int status;
	assert_true(waitpid(pid, &status, 0) == pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
	char *path = path_join(dir, name);
	struct strbuf err = STRBUF_INIT;
	char *buf = NULL;
	if (read_file(path, &buf, len, &err) != TILLID_OK)
		fail_msg("%s", err.buf);
	sb_release(&err);
	free(path);
	return buf;
}

/* Generate into tmp_dir/sub with the given options; returns the directory. */
static char *generate(const char *sub, const char *seed, const char *n)
{
	char *dir = path_join(tmp_dir, sub);
	const char *args[8];
	size_t k = 0;
	args[k++] = "--out";
	args[k++] = dir;
	if (seed) {
		args[k++] = "--seed";
		args[k++] = seed;
	}
	if (n) {
		args[k++] = "--respondents";
		args[k++] = n;
	}
	args[k] = NULL;
	assert_int_equal(run_gen(args), 0);
	return dir;
}

/* Generate design into tmp_dir/sub with args (NULL-terminated, at most 4). */
static char *generate_design(const char *sub, const char *design, const char *const *more)
{
	char *dir = path_join(tmp_dir, sub);
	const char *args[10] = { "--out", dir, "--design", design };
	size_t k = 4;
	while (*more && k < ARRAY_SIZE(args) - 1)
		args[k++] = *more++;
	args[k] = NULL;
	assert_int_equal(run_gen(args), 0);
	return dir;
}

/* The files (NULL-terminated) of a and b that differ, each named when verbose. */
static int count_design_differences(const char *a, const char *b, const char *const *files, int verbose)
{
	int diff = 0;
	for (; *files; files++) {
		size_t la, lb;
		char *x = slurp(a, *files, &la);
		char *y = slurp(b, *files, &lb);
		if (la != lb || memcmp(x, y, la)) {
			diff++;
			if (verbose)
				print_error("%s/%s differs from %s/%s\n", a, *files, b, *files);
		}
		free(x);
		free(y);
	}
	return diff;
}

/* Remove the files (NULL-terminated) generated into dir, and dir. */
static void remove_design(char *dir, const char *const *files)
{
	for (; *files; files++) {
		char *p = path_join(dir, *files);
		unlink(p);
		free(p);
	}
	char *foer = path_join(dir, "foer");
	rmdir(foer);
	free(foer);
	rmdir(dir);
	free(dir);
}

static void remove_generated(char *dir)
{
	remove_design(dir, gen_files);
}

static int count_differences(const char *a, const char *b, int verbose)
{
	return count_design_differences(a, b, gen_files, verbose);
}


/* Records of a CSV text: line ends (CRLF when crlf) outside quotes. Fails
 * on a bare LF outside quotes or an unbalanced quote. */
static size_t count_records(const char *s, size_t len, int crlf)
{
	size_t n = 0;
	int quoted = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == '\n' && !quoted) {
			if (crlf)
				assert_true(i > 0 && s[i - 1] == '\r');
			n++;
		}
	}
	assert_false(quoted);
	assert_true(len > 0 && s[len - 1] == '\n');
	return n;
}

static void test_sample_is_generator_output(void **state)
{
	(void)state;
	char *dir = generate("sample", NULL, NULL);
	if (count_differences(dir, sample_dir, 1))
		fail_msg("sample-data/ is not what tillid-gen writes: run 'make sample' and commit");
	remove_generated(dir);
}

/* sample-data/aaben-dialog and sample-data/foraeldreraad are the
 * generator's output, and a design's bytes depend on the seed alone (the
 * workbooks included: their creation time is the wave's first day). */
static void test_designs(void **state)
{
	(void)state;
	static const struct {
		const char *design;
		const char *const *files;
	} designs[] = { { "aaben-dialog", aaben_files }, { "foraeldreraad", raad_files } };
	const char *none[] = { NULL }, *seed7[] = { "--seed", "7", "--respondents", "150", NULL };
	const char *seed8[] = { "--seed", "8", "--respondents", "150", NULL };
	for (size_t k = 0; k < ARRAY_SIZE(designs); k++) {
		char *dir = generate_design("design", designs[k].design, none);
		char *sample = path_join(sample_dir, designs[k].design);
		if (count_design_differences(dir, sample, designs[k].files, 1))
			fail_msg("sample-data/%s is not what tillid-gen writes: run 'make sample' and commit",
				 designs[k].design);
		free(sample);
		remove_design(dir, designs[k].files);
		char *a = generate_design("a", designs[k].design, seed7);
		char *b = generate_design("b", designs[k].design, seed7);
		char *c = generate_design("c", designs[k].design, seed8);
		assert_int_equal(count_design_differences(a, b, designs[k].files, 1), 0);
		assert_true(count_design_differences(a, c, designs[k].files, 0) > 0);
		remove_design(a, designs[k].files);
		remove_design(b, designs[k].files);
		remove_design(c, designs[k].files);
	}
}

static void test_same_seed_same_bytes(void **state)
{
	(void)state;
	char *a = generate("a", "7", "150");
	char *b = generate("b", "7", "150");
	char *c = generate("c", "8", "150");
	assert_int_equal(count_differences(a, b, 1), 0);
	assert_true(count_differences(a, c, 0) > 0);
	remove_generated(a);
	remove_generated(b);
	remove_generated(c);
}

static void test_shapes(void **state)
{
	(void)state;
	char *dir = generate("shapes", "11", "237");
	size_t len;

	/* SurveyXact: Windows-1252, CRLF, one record per respondent. */
	char *ds = slurp(dir, "foer/dataset.csv", &len);
	assert_int_equal(count_records(ds, len, 1), 238);
	assert_true(str_starts_with(ds, "responde;s_1_1;"));
	/* No byte Windows-1252 leaves undefined, and no "Â" or "Ã": UTF-8 read
	 * as Windows-1252 shows as those, never Danish text. */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)ds[i];
		assert_false(c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D);
		assert_false(c == 0xC2 || c == 0xC3);
	}
	free(ds);
	char *lab = slurp(dir, "foer/labels.csv", &len);
	count_records(lab, len, 1);
	assert_non_null(strstr(lab, "enhed;22;Autismecenter Vestsj\xE6lland\r\n"));
	assert_non_null(strstr(lab, "s_1_1;8;\xD8nsker ikke at svare\r\n"));
	assert_non_null(strstr(lab, "s_4;7;Hverken tilfreds eller utilfreds\r\n"));
	free(lab);
	char *st = slurp(dir, "foer/structure.csv", &len);
	count_records(st, len, 1);
	assert_true(str_starts_with(st, "questionName;variableName;questionType;subType;questionText;"
					"choiceValue;choiceText\r\n"));
	assert_non_null(strstr(st, "statoverall;stato_4;Closed;Multiple;Samlet status;4;Gennemf\xF8rt;\r\n"));
	free(st);

	/* LimeSurvey: BOM, UTF-8, every non-NULL field quoted, full label texts. */
	char *ls = slurp(dir, "efter.csv", &len);
	assert_true(str_starts_with(ls, "\xEF\xBB\xBF\"Svar-ID\";"));
	assert_int_equal(count_records(ls, len, 0), 238);
	assert_non_null(strstr(ls, "\"Medarbejder \xE2\x80\x93 myndighed\""));
	assert_non_null(strstr(ls, "\"Helt enig\""));
	assert_null(strstr(ls, "\xC3\x83"));
	free(ls);

	/* Study file and key. */
	char *ini = slurp(dir, "fremfaerd.ini", &len);
	assert_non_null(strstr(ini, "--seed 11 --respondents 237"));
	assert_non_null(strstr(ini, "\nreverse = yes\n"));
	free(ini);
	char *key_path = path_join(dir, "fremfaerd.key");
	struct stat sb;
	assert_int_equal(stat(key_path, &sb), 0);
	assert_int_equal(sb.st_size, 32);
	assert_int_equal(sb.st_mode & 0777, 0600);
	free(key_path);
	remove_generated(dir);
}

static void test_bad_options(void **state)
{
	(void)state;
	char *dir = path_join(tmp_dir, "bad");
	const char *no_out[] = { "--seed", "3", NULL };
	const char *too_few[] = { "--out", dir, "--respondents", "10", NULL };
	const char *not_number[] = { "--out", dir, "--seed", "12x", NULL };
	const char *unknown[] = { "--out", dir, "--colour", NULL };
	const char *extra[] = { "--out", dir, "sample", NULL };
	const char *empty_out[] = { "--out=", NULL };
	const char *help[] = { "--help", NULL };
	const char *no_design[] = { "--out", dir, "--design", "fremfard", NULL };
	assert_int_equal(run_gen(no_design), TILLID_ESYS);
	assert_int_equal(run_gen(no_out), TILLID_ESYS);
	assert_int_equal(run_gen(too_few), TILLID_ESYS);
	assert_int_equal(run_gen(not_number), TILLID_ESYS);
	assert_int_equal(run_gen(unknown), TILLID_ESYS);
	assert_int_equal(run_gen(extra), TILLID_ESYS);
	assert_int_equal(run_gen(empty_out), TILLID_ESYS);
	assert_int_equal(run_gen(help), TILLID_OK);
	struct stat sb;
	assert_int_not_equal(stat(dir, &sb), 0);
	free(dir);
}

int main(int argc, char **argv)
{
	(void)argc;
	const char *env = getenv("TILLID_GEN");
	if (env) {
		gen_path = xstrdup(env);
	} else {
		/* BUILD/tests/test_gen -> BUILD/tillid-gen */
		char *tests = path_dirname(argv[0]);
		char *build = path_dirname(tests);
		gen_path = path_join(build, "tillid-gen");
		free(tests);
		free(build);
	}
	env = getenv("TILLID_SAMPLE_DIR");
	sample_dir = xstrdup(env ? env : "sample-data");
	const char *tmp = getenv("TMPDIR");
	char *templ = xasprintf("%s/tillid-test-gen-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	tmp_dir = mkdtemp(templ);
	if (!tmp_dir || access(gen_path, X_OK)) {
		fprintf(stderr, "test_gen: %s\n",
			tmp_dir ? "tillid-gen is not built" : "cannot create a temporary directory");
		return 1;
	}

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_is_generator_output),
		cmocka_unit_test(test_same_seed_same_bytes),
		cmocka_unit_test(test_designs),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_bad_options),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(tmp_dir);
	free(templ);
	free(gen_path);
	free(sample_dir);
	return failed;
}
