/* ingest_console.c: what the ingest stage prints: problems, warnings, why it stopped, the summary. */
#include "ingest_internal.h"

#include <string.h>

/* What a skipped problem of kind k does to the data. */
static const char *skipped_effect(int k)
{
	switch (k) {
	case PROBLEM_RAGGED_ROW:
	case PROBLEM_UNKNOWN_GROUP:
	case PROBLEM_DUPLICATE_KEY: return "rows dropped";
	case PROBLEM_BAD_ENCODING: return "bytes replaced";
	case PROBLEM_EMPTY_WAVE: return "wave kept empty";
	case PROBLEM_MISSING_COLUMN: return "values missing";
	default: return "values dropped";
	}
}

void ingest_print_problems(const struct ingest_report *r, const struct ingest_options *opt,
			   FILE *log)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t fi = 0; fi < r->n_files; fi++) {
		const struct ingest_file *f = &r->files[fi];
		for (int o = 0; o < INGEST_N_KINDS; o++) {
			int k = ingest_kind_order[o];
			uint64_t n = f->problems[k];
			if (!n)
				continue;
			if (r->skipped[k]) {
				fprintf(log, "ingest: '%s': %llu %s problem%s skipped (%s, as [checks] skip allows; "
					     "each is listed in ingest.txt)\n",
					f->path, (unsigned long long)n, ingest_kind_name(k), n == 1 ? "" : "s",
					skipped_effect(k));
				continue;
			}
			sb_reset(&sb);
			uint64_t listed = ingest_report_list(r, fi, k, opt->max_listed, "ingest: ", &sb);
			fputs(sb.buf, log);
			if (n > listed)
				fprintf(log, "ingest: ... and %llu more %s problem%s in '%s' (--max-problems 0 "
					     "lists them all)\n",
					(unsigned long long)(n - listed), ingest_kind_name(k),
					n - listed == 1 ? "" : "s", f->path);
		}
	}
	sb_release(&sb);
}

void ingest_print_warnings(const struct ingest_report *r, FILE *log)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t i = 0; i < r->n_warnings; i++) {
		sb_reset(&sb);
		ingest_report_describe_warning(r, &r->warnings[i], &sb);
		fprintf(log, "ingest: warning: %s\n", sb.buf);
	}
	sb_release(&sb);
}

static void print_kinds(FILE *fp, const uint64_t *counts)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	ingest_kinds_line(&sb, counts);
	fputs(sb.buf, fp);
	sb_release(&sb);
}

void ingest_print_summary(const struct ingest_report *r, const struct tds *d, const char *dir,
			  int with_csv, FILE *out)
{
	const struct tds_meta *m = &d->meta;
	fprintf(out, "ingest: %s\n", r->study_name);
	for (size_t fi = 0; fi < r->n_files; fi++) {
		const struct ingest_file *f = &r->files[fi];
		if (!strcmp(f->role, "labels") || !strcmp(f->role, "structure"))
			continue;
		fprintf(out, "  wave %s: '%s' (%s, %s): %llu rows read, %llu kept, %llu rejected",
			m->waves[f->wave].id, f->path, f->encoding, f->delimiter,
			(unsigned long long)f->rows_read, (unsigned long long)f->rows_kept,
			(unsigned long long)f->rows_rejected);
		if (f->rows_rejected) {
			fputs(" (", out);
			print_kinds(out, f->rejected_by);
			fputs(")", out);
		}
		uint64_t dropped = 0;
		for (int k = 0; k < INGEST_N_KINDS; k++)
			dropped += f->values_dropped[k];
		if (dropped) {
			fprintf(out, "; %llu values dropped (", (unsigned long long)dropped);
			print_kinds(out, f->values_dropped);
			fputs(")", out);
		}
		fputc('\n', out);
	}
	for (size_t w = 1; w < r->n_waves; w++)
		fprintf(out, "  pairs: %llu of %llu respondents of %s have a key also found in %s\n",
			(unsigned long long)r->waves[w].paired, (unsigned long long)r->waves[w].rows,
			m->waves[w].id, m->waves[0].id);
	fprintf(out, "  outputs in %s: clean.tds%s ingest.txt ingest.json\n", dir,
		with_csv ? " clean.csv" : "");
}

void ingest_print_stopped(const struct study *s, const struct ingest_report *r, uint64_t blocking,
			  FILE *log)
{
	fprintf(log, "ingest: stopped: %llu problem%s in the data (", (unsigned long long)blocking,
		blocking == 1 ? "" : "s");
	int first = 1;
	struct strbuf safe = STRBUF_INIT;
	sb_init(&safe);
	for (int k = 0; k < INGEST_N_KINDS; k++) {
		uint64_t n = ingest_report_total(r, k);
		if (!n || r->skipped[k])
			continue;
		fprintf(log, "%s%s %llu", first ? "" : ", ", ingest_kind_name(k), (unsigned long long)n);
		first = 0;
		/* Skipping a missing column silently drops an item from its
		 * scale (or every group, or every pair), and skipping a group
		 * value spelt otherwise in the study file drops the group:
		 * never advised. */
		if (k != INGEST_ERROR && k != PROBLEM_MISSING_COLUMN &&
		    !(k == PROBLEM_UNKNOWN_GROUP && r->whole_group))
			sb_addf(&safe, "%s%s", safe.len ? " | " : "", ingest_kind_name(k));
	}
	if (safe.len)
		fprintf(log, "); nothing was written. Fix the exports or the study file '%s', or let %s "
			     "drop and count with [checks] skip = %s\n",
			s->path, strchr(safe.buf, '|') ? "these problems" : "this kind of problem", safe.buf);
	else
		fprintf(log, "); nothing was written. Fix the exports or the study file '%s'\n", s->path);
	sb_release(&safe);
}
