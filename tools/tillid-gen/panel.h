/* panel.h: the designs beyond Fremfærd (Åben Dialog, the parents' advisory board): their tables, respondents and writers. */
#ifndef TILLID_GEN_PANEL_H
#define TILLID_GEN_PANEL_H

#include "gen.h"

/*
 * A panel design is one table (struct panel_design, design_aaben.c and
 * design_raad.c): groups without municipalities, two to four waves each
 * exported as a LimeSurvey CSV or a Microsoft Forms workbook, and items on
 * answer scales with their own values (1-5 agreement, 0-10, yes/no).
 *
 * The response model is Fremfærd's (gen.h), on a latent scale in
 * agreement points: respondent i in group g answers item j of trait t in
 * wave w with
 *
 *   y* = base[g][t] + change[w][g][t] + offset[j]
 *        + SIGMA_T * (sqrt(R_GENERAL) * theta_i + sqrt(1 - R_GENERAL) * u_it) + SIGMA_E * e
 *
 * A trait is a scale or one standalone item. The answer is the point
 * nearest to LOW + (y* - 1) * (HIGH - LOW) / 4, clamped to LOW..HIGH: the
 * latent 1..5 spread over the answer scale's values, so a 0-10 answer is
 * 2.5 (y* - 1) and a yes/no answer is yes when y* >= 3. From one wave to
 * the next a respondent's traits move to RHO * (the last) + sqrt(1 - RHO^2)
 * * (a new draw), whether or not the respondent answers that wave.
 */

#define PANEL_MAX_WAVES 4
#define PANEL_MAX_GROUPS 3
#define PANEL_MAX_TRAITS 6
#define PANEL_MAX_ITEMS 12
#define PANEL_MAX_VALUES 11

enum panel_format { PF_LIMESURVEY, PF_FORMS };

struct panel_wave {
	const char *id, *label_da, *label_en;
	int year, month, day; /* first day of the field period */
	int days;             /* days in the field period */
	const char *start, *end;
	enum panel_format format;
	const char *file;
};

struct panel_group {
	const char *id, *label_da, *label_en;
	const char *answer; /* the answer that names the group */
	double share;
};

/* A scale (scale = 1) or the latent attitude behind one standalone item.
 * change[w][g]: latent wave w minus the baseline. */
struct panel_trait {
	const char *id, *label_da, *label_en;
	int scale;
	double base[PANEL_MAX_GROUPS];
	double change[PANEL_MAX_WAVES][PANEL_MAX_GROUPS];
};

/* An answer scale with values lo..hi; point_da[v - lo] labels value v (NULL:
 * shown by its value); missing_da: the one non-substantive answer or NULL. */
struct panel_answers {
	const char *id;
	int lo, hi;
	const char *point_da[PANEL_MAX_VALUES], *point_en[PANEL_MAX_VALUES];
	const char *missing_da, *missing_en;
};

/* grid: shown in the agreement grid (LimeSurvey heads it "GRID [text]"). */
struct panel_item {
	const char *id;
	int trait, answers, reverse, nps, grid;
	const char *text_da, *text_en;
	double offset;
	double dontknow; /* rate of the missing answer */
};

/* The study file's [report] section: how the report presents the study
 * (docs/study-file.md); NULL keys are left out. */
struct panel_report {
	const char *title, *title_en, *subtitle, *subtitle_en, *organisation, *breakdowns;
};

struct panel_design {
	const char *name;  /* the --design name, and the stem of the study and key files */
	const char *title; /* [study] name */
	const char *about; /* the study file's first comment */
	long default_n;
	/* panel: everyone is invited to every wave and answers each with
	 * probability response; otherwise paired_share of n answer both waves
	 * and the rest one wave each. */
	int panel;
	double response, paired_share;
	const char *group_heading, *key_heading_ls, *key_heading_forms;
	int key_is_email; /* the key is the e-mail address the survey tool records */
	const char *key_prefix;
	const char *comment_heading;
	const struct panel_wave *waves;
	int n_waves;
	const struct panel_group *groups;
	int n_groups;
	const struct panel_trait *traits;
	int n_traits;
	const struct panel_answers *answers;
	int n_answers;
	const struct panel_item *items;
	int n_items;
	const char *const *comments;
	int n_comments;
	struct panel_report report; /* items outside the scales are marked for the findings */
};

extern const struct panel_design design_aaben;
extern const struct panel_design design_raad;

/* Stored answers: 0 blank, value - lo + 1 for a point, V_DONTKNOW. */
struct panel_reply {
	uint32_t person;
	uint8_t v[PANEL_MAX_ITEMS];
	int16_t comment; /* index into the design's comments, -1 for none */
	int32_t t_start, t_end;
	uint32_t ls_seed;
};

struct panel_person {
	uint8_t group;
	uint8_t waves; /* bit w set: answers wave w */
	uint32_t no;   /* the number behind the key */
};

struct panel_sim {
	const struct panel_design *d;
	unsigned long seed;
	long n;
	struct panel_person *people;
	size_t n_people;
	struct panel_reply *replies[PANEL_MAX_WAVES]; /* in export order */
	size_t n_replies[PANEL_MAX_WAVES];
	long *reply_of[PANEL_MAX_WAVES]; /* person -> index into replies[w], -1 when absent */
};

/* Draw the respondents of sim->d (sim->d, seed and n set, the rest zero)
 * with r. panel_release frees what it allocated. */
void panel_simulate(struct panel_sim *sim, gsl_rng *r);
void panel_release(struct panel_sim *sim);

/* The latent mean of trait t for group g at wave w. */
double panel_latent(const struct panel_design *d, int w, int g, int t);
/* P(answer <= value lo + k) for item j's answer scale at latent mean mu,
 * k = 0 .. hi - lo (the last is 1). */
double panel_cdf(const struct panel_design *d, size_t j, double mu, int k);
/* The value of stored answer v of item j (v a point, 1 ..). */
int panel_value(const struct panel_design *d, size_t j, uint8_t v);

/* The key of person p as written in wave w's export. */
void panel_add_key(struct strbuf *out, const struct panel_sim *sim, const struct panel_person *p, int w);
/* Item j's heading in an export of the given format. */
void panel_heading(struct strbuf *out, const struct panel_design *d, size_t j, enum panel_format f);

/* Each writes its files into dir. Returns TILLID_OK, or TILLID_ESYS with a
 * message in err. */
int panel_write_wave(const char *dir, const struct panel_sim *sim, int w, struct strbuf *err);
int panel_write_ini(const char *dir, const struct panel_sim *sim, struct strbuf *err);
int panel_write_planted(const char *dir, const struct panel_sim *sim, struct strbuf *err);

#endif
