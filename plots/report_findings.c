/* report_findings.c: how results are put into words (a change, a level, a hidden number) and the key-findings page. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum text_id size_word(double g)
{
	double a = fabs(g);
	if (a < 0.2)
		return T_SIZE_NEGLIGIBLE;
	if (a < 0.5)
		return T_SIZE_SMALL;
	if (a < 0.8)
		return T_SIZE_MEDIUM;
	return T_SIZE_LARGE;
}

/* One mark for every number not shown: a reader must not learn whether
 * a group had no answers, fewer than the minimum, or is hidden to protect
 * another (each would narrow down the hidden count). */
const char *rp_hidden_text(struct report_ctx *c)
{
	c->hidden_used = 1;
	return tx(c->lang, T_HIDDEN);
}

/* The footnote that explains "skjult", when the section printed it. */
void rp_hidden_note(struct report_ctx *c)
{
	if (!c->hidden_used)
		return;
	char *s = tx_fillf(c->lang, T_HIDDEN_NOTE, "hidden", tx(c->lang, T_HIDDEN), "min", c->min_s, NULL);
	rp_doc_para(&c->doc, TS_SMALL, s, 0, 3);
	free(s);
	c->hidden_used = 0;
}

/* What a key sentence is about: a scale, or an item outside the scales
 * that the study file marks for the findings (findings = yes). */
struct topic {
	const char *var;
	const struct tds_answers *a;
	char *subject; /* after a possessive: the label itself when it is one
			  word ("Pårørendes tillid"), else "vurdering af »at blive
			  hørt«", which reads right whatever the label is */
	char *quoted;  /* »At blive hørt« */
};

static void topic_init(struct report_ctx *c, struct topic *t, const char *var, const char *label,
		       const struct tds_answers *a)
{
	t->var = var;
	t->a = a;
	char *low = tx_lower_first(label);
	if (strchr(low, ' ')) {
		t->subject = tx_fillf(c->lang, T_S_RATING_OF, "label", low, NULL);
		free(low);
	} else {
		t->subject = low;
	}
	t->quoted = tx_fillf(c->lang, T_QUOTED, "label", label, NULL);
}

static void topic_of_scale(struct report_ctx *c, struct topic *t, size_t s)
{
	topic_init(c, t, c->m->scales[s].id, rp_scale_label(c, s), rp_scale_answers(c, s));
}

static void topic_release(struct topic *t)
{
	free(t->subject);
	free(t->quoted);
}

/* The verdict of a published change in words, into sb: the movement with
 * both means, then what it is (sure, with its size; about unchanged; or
 * cannot be decided). Every word follows ch->verdict. */
static void change_words(struct report_ctx *c, struct strbuf *sb, const struct change *ch, const char *who,
			 const char *scale, const char *where, const char *k)
{
	enum lang lang = c->lang;
	char a1[FMT_MAX], b1[FMT_MAX], delta[FMT_MAX];
	fmt_num(a1, ch->base, 1, lang);
	fmt_num(b1, ch->later, 1, lang);
	rp_delta_text(c, delta);
	enum text_id verb = ch->verdict == RES_VERDICT_UP	 ? T_S_ROSE
			    : ch->verdict == RES_VERDICT_DOWN	 ? T_S_FELL
			    : ch->verdict == RES_VERDICT_UNCHANGED ? T_S_SAME
								   : T_S_MOVED;
	if (!strcmp(a1, b1)) {
		/* "went from 2,8 to 2,8" reads as a contradiction: an undecided
		 * change says the level, a sure one shows the second decimal */
		if (verb == T_S_MOVED)
			verb = T_S_LEVEL_BOTH;
		else if (ch->sure) {
			fmt_num(a1, ch->base, 2, lang);
			fmt_num(b1, ch->later, 2, lang);
		}
	}
	tx_fill(sb, lang, verb, "who", who, "scale", scale, "where", where, "a", a1, "b", b1, "k", k, NULL);
	if (ch->sure) {
		sb_adds(sb, tx(lang, ch->verdict == RES_VERDICT_UP ? T_S_SURE_UP : T_S_SURE_DOWN));
		if (isfinite(ch->g))
			tx_fill(sb, lang, T_S_EFFECT, "size", tx(lang, size_word(ch->g)), NULL);
	} else if (ch->verdict == RES_VERDICT_UNCHANGED) {
		tx_fill(sb, lang, T_S_UNCHANGED, "delta", delta, NULL);
	} else {
		sb_adds(sb, tx(lang, rp_unsure_words(ch)));
	}
	sb_addc(sb, '.');
	char n1[FMT_MAX], n2[FMT_MAX];
	if (ch->paired && isfinite(ch->n_pairs))
		tx_fill(sb, lang, T_S_PAIRED, "n", fmt_count(n1, ch->n_pairs, lang), NULL);
	else if (ch->paired)
		sb_adds(sb, tx(lang, T_S_PAIRED_NO_N));
	else if (ch->pairs_hidden)
		sb_adds(sb, tx(lang, T_S_INDEP_HIDDEN));
	else if (isfinite(ch->n_base) && isfinite(ch->n_later))
		tx_fill(sb, lang, T_S_INDEP, "n1", fmt_count(n1, ch->n_base, lang), "n2",
			fmt_count(n2, ch->n_later, lang), NULL);
	else
		sb_adds(sb, tx(lang, T_S_INDEP_NO_N));
}

