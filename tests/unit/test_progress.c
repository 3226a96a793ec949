/* test_progress.c: unit tests for the progress line: shown on a terminal only, after a second, at most four times a second. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/progress.h"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A file or a pipe is no terminal: nothing is ever drawn there. */
static void test_not_a_terminal(void **state)
{
	(void)state;
	FILE *fp = tmpfile();
	assert_non_null(fp);
	struct progress p;
	progress_init(&p, fp);
	assert_null(p.fp);
	p.start -= 10;
	assert_false(progress_due(&p));
	progress_show(&p, "rows %d", 1);
	progress_done(&p);
	assert_int_equal(ftell(fp), 0);
	fclose(fp);
	progress_init(&p, NULL);
	assert_false(progress_due(&p));
}

/* On a pseudo-terminal: silent for the first second, then drawn in place
 * and cleared at the end; never redrawn within a quarter second. */
static void test_terminal(void **state)
{
	(void)state;
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		skip();
	FILE *tty = fopen(ptsname(master), "w");
	assert_non_null(tty);
	struct progress p;
	progress_init(&p, tty);
	assert_ptr_equal(p.fp, tty);
	assert_false(progress_due(&p)); /* within the first second */
	p.start -= 2;
	assert_true(progress_due(&p));
	assert_false(progress_due(&p)); /* just drawn */
	progress_show(&p, "ingest: wave '%s': %d rows read", "foer", 65536);
	progress_done(&p);
	/* the terminal may hand the bytes over in more than one read */
	const char *want = "\r\033[Kingest: wave 'foer': 65536 rows read\r\033[K";
	char buf[256] = "";
	size_t got = 0;
	struct pollfd pfd = { master, POLLIN, 0 };
	while (!strstr(buf, want) && got < sizeof(buf) - 1 && poll(&pfd, 1, 2000) > 0) {
		ssize_t n = read(master, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		buf[got] = '\0';
	}
	assert_non_null(strstr(buf, want));
	fclose(tty);
	close(master);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_a_terminal),
		cmocka_unit_test(test_terminal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
