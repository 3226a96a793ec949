/* tillid-benchgen.c: writes a seeded benchmark study of any size fast, in the CSV shape of ../shared/bench/make_big.py, with its study file. */
#include "core/parse_options.h"
#include "core/util.h"

#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The model of make_big.py, with GSL's generator in place of Python's
 * (so the same shape and distributions, not the same bytes): N people,
 * each with a municipality and a group drawn uniformly and a trait t from
 * N(0, 0.6); wave foer has them all, wave efter each with probability 0.6
 * and new people ("N" ids) up to N. An answer is blank with probability
 * 0.04, 9 ("Ved ikke") with 0.04, else min(5, max(1, int(mu + z + 0.5)))
 * with z from N(0, 1) and mu = 3 + t (+ 0.3 for Borger in efter). Files:
 * ';'-separated UTF-8 with a BOM and CRLF, columns id;kommune;gruppe;q01..
 */

static const char *const benchgen_usage[] = {
	"usage: tillid-benchgen --out DIR --respondents N [--items K] [--seed S]",
	"",
	"Writes the benchmark study into DIR: foer.csv and efter.csv in the shape of",
	"../shared/bench/make_big.py (K five-point items, 9 = \"Ved ikke\", about 60 %",
	"paired) and bench.ini, its study file (scales of five items). The same seed,",
	"size and items give byte-identical files.",
	"",
	"options:",
	NULL
};

static const char *const kommune[] = { "Rebild", "Slagelse", "Vesthimmerland", "Odder", "Haderslev" };
static const char *const gruppe[] = { "Borger", "Pårørende", "Medarbejder" };

struct person {
	uint32_t id;   /* its number in the id */
	uint8_t k, g;  /* municipality and group */
	char prefix;   /* 'P' in foer, 'N' for the new ones of efter */
	double trait;
};

/* An output file written through a large buffer. */
struct out {
	FILE *fp;
	char *buf;
	size_t len;
};
#define OUT_BUF (1u << 20)

static void out_flush(struct out *o)
{
	fwrite(o->buf, 1, o->len, o->fp);
	o->len = 0;
}

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->len + n > OUT_BUF)
		out_flush(o);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_adds(struct out *o, const char *s)
{
	out_add(o, s, strlen(s));
}

static void write_row(struct out *o, const struct person *p, double shift, size_t items, gsl_rng *r)
{
	char line[64 + 2 * 256];
	int n = snprintf(line, 64, "%c%07u;%s;%s", p->prefix, (unsigned)p->id, kommune[p->k], gruppe[p->g]);
	out_add(o, line, (size_t)n);
	double mu = 3.0 + p->trait + (p->g == 0 ? shift : 0.0);
	char *q = line;
	for (size_t i = 0; i < items; i++) {
		*q++ = ';';
		double u = gsl_rng_uniform(r);
		if (u < 0.04)
			continue;
		if (u < 0.08) {
			*q++ = '9';
			continue;
		}
		int v = (int)(mu + gsl_ran_gaussian_ziggurat(r, 1.0) + 0.5);
		*q++ = (char)('0' + (v < 1 ? 1 : v > 5 ? 5 : v));
	}
	*q++ = '\r';
	*q++ = '\n';
	out_add(o, line, (size_t)(q - line));
}

/* Write one wave's file. */
static int write_wave(const char *dir, const char *name, const struct person *people, size_t n, double shift,
		      size_t items, gsl_rng *r, struct strbuf *err)
{
	char *path = path_join(dir, name);
	struct out o = { fopen(path, "wb"), NULL, 0 };
	if (!o.fp) {
		sb_addf(err, "cannot write '%s': %s", path, strerror(errno));
		free(path);
		return TILLID_ESYS;
	}
	o.buf = xmalloc(OUT_BUF);
	out_adds(&o, "\xEF\xBB\xBFid;kommune;gruppe");
	for (size_t i = 0; i < items; i++) {
		char h[32];
		snprintf(h, sizeof(h), ";q%02zu", i + 1);
		out_adds(&o, h);
	}
	out_adds(&o, "\r\n");
	for (size_t i = 0; i < n; i++)
		write_row(&o, &people[i], shift, items, r);
	out_flush(&o);
	int bad = ferror(o.fp);
	if (fclose(o.fp) != 0 || bad) {
		sb_addf(err, "cannot write '%s': %s", path, strerror(errno));
		bad = 1;
	}
	free(o.buf);
	free(path);
	return bad ? TILLID_ESYS : TILLID_OK;
}

static void draw_person(struct person *p, char prefix, uint32_t id, gsl_rng *r)
{
	p->prefix = prefix;
	p->id = id;
	p->k = (uint8_t)gsl_rng_uniform_int(r, ARRAY_SIZE(kommune));
	p->g = (uint8_t)gsl_rng_uniform_int(r, ARRAY_SIZE(gruppe));
	p->trait = gsl_ran_gaussian_ziggurat(r, 0.6);
}

