/* ingest_problem.c: how ingest words and records a problem in the data: position, value shown or hidden, reader errors. */
#include "ingest_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A problem's message: "'PATH':LINE:COL: " and what fmt says. */
void ingest_problem(struct wave_read *wr, int kind, uint64_t line, size_t col, const char *fmt, ...)
{
	if (ingest_problem_unlisted(wr, kind))
		return;
	struct strbuf *m = &wr->msg;
	sb_reset(m);
	source_where(wr->src, wr->path, line, col, m);
	sb_addc(m, ' ');
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(m, fmt, ap);
	va_end(ap);
	ingest_report_problem(wr->run->r, wr->file, kind, line, col, m->buf);
}

int ingest_problem_unlisted(struct wave_read *wr, int kind)
{
	return ingest_report_count_unlisted(wr->run->r, wr->file, kind);
}

/* Whether a message may show value, a value of an item with the answer
 * scale a (NULL: of no item), by every label a defines. */
static int may_show(const char *value, const struct study_answers *a)
{
	if (!a)
		return pii_may_show_value(value, NULL, 0);
	size_t n = 2 * (size_t)a->k + a->also_text.n + a->nonsubst_da.n + a->nonsubst_en.n, m = 0;
	const char **labels = xcalloc(n ? n : 1, sizeof(*labels));
	for (int j = 0; j < a->k; j++) {
		if (a->point_da)
			labels[m++] = a->point_da[j];
		if (a->point_en)
			labels[m++] = a->point_en[j];
	}
	const struct strlist *lists[] = { &a->also_text, &a->nonsubst_da, &a->nonsubst_en };
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++)
		for (size_t j = 0; j < lists[l]->n; j++)
			labels[m++] = lists[l]->v[j];
	int ok = pii_may_show_value(value, labels, m);
	free(labels);
	return ok;
}

const char *ingest_shown(struct wave_read *wr, long col, const char *value)
{
	return ingest_shown_answer(wr, col, value, NULL);
}

/* The value of column col quoted for a message, or why it is hidden. */
const char *ingest_shown_answer(struct wave_read *wr, long col, const char *value, const struct study_answers *a)
{
	struct strbuf *v = &wr->val;
	sb_reset(v);
	if (col >= 0 && wr->role[col] == ROLE_KEY) {
		sb_adds(v, "(value hidden: pairing key)");
		return v->buf;
	}
	if (col >= 0 && wr->pii_header[col]) {
		sb_adds(v, "(value hidden: personal data)");
		return v->buf;
	}
	if (!may_show(value, a)) {
		sb_adds(v, "(value hidden: looks like personal data)");
		return v->buf;
	}
	sb_addc(v, '\'');
	size_t shown_bytes = 0;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (shown_bytes >= 60 && (*p & 0xC0) != 0x80) {
			sb_adds(v, "...");
			break;
		}
		if (*p == '\n')
			sb_adds(v, "\\n");
		else if (*p == '\r')
			sb_adds(v, "\\r");
		else if (*p == '\t')
			sb_adds(v, "\\t");
		else if (*p < 0x20)
			sb_addf(v, "\\x%02x", *p);
		else
			sb_addc(v, (char)*p);
		shown_bytes++;
	}
	sb_addc(v, '\'');
	if (strstr(value, "\xEF\xBF\xBD"))
		sb_adds(v, " (holding bytes invalid in the file's encoding: see bad_encoding)");
	return v->buf;
}

void ingest_reject_row(struct wave_read *wr, int kind)
{
	struct ingest_file *f = ingest_file_of(wr);
	f->rows_rejected++;
	f->rejected_by[kind]++;
}

/* Where a reader's message "'NAME':LINE:COL: ..." points: *line and *col,
 * 0 for a part it lacks. Returns where the text after a whole position
 * ("'NAME':LINE:COL: ") starts, msg itself when it has none. */
static const char *message_position(const char *msg, uint64_t *line, size_t *col)
{
	*line = 0;
	*col = 0;
	const char *q = msg[0] == '\'' ? strstr(msg, "':") : NULL;
	if (!q)
		return msg;
	unsigned long long l = 0, c = 0;
	int used = 0;
	int n = sscanf(q + 2, "%llu:%llu: %n", &l, &c, &used);
	if (n >= 1)
		*line = l;
	if (n >= 2)
		*col = (size_t)c;
	return n >= 2 && used > 0 ? q + 2 + used : msg;
}

/* "invalid utf-8 byte 0xe6 (byte offset 4711; 'æ' in Windows-1252)" for
 * the bytes at inv of a file in enc: what they would be in Windows-1252,
 * the usual cause, only for a UTF-8 file and when they are characters
 * there. */
static void describe_invalid(const struct text_invalid *inv, enum text_encoding enc,
			     struct strbuf *out)
{
	sb_addf(out, "invalid %s byte%s", text_encoding_name(enc), inv->n_bytes > 1 ? "s" : "");
	for (unsigned k = 0; k < inv->n_bytes; k++)
		sb_addf(out, " 0x%02x", inv->bytes[k]);
	sb_addf(out, " (byte offset %llu", (unsigned long long)inv->byte_offset);
	struct strbuf cp = STRBUF_INIT;
	sb_init(&cp);
	if (enc == TEXT_UTF8)
		text_invalid_as_cp1252(inv, &cp);
	if (cp.len)
		sb_addf(out, "; %s in Windows-1252", cp.buf);
	sb_release(&cp);
	sb_addc(out, ')');
}