/* With three waves or more: the latest change of scale s in cell k, from
 * the wave before the last to the last, after the change since the
 * baseline, in the same words and with its own verdict. When neither
 * change is shown, the sentence before has said so already. */
static void latest_words(struct report_ctx *c, struct strbuf *sb, const struct topic *t, struct cell k,
			 const char *where, int base_shown)
{
	enum lang lang = c->lang;
	struct change ch;
	rp_change_from(c, t->var, k, c->last - 1, c->last, &ch);
	if (ch.st != RES_OK && !base_shown)
		return;
	tx_fill(sb, lang, T_S_LATEST, "base", rp_wave_label(c, c->last - 1), "later", rp_wave_label(c, c->last), NULL);
	if (ch.st == RES_SUPPRESSED) {
		sb_addf(sb, "%s.", rp_hidden_text(c));
	} else if (ch.st != RES_OK) {
		sb_addf(sb, "%s.", ch.note);
	} else {
		char *who = tx_genitive(rp_cell_label(c, k), lang);
		char kk[64];
		rp_scale_range(c, t->a, kk, sizeof(kk));
		change_words(c, sb, &ch, who, t->subject, where, kk);
		free(who);
	}
}

/* The key sentence of topic t for cell k, into sb; with_project: the
 * project's change of the same group beside it (a municipality's report). */
static void key_sentence(struct report_ctx *c, struct strbuf *sb, const struct topic *t, struct cell k,
			 int with_project)
{
	enum lang lang = c->lang;
	const char *topic = t->quoted;
	char *where = k.m >= 0 ? tx_fillf(lang, T_IN_PLACE, "place", c->m->municipalities[k.m], NULL) : xstrdup("");
	const char *glabel = rp_cell_label(c, k);
	struct change ch;
	rp_change(c, t->var, k, c->last, &ch);
	if (ch.st == RES_SUPPRESSED) {
		tx_fill(sb, lang, T_S_HIDDEN, "group", glabel, "topic", topic, "where", where, "hidden",
			rp_hidden_text(c), NULL);
	} else if (ch.st != RES_OK) {
		tx_fill(sb, lang, T_S_NOT_AVAILABLE, "group", glabel, "topic", topic, "where", where, "note", ch.note, NULL);
	} else {
		char *who = tx_genitive(glabel, lang);
		char kk[64];
		rp_scale_range(c, t->a, kk, sizeof(kk));
		change_words(c, sb, &ch, who, t->subject, where, kk);
		free(who);
	}
	if (with_project && k.m >= 0) {
		struct change pc;
		rp_change(c, t->var, CELL(k.g, -1), c->last, &pc);
		if (pc.st == RES_OK) {
			char a1[FMT_MAX], b1[FMT_MAX];
			tx_fill(sb, lang, T_S_PROJECT, "a", fmt_num(a1, pc.base, 1, lang), "b",
				fmt_num(b1, pc.later, 1, lang), "verdict", tx(lang, rp_verdict_word(pc.verdict)), NULL);
		}
	}
	if (c->m->n_waves >= 3)
		latest_words(c, sb, t, k, where, ch.st == RES_OK);
	free(where);
}

