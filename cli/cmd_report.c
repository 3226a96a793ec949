/* cmd_report.c: tillid report: turn a study's results into the PDF report and its chart files. */
#include "cmds.h"
#include "core/dataset.h"
#include "core/defaults.h"
#include "core/parse_options.h"
#include "core/progress.h"
#include "plots/chart_files.h"
#include "plots/report.h"
#include "plots/resfile.h"
#include "pipeline/study.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *const report_usage[] = {
	"usage: tillid report [--lang da|en] [--per-municipality] [--out DIR] [--no-charts] [--threads N] [--date-now] STUDY",
	"",
	"Reads <output>/results.csv (tillid stats) and the metadata of <output>/clean.tds",
	"(tillid ingest) and writes the A4 report as <output>/rapport.pdf (Danish) or",
	"<output>/report-en.pdf (English), and every chart as PDF, SVG and PNG in",
	"<output>/charts/ (charts-en/ in English). With --per-municipality also one",
	"report per municipality: rapport-<municipality>.pdf and charts-<municipality>/.",
	"A failed run leaves the last good report in place.",
	"",
	NULL
};

/* The values of --lang, in the order of lang_from_name's names. */
static const char *const lang_names[] = { "da", "en", NULL };

int report_date(const struct tds_meta *m, const char *sde, char **date, struct strbuf *err)
{
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long t = strtoll(sde, &end, 10);
		time_t tt = (time_t)t;
		struct tm tm;
		char buf[32];
		if (errno || end == sde || *end || t < 0 || (long long)tt != t || !gmtime_r(&tt, &tm) ||
		    !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm) || tm.tm_year + 1900 > 9999) {
			sb_addf(err, "SOURCE_DATE_EPOCH '%s' is not a number of seconds since 1970 up to the year 9999",
				sde);
			return TILLID_ESYS;
		}
		*date = xstrdup(buf);
	} else if (m->data_date && strlen(m->data_date) == 10) {
		*date = xasprintf("%sT00:00:00", m->data_date);
	} else if (m->n_waves && m->waves[m->n_waves - 1].end && strlen(m->waves[m->n_waves - 1].end) == 10) {
		*date = xasprintf("%sT00:00:00", m->waves[m->n_waves - 1].end);
	} else {
		*date = xstrdup(TILLID_FIXED_DATETIME);
	}
	return TILLID_OK;
}

int cli_output_folder_check(const char *dir, int from_out, const char *study_path, struct strbuf *err)
{
	struct stat st;
	if (stat(dir, &st) != 0 || S_ISDIR(st.st_mode))
		return TILLID_OK;
	/* no run of ingest or stats would help */
	if (from_out)
		sb_addf(err, "--out '%s' is a file, not a folder; give the folder that holds clean.tds and results.csv",
			dir);
	else
		sb_addf(err, "the output folder '%s' of '%s' is a file, not a folder; move the file or give "
			     "[study] output another name", dir, study_path);
	return TILLID_ESYS;
}

int report_inputs(const char *cmd, const char *study_path, const char *out_dir, char **out, char **res_path, struct tds *d,
		  struct resfile *res, struct report_spec *spec, struct strbuf *err)
{
	struct study study;
	study_init(&study);
	report_spec_init(spec);
	int rc = study_load(&study, study_path, err);
	if (rc != TILLID_OK) {
		study_release(&study);
		return rc;
	}
	*out = out_dir ? xstrdup(out_dir) : study_output_dir(&study);
	/* the report reads [report] from the study file as it is now: a
	 * change there needs no new ingest or stats */
	*spec = study.report;
	report_spec_init(&study.report);
	study_release(&study);
	char *tds_path = path_join(*out, "clean.tds");
	*res_path = path_join(*out, "results.csv");
	/* the advice writes where this run reads: into --out when given */
	char *ingest_fix = cli_ingest_advice(study_path, out_dir);
	char *stats_fix = cli_stats_advice(study_path, out_dir);
	rc = cli_output_folder_check(*out, out_dir != NULL, study_path, err);
	if (rc == TILLID_OK && (rc = tds_read_meta(d, tds_path, err)) != TILLID_OK) {
		sb_addf(err, "; run '%s' first", ingest_fix);
	} else if (rc == TILLID_OK && (rc = resfile_read(res, *res_path, err)) != TILLID_OK) {
		if (rc == TILLID_ESYS)
			sb_addf(err, "; run '%s' first", stats_fix);
	} else if (rc == TILLID_OK) {
		rc = resfile_check_dataset(res, tds_path, d->sha256, stats_fix, err);
	}
	if (rc == TILLID_OK)
		cli_study_drift(cmd, study_path, out_dir, &d->meta);
	free(ingest_fix);
	free(stats_fix);
	free(tds_path);
	return rc;
}

