/* ingest_wave.c: reading one wave: its input files registered and hashed, SurveyXact labels and structure, then the data. */
#include "ingest_internal.h"
#include "core/digest.h"
#include "core/textio.h"

#include <string.h>

static void wave_read_release(struct wave_read *wr)
{
	sl_release(&wr->headers);
	hashmap_release(&wr->header_col);
	free(wr->role);
	free(wr->pii_header);
	if (wr->samplers)
		for (size_t j = 0; j < wr->n_header; j++)
			pii_sampler_release(&wr->samplers[j]);
	free(wr->samplers);
	free(wr->col_item);
	free(wr->var_item);
	if (wr->w == 0) { /* the first wave's keys are counted pairs with */
		key_index_release(&wr->run->first_keys);
		wr->run->first_keys = wr->keys;
		key_index_init(&wr->keys);
	}
	key_index_release(&wr->keys);
	ingest_unknown_release(wr);
	sb_release(&wr->msg);
	sb_release(&wr->val);
}

/* Add a report entry for one input file and hash it. */
static int add_file(struct run *run, size_t w, const char *role, const char *path, size_t *idx,
		    struct strbuf *err)
{
	struct ingest_file *f = ingest_report_add_file(run->r, w, role, path, study_relative(run->s, path));
	*idx = run->r->n_files - 1;
	return sha256_file_max(path, run->s->max_file_mb << 20, "an export", ingest_too_large_fix(run), f->sha256,
			       &f->bytes, err);
}

/* What the reader found out about a file: encoding, delimiter, format. */
static void file_info(struct ingest_file *f, const struct csv_info *info)
{
	str_replace_owned(&f->encoding, text_encoding_name(info->encoding));
	str_replace_owned(&f->encoding_how, info->encoding_forced ? "forced" : info->encoding_reason);
	str_replace_owned(&f->delimiter, text_delimiter_name(info->delimiter));
	f->delimiter_forced = info->delimiter_forced;
	f->bom = info->bom;
	str_replace_owned(&f->line_ending, info->line_ending);
}

/* sx_load's messages begin with the name of the file they are about. */
struct sx_errors {
	struct run *run;
	size_t labels_file, structure_file;
	const char *structure; /* the structure file's path */
};

static void sx_error(const char *line, void *ctx)
{
	const struct sx_errors *x = ctx;
	size_t n = strlen(x->structure);
	int structure = line[0] == '\'' && !strncmp(line + 1, x->structure, n) && line[n + 1] == '\'';
	ingest_reader_error(x->run, structure ? x->structure_file : x->labels_file, line);
}

/* The SurveyXact labels and structure of wave w, into sx. Problems in them
 * go to the report; TILLID_ESYS with a message when one cannot be read. */
static int read_surveyxact(struct run *run, size_t w, const struct csv_options *opt,
			   struct surveyxact *sx, struct strbuf *err)
{
	const struct study_wave *sw = &run->s->waves[w];
	struct sx_errors x = { run, 0, 0, sw->structure };
	int rc;
	if ((rc = add_file(run, w, "labels", sw->labels, &x.labels_file, err)) != TILLID_OK ||
	    (rc = add_file(run, w, "structure", sw->structure, &x.structure_file, err)) != TILLID_OK)
		return rc;
	struct strbuf e = STRBUF_INIT;
	sb_init(&e);
	rc = sx_load(sx, sw->labels, sw->structure, opt, &e);
	if (rc == TILLID_ESYS) {
		sb_add(err, e.buf, e.len);
		sb_release(&e);
		return rc;
	}
	struct ingest_file *lf = &run->r->files[x.labels_file];
	struct ingest_file *sf = &run->r->files[x.structure_file];
	file_info(lf, &sx->labels_info);
	file_info(sf, &sx->structure_info);
	lf->rows_read = lf->rows_kept = sx->n_label_rows;
	sf->rows_read = sf->rows_kept = sx->n_structure_rows;
	if (rc == TILLID_EDATA)
		ingest_each_line(e.buf, sx_error, &x);
	sb_release(&e);
	ingest_encoding_problem(run, x.labels_file, &sx->labels_info);
	ingest_encoding_problem(run, x.structure_file, &sx->structure_info);
	return TILLID_OK;
}

