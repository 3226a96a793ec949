/* record_source.c: one way to read an export's records whatever the file is: CSV or workbook, with Qualtrics' header rows filtered out. */
#include "record_source.h"

#include <string.h>

void source_info_init(struct source_info *info)
{
	memset(info, 0, sizeof(*info));
	csv_info_init(&info->csv);
	xlsx_info_init(&info->xlsx);
}

void source_info_release(struct source_info *info)
{
	csv_info_release(&info->csv);
	xlsx_info_release(&info->xlsx);
	sl_release(&info->question);
	sl_release(&info->import_id);
	memset(info, 0, sizeof(*info));
}

/* The kind of file at path, or TILLID_EDATA with a message when it is a
 * workbook read as CSV or one tillid cannot read. */
static int choose_kind(const char *path, const char *name, const struct source_options *opt,
		       enum source_kind *kind, struct strbuf *err)
{
	enum xlsx_kind k = xlsx_sniff(path);
	if (k == XLSX_OLE) {
		xlsx_ole_message(name, err);
		return TILLID_EDATA;
	}
	if (opt->kind == SOURCE_CSV && k == XLSX_ZIP) {
		sb_addf(err, "'%s': a workbook (zip archive), not a CSV file; for an Excel workbook "
			     "write format = xlsx in the wave (and sheet = its name when it is not the "
			     "first sheet)\n", name);
		return TILLID_EDATA;
	}
	*kind = opt->kind == SOURCE_AUTO ? (k == XLSX_ZIP ? SOURCE_XLSX : SOURCE_CSV) : opt->kind;
	return TILLID_OK;
}

int source_read(const char *path, const char *name, const struct source_options *opt,
		csv_record_fn *fn, void *ctx, struct source_info *info, struct strbuf *err)
{
	if (!name)
		name = path;
	enum source_kind kind;
	int rc = choose_kind(path, name, opt, &kind, err);
	if (rc != TILLID_OK)
		return rc;
	info->kind = kind;
	struct qualtrics_filter q;
	qualtrics_filter_init(&q, fn, ctx);
	if (kind == SOURCE_XLSX)
		rc = xlsx_read_file(path, name, opt->sheet, opt->limits, qualtrics_on_record, &q,
				    &info->xlsx, err);
	else
		rc = csv_read_file(path, name, &opt->csv, qualtrics_on_record, &q, &info->csv, err);
	/* A record held back is passed on even after a malformed one, as
	 * every record before the failure is delivered. */
	if (rc == TILLID_OK || rc == TILLID_EDATA) {
		int frc = qualtrics_finish(&q, err);
		if (frc != TILLID_OK && rc == TILLID_OK)
			rc = frc;
	}
	info->qualtrics = q.found;
	info->question = q.question;
	info->import_id = q.import_id;
	memset(&q.question, 0, sizeof(q.question));
	memset(&q.import_id, 0, sizeof(q.import_id));
	qualtrics_filter_release(&q);
	return rc;
}

void source_where(const struct source_info *info, const char *name, uint64_t line, size_t col,
		  struct strbuf *out)
{
	sb_addf(out, "'%s':", name);
	if (!line)
		return;
	if (info && info->kind == SOURCE_XLSX && info->xlsx.sheet) {
		xlsx_where(info->xlsx.sheet, line, col, out);
		sb_addc(out, ':');
		return;
	}
	sb_addf(out, "%llu:", (unsigned long long)line);
	if (col)
		sb_addf(out, "%zu:", col);
}
