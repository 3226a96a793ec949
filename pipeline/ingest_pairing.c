/* ingest_pairing.c: warnings when pairing looks implausible: a key that counts rows or responses, everyone or no one paired. */
#include "ingest_internal.h"

#include <string.h>

/* Fewer respondents than this with a key in a wave say nothing about
 * whether "everyone pairs" is plausible. */
#define PAIRING_ALL_MIN 10

void ingest_key_watch(struct run *run, size_t w, const char *key)
{
	struct key_watch *kw = &run->key_watch[w];
	if (kw->broken)
		return;
	long v;
	if (!ingest_parse_code(key, &v) || (kw->n && v != kw->last + 1)) {
		kw->broken = 1;
		return;
	}
	kw->last = v;
	kw->n++;
}

void ingest_key_warnings(struct run *run)
{
	const struct study *s = run->s;
	for (size_t w = 0; w < s->n_waves; w++) {
		const char *header = study_column(s, w, "key");
		const struct key_watch *kw = &run->key_watch[w];
		if (!header)
			continue;
		int by_name = pii_header_response_id(header);
		int counts = !kw->broken && kw->n >= 3;
		if (!by_name && !counts)
			continue;
		sl_push_owned(&run->r->pairing,
			      xasprintf("wave %s: the pairing key '%s' %s; it differs from wave to wave, so "
					"respondents it pairs need not be the same person: declare as key "
					"the column that identifies the person in every wave (a pseudonym)",
					s->waves[w].id, header,
					counts ? "counts the rows (1, 2, 3, ... in row order), like a "
						 "row number or a response id" :
						 "is named like a response id or row number"));
	}
}

void ingest_pairing_warnings(struct ingest_report *r, const struct study *s)
{
	if (r->n_waves < 2 || r->n_waves != s->n_waves || !r->waves[0].with_key)
		return;
	uint64_t paired = 0, keyed_later = 0;
	int all = r->waves[0].paired == r->waves[0].with_key &&
		  r->waves[0].with_key >= PAIRING_ALL_MIN;
	for (size_t w = 1; w < r->n_waves; w++) {
		const struct ingest_wave *iw = &r->waves[w];
		paired += iw->paired;
		keyed_later += iw->with_key;
		all &= iw->paired == iw->with_key && iw->with_key >= PAIRING_ALL_MIN;
	}
	if (!keyed_later)
		return;
	if (all)
		sl_push_owned(&r->pairing,
			      xasprintf("every respondent with a key pairs (%llu in wave %s): in before/after "
					"surveys some answer only once, so a key that pairs everyone usually "
					"counts rows or responses; check that the key identifies the person",
					(unsigned long long)r->waves[0].with_key, s->waves[0].id));
	else if (!paired)
		sl_push_owned(&r->pairing,
			      xasprintf("no respondent pairs: no key of a later wave is found in wave %s; "
					"check that the key column holds the same value for a person in every "
					"wave (key_normalize = trim | lower when it is written in other capitals)",
					s->waves[0].id));
}
