/* progress.c: a progress line on a terminal for a stage that runs longer than a second. */
#include "progress.h"

#include <stdarg.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_init(struct progress *p, FILE *fp)
{
	p->fp = fp && isatty(fileno(fp)) ? fp : NULL;
	p->start = p->fp ? now_s() : 0;
	p->last = 0;
	p->shown = 0;
}

int progress_due(struct progress *p)
{
	if (!p || !p->fp)
		return 0;
	double t = now_s();
	if (t - p->start < PROGRESS_AFTER_S || (p->last && t - p->last < PROGRESS_EVERY_S))
		return 0;
	p->last = t;
	return 1;
}

void progress_show(struct progress *p, const char *fmt, ...)
{
	if (!p || !p->fp)
		return;
	fputs("\r\033[K", p->fp);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(p->fp, fmt, ap);
	va_end(ap);
	fflush(p->fp);
	p->shown = 1;
}

void progress_done(struct progress *p)
{
	if (!p || !p->fp || !p->shown)
		return;
	fputs("\r\033[K", p->fp);
	fflush(p->fp);
	p->shown = 0;
}