/* After the data file: an empty wave is a problem; warnings for the
 * columns that look like personal data. */
static void after_data(struct wave_read *wr)
{
	const struct study_wave *sw = &wr->run->s->waves[wr->w];
	const struct ingest_file *f = ingest_file_of(wr);
	if (!wr->header_seen) {
		ingest_problem(wr, PROBLEM_EMPTY_WAVE, 0, 0,
			"empty_wave: wave '%s' has no respondents: the file has no header and no rows",
			sw->id);
		return;
	}
	if (!wr->rows_kept)
		ingest_problem(wr, PROBLEM_EMPTY_WAVE, 0, 0,
			"empty_wave: wave '%s' has no respondents (%llu row%s read, none kept)", sw->id,
			(unsigned long long)f->rows_read, f->rows_read == 1 ? "" : "s");
	ingest_pii_warnings(wr);
}

/* What the reader found out about a workbook: its sheet where a CSV file
 * has its delimiter. */
static void workbook_info(struct ingest_file *f, const struct study_wave *sw,
			  const struct xlsx_info *info)
{
	str_replace_owned(&f->encoding, "xlsx workbook");
	str_replace_owned(&f->encoding_how, "zip archive of XML");
	free(f->delimiter);
	f->delimiter = xasprintf("sheet '%s'", info->sheet ? info->sheet : sw->sheet ? sw->sheet : "");
	f->delimiter_forced = sw->sheet != NULL;
	str_replace_owned(&f->line_ending, "rows");
}

/* A Qualtrics export: its question texts are the items' texts where the
 * study gives none, and the report says how it was read. */
static void qualtrics_info(struct wave_read *wr, const struct source_info *info)
{
	struct run *run = wr->run;
	if (!info->qualtrics || !wr->header_seen)
		return;
	for (size_t i = 0; i < run->s->n_items; i++) {
		long col = wr->col_item[i];
		if (col >= 0 && (size_t)col < info->question.n && *info->question.v[col] &&
		    !run->sx_text[i])
			run->sx_text[i] = xstrdup(info->question.v[col]);
	}
	sl_push_owned(&run->r->notes,
		      xasprintf("'%s': a Qualtrics export: its second and third rows (question texts "
				"and import ids) are read as part of the header, not as data",
				wr->path));
}

/* The data file of wave w, record by record (sx: its SurveyXact labels
 * and structure, or NULL for a plain CSV or a workbook). */
