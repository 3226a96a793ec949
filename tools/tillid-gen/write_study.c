/* write_study.c: the sample's study file (fremfaerd.ini, through pipeline/ini_write) and its pairing-key secret. */
#include "gen.h"
#include "core/digest.h"
#include "pipeline/ini_write.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

void put_kv(struct strbuf *b, const char *key, const char *fmt, ...)
{
	struct strbuf v = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&v, fmt, ap);
	va_end(ap);
	if (ini_add_kv(b, key, v.buf, INI_ONE_LINE) != 0) {
		fprintf(stderr, "tillid-gen: cannot write study file line: %s = %s\n", key, v.buf);
		abort();
	}
	sb_release(&v);
}

static void ini_study(struct strbuf *b, const struct study_sim *sim)
{
	ini_add_comment(b, "fremfaerd.ini: the study file of the synthetic Fremfærd sample study.");
	ini_add_commentf(b, "Written by tillid-gen --seed %lu --respondents %ld; see README.md.", sim->seed,
			 sim->n);
	sb_addc(b, '\n');
	ini_add_section(b, "study", NULL);
	put_kv(b, "name", "Samskabt styring på det specialiserede område – før- og eftermåling");
	put_kv(b, "min_group_size", "5");
	put_kv(b, "key_file", "fremfaerd.key");
	struct strbuf t = STRBUF_INIT;
	for (int m = 0; m < N_MUNIS; m++)
		sb_addf(&t, "%s%s", m ? " | " : "", munis[m].name);
	put_kv(b, "municipality", "%s", t.buf);
	sb_release(&t);
	sb_addc(b, '\n');
	ini_add_section(b, "columns", NULL);
	put_kv(b, "group", "gruppe");
	put_kv(b, "municipality", "kommune");
	put_kv(b, "unit", "enhed");
	put_kv(b, "key", "pseudonym");
	ini_add_comment(b, "contact details and free text, in the baseline and the follow-up");
	put_kv(b, "drop", "email | kommentar");
	put_kv(b, "drop", "Fornavn | Efternavn | E-mail");
	put_kv(b, "drop", "%s", COMMENT_TEXT);
	sb_addc(b, '\n');
}

static void ini_waves(struct strbuf *b)
{
	struct strbuf t = STRBUF_INIT;
	char key[64];
	for (int w = 0; w < N_WAVES; w++) {
		ini_add_section(b, "wave", waves[w].id);
		put_kv(b, "label", "%s", waves[w].label_da);
		put_kv(b, "label_en", "%s", waves[w].label_en);
		put_kv(b, "start", "%s", waves[w].start);
		put_kv(b, "end", "%s", waves[w].end);
		if (w == W_FOER) {
			put_kv(b, "format", "surveyxact");
			put_kv(b, "dataset", "foer/dataset.csv");
			put_kv(b, "labels", "foer/labels.csv");
			put_kv(b, "structure", "foer/structure.csv");
		} else {
			put_kv(b, "format", "csv");
			put_kv(b, "file", "efter.csv");
			put_kv(b, "column.group", "Hvem besvarer skemaet?");
			put_kv(b, "column.municipality", "Kommune");
			put_kv(b, "column.unit", "Enhed");
			put_kv(b, "column.key", "Pseudonym");
			for (size_t j = 0; j < N_ITEMS; j++) {
				sb_reset(&t);
				ls_item_heading(&t, j);
				snprintf(key, sizeof(key), "column.%s", items[j].id);
				put_kv(b, key, "%s", t.buf);
			}
		}
		sb_addc(b, '\n');
	}
	sb_release(&t);
}

