/* boot_jobs.c: the bootstrap intervals of every change, queued while the rows are written and computed afterwards on all cores. */
#include "analysis_internal.h"
#include "num_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* One bootstrap: its own copies of the count tables (the scratch they were
 * built in is reused by the next block), its seed and the first of its
 * four placeholder rows. */
struct boot_job {
	struct wsample_buf a, b;  /* paired: a = the differences; independent: a = later, b = base */
	int paired;
	uint64_t seed;
	size_t row;
	struct num_boot out;
};

static void copy_sample(struct wsample_buf *dst, const struct wsample *s)
{
	wsample_buf_init(dst);
	if (!s)
		return;
	dst->m = s->m;
	dst->x = xmalloc((s->m ? s->m : 1) * sizeof(*dst->x));
	dst->w = xmalloc((s->m ? s->m : 1) * sizeof(*dst->w));
	if (s->m) {
		memcpy(dst->x, s->x, s->m * sizeof(*dst->x));
		memcpy(dst->w, s->w, s->m * sizeof(*dst->w));
	}
}

static struct wsample view(const struct wsample_buf *b)
{
	return (struct wsample){ b->x, b->w, b->m };
}

size_t an_boot_queue(struct analysis_ctx *c, uint64_t seed, size_t row, const struct wsample *d,
		     const struct wsample *later, const struct wsample *base)
{
	if (c->n_boot == c->alloc_boot) {
		c->alloc_boot = c->alloc_boot ? 2 * c->alloc_boot : 64;
		c->boot = xrealloc(c->boot, c->alloc_boot * sizeof(*c->boot));
	}
	struct boot_job *j = &c->boot[c->n_boot];
	memset(j, 0, sizeof(*j));
	j->paired = d != NULL;
	copy_sample(&j->a, d ? d : later);
	copy_sample(&j->b, d ? NULL : base);
	j->seed = seed;
	j->row = row;
	return c->n_boot++;
}

static void boot_job_run(struct boot_job *j, const struct stats_options *o)
{
	struct wsample a = view(&j->a), b = view(&j->b);
	if (j->paired)
		num_boot_paired(&a, o->resamples, j->seed, o->conf, NULL, &j->out);
	else
		num_boot_indep(&a, &b, o->resamples, j->seed, o->conf, NULL, &j->out);
}

struct boot_pool {
	struct boot_job *jobs;
	size_t n;
	const struct stats_options *o;
	atomic_size_t next;
};

/* Take jobs until none is left; progress (the calling thread's only, may
 * be NULL) shows how far the pool has come. */
static void boot_take(struct boot_pool *p, struct progress *progress)
{
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			return;
		boot_job_run(&p->jobs[i], p->o);
		if (progress && progress_due(progress))
			progress_show(progress, "stats: %zu of %zu bootstrap intervals", i + 1, p->n);
	}
}

static void *boot_worker(void *arg)
{
	boot_take(arg, NULL);
	return NULL;
}

/* The four rows of one finished bootstrap, as an_put_change_boot would
 * have written them at once. */
static void boot_job_rows(struct results *res, const struct boot_job *j)
{
	const struct num_boot *b = &j->out;
	enum res_reason why = an_note(b->status, b->reason);
	/* BCa can fail where the percentile interval does not */
	enum res_reason bca_why = why ? why
				      : b->bca_reason ? an_note(NUM_NA, b->bca_reason) : RES_WHY_NONE;
	const double v[4] = { b->perc_lo, b->perc_hi, b->bca_lo, b->bca_hi };
	const enum res_reason r[4] = { why, why, bca_why, bca_why };
	for (int k = 0; k < 4; k++) {
		if (r[k])
			results_set(res, j->row + (size_t)k, NAN, RES_NA, r[k]);
		else
			results_set(res, j->row + (size_t)k, v[k], RES_OK, RES_WHY_NONE);
	}
}

void an_boot_run_all(struct analysis_ctx *c)
{
	struct boot_pool p = { c->boot, c->n_boot, c->o, 0 };
	size_t threads = c->o->threads ? c->o->threads : 1;
	if (threads > c->n_boot)
		threads = c->n_boot;
	num_gsl_init();  /* process-wide: set before the workers start */
	/* Each job has its own generator and seed, so the rows are the same
	 * whatever the number of threads and the order the jobs finish in. */
	pthread_t *tid = xcalloc(threads ? threads : 1, sizeof(*tid));
	size_t started = 0;
	for (size_t t = 1; t < threads; t++) {
		if (pthread_create(&tid[t], NULL, boot_worker, &p) != 0)
			break;  /* fewer threads: the calling thread does the rest */
		started = t;
	}
	boot_take(&p, c->o->progress);
	for (size_t t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	free(tid);
	for (size_t i = 0; i < c->n_boot; i++) {
		boot_job_rows(c->res, &c->boot[i]);
		wsample_buf_release(&c->boot[i].a);
		wsample_buf_release(&c->boot[i].b);
	}
	free(c->boot);
	c->boot = NULL;
	c->n_boot = c->alloc_boot = 0;
}
