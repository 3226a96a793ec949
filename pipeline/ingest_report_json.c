/* ingest_report_json.c: the ingest report as JSON (ingest.json), and JSON string literals. */
#include "ingest_report.h"

#include "pii.h"
#include "core/textio.h"
#include "core/version.h"

#include <string.h>

/* Append s[0..n) with JSON's escapes for quotes, backslashes and control
 * characters; other bytes as they are. */
static void json_escape(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			sb_addc(out, '\\');
			sb_addc(out, (char)c);
		} else if (c < 0x20) {
			switch (c) {
			case '\n': sb_adds(out, "\\n"); break;
			case '\r': sb_adds(out, "\\r"); break;
			case '\t': sb_adds(out, "\\t"); break;
			case '\b': sb_adds(out, "\\b"); break;
			case '\f': sb_adds(out, "\\f"); break;
			default: sb_addf(out, "\\u%04x", c); break;
			}
		} else {
			sb_addc(out, (char)c);
		}
	}
}

void ingest_json_string(struct strbuf *out, const char *s)
{
	sb_addc(out, '"');
	size_t n = strlen(s);
	while (n) {
		size_t good = n;
		int valid = utf8_valid(s, n, &good);
		json_escape(out, s, good);
		if (valid)
			break;
		sb_adds(out, "\\ufffd"); /* one invalid byte */
		s += good + 1;
		n -= good + 1;
	}
	sb_addc(out, '"');
}

static void json_kinds(struct strbuf *sb, const uint64_t *counts)
{
	sb_addc(sb, '{');
	for (int k = 0; k < INGEST_N_KINDS; k++)
		sb_addf(sb, "%s\"%s\": %llu", k ? ", " : "", ingest_kind_name(k),
			(unsigned long long)counts[k]);
	sb_addc(sb, '}');
}

static void json_kv_str(struct strbuf *sb, const char *indent, const char *key, const char *v,
			int comma)
{
	sb_addf(sb, "%s\"%s\": ", indent, key);
	if (v)
		ingest_json_string(sb, v);
	else
		sb_adds(sb, "null");
	sb_adds(sb, comma ? ",\n" : "\n");
}

static void json_head(const struct ingest_report *r, struct strbuf *sb)
{
	sb_adds(sb, "{\n");
	json_kv_str(sb, "  ", "tillid_version", TILLID_VERSION, 1);
	json_kv_str(sb, "  ", "status", r->status == TILLID_OK ? "ok" : "data_problems", 1);
	sb_adds(sb, "  \"study\": {\n");
	json_kv_str(sb, "    ", "name", r->study_name, 1);
	json_kv_str(sb, "    ", "file", r->study_file, 1);
	json_kv_str(sb, "    ", "sha256", r->study_sha256, 0);
	sb_adds(sb, "  },\n");
	json_kv_str(sb, "  ", "output", r->output_dir, 1);
	sb_adds(sb, "  \"key_file\": ");
	if (r->key_file) {
		sb_adds(sb, "{\"path\": ");
		ingest_json_string(sb, r->key_file);
		sb_addf(sb, ", \"created\": %s}", r->key_created ? "true" : "false");
	} else {
		sb_adds(sb, "null");
	}
	sb_adds(sb, ",\n");
}

static void json_file(const struct ingest_file *f, const struct tds_meta *m, struct strbuf *sb)
{
	json_kv_str(sb, "      ", "wave", f->wave < m->n_waves ? m->waves[f->wave].id : "", 1);
	json_kv_str(sb, "      ", "role", f->role, 1);
	json_kv_str(sb, "      ", "path", f->path, 1);
	json_kv_str(sb, "      ", "study_path", f->study_path, 1);
	json_kv_str(sb, "      ", "sha256", f->sha256, 1);
	sb_addf(sb, "      \"bytes\": %llu,\n", (unsigned long long)f->bytes);
	json_kv_str(sb, "      ", "encoding", f->encoding, 1);
	json_kv_str(sb, "      ", "encoding_how", f->encoding_how, 1);
	json_kv_str(sb, "      ", "delimiter", f->delimiter, 1);
	sb_addf(sb, "      \"delimiter_forced\": %s,\n", f->delimiter_forced ? "true" : "false");
	sb_addf(sb, "      \"bom\": %s,\n", f->bom ? "true" : "false");
	json_kv_str(sb, "      ", "line_ending", f->line_ending, 1);
	sb_addf(sb, "      \"rows_read\": %llu,\n", (unsigned long long)f->rows_read);
	sb_addf(sb, "      \"rows_kept\": %llu,\n", (unsigned long long)f->rows_kept);
	sb_addf(sb, "      \"rows_rejected\": %llu,\n", (unsigned long long)f->rows_rejected);
	sb_adds(sb, "      \"rows_rejected_by\": ");
	json_kinds(sb, f->rejected_by);
	sb_adds(sb, ",\n      \"values_dropped\": ");
	json_kinds(sb, f->values_dropped);
	sb_adds(sb, ",\n      \"problems\": ");
	json_kinds(sb, f->problems);
}

