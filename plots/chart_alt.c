/* chart_alt.c: the alternative text of a chart, what it shows and its main message, written from the chart's own data. */
#include "charts.h"
#include "fmt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The words of an alternative text, Danish and English side by side. */
enum alt_word {
	A_DIVERGING,  /* what a diverging chart shows */
	A_POSITIVE,   /* "positive", before the share */
	A_NEGATIVE,
	A_DK,         /* share of non-substantive answers */
	A_DUMBBELL,
	A_INTERVAL,
	A_SURE_NONE,  /* no change is sure */
	A_SURE_SOME,  /* the sure ones follow */
	A_OTHERS,     /* the rest follow */
	A_SCALE,      /* "on the scale from" */
	A_TO,
	A_NOT_SHOWN,  /* a wave's mean that the chart does not show */
	A_TREND,      /* what a trend chart shows */
	A_COUNT
};

static const char *const words[A_COUNT][2] = {
	[A_DIVERGING] = { "Stablede søjler med svarfordelingen, én søjle pr. gruppe og måling; "
			  "negative svar til venstre, positive til højre.",
			  "Stacked bars of the answers, one bar per group and survey; "
			  "negative answers to the left, positive to the right." },
	[A_POSITIVE] = { "positive", "positive" },
	[A_NEGATIVE] = { "negative", "negative" },
	[A_DK] = { "ikke taget stilling", "no opinion" },
	[A_DUMBBELL] = { "Gennemsnit med 95\xc2\xa0%-interval for hver måling",
			 "Means with 95% intervals for each survey" },
	[A_INTERVAL] = { "Ændringer med interval; et udfyldt punkt er en statistisk sikker ændring.",
			 "Changes with intervals; a filled point is a statistically sure change." },
	[A_SURE_NONE] = { "Ingen af ændringerne er statistisk sikre.", "None of the changes is statistically sure." },
	[A_SURE_SOME] = { "Statistisk sikre ændringer:", "Statistically sure changes:" },
	[A_OTHERS] = { "Øvrige:", "Others:" },
	[A_SCALE] = { "på skalaen fra", "on the scale from" },
	[A_TO] = { "til", "to" },
	[A_NOT_SHOWN] = { "ikke vist", "not shown" },
	[A_TREND] = { "Linjediagram over gennemsnittet ved hver måling, én linje pr. gruppe, med 95\xc2\xa0%-interval",
		      "Line chart of the mean at each survey, one line per group, with 95% intervals" },
};

static const char *w(enum lang lang, enum alt_word a)
{
	return words[a][lang == LANG_EN];
}

/* "group, label" of row r (the label alone without a group). */
static void row_name(struct strbuf *sb, const struct chart_row *r)
{
	if (r->group && *r->group)
		sb_addf(sb, "%s, ", r->group);
	sb_adds(sb, r->label ? r->label : "");
}

/* Row i of a list: its separator and name, and for a row without numbers
 * why (returns 1: nothing more to say of it). */
static int row_start(struct strbuf *sb, const struct chart_row *r, size_t i)
{
	sb_adds(sb, i ? "; " : " ");
	row_name(sb, r);
	if (!r->missing)
		return 0;
	sb_addf(sb, ": %s", r->missing);
	return 1;
}

/* Per row: the shares of positive and negative answers (the points above
 * and below the middle of the scale), and of non-substantive answers. */
static void diverging(struct strbuf *sb, const struct chart *c, enum lang lang)
{
	sb_addf(sb, " %s", w(lang, A_DIVERGING));
	char a[FMT_MAX], b[FMT_MAX], d[FMT_MAX];
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct chart_row *r = &c->rows[i];
		if (row_start(sb, r, i))
			continue;
		double pos = 0, neg = 0;
		for (int v = 1; v <= c->k; v++) {
			if (2 * v > c->k + 1)
				pos += r->pct[v - 1];
			else if (2 * v < c->k + 1)
				neg += r->pct[v - 1];
		}
		sb_addf(sb, ": %s %s, %s %s", fmt_pct(a, pos / 100, 0, lang), w(lang, A_POSITIVE),
			fmt_pct(b, neg / 100, 0, lang), w(lang, A_NEGATIVE));
		if (c->dk_label && isfinite(r->dk_pct))
			sb_addf(sb, ", %s %s", fmt_pct(d, r->dk_pct / 100, 0, lang), w(lang, A_DK));
	}
	sb_adds(sb, ".");
}

/* Per row: the mean of each survey (what: A_DUMBBELL or A_TREND). */
static void dumbbell(struct strbuf *sb, const struct chart *c, enum lang lang, enum alt_word what)
{
	sb_addf(sb, " %s", w(lang, what));
	if (c->lo_label && c->hi_label)
		sb_addf(sb, " %s %s %s %s", w(lang, A_SCALE), c->lo_label, w(lang, A_TO), c->hi_label);
	sb_adds(sb, ".");
	char a[FMT_MAX];
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct chart_row *r = &c->rows[i];
		if (row_start(sb, r, i))
			continue;
		sb_adds(sb, ":");
		for (size_t k = 0; k < c->n_waves && k < CHART_MAX_WAVES; k++)
			sb_addf(sb, "%s %s %s", k ? "," : "", c->wave_labels ? c->wave_labels[k] : "",
				isfinite(r->mean[k]) ? fmt_num(a, r->mean[k], 1, lang) : w(lang, A_NOT_SHOWN));
	}
	sb_adds(sb, ".");
}

/* The statistically sure changes first (the main message), then the rest. */
static void interval(struct strbuf *sb, const struct chart *c, enum lang lang)
{
	sb_addf(sb, " %s", w(lang, A_INTERVAL));
	for (int sure = 1; sure >= 0; sure--) {
		size_t n = 0;
		for (size_t i = 0; i < c->n_rows; i++) {
			const struct chart_row *r = &c->rows[i];
			int drawn = !r->missing && isfinite(r->est);
			if (sure ? !(drawn && r->filled) : (drawn && r->filled))
				continue;
			if (n++ == 0)
				sb_addf(sb, " %s ", w(lang, sure ? A_SURE_SOME : A_OTHERS));
			else
				sb_adds(sb, "; ");
			row_name(sb, r);
			sb_addf(sb, ": %s", r->missing ? r->missing : r->value_text ? r->value_text : "");
		}
		if (n)
			sb_adds(sb, ".");
		else if (sure)
			sb_addf(sb, " %s", w(lang, A_SURE_NONE));
	}
}

char *chart_alt_text(const struct chart *c, enum lang lang)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	if (c->title && *c->title) {
		size_t n = strlen(c->title);
		sb_addf(&sb, "%s%s", c->title, strchr(".?!:", c->title[n - 1]) ? "" : ".");
	}
	switch (c->kind) {
	case CHART_DIVERGING:
		diverging(&sb, c, lang);
		break;
	case CHART_DUMBBELL:
		dumbbell(&sb, c, lang, A_DUMBBELL);
		break;
	case CHART_TREND:
		dumbbell(&sb, c, lang, A_TREND);
		break;
	case CHART_INTERVAL:
		interval(&sb, c, lang);
		break;
	}
	size_t start = 0;
	while (sb.buf[start] == ' ')
		start++;
	char *r = xstrdup(sb.buf + start);
	sb_release(&sb);
	return r;
}
