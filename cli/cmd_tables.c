/* cmd_tables.c: tillid tables: the report's tables as a workbook (tabeller.xlsx) and, when asked, as CSV files. */
#include "cmds.h"
#include "core/csvwrite.h"
#include "core/dataset.h"
#include "core/parse_options.h"
#include "core/util.h"
#include "plots/report.h"
#include "plots/resfile.h"
#include "plots/tables_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tables_usage[] = {
	"usage: tillid tables [--lang da|en] [--out DIR] [--csv] [--csv-dialect rfc4180|excel] STUDY",
	"",
	"Reads <output>/results.csv (tillid stats) and the metadata of <output>/clean.tds",
	"(tillid ingest) and writes every table of the report (tillid report), cell for",
	"cell and with the same suppressed cells, as <output>/tabeller.xlsx (Danish) or",
	"<output>/tables-en.xlsx (English): a sheet per section of the report, numbers",
	"stored as numbers with display formats. With --csv also one CSV file per table",
	"in <output>/tabeller/ (tables-en/). A failed run leaves the last good files in place.",
	"",
	NULL
};

static const char *const lang_names[] = { "da", "en", NULL };

/* Is name[0..len) one of the outputs of tillid tables, for remove_stale_temps? */
static int tables_output_name(const char *name, size_t len, void *ctx)
{
	(void)ctx;
	static const char *const names[] = { "tabeller.xlsx", "tables-en.xlsx", "tabeller", "tables-en" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len && !strncmp(name, names[i], len))
			return 1;
	return 0;
}

/* Collect the tables and write the workbook, then (csv) the CSV directory. */
static int write_tables(const struct resfile *res, const struct tds_meta *meta, const struct report_spec *spec,
			const char *out, enum lang lang, int csv, enum csv_dialect dialect, const char *date,
			struct strbuf *err)
{
	struct report_opts ro = { .lang = lang, .spec = spec };
	struct table_book book;
	table_book_init(&book);
	int rc = report_tables(res, meta, &ro, &book, err);
	char *xlsx = path_join(out, lang == LANG_DA ? "tabeller.xlsx" : "tables-en.xlsx");
	char *dir = path_join(out, lang == LANG_DA ? "tabeller" : "tables-en");
	struct book_opts bo = { .lang = lang, .study = meta->study_name, .date = date };
	if (rc == TILLID_OK)
		rc = book_write_xlsx(&book, &bo, xlsx, err);
	if (rc == TILLID_OK && csv)
		rc = book_write_csv(&book, &bo, dialect, dir, err);
	if (rc == TILLID_OK)
		printf("tables: wrote '%s' (%zu tables)%s%s%s\n", xlsx, book.n, csv ? " and its CSV files in '" : "",
		       csv ? dir : "", csv ? "'" : "");
	free(xlsx);
	free(dir);
	table_book_release(&book);
	return rc;
}

int cmd_tables(int argc, char **argv)
{
	const char *out_dir = NULL;
	int lang_index = 0, csv = 0, dialect = -1;
	const struct option options[] = {
		OPT_CHOICE(0, "lang", &lang_index, "da|en", "language of the tables (default da)", lang_names),
		OPT_NONEMPTY_STRING(0, "out", &out_dir, "DIR", "read and write in DIR instead of [study] output"),
		OPT_FLAG(0, "csv", &csv, "also write each table as a CSV file"),
		OPT_CHOICE(0, "csv-dialect", &dialect, "rfc4180|excel",
			   "CSV files for R and most tools (rfc4180) or Danish Excel (excel); implies --csv",
			   csv_dialect_names),
		OPT_HELP(),
		OPT_TEXT("\nExit status: 0 ok, 1 bad data (results and dataset do not fit, stale results),\n"
			 "2 usage or system error (missing input, unwritable directory).\n"),
		OPT_END(),
	};
	struct option_args args;
	int prc = parse_command(argc, argv, "tables", tables_usage, options,
				(struct command_args){ 1, 1, "study file" }, &args);
	if (prc >= 0)
		return prc;
	if (dialect >= 0)
		csv = 1;
	else
		dialect = CSV_RFC4180;
	enum lang lang = (enum lang)lang_from_name(lang_names[lang_index]);

	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	char *out = NULL, *res_path = NULL, *date = NULL;
	struct tds d;
	tds_init(&d);
	struct resfile res;
	resfile_init(&res);
	struct out_hold hold;
	out_hold_init(&hold);
	struct report_spec spec;
	int rc = report_inputs("tables", args.argv[0], out_dir, &out, &res_path, &d, &res, &spec, &err);
	if (rc == TILLID_OK)
		rc = report_date(&d.meta, getenv("SOURCE_DATE_EPOCH"), &date, &err);
	if (rc == TILLID_OK && lang == LANG_EN)
		report_warn_danish("tables", &d.meta);
	if (rc == TILLID_OK) {
		int busy;
		size_t stale = out_hold_take(&hold, out, tables_output_name, NULL, &busy);
		if (stale)
			fprintf(stderr, "tables: note: removed %zu temporary output%s left in '%s' by an interrupted run\n",
				stale, stale == 1 ? "" : "s", out);
		rc = write_tables(&res, &d.meta, &spec, out, lang, csv, (enum csv_dialect)dialect, date, &err);
	}
	if (rc != TILLID_OK && err.len)
		print_prefixed(stderr, "tables", err.buf);
	free(date);
	free(out);
	free(res_path);
	resfile_release(&res);
	out_hold_release(&hold);
	tds_release(&d);
	report_spec_release(&spec);
	sb_release(&err);
	return rc;
}