/* A level sentence for a study with one wave only. */
static void level_sentence(struct report_ctx *c, struct strbuf *sb, const struct topic *t, struct cell k)
{
	const char *topic = t->quoted;
	char *where = k.m >= 0 && c->muni >= 0 ? tx_fillf(c->lang, T_IN_PLACE, "place", c->m->municipalities[k.m], NULL)
						: xstrdup("");
	const char *glabel = rp_cell_label(c, k);
	double mean;
	int st = rp_get(c, t->var, k, rp_wave_id(c, 0), "", RS_MEAN, &mean);
	if (st == RES_OK) {
		char a1[FMT_MAX], kk[64];
		rp_scale_range(c, t->a, kk, sizeof(kk));
		tx_fill(sb, c->lang, T_S_LEVEL, "group", glabel, "topic", topic, "where", where, "a",
			fmt_num(a1, mean, 1, c->lang), "k", kk, "wave", rp_wave_label(c, 0), NULL);
	} else {
		/* suppressed, or no row because nobody answered: the same words */
		tx_fill(sb, c->lang, T_S_HIDDEN, "group", glabel, "topic", topic, "where", where, "hidden",
			rp_hidden_text(c), NULL);
	}
	free(where);
}

/* The sentence of topic t for cell k: its change, or its level when the
 * study has one wave. */
static void topic_sentence(struct report_ctx *c, struct strbuf *sb, const struct topic *t, struct cell k,
			   int with_project)
{
	if (c->m->n_waves < 2)
		level_sentence(c, sb, t, k);
	else
		key_sentence(c, sb, t, k, with_project);
}

/* The sentences of item i (findings = yes) for cell k, into sb: a
 * two-answer item's share answering yes (the numbers of its table), else
 * its mean as a scale's, and the Net Promoter Score when the study asks
 * for it; the question quoted where a scale's name would stand. */
static void item_sentences(struct report_ctx *c, struct strbuf *sb, size_t i, struct cell k, int with_project)
{
	struct topic t;
	topic_init(c, &t, c->m->items[i].id, rp_item_text(c, i), rp_item_answers(c, i));
	if (rp_item_is_share(c, i)) {
		rp_share_sentence(c, sb, i, k, t.quoted);
		if (!sb->len) /* hidden, or nobody answered: the same words */
			tx_fill(sb, c->lang, T_S_HIDDEN, "group", rp_cell_label(c, k), "topic", t.quoted, "where", "",
				"hidden", rp_hidden_text(c), NULL);
	} else {
		topic_sentence(c, sb, &t, k, with_project);
		if (c->m->items[i].nps) {
			sb_addc(sb, ' ');
			rp_nps_sentence(c, sb, t.var, k, t.quoted);
		}
	}
	topic_release(&t);
}

/* The index of the item with id `id`, or -1 (an item the study file
 * marks but the dataset, from an earlier study file, does not have). */
static long item_index(struct report_ctx *c, const char *id)
{
	for (size_t i = 0; i < c->m->n_items; i++)
		if (!strcmp(c->m->items[i].id, id))
			return (long)i;
	return -1;
}

/* The sentences of cell k under heading head: one per scale, then one
 * for each item outside the scales marked for the findings. */
static void cell_sentences(struct report_ctx *c, struct strbuf *sb, const char *head, struct cell k, int with_project)
{
	rp_doc_heading(&c->doc, TS_H3, head, 30);
	for (size_t s = 0; s < c->m->n_scales; s++) {
		struct topic t;
		topic_of_scale(c, &t, s);
		sb_reset(sb);
		topic_sentence(c, sb, &t, k, with_project);
		rp_doc_bullet(&c->doc, TS_BODY, sb->buf, 0);
		topic_release(&t);
	}
	const struct report_spec *sp = c->o->spec;
	for (size_t j = 0; sp && j < sp->findings.n; j++) {
		long i = item_index(c, sp->findings.v[j]);
		if (i < 0 || c->m->items[i].scale >= 0)
			continue;
		sb_reset(sb);
		item_sentences(c, sb, (size_t)i, k, with_project);
		str_trim(sb->buf);
		if (*sb->buf)
			rp_doc_bullet(&c->doc, TS_BODY, sb->buf, 0);
	}
	rp_doc_space(&c->doc, 4);
}

/* The group x municipality cells of the project whose change is sure:
 * only those are put into words (the tables have the rest). */
static void sure_cells(struct report_ctx *c, struct strbuf *sb)
{
	rp_doc_heading(&c->doc, TS_H3, tx(c->lang, T_KEY_CELLS), 40);
	rp_doc_para(&c->doc, TS_BODY, tx(c->lang, T_KEY_CELLS_INTRO), 0, 4);
	size_t said = 0;
	for (size_t m = 0; m < c->m->n_municipalities; m++)
		for (size_t g = 0; g < c->m->n_groups; g++)
			for (size_t s = 0; s < c->m->n_scales; s++) {
				struct cell k = CELL((int)g, (int)m);
				struct change ch;
				rp_change(c, c->m->scales[s].id, k, c->last, &ch);
				if (ch.st != RES_OK || !ch.sure)
					continue;
				struct topic t;
				topic_of_scale(c, &t, s);
				sb_reset(sb);
				key_sentence(c, sb, &t, k, 0);
				rp_doc_bullet(&c->doc, TS_BODY, sb->buf, 0);
				topic_release(&t);
				said++;
			}
	if (!said)
		rp_doc_para(&c->doc, TS_BODY, tx(c->lang, T_KEY_CELLS_NONE), 0, 4);
	rp_doc_space(&c->doc, 4);
}