static void ini_groups_answers(struct strbuf *b)
{
	char key[64];
	for (int g = 0; g < N_GROUPS; g++) {
		ini_add_section(b, "group", groups[g].id);
		put_kv(b, "label", "%s", groups[g].label_da);
		put_kv(b, "label_en", "%s", groups[g].label_en);
		if (g == G_MEDARB)
			put_kv(b, "value", "%s | %s | %s", groups[g].answer, STAFF_MYNDIGHED, STAFF_UDFOERER);
		else
			put_kv(b, "value", "%s", groups[g].answer);
		sb_addc(b, '\n');
	}
	for (size_t k = 0; k < ARRAY_SIZE(answer_scales); k++) {
		const struct answers_def *a = &answer_scales[k];
		ini_add_section(b, "answers", a->id);
		put_kv(b, "points", "5");
		for (int v = 1; v <= 5; v++) {
			snprintf(key, sizeof(key), "point.%d", v);
			put_kv(b, key, "%s", a->point_da[v - 1]);
		}
		for (int v = 1; v <= 5; v++) {
			snprintf(key, sizeof(key), "point_en.%d", v);
			put_kv(b, key, "%s", a->point_en[v - 1]);
		}
		if (a->n_missing == 2) {
			put_kv(b, "missing", "%s | %s", a->missing_da[0], a->missing_da[1]);
			put_kv(b, "missing_en", "%s | %s", a->missing_en[0], a->missing_en[1]);
		} else {
			put_kv(b, "missing", "%s", a->missing_da[0]);
			put_kv(b, "missing_en", "%s", a->missing_en[0]);
		}
		sb_addc(b, '\n');
	}
}

static void ini_scales_items(struct strbuf *b)
{
	for (int s = 0; s < N_SCALES; s++) {
		ini_add_section(b, "scale", scales[s].id);
		put_kv(b, "label", "%s", scales[s].label_da);
		put_kv(b, "label_en", "%s", scales[s].label_en);
		sb_addc(b, '\n');
	}
	for (size_t j = 0; j < N_ITEMS; j++) {
		ini_add_section(b, "item", items[j].id);
		put_kv(b, "column", "%s", items[j].sx_var);
		put_kv(b, "text", "%s", items[j].text_da);
		put_kv(b, "text_en", "%s", items[j].text_en);
		put_kv(b, "answers", "%s", answer_scales[items[j].answers].id);
		put_kv(b, "scale", "%s", scales[items[j].scale].id);
		if (items[j].reverse)
			put_kv(b, "reverse", "yes");
		sb_addc(b, '\n');
	}
}

/* Numbers invited, from each group's response rate. */
static void ini_invited(struct strbuf *b, const struct study_sim *sim)
{
	char key[64];
	ini_add_section(b, "invited", NULL);
	for (int w = 0; w < N_WAVES; w++) {
		unsigned long n_g[N_GROUPS] = { 0 }, invited[N_GROUPS], total = 0;
		for (size_t k = 0; k < sim->n_replies[w]; k++)
			n_g[sim->people[sim->replies[w][k].person].group]++;
		for (int g = 0; g < N_GROUPS; g++) {
			invited[g] = (unsigned long)ceil(n_g[g] / groups[g].response_rate);
			total += invited[g];
		}
		put_kv(b, waves[w].id, "%lu", total);
		for (int g = 0; g < N_GROUPS; g++) {
			snprintf(key, sizeof(key), "%s.%s", waves[w].id, groups[g].id);
			put_kv(b, key, "%lu", invited[g]);
		}
	}
}

int write_ini(const char *dir, const struct study_sim *sim, struct strbuf *err)
{
	struct out_file o;
	if (out_open(&o, dir, "fremfaerd.ini", err))
		return TILLID_ESYS;
	ini_study(&o.row, sim);
	ini_waves(&o.row);
	ini_groups_answers(&o.row);
	ini_scales_items(&o.row);
	ini_invited(&o.row, sim);
	return out_close(&o, err);
}

/* The sample's pairing-key secret: SHA-256 of a phrase and the seed. */
int write_key(const char *dir, const char *name, unsigned long seed, struct strbuf *err)
{
	char phrase[64];
	uint8_t md[SHA256_LEN];
	int len = snprintf(phrase, sizeof(phrase), "tillid-gen sample key, seed %lu", seed);
	sha256(phrase, (size_t)len, md);
	struct out_file o;
	if (out_open(&o, dir, name, err))
		return TILLID_ESYS;
	fchmod(fileno(o.af.fp), 0600);
	sb_add(&o.row, md, SHA256_LEN);
	return out_close(&o, err);
}