/* Write one report (the project's when muni is NULL; slug: the file-name
 * form of muni, report_muni_slugs) and say so; progress names the report
 * being written once the run has taken a second. */
static int one_report(const struct resfile *res, const struct tds_meta *meta, const struct report_spec *spec,
		      const char *out, enum lang lang, const char *muni, const char *slug, int charts,
		      const char *date, const char *run_date, const char *results_path, size_t threads,
		      struct chart_pool *pool, struct progress *progress)
{
	const char *base = lang == LANG_DA ? "rapport" : "report-en";
	const char *cbase = lang == LANG_DA ? "charts" : "charts-en";
	char *pdf_name = slug ? xasprintf("%s-%s.pdf", base, slug) : xasprintf("%s.pdf", base);
	char *chart_name = slug ? xasprintf("%s-%s", cbase, slug) : xstrdup(cbase);
	char *pdf = path_join(out, pdf_name);
	char *chart_dir = charts ? path_join(out, chart_name) : NULL;
	struct report_opts o = { .lang = lang, .municipality = muni, .pdf_path = pdf, .charts_dir = chart_dir,
				 .pdf_date = date, .run_date = run_date, .results_path = results_path,
				 .spec = spec, .threads = threads, .chart_pool = charts ? pool : NULL };
	struct report_stats st;
	report_stats_init(&st);
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	if (progress_due(progress))
		progress_show(progress, "report: writing '%s'", pdf_name);
	int rc = report_write(res, meta, &o, &st, &err);
	progress_done(progress);
	if (rc != TILLID_OK) {
		print_prefixed(stderr, "report", err.buf);
	} else {
		printf("report: wrote '%s' (%d pages)%s%s%s\n", pdf, st.pages, chart_dir ? " and its charts in '" : "",
		       chart_dir ? chart_dir : "", chart_dir ? "'" : "");
		for (size_t i = 0; i < st.overflow_texts.n; i++)
			fprintf(stderr, "report: warning: '%s': text does not fit its box: '%s'\n", pdf,
				st.overflow_texts.v[i]);
	}
	report_stats_release(&st);
	sb_release(&err);
	free(pdf_name);
	free(chart_name);
	free(pdf);
	free(chart_dir);
	return rc;
}

/* A warning for each municipality whose report is named with a number
 * because an earlier one has the same file-name form (report_muni_slugs):
 * usually one municipality written two ways in the exports. */
static void warn_same_slugs(const struct tds_meta *m, const struct strlist *slugs, const char *base)
{
	for (size_t i = 0; i < m->n_municipalities; i++) {
		char *own = report_slug(m->municipalities[i]);
		if (strcmp(own, slugs->v[i])) {
			size_t j = 0;
			while (j < i && strcmp(slugs->v[j], own))
				j++;
			fprintf(stderr, "report: warning: municipalities '%s' and '%s' have the same file name; "
					"the report of '%s' is '%s-%s.pdf'; if they are one municipality, write it "
					"alike in every export (or list it in [study] municipality)\n",
				j < i ? m->municipalities[j] : own, m->municipalities[i], m->municipalities[i], base,
				slugs->v[i]);
		}
		free(own);
	}
}