static int read_data(struct run *run, size_t w, const struct csv_options *opt,
		     const struct surveyxact *sx, struct strbuf *err)
{
	const struct study *s = run->s;
	const char *path = sx ? s->waves[w].dataset : s->waves[w].file;
	struct wave_read wr;
	memset(&wr, 0, sizeof(wr));
	int xlsx = !sx && s->waves[w].format == FORMAT_XLSX;
	int rc = add_file(run, w, sx ? "dataset" : xlsx ? "xlsx" : "csv", path, &wr.file, err);
	if (rc != TILLID_OK)
		return rc;
	wr.run = run;
	wr.w = w;
	wr.path = path;
	wr.sx = sx;
	wr.col_item = xcalloc(s->n_items ? s->n_items : 1, sizeof(*wr.col_item));
	wr.var_item = xcalloc(s->n_items ? s->n_items : 1, sizeof(*wr.var_item));
	wr.col_group = wr.col_muni = wr.col_unit = wr.col_key = -1;
	sb_init(&wr.msg);
	sb_init(&wr.val);

	struct source_options so = SOURCE_OPTIONS_INIT;
	so.kind = xlsx ? SOURCE_XLSX : SOURCE_CSV;
	so.csv = *opt;
	so.sheet = s->waves[w].sheet;
	struct source_info info;
	source_info_init(&info);
	wr.src = &info;
	struct strbuf e = STRBUF_INIT;
	sb_init(&e);
	rc = source_read(path, path, &so, ingest_on_record, &wr, &info, &e);
	if (info.kind == SOURCE_XLSX)
		workbook_info(ingest_file_of(&wr), &s->waves[w], &info.xlsx);
	else
		file_info(ingest_file_of(&wr), &info.csv);
	if (rc == TILLID_ESYS) {
		sb_add(err, e.buf, e.len);
	} else {
		int rc_read = rc;
		if (rc == TILLID_EDATA)
			ingest_reader_errors(run, wr.file, e.buf);
		rc = TILLID_OK;
		ingest_unknown_flush(&wr);
		if (info.kind == SOURCE_CSV)
			ingest_data_encoding(&wr, &info.csv);
		qualtrics_info(&wr, &info);
		/* A file that could not be read at all has its error; an empty
		 * wave would say the same again. */
		if (wr.header_seen || rc_read != TILLID_EDATA)
			after_data(&wr);
	}
	sb_release(&e);
	source_info_release(&info);
	wave_read_release(&wr);
	return rc;
}

/* Whether file f holds a wave's answers (not SurveyXact labels or structure). */
static int holds_answers(const struct ingest_file *f)
{
	return strcmp(f->role, "labels") && strcmp(f->role, "structure");
}

void ingest_same_exports(struct run *run)
{
	const struct ingest_report *r = run->r;
	const struct study *s = run->s;
	for (size_t j = 0; j < r->n_files; j++) {
		const struct ingest_file *later = &r->files[j];
		if (!holds_answers(later) || !later->rows_read)
			continue;
		for (size_t i = 0; i < j; i++) {
			const struct ingest_file *f = &r->files[i];
			if (f->wave == later->wave || !holds_answers(f) || !f->rows_read ||
			    strcmp(f->sha256, later->sha256))
				continue;
			const struct study_wave *sw = &s->waves[later->wave];
			int line = sw->path_line[sw->format == FORMAT_SURVEYXACT ? 1 : 0];
			char *at = line ? xasprintf(" at '%s':%d", s->path, line) : xstrdup("");
			char *msg = xasprintf("'%s': wave '%s' reads the same export as wave '%s' ('%s', byte "
					      "for byte), so every change would read as none; give wave '%s' its "
					      "own export, or fix its path%s",
					      later->path, sw->id, s->waves[f->wave].id, f->path, sw->id, at);
			ingest_report_problem(run->r, j, INGEST_ERROR, 0, 0, msg);
			free(msg);
			free(at);
			break;
		}
	}
}

int ingest_read_wave(struct run *run, size_t w, struct strbuf *err)
{
	const struct study_wave *sw = &run->s->waves[w];
	struct csv_options opt = CSV_OPTIONS_INIT;
	opt.encoding = sw->encoding && strcmp(sw->encoding, "auto") ? sw->encoding : NULL;
	opt.delimiter = sw->delimiter && strcmp(sw->delimiter, "auto") ? sw->delimiter : NULL;
	opt.replace_invalid = 1;
	opt.max_bytes = run->s->max_file_mb << 20;
	opt.too_large = ingest_too_large_fix(run);
	opt.may_quote = pii_may_quote;

	struct surveyxact sx;
	sx_init(&sx);
	int is_sx = sw->format == FORMAT_SURVEYXACT;
	int rc = is_sx ? read_surveyxact(run, w, &opt, &sx, err) : TILLID_OK;
	if (rc == TILLID_OK)
		rc = read_data(run, w, &opt, is_sx ? &sx : NULL, err);
	sx_release(&sx);
	return rc;
}