/* The study file: the header of tools/bench/bench.ini, then the items in
 * scales of five. */
static int write_ini(const char *dir, size_t items, struct strbuf *err)
{
	struct strbuf s = STRBUF_INIT;
	sb_init(&s);
	sb_adds(&s, "; bench.ini: the benchmark study written by tillid-benchgen (columns\n"
		    "; id;kommune;gruppe;q01.., codes 1-5, 9 = \"Ved ikke\").\n\n"
		    "[study]\nname = Benchmark – før- og eftermåling\nmin_group_size = 5\n"
		    "key_file = bench.key\n"
		    "municipality = Rebild | Slagelse | Vesthimmerland | Odder | Haderslev\n\n"
		    "[columns]\ngroup = gruppe\nmunicipality = kommune\nkey = id\n\n"
		    "[wave foer]\nlabel = Førmåling\nformat = csv\nfile = foer.csv\n\n"
		    "[wave efter]\nlabel = Eftermåling\nformat = csv\nfile = efter.csv\n\n"
		    "[group borger]\nlabel = Borgere\nvalue = Borger\n\n"
		    "[group paaroerende]\nlabel = Pårørende\nvalue = Pårørende\n\n"
		    "[group medarbejder]\nlabel = Medarbejdere\nvalue = Medarbejder\n\n"
		    "[answers enig5]\npoints = 5\npoint.1 = Helt uenig\npoint.2 = Overvejende uenig\n"
		    "point.3 = Hverken enig eller uenig\npoint.4 = Overvejende enig\n"
		    "point.5 = Helt enig\nmissing = Ved ikke\ncode.9 = missing:1\n");
	for (size_t sc = 0; sc < (items + 4) / 5; sc++)
		sb_addf(&s, "\n[scale s%zu]\nlabel = Skala %zu\n", sc + 1, sc + 1);
	for (size_t i = 0; i < items; i++)
		sb_addf(&s, "\n[item q%02zu]\ncolumn = q%02zu\ntext = Udsagn %zu\nanswers = enig5\nscale = s%zu\n",
			i + 1, i + 1, i + 1, i / 5 + 1);
	char *path = path_join(dir, "bench.ini");
	struct atomic_file af;
	int rc = af_open(&af, path, err);
	if (!rc) {
		fwrite(s.buf, 1, s.len, af.fp);
		rc = af_commit(&af, err);
	}
	free(path);
	sb_release(&s);
	return rc;
}

static int generate(const char *dir, unsigned long seed, size_t n, size_t items, struct strbuf *err)
{
	int rc = mkdir_p(dir, err);
	if (rc)
		return rc;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	struct person *people = xcalloc(n ? n : 1, sizeof(*people));
	for (size_t i = 0; i < n; i++)
		draw_person(&people[i], 'P', (uint32_t)i, r);
	rc = write_wave(dir, "foer.csv", people, n, 0.0, items, r, err);
	/* efter: the kept ones in their order, then new people up to n. */
	size_t kept = 0;
	for (size_t i = 0; i < n && !rc; i++)
		if (gsl_rng_uniform(r) < 0.6)
			people[kept++] = people[i];
	for (size_t i = kept; i < n && !rc; i++)
		draw_person(&people[i], 'N', (uint32_t)(i - kept), r);
	if (!rc)
		rc = write_wave(dir, "efter.csv", people, n, 0.3, items, r, err);
	if (!rc)
		rc = write_ini(dir, items, err);
	free(people);
	gsl_rng_free(r);
	return rc;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	uint64_t seed = 7, n = 0, items = 50;
	const struct option options[] = {
		OPT_NONEMPTY_STRING('o', "out", &out, "DIR", "write the study into DIR, created if missing (required)"),
		OPT_UINT('n', "respondents", &n, "N", "respondents per wave (required; at most 9 999 999)", 1, 9999999),
		OPT_UINT('i', "items", &items, "K", "five-point items (default 50)", 1, 250),
		OPT_UINT('s', "seed", &seed, "S", "seed of the random number generator (default 7)", 0, 0xFFFFFFFFUL),
		OPT_HELP(),
		OPT_END(),
	};
	struct option_args args;
	int prc = parse_command(argc, argv, "tillid-benchgen", benchgen_usage, options,
				(struct command_args){ 0, 0, NULL }, &args);
	if (prc >= 0)
		return prc;
	if (!out || !n) {
		fputs("tillid-benchgen: --out DIR and --respondents N are required\n", stderr);
		usage_with_options(stderr, benchgen_usage, options);
		return TILLID_ESYS;
	}
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	int rc = generate(out, (unsigned long)seed, (size_t)n, (size_t)items, &err);
	if (rc)
		fprintf(stderr, "tillid-benchgen: %s\n", err.buf);
	else
		printf("tillid-benchgen: wrote %s (%llu respondents per wave, %llu items)\n", out,
		       (unsigned long long)n, (unsigned long long)items);
	sb_release(&err);
	return rc;
}