/* Is name[0..len) one of the report's outputs (rapport*.pdf,
 * report-en*.pdf, charts*), for remove_stale_temps? */
static int report_output_name(const char *name, size_t len, void *ctx)
{
	(void)ctx;
	int pdf = len > 4 && !strncmp(name + len - 4, ".pdf", 4);
	return (pdf && (!strncmp(name, "rapport", 7) || !strncmp(name, "report-en", 9))) ||
	       (len >= 6 && !strncmp(name, "charts", 6));
}

/* Is en no English text of its own beside da? */
static int no_english(const char *da, const char *en)
{
	return !en || !*en || !strcmp(da, en);
}

/* Does the answer scale a lack an English label for a labelled point or a
 * non-substantive answer? */
static int answers_danish(const struct tds_answers *a)
{
	for (int v = 0; v < a->k; v++)
		if (a->point_da[v][0] && (!a->point_en || !a->point_en[v] || !a->point_en[v][0]))
			return 1;
	for (int j = 0; j < a->n_nonsubst; j++)
		if (!a->nonsubst_en || !a->nonsubst_en[j][0])
			return 1;
	return 0;
}

/* Append "KIND a" or "KINDS a, b" to sb for the ids in *ids ("; " before
 * it when sb holds a kind already) and empty the list. */
static void add_kind(struct strbuf *sb, const char *kind, const char *kinds, struct strlist *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		if (i)
			sb_addf(sb, ", %s", ids->v[i]);
		else
			sb_addf(sb, "%s%s %s", sb->len ? "; " : "", ids->n > 1 ? kinds : kind, ids->v[i]);
	}
	sl_release(ids);
}

void report_warn_danish(const char *cmd, const struct tds_meta *m)
{
	struct strbuf sb = STRBUF_INIT;
	struct strlist ids = STRLIST_INIT;
	sb_init(&sb);
	for (size_t i = 0; i < m->n_waves; i++)
		if (no_english(m->waves[i].label_da, m->waves[i].label_en))
			sl_push(&ids, m->waves[i].id);
	add_kind(&sb, "wave", "waves", &ids);
	for (size_t i = 0; i < m->n_groups; i++)
		if (no_english(m->groups[i].label_da, m->groups[i].label_en))
			sl_push(&ids, m->groups[i].id);
	add_kind(&sb, "group", "groups", &ids);
	for (size_t i = 0; i < m->n_scales; i++)
		if (no_english(m->scales[i].label_da, m->scales[i].label_en))
			sl_push(&ids, m->scales[i].id);
	add_kind(&sb, "scale", "scales", &ids);
	for (size_t i = 0; i < m->n_items; i++)
		if (no_english(m->items[i].text_da, m->items[i].text_en))
			sl_push(&ids, m->items[i].id);
	add_kind(&sb, "item", "items", &ids);
	for (size_t i = 0; i < m->n_answers; i++)
		if (answers_danish(&m->answers[i]))
			sl_push(&ids, m->answers[i].id);
	add_kind(&sb, "answers", "answers", &ids);
	if (sb.len)
		fprintf(stderr, "%s: note: the same text in English as in Danish for %s; where it is not English, "
				"add label_en (text_en for an item, point_en.V and missing_en for answers) to the "
				"study file and run ingest again\n",
			cmd, sb.buf);
	sb_release(&sb);
}

