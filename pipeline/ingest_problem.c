/* ingest_problem.c: how ingest words and records a problem in the data: position, value shown or hidden, reader errors. */
#include "ingest_internal.h"

#include <stdarg.h>
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

/* The value of column col quoted for a message, or why it is hidden. */
const char *ingest_shown(struct wave_read *wr, long col, const char *value)
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
	if (!pii_may_show_value(value)) {
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

/* Invalid bytes (always replaced while reading) are a bad_encoding problem. */
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
