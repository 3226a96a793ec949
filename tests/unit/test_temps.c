/* test_temps.c: unit tests for the table of temporary outputs and its signal handler. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/temps.h"
#include "core/util.h"
#include "testutil.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* path under the group's scratch directory; the caller frees it */
static char *scratch(const char *name)
{
	return path_join(test_tmpdir, name);
}

static void make_dir_with(const char *dir, const char *file)
{
	assert_int_equal(mkdir(dir, 0755), 0);
	char *p = path_join(dir, file);
	write_text(p, "x");
	free(p);
}

static void test_remove_all(void **state)
{
	(void)state;
	char *file = scratch("r.pdf.tmp-aaaaaa"), *kept = scratch("k.pdf.tmp-bbbbbb");
	char *dir = scratch("charts.tmp-cccccc");
	char *aside = scratch("a.old-dddddd"), *home = scratch("a");
	char *gone = scratch("b.old-eeeeee"), *there = scratch("b");
	write_text(file, "x");
	write_text(kept, "x");
	make_dir_with(dir, "1.png");
	make_dir_with(aside, "1.png");
	make_dir_with(gone, "1.png");
	make_dir_with(there, "2.png");
	assert_int_equal(temps_own(file, TEMP_FILE, NULL), 0);
	assert_int_equal(temps_own(kept, TEMP_FILE, NULL), 0);
	assert_int_equal(temps_own(dir, TEMP_DIR, NULL), 0);
	assert_int_equal(temps_own(aside, TEMP_ASIDE, home), 0);
	assert_int_equal(temps_own(gone, TEMP_ASIDE, there), 0);
	temps_disown(kept); /* renamed into place, say: not the table's any more */
	temps_disown("never-owned");
	assert_int_equal(temps_remove_all(), 4);
	assert_false(exists(file));
	assert_true(exists(kept));
	assert_false(exists(dir));
	/* a folder moved aside goes back when its place is empty ... */
	assert_false(exists(aside));
	char *back = path_join(home, "1.png");
	assert_true(exists(back));
	/* ... and is removed when the new one is in place */
	assert_false(exists(gone));
	char *new = path_join(there, "2.png");
	assert_true(exists(new));
	/* the table is empty again */
	assert_int_equal(temps_remove_all(), 0);
	assert_true(exists(kept));
	free(back);
	free(new);
	free(file);
	free(kept);
	free(dir);
	free(aside);
	free(home);
	free(gone);
	free(there);
}

static void test_full_and_long(void **state)
{
	(void)state;
	char long_path[TEMPS_PATH_MAX + 1];
	memset(long_path, 'a', TEMPS_PATH_MAX);
	long_path[TEMPS_PATH_MAX] = '\0';
	assert_int_equal(temps_own(long_path, TEMP_FILE, NULL), -1);
	int owned = 0;
	char name[64];
	for (;;) {
		snprintf(name, sizeof name, "%s/none-%d", test_tmpdir, owned);
		if (temps_own(name, TEMP_FILE, NULL) != 0)
			break;
		owned++;
	}
	assert_true(owned >= 64);
	/* a slot disowned is free again */
	snprintf(name, sizeof name, "%s/none-%d", test_tmpdir, 3);
	temps_disown(name);
	assert_int_equal(temps_own(name, TEMP_FILE, NULL), 0);
	assert_int_equal(temps_remove_all(), (size_t)owned);
}

/* Run child() in a forked process whose stderr goes to err_path and
 * return its wait status. */
static int in_child(void (*child)(void *), void *arg, const char *err_path)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (!freopen(err_path, "w", stderr))
			_exit(3);
		child(arg);
		_exit(0);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void own_and_raise(void *arg)
{
	const char *file = arg;
	temps_catch_signals("report");
	write_text(file, "x");
	temps_own(file, TEMP_FILE, NULL);
	raise(SIGTERM);
	_exit(4); /* not reached: the run dies of SIGTERM */
}

static void test_signal_removes_and_dies(void **state)
{
	(void)state;
	char *file = scratch("s.pdf.tmp-ffffff"), *err = scratch("err");
	int st = in_child(own_and_raise, file, err);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGTERM);
	assert_false(exists(file));
	char *text = slurp_file(err, NULL);
	assert_string_equal(text, "report: interrupted; the last good outputs are left as they were\n");
	free(text);
	free(file);
	free(err);
}

static void ignored_stays_ignored(void *arg)
{
	const char *file = arg;
	signal(SIGHUP, SIG_IGN); /* as nohup starts a run */
	temps_catch_signals("ingest");
	write_text(file, "x");
	temps_own(file, TEMP_FILE, NULL);
	raise(SIGHUP);
	temps_disown(file);
}

static void test_ignored_signal(void **state)
{
	(void)state;
	char *file = scratch("n.tds.tmp-gggggg"), *err = scratch("err");
	int st = in_child(ignored_stays_ignored, file, err);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_true(exists(file));
	unlink(file);
	free(file);
	free(err);
}

struct defer_paths {
	const char *temp, *published;
};

static void defer_and_raise(void *arg)
{
	const struct defer_paths *p = arg;
	temps_catch_signals("ingest");
	write_text(p->temp, "x");
	temps_own(p->temp, TEMP_FILE, NULL);
	temps_defer_begin();
	raise(SIGTERM); /* held off: the run goes on to publish */
	write_text(p->published, "x");
	temps_defer_end(); /* the run ends here */
	_exit(4);
}

static void test_signal_deferred(void **state)
{
	(void)state;
	char *temp = scratch("d.tds.tmp-iiiiii"), *published = scratch("d.txt"), *err = scratch("err");
	struct defer_paths p = { temp, published };
	int st = in_child(defer_and_raise, &p, err);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGTERM);
	assert_true(exists(published));
	assert_false(exists(temp));
	free(temp);
	free(published);
	free(err);
}

/* A chart writer's thread: fill the folder until it is gone. */
static void *fill(void *arg)
{
	const char *dir = arg;
	char name[TEMPS_PATH_MAX + 32];
	for (long i = 0;; i++) {
		snprintf(name, sizeof name, "%s/%ld.png", dir, i);
		FILE *fp = fopen(name, "wb");
		if (!fp)
			return NULL;
		fputs("x", fp);
		fclose(fp);
	}
}

static void fill_and_interrupt(void *arg)
{
	const char *dir = arg;
	temps_catch_signals("report");
	mkdir(dir, 0755);
	temps_own(dir, TEMP_DIR, NULL);
	pthread_t tid;
	if (pthread_create(&tid, NULL, fill, (void *)dir) != 0)
		_exit(5);
	char first[TEMPS_PATH_MAX + 32];
	snprintf(first, sizeof first, "%s/100.png", dir);
	/* sleep while waiting, so that a scheduler running one thread at a
	 * time (valgrind's) lets the writer go on */
	while (!exists(first)) {
		struct timespec ms = { 0, 1000000 };
		nanosleep(&ms, NULL);
	}
	raise(SIGINT);
	_exit(4);
}

static void test_signal_while_filled(void **state)
{
	(void)state;
	char *dir = scratch("charts.tmp-hhhhhh"), *err = scratch("err");
	int st = in_child(fill_and_interrupt, dir, err);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGINT);
	assert_false(exists(dir));
	free(dir);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remove_all),
		cmocka_unit_test(test_full_and_long),
		cmocka_unit_test(test_signal_removes_and_dies),
		cmocka_unit_test(test_ignored_signal),
		cmocka_unit_test(test_signal_while_filled),
		cmocka_unit_test(test_signal_deferred),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