int cmd_report(int argc, char **argv)
{
	const char *out_dir = NULL;
	int lang_index = 0, per_muni = 0, no_charts = 0, date_now = 0;
	uint64_t threads = 0;
	const struct option options[] = {
		OPT_CHOICE(0, "lang", &lang_index, "da|en", "language of the report (default da)", lang_names),
		OPT_FLAG(0, "per-municipality", &per_muni, "also one report per municipality, beside the project's"),
		OPT_NONEMPTY_STRING(0, "out", &out_dir, "DIR", "read and write in DIR instead of [study] output"),
		OPT_FLAG(0, "no-charts", &no_charts, "write the PDF only, no chart files"),
		OPT_UINT(0, "threads", &threads, "N",
			 "threads writing the chart files (default: the cores available); the files are the same", 1,
			 1024),
		OPT_FLAG(0, "date-now", &date_now,
			 "print today's date as the date of the run (the PDF's own dates stay fixed)"),
		OPT_HELP(),
		OPT_TEXT("\nThe PDF is dated by SOURCE_DATE_EPOCH when set, else by the data's date, so the\n"
			 "same inputs give a byte-identical file.\n"
			 "\nExit status: 0 ok, 1 bad data (results and dataset do not fit), 2 usage or\n"
			 "system error (missing input, unwritable directory).\n"),
		OPT_END(),
	};
	struct option_args args;

	int prc = parse_command(argc, argv, "report", report_usage, options,
				(struct command_args){ 1, 1, "study file" }, &args);
	if (prc >= 0)
		return prc;
	const char *study_path = args.argv[0];
	int lang = lang_from_name(lang_names[lang_index]);
	int charts = !no_charts;

	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	char *out = NULL, *res_path = NULL;
	struct tds d;
	tds_init(&d);
	struct resfile res;
	resfile_init(&res);
	struct out_hold hold;
	out_hold_init(&hold);
	char *date = NULL, *run_date = NULL;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct report_spec spec;
	int rc = report_inputs("report", study_path, out_dir, &out, &res_path, &d, &res, &spec, &err);
	if (rc != TILLID_OK)
		goto out;
	if ((rc = report_date(&d.meta, sde, &date, &err)) != TILLID_OK)
		goto out;
	if (lang == LANG_EN)
		report_warn_danish("report", &d.meta);
	int busy;
	size_t stale = out_hold_take(&hold, out, report_output_name, NULL, &busy);
	if (stale)
		fprintf(stderr, "report: note: removed %zu temporary output%s left in '%s' by an interrupted run\n",
			stale, stale == 1 ? "" : "s", out);
	if (sde && *sde)
		run_date = xstrndup(date, 10);
	else if (date_now) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		char buf[16];
		strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
		run_date = xstrdup(buf);
	}
	struct progress progress;
	progress_init(&progress, stderr);
	/* One pool of chart writers for every report of the run: their fonts,
	 * measured texts and canvases are set up once. When it cannot start,
	 * each report tries threads of its own and says why it cannot. */
	struct chart_pool pool;
	int pooled = charts && chart_pool_start(&pool, (enum lang)lang, (size_t)threads) == 0;
	struct strlist slugs;
	report_muni_slugs(&d.meta, &slugs);
	if (per_muni)
		warn_same_slugs(&d.meta, &slugs, lang == LANG_DA ? "rapport" : "report-en");
	rc = one_report(&res, &d.meta, &spec, out, (enum lang)lang, NULL, NULL, charts, date, run_date, res_path,
			(size_t)threads, pooled ? &pool : NULL, &progress);
	for (size_t m = 0; per_muni && rc == TILLID_OK && m < d.meta.n_municipalities; m++)
		rc = one_report(&res, &d.meta, &spec, out, (enum lang)lang, d.meta.municipalities[m], slugs.v[m],
				charts, date, run_date, res_path, (size_t)threads, pooled ? &pool : NULL, &progress);
	sl_release(&slugs);
	if (pooled)
		chart_pool_finish(&pool);
out:
	if (rc != TILLID_OK && err.len)
		print_prefixed(stderr, "report", err.buf);
	free(date);
	free(run_date);
	free(res_path);
	free(out);
	resfile_release(&res);
	out_hold_release(&hold);
	tds_release(&d);
	report_spec_release(&spec);
	sb_release(&err);
	return rc;
}
