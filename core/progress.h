/* progress.h: a progress line on a terminal for a stage that runs longer than a second. */
#ifndef TILLID_PROGRESS_H
#define TILLID_PROGRESS_H

#include <stdio.h>

/* A line rewritten in place ("\r...") on fp while a stage runs. It is shown
 * only when fp is a terminal (never in a file or a pipe, so logs and tests
 * never see it), only once the stage has run PROGRESS_AFTER_S seconds, and
 * redrawn at most every PROGRESS_EVERY_S seconds. Callers check the clock
 * rarely (every 64k rows, say): progress_due keeps the hot loop free. */
#define PROGRESS_AFTER_S 1.0
#define PROGRESS_EVERY_S 0.25

struct progress {
	FILE *fp;        /* NULL: not a terminal, nothing is shown */
	double start;    /* monotonic seconds at progress_init */
	double last;     /* when the line was last drawn, 0: never */
	int shown;       /* the line is on the screen */
};

/* Start timing; fp may be NULL (no progress). Owns nothing. */
void progress_init(struct progress *p, FILE *fp);
/* Whether a line drawn now would be shown (a terminal, past the first
 * second, not drawn within the last quarter second). Reads the clock. */
int progress_due(struct progress *p);
/* Draw the line: prefix and fmt's text, replacing the line before it. */
void progress_show(struct progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Clear the line, if one is shown, so the next message starts clean. */
void progress_done(struct progress *p);

#endif
