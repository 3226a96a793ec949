/* qualtrics.c: recognises a Qualtrics export's second and third header rows (question texts, import ids) and keeps them out of the data. */
#include "qualtrics.h"

#include <stdlib.h>
#include <string.h>

void qualtrics_filter_init(struct qualtrics_filter *q, csv_record_fn *fn, void *ctx)
{
	memset(q, 0, sizeof(*q));
	q->fn = fn;
	q->ctx = ctx;
}

void qualtrics_filter_release(struct qualtrics_filter *q)
{
	sl_release(&q->question);
	sl_release(&q->import_id);
	sl_release(&q->held);
	free(q->held_len);
	free(q->held_invalid);
	memset(q, 0, sizeof(*q));
}

static const char *skip_space(const char *s)
{
	while (is_ascii_space((unsigned char)*s))
		s++;
	return s;
}

int qualtrics_is_import_id(const char *field)
{
	const char *p = skip_space(field);
	if (*p++ != '{')
		return 0;
	p = skip_space(p);
	return !strncmp(p, "\"ImportId\"", 10);
}

void qualtrics_import_id(const char *field, struct strbuf *out)
{
	sb_reset(out);
	const char *p = strstr(field, "\"ImportId\"");
	if (!p)
		return;
	p = skip_space(p + 10);
	if (*p != ':')
		return;
	p = skip_space(p + 1);
	if (*p != '"')
		return;
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		sb_addc(out, *p);
	}
}

int qualtrics_is_metadata(const char *id)
{
	/* The ids Qualtrics gives its own columns (Qualtrics support, "Understanding
	 * Your Dataset"; seen in exports of 2020-2023). */
	static const char *const meta[] = {
		"startDate", "endDate", "status", "ipAddress", "progress", "duration", "finished",
		"recordedDate", "_recordId", "recipientLastName", "recipientFirstName",
		"recipientEmail", "externalDataReference", "locationLatitude", "locationLongitude",
		"distributionChannel", "userLanguage", NULL
	};
	for (const char *const *m = meta; *m; m++)
		if (!strcmp(id, *m))
			return 1;
	return 0;
}

int qualtrics_is_text_entry(const char *id)
{
	size_t n = strlen(id);
	return n > 5 && !strcmp(id + n - 5, "_TEXT");
}

/* A row of import ids: its first field is one, and so are at least half
 * of its non-empty fields. */
static int is_import_row(const struct csv_record *rec)
{
	size_t filled = 0, ids = 0;
	for (size_t j = 0; j < rec->n; j++) {
		if (!*skip_space(rec->field[j]))
			continue;
		filled++;
		ids += qualtrics_is_import_id(rec->field[j]);
	}
	return qualtrics_is_import_id(rec->field[0]) && ids * 2 >= filled;
}

static int pass_held(struct qualtrics_filter *q, struct strbuf *err)
{
	struct csv_record rec = { q->held_line, 1, q->held.n, q->held.v, q->held_len,
				  q->held_invalid, q->held_n_invalid };
	int rc = q->fn(q->ctx, &rec, err);
	sl_release(&q->held);
	free(q->held_len);
	q->held_len = NULL;
	free(q->held_invalid);
	q->held_invalid = NULL;
	q->held_n_invalid = 0;
	return rc;
}

int qualtrics_on_record(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct qualtrics_filter *q = ctx;
	uint64_t seen = q->seen++;
	if (seen == 0)
		return q->fn(q->ctx, rec, err);
	if (seen == 1) {
		for (size_t j = 0; j < rec->n; j++)
			sl_push(&q->held, rec->field[j]);
		q->held_len = xcalloc(rec->n, sizeof(*q->held_len));
		memcpy(q->held_len, rec->len, rec->n * sizeof(*q->held_len));
		if (rec->n_invalid) {
			q->held_invalid = xmalloc(rec->n_invalid * sizeof(*q->held_invalid));
			memcpy(q->held_invalid, rec->invalid, rec->n_invalid * sizeof(*q->held_invalid));
			q->held_n_invalid = rec->n_invalid;
		}
		q->held_line = rec->line;
		return TILLID_OK;
	}
	if (seen == 2 && is_import_row(rec)) {
		q->found = 1;
		q->question = q->held;
		memset(&q->held, 0, sizeof(q->held));
		free(q->held_len);
		q->held_len = NULL;
		struct strbuf id = STRBUF_INIT;
		sb_init(&id);
		for (size_t j = 0; j < rec->n; j++) {
			qualtrics_import_id(rec->field[j], &id);
			sl_push(&q->import_id, id.buf);
		}
		sb_release(&id);
		return TILLID_OK;
	}
	if (seen == 2) {
		int rc = pass_held(q, err);
		if (rc != TILLID_OK)
			return rc;
	}
	struct csv_record out = *rec;
	if (q->found)
		out.index -= 2;
	return q->fn(q->ctx, &out, err);
}

int qualtrics_finish(struct qualtrics_filter *q, struct strbuf *err)
{
	return q->held_len ? pass_held(q, err) : TILLID_OK;
}