static void suppressed_lines(struct report_ctx *c, struct strlist *lines);

/* The opening of the key findings: all respondents (or the municipality
 * as a whole), each group, each municipality, the sure changes of groups
 * within municipalities; then the chart of all changes. */
static void key_sentences(struct report_ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	char delta[FMT_MAX];
	rp_delta_text(c, delta);
	char *intro;
	if (c->m->n_waves < 2)
		intro = NULL;
	else if (c->muni >= 0)
		intro = tx_fillf(lang, T_KEY_INTRO_MUNI, "base", rp_wave_label(c, c->base), "later",
				 rp_wave_label(c, c->last), "place", c->m->municipalities[c->muni], "delta", delta, NULL);
	else {
		char *scope = rp_scope_words(c, 1);
		intro = tx_fillf(lang, T_KEY_INTRO, "base", rp_wave_label(c, c->base), "later",
				 rp_wave_label(c, c->last), "delta", delta, "scope", scope, NULL);
		free(scope);
	}
	if (intro && c->m->n_waves >= 3) {
		char n[24];
		snprintf(n, sizeof(n), "%zu", c->m->n_waves);
		char *more = tx_fillf(lang, T_KEY_INTRO_LATEST, "n", n, "prev", rp_wave_label(c, c->last - 1), "later",
				      rp_wave_label(c, c->last), NULL);
		char *both = xasprintf("%s%s", intro, more);
		free(intro);
		free(more);
		intro = both;
	}
	if (intro)
		rp_doc_para(d, TS_BODY, intro, 0, 10);
	free(intro);

	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	if (c->muni >= 0) {
		char *head = tx_fillf(lang, T_KEY_WHOLE, "place", c->m->municipalities[c->muni], NULL);
		cell_sentences(c, &sb, head, CELL(-1, c->muni), 1);
		free(head);
	} else {
		cell_sentences(c, &sb, rp_cell_label(c, CELL(-1, -1)), CELL(-1, -1), 0);
	}
	for (size_t g = 0; c->show_groups && g < c->m->n_groups; g++)
		cell_sentences(c, &sb, rp_group_label(c, g), CELL((int)g, c->muni), 1);
	if (c->muni < 0 && c->show_munis) {
		for (size_t m = 0; m < c->m->n_municipalities; m++)
			cell_sentences(c, &sb, c->m->municipalities[m], CELL(-1, (int)m), 0);
		if (c->m->n_waves >= 2 && c->show_groups)
			sure_cells(c, &sb);
	}
	for (size_t u = 0; u < c->m->n_units; u++) {
		struct cell k = { -1, -1, (int)u + 1 };
		if (rp_unit_shown(c, u))
			cell_sentences(c, &sb, rp_cell_label(c, k), k, 0);
	}
	sb_release(&sb);

	if (c->m->n_waves >= 2 && c->m->n_scales > 0) {
		struct chart ch;
		rp_interval_chart(c, 0, &ch);
		char *title = tx_fillf(lang, T_OVERVIEW_TITLE, "base", rp_wave_label(c, c->base), "later",
				       rp_wave_label(c, c->last), NULL);
		/* With no group hidden anywhere, the note under the chart says
		 * so, instead of a section of one sentence after it (often a
		 * page of its own: suppressed_lists). */
		struct strlist few = STRLIST_INIT;
		suppressed_lines(c, &few);
		char *none = few.n ? NULL
				   : tx_fillf(lang, c->m->n_groups == 1 ? T_FEW_NONE_ONE : T_FEW_NONE, "min", c->min_s,
					      "group", rp_cell_label(c, CELL(-1, -1)), NULL);
		rp_place_chart(c, &ch, title, none, "changes-overview");
		free(none);
		sl_release(&few);
		free(title);
		chart_release(&ch);
	}
}

/* A line per group and wave with the places whose count is not shown,
 * whatever the reason (below the minimum, hidden to protect one, nobody
 * answered): one list, so that it does not tell the kinds apart. */