static void json_files(const struct ingest_report *r, const struct tds_meta *m, struct strbuf *sb)
{
	sb_adds(sb, "  \"files\": [");
	for (size_t i = 0; i < r->n_files; i++) {
		sb_adds(sb, i ? ",\n    {\n" : "\n    {\n");
		json_file(&r->files[i], m, sb);
		sb_adds(sb, "\n    }");
	}
	sb_adds(sb, r->n_files ? "\n  ],\n" : "],\n");

	uint64_t totals[INGEST_N_KINDS];
	for (int k = 0; k < INGEST_N_KINDS; k++)
		totals[k] = ingest_report_total(r, k);
	sb_adds(sb, "  \"problem_totals\": ");
	json_kinds(sb, totals);
	sb_adds(sb, ",\n");
}

static void json_warning(const struct ingest_report *r, const struct ingest_warning *w,
			 struct strbuf *sb)
{
	static const struct {
		unsigned kind;
		const char *name;
	} kn[] = { { PII_CPR, "cpr" }, { PII_EMAIL, "email" }, { PII_NAME, "name" }, { PII_PHONE, "phone" } };
	sb_adds(sb, "\"kind\": \"personal_data\", \"file\": ");
	ingest_json_string(sb, r->files[w->file].path);
	sb_addf(sb, ", \"column\": %zu, \"header\": ", w->column);
	ingest_json_string(sb, w->header);
	sb_adds(sb, ", \"looks_like\": [");
	int first = 1;
	for (size_t j = 0; j < ARRAY_SIZE(kn); j++)
		if (w->kinds & kn[j].kind) {
			sb_addf(sb, "%s\"%s\"", first ? "" : ", ", kn[j].name);
			first = 0;
		}
	sb_addf(sb, "], \"by_header\": %s, \"by_content\": %s, \"fate\": ",
		w->by_header ? "true" : "false", w->by_content ? "true" : "false");
	ingest_json_string(sb, w->fate);
}

/* Warnings and notes, then the problems kept for the listing. */
static void json_findings(const struct ingest_report *r, struct strbuf *sb)
{
	sb_adds(sb, "  \"warnings\": [");
	for (size_t i = 0; i < r->n_warnings; i++) {
		sb_adds(sb, i ? ",\n    {" : "\n    {");
		json_warning(r, &r->warnings[i], sb);
		sb_adds(sb, "}");
	}
	for (size_t i = 0; i < r->notes.n; i++) {
		sb_adds(sb, (i || r->n_warnings) ? ",\n    {" : "\n    {");
		sb_adds(sb, "\"kind\": \"note\", \"message\": ");
		ingest_json_string(sb, r->notes.v[i]);
		sb_adds(sb, "}");
	}
	for (size_t i = 0; i < r->pairing.n; i++) {
		sb_adds(sb, (i || r->n_warnings || r->notes.n) ? ",\n    {" : "\n    {");
		sb_adds(sb, "\"kind\": \"pairing\", \"message\": ");
		ingest_json_string(sb, r->pairing.v[i]);
		sb_adds(sb, "}");
	}
	sb_adds(sb, (r->n_warnings || r->notes.n || r->pairing.n) ? "\n  ],\n" : "],\n");

	sb_adds(sb, "  \"problems\": [");
	for (size_t i = 0; i < r->n_problems; i++) {
		const struct ingest_problem *p = &r->problems[i];
		sb_adds(sb, i ? ",\n    {" : "\n    {");
		sb_addf(sb, "\"kind\": \"%s\", \"skipped\": %s, \"file\": ", ingest_kind_name(p->kind),
			r->skipped[p->kind] ? "true" : "false");
		ingest_json_string(sb, r->files[p->file].path);
		sb_addf(sb, ", \"line\": %llu, \"column\": %zu, \"count\": %llu, \"message\": ",
			(unsigned long long)p->line, p->column, (unsigned long long)p->count);
		ingest_json_string(sb, p->message);
		sb_adds(sb, "}");
	}
	sb_adds(sb, r->n_problems ? "\n  ],\n" : "],\n");
}

static void json_waves(const struct ingest_report *r, const struct tds_meta *m, struct strbuf *sb)
{
	sb_adds(sb, "  \"waves\": [");
	for (size_t w = 0; w < r->n_waves && w < m->n_waves; w++) {
		const struct ingest_wave *iw = &r->waves[w];
		sb_adds(sb, w ? ",\n    {" : "\n    {");
		sb_adds(sb, "\"id\": ");
		ingest_json_string(sb, m->waves[w].id);
		sb_addf(sb, ", \"rows\": %llu, \"with_key\": %llu, \"paired\": %llu, \"groups\": {",
			(unsigned long long)iw->rows, (unsigned long long)iw->with_key,
			(unsigned long long)iw->paired);
		for (size_t g = 0; g < m->n_groups; g++) {
			sb_adds(sb, g ? ", " : "");
			ingest_json_string(sb, m->groups[g].id);
			sb_addf(sb, ": %llu", (unsigned long long)iw->by_group[g]);
		}
		sb_adds(sb, "}}");
	}
	sb_adds(sb, r->n_waves ? "\n  ]\n" : "]\n");
}

void ingest_report_write_json(const struct ingest_report *r, const struct tds *d, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	json_head(r, &sb);
	json_files(r, &d->meta, &sb);
	json_findings(r, &sb);
	json_waves(r, &d->meta, &sb);
	sb_adds(&sb, "}\n");
	fwrite(sb.buf, 1, sb.len, fp);
	sb_release(&sb);
}