void ingest_invalid_bytes(struct wave_read *wr, const struct csv_record *rec)
{
	enum text_encoding enc = wr->src->csv.encoding;
	for (size_t k = 0; k < rec->n_invalid; k++) {
		const struct csv_invalid *inv = &rec->invalid[k];
		size_t f = inv->field;
		int header = rec->index == 0, known = wr->role && f < rec->n && f < wr->n_header;
		if (known && wr->role[f] == ROLE_NONE) {
			if (!wr->unused_invalid++) {
				wr->unused_invalid_line = rec->line;
				wr->unused_invalid_first = *inv;
			}
			continue;
		}
		if (ingest_problem_unlisted(wr, PROBLEM_BAD_ENCODING))
			continue;
		struct strbuf what = STRBUF_INIT;
		sb_init(&what);
		describe_invalid(&inv->at, enc, &what);
		if (header)
			sb_adds(&what, " in the header");
		else if (known)
			sb_addf(&what, " in column '%s'", wr->headers.v[f]);
		ingest_problem(wr, PROBLEM_BAD_ENCODING, rec->line, f < rec->n ? f + 1 : 0,
			       "bad_encoding: %s, read as U+FFFD: save the export as UTF-8%s",
			       what.buf,
			       enc == TEXT_UTF8 ? ", or give the wave encoding = windows-1252 if "
						  "the whole export is in Windows-1252" : "");
		sb_release(&what);
	}
}

/* The note on invalid bytes in columns the study does not read. */
static void unused_invalid_note(struct wave_read *wr, enum text_encoding enc)
{
	const struct csv_invalid *inv = &wr->unused_invalid_first;
	struct strbuf m = STRBUF_INIT;
	sb_init(&m);
	source_where(wr->src, wr->path, wr->unused_invalid_line, inv->field + 1, &m);
	sb_addc(&m, ' ');
	describe_invalid(&inv->at, enc, &m);
	sb_addf(&m, " in column '%s', which the study does not read: read as U+FFFD, nothing "
		    "the study reads is affected", wr->headers.v[inv->field]);
	if (wr->unused_invalid > 1)
		sb_addf(&m, "; %llu more such bytes in columns it does not read",
			(unsigned long long)(wr->unused_invalid - 1));
	sb_adds(&m, "; save the export as UTF-8 to keep these values whole");
	sl_push_owned(&wr->run->r->notes, sb_detach(&m));
}

void ingest_data_encoding(struct wave_read *wr, const struct csv_info *info)
{
	if (info->encoding == TEXT_WINDOWS_1252 && !info->encoding_forced && info->header_invalid) {
		struct text_invalid b = { 0, info->header_invalid_offset, 1, { info->invalid_byte }, 1 };
		struct strbuf m = STRBUF_INIT;
		sb_init(&m);
		sb_addf(&m, "'%s': read as Windows-1252, as its header (line 1) is not valid UTF-8: "
			    "the byte 0x%02x at byte offset %llu", wr->path, info->invalid_byte,
			(unsigned long long)info->header_invalid_offset);
		struct strbuf cp = STRBUF_INIT;
		sb_init(&cp);
		text_invalid_as_cp1252(&b, &cp);
		if (cp.len)
			sb_addf(&m, " is %s in Windows-1252", cp.buf);
		sb_release(&cp);
		sb_adds(&m, "; if a column name reads wrongly, give the wave the export's encoding "
			    "(encoding = utf-8, ...)");
		sl_push_owned(&wr->run->r->notes, sb_detach(&m));
	}
	if (wr->unused_invalid)
		unused_invalid_note(wr, info->encoding);
	if (info->n_invalid_unplaced)
		ingest_encoding_problem(wr->run, wr->file, info);
}

void ingest_encoding_problem(struct run *run, size_t file, const struct csv_info *info)
{
	if (!info->n_invalid)
		return;
	struct strbuf m = STRBUF_INIT;
	sb_init(&m);
	const char *first = info->first_invalid.buf ? info->first_invalid.buf : "";
	uint64_t line;
	size_t col;
	/* first_invalid reads "'NAME':LINE:COL: invalid ..."; put the kind
	 * after the position, like every other problem. */
	const char *rest = message_position(first, &line, &col);
	if (rest != first)
		sb_add(&m, first, (size_t)(rest - first));
	else
		sb_addf(&m, "'%s': ", run->r->files[file].path);
	sb_addf(&m, "bad_encoding: %s; %llu invalid byte sequence%s in the file, replaced by U+FFFD",
		rest, (unsigned long long)info->n_invalid, info->n_invalid == 1 ? "" : "s");
	ingest_report_problem(run->r, file, PROBLEM_BAD_ENCODING, line, col, m.buf);
	sb_release(&m);
}

void ingest_each_line(const char *text, void (*fn)(const char *line, void *ctx), void *ctx)
{
	struct strbuf line = STRBUF_INIT;
	sb_init(&line);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		if (n) {
			sb_reset(&line);
			sb_add(&line, p, n);
			fn(line.buf, ctx);
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	sb_release(&line);
}

void ingest_reader_error(struct run *run, size_t file, const char *line)
{
	uint64_t l;
	size_t c;
	message_position(line, &l, &c);
	ingest_report_problem(run->r, file, INGEST_ERROR, l, c, line);
}

struct file_errors {
	struct run *run;
	size_t file;
};

static void file_error(const char *line, void *ctx)
{
	const struct file_errors *fe = ctx;
	ingest_reader_error(fe->run, fe->file, line);
}

void ingest_reader_errors(struct run *run, size_t file, const char *text)
{
	struct file_errors fe = { run, file };
	ingest_each_line(text, file_error, &fe);
}