static void suppressed_lines(struct report_ctx *c, struct strlist *lines)
{
	struct strbuf places = STRBUF_INIT;
	sb_init(&places);
	for (size_t g = 0; g < c->m->n_groups; g++) {
		for (size_t w = 0; w < c->m->n_waves; w++) {
			sb_reset(&places);
			/* a group hidden in the whole project is hidden in
			 * every municipality: the first place says it */
			struct cell cells[64];
			size_t nc = 0;
			if (c->muni >= 0)
				cells[nc++] = CELL((int)g, c->muni);
			else
				nc = rp_group_cells(c, (int)g, cells, ARRAY_SIZE(cells), 1);
			int hidden = 0;
			for (size_t ci = 0; ci < nc; ci++) {
				double n;
				enum res_reason why;
				if (rp_cell_count(c, cells[ci], w, &n, &why) == RES_OK)
					continue;
				if (places.len)
					sb_adds(&places, ", ");
				sb_adds(&places, rp_place_name(c, cells[ci]));
				hidden = 1;
				if (ci == 0)
					break;
			}
			/* without places the line names the group and wave only */
			if (hidden)
				sl_push_owned(lines, tx_fillf(c->lang, rp_has_places(c) ? T_FEW_LINE : T_FEW_LINE_ALL, "group",
							      rp_group_label(c, g), "wave", rp_wave_label(c, w), "places",
							      places.buf, NULL));
		}
	}
	sb_release(&places);
}

/* Where the report shows no numbers: one list, under one explanation of
 * "skjult". */
static void suppressed_lists(struct report_ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	struct strlist lines = STRLIST_INIT;
	suppressed_lines(c, &lines);
	if (!lines.n && c->m->n_waves >= 2 && c->m->n_scales > 0) {
		/* the note under the chart of changes said that every group
		 * has enough answers */
		rp_hidden_note(c);
		sl_release(&lines);
		return;
	}
	rp_doc_heading(d, TS_H2, tx(lang, T_FEW_HEAD), 50);
	char *intro = tx_fillf(lang, lines.n ? T_FEW_INTRO : c->m->n_groups == 1 ? T_FEW_NONE_ONE : T_FEW_NONE,
			       "min", c->min_s, "hidden", tx(lang, T_HIDDEN), "group", rp_cell_label(c, CELL(-1, -1)),
			       NULL);
	rp_doc_para(d, TS_BODY, intro, 0, lines.n ? 4 : 6);
	free(intro);
	for (size_t i = 0; i < lines.n; i++)
		rp_doc_bullet(d, TS_BODY, lines.v[i], 0);
	/* "skjult" in a sentence or the chart above is explained by the
	 * introduction of the list, or by the note when there is none */
	if (lines.n)
		c->hidden_used = 0;
	rp_hidden_note(c);
	sl_release(&lines);
}

/* The groups where a change rests on all answers: for want of pairs
 * (list[0]), or because the pair count is hidden (list[1]), which says
 * nothing about how many pairs there were. */
static void fell_back_note(struct report_ctx *c)
{
	if (c->m->n_waves < 2)
		return;
	struct strbuf groups[2] = { STRBUF_INIT, STRBUF_INIT };
	for (int i = 0; i < 2; i++)
		sb_init(&groups[i]);
	for (size_t g = 0; g < c->m->n_groups; g++) {
		int fell_back[2] = { 0, 0 };
		for (size_t s = 0; s < c->m->n_scales; s++) {
			struct change ch;
			rp_change(c, c->m->scales[s].id, CELL((int)g, c->muni), c->last, &ch);
			if (ch.st == RES_OK && !ch.paired)
				fell_back[ch.pairs_hidden ? 1 : 0] = 1;
		}
		for (int i = 0; i < 2; i++)
			if (fell_back[i]) {
				if (groups[i].len)
					sb_adds(&groups[i], ", ");
				sb_adds(&groups[i], rp_group_label(c, g));
			}
	}
	char np[16];
	snprintf(np, sizeof(np), "%d", rp_pairs_needed(c));
	static const enum text_id which[2] = { T_FEW_PAIRS, T_FEW_PAIRS_HIDDEN };
	for (int i = 0; i < 2; i++) {
		if (groups[i].len) {
			char *t = tx_fillf(c->lang, which[i], "pairs", np, "list", groups[i].buf, NULL);
			rp_doc_para(&c->doc, TS_BODY, t, 0, 6);
			free(t);
		}
		sb_release(&groups[i]);
	}
}

void rp_key_findings(struct report_ctx *c)
{
	rp_doc_section(&c->doc, tx(c->lang, T_SEC_KEY), 0, 1);
	c->hidden_used = 0;
	key_sentences(c);
	suppressed_lists(c);
	fell_back_note(c);
}
