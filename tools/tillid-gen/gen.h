/* gen.h: what the files of tillid-gen share: the study design, the simulated respondents, the writers. */
#ifndef TILLID_GEN_H
#define TILLID_GEN_H

#include "core/util.h"

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The study: five municipalities, a few units each, three respondent groups
 * (borgere, pårørende, medarbejdere) answering 13 items in four scales at a
 * baseline (SurveyXact export, Windows-1252) and a follow-up (LimeSurvey CSV,
 * UTF-8). About 60 % of respondents answer both waves under the same
 * municipal pseudonym.
 *
 * The response model, on the 1-5 answer scale: respondent i in group g,
 * municipality m answers item j of scale s in wave w with
 *
 *   y* = base[g][s] + offset[m] + w * change(g, s, m) + item_offset[j]
 *        + SIGMA_T * (sqrt(R) * theta_i + sqrt(1 - R) * u_is) + SIGMA_E * e
 *
 * theta (general attitude) and u (scale-specific) are standard normal traits;
 * for respondents in both waves the follow-up traits correlate RHO with the
 * baseline ones. The answer is y* rounded to the nearest point and clamped
 * to 1..5; a negatively worded item records 6 minus that. Non-substantive
 * answers and blanks are drawn independently of the value (missing
 * completely at random), so the expected observed means in planted.csv are
 * exact: E[clamp(round(Y))] for Y ~ N(mu, SIGMA_T^2 + SIGMA_E^2).
 *
 * design.c holds the tables, simulate.c draws the respondents and their
 * answers, and one file writes each output: write_surveyxact.c (the
 * baseline's dataset, labels and structure), write_limesurvey.c (the
 * follow-up), write_study.c (fremfaerd.ini and fremfaerd.key) and
 * write_planted.c (planted.csv); fields.c has the pieces they share.
 */

#define SIGMA_T 0.75  /* SD of the respondent's latent scale score */
#define R_GENERAL 0.45 /* share of that variance common to all four scales */
#define SIGMA_E 0.65  /* SD of item noise */
#define RHO 0.85      /* correlation of a paired respondent's traits across waves */
#define PAIRED_SHARE 0.6
#define BREAKOFF_RATE 0.05
#define BLANK_RATE 0.015
#define MIN_RESPONDENTS 100
#define MAX_RESPONDENTS 50000000
#define DEFAULT_SEED 20210301UL
#define DEFAULT_RESPONDENTS 600L
#define FIELD_DAYS 45

/* ---- the design (design.c) ---- */

enum { W_FOER, W_EFTER, N_WAVES };
enum { G_BORGER, G_PAAR, G_MEDARB, N_GROUPS };
enum { S_TILLID, S_HOERT, S_KOORD, S_TILFR, N_SCALES };
enum { M_REBILD, M_SLAGELSE, M_VESTHIMMERLAND, M_ODDER, M_HADERSLEV, N_MUNIS };
enum { A_ENIG, A_TILFREDS, N_ANSWER_SCALES };
enum { N_UNITS = 14, N_ITEMS = 13 };

/* Stored answer values: 0 blank, 1..5 the point as answered, then these. */
#define V_DONTKNOW 101
#define V_REFUSED 102

/* The suppressed group: pårørende in Odder, exactly this many per wave, of
 * whom TINY_PAIRED answer both waves. */
#define TINY_MUNI M_ODDER
#define TINY_GROUP G_PAAR
#define TINY_PER_WAVE 3
#define TINY_PAIRED 2

/* The follow-up questionnaire asks staff which side they work on. */
#define STAFF_MYNDIGHED "Medarbejder – myndighed"
#define STAFF_UDFOERER "Medarbejder – udfører"

#define GRID_TEXT "Hvor enig eller uenig er du i følgende udsagn?"
#define COMMENT_TEXT "Har du andre kommentarer til samarbejdet med kommunen?"

struct wave_def {
	const char *id, *label_da, *label_en;
	int year, month, day; /* first day of the field period */
	const char *start, *end;
};

struct group_def {
	const char *id, *label_da, *label_en;
	const char *answer; /* the answer that names the group in both exports */
	double share;       /* of respondents */
	double response_rate; /* for the numbers invited */
	double email_rate;  /* share invited by e-mail (address in the export) */
	double comment_rate;
};

/* base: latent baseline mean; change: latent follow-up minus baseline;
 * declines: the scale takes a municipality's decline. */
struct scale_def {
	const char *id, *label_da, *label_en;
	double base[N_GROUPS];
	double change[N_GROUPS];
	int declines;
};

/* decline: added to every group's change on the scales marked declines. */
struct muni_def {
	const char *name;
	const char *prefix; /* of the municipality's pseudonyms */
	int code;           /* kommunekode, the SurveyXact code */
	double weight;
	double offset;
	double decline;
};

struct unit_def {
	int muni;
	const char *name;
	int myndighed; /* 1: the authority side, 0: a provider */
	double weight; /* within the municipality */
	int code;      /* SurveyXact code */
};

/* page: the questionnaire page (1-3) the item is on. */
struct item_def {
	const char *id;
	int scale;
	int reverse;
	int answers;
	int page;
	const char *sx_var; /* SurveyXact variable name */
	const char *text_da, *text_en;
	double offset;
	double dontknow[N_GROUPS]; /* rate of "Ved ikke" */
};

/* An answer scale; code[v-1] is the SurveyXact code of point v, listed in
 * labels.csv in the order of sx_order (the questionnaire's display order). */
struct answers_def {
	const char *id;
	const char *point_da[5], *point_en[5];
	int n_missing;
	const char *missing_da[2], *missing_en[2];
	int code[5];
	int missing_code[2];
	const char *sx_label_pad; /* appended to "Ved ikke" in labels.csv, as real exports do */
	int sx_order[7];          /* points 1..5, then -1, -2 for the missing answers */
};

/* Free-text comments of one tone. */
struct comment_pool {
	const char *const *text;
	size_t n;
};

extern const struct wave_def waves[N_WAVES];
extern const struct group_def groups[N_GROUPS];
extern const struct scale_def scales[N_SCALES];
extern const struct muni_def munis[N_MUNIS];
extern const struct unit_def units[N_UNITS];
extern const struct item_def items[N_ITEMS];
extern const struct answers_def answer_scales[N_ANSWER_SCALES];
/* "Ønsker ikke at svare" on the agreement items, by group. */
extern const double refuse_rate[N_GROUPS];
/* negative, middling, positive (by the respondent's mean answer), staff */
extern const struct comment_pool comment_pools[4];

/* ---- the respondents (simulate.c) ---- */

struct person {
	uint8_t muni, unit, group;
	uint8_t waves;     /* bit w set: answers wave w */
	uint8_t has_email; /* invited by e-mail: address (and name) in the exports */
	uint32_t pseudo;   /* number part of the pseudonym */
};

/* One respondent's answers in one wave. Times are seconds from 00:00 of the
 * wave's first field day. */
struct reply {
	uint32_t person;
	uint8_t v[N_ITEMS];
	uint8_t pages;   /* pages reached; 3 = completed */
	int16_t comment; /* pool * 100 + index, -1 for none */
	int32_t t_start, t_end;
	uint32_t ls_seed;
	char token[16];
};

struct study_sim {
	unsigned long seed;
	long n; /* respondents per wave */
	struct person *people;
	size_t n_people;
	struct reply *replies[N_WAVES]; /* in export order */
	size_t n_replies[N_WAVES];
	long *reply_of[N_WAVES]; /* person -> index into replies[w], -1 when absent */
	int pseudo_width[N_MUNIS];
	int created_offset[N_WAVES]; /* SurveyXact "created": upload of the respondent list */
};

/* Draw sim->n respondents per wave (sim->seed and sim->n set, the rest
 * zero) with r: people, pseudonyms, answers, export order. Returns
 * TILLID_OK, or TILLID_ESYS with a message in err when n is too small for
 * the design. sim_release frees what it allocated, either way. */
int simulate(struct study_sim *sim, gsl_rng *r, struct strbuf *err);
void sim_release(struct study_sim *sim);

/* The latent mean of scale s for group g in municipality m at wave w. */
double latent_mean(int w, int g, int m, int s);
/* Expected answer to item j in a cell, positively oriented (as scored). */
double expected_scored(int w, int g, int m, size_t j);

/* ---- the outputs (fields.c and the writers) ---- */

/* An output file written whole or not at all, with a row buffer. */
struct out_file {
	struct atomic_file af;
	struct strbuf row;
};

/* Open dir/name. Returns TILLID_OK, or TILLID_ESYS with a message in err. */
int out_open(struct out_file *o, const char *dir, const char *name, struct strbuf *err);
/* Write the row buffered so far and empty it. */
void out_flush_row(struct out_file *o);
/* Write the rest and put the file in place. Returns TILLID_OK or TILLID_ESYS (err). */
int out_close(struct out_file *o, struct strbuf *err);

/* x in decimal, zero-padded to at least width digits. */
void add_uint_pad(struct strbuf *out, unsigned long x, int width);
void add_uint(struct strbuf *out, unsigned long x);
/* Days from 1970-01-01 to a civil date. */
long days_since_epoch(int year, int month, int day);
/* A time secs from 00:00 of year-month-day as "2021-03-04 10:15:12" (iso)
 * or "04-03-2021 10:15:12". */
void add_date_time(struct strbuf *out, int year, int month, int day, long secs, int iso);
/* A time in wave w as "2021-03-04 10:15:12" (iso) or "04-03-2021 10:15:12";
 * secs from 00:00 of the wave's first field day. */
void add_time(struct strbuf *out, int w, long secs, int iso);
/* The pseudonym of p: "REB-0042". */
void add_pseudonym(struct strbuf *out, const struct study_sim *sim, const struct person *p);
/* The number behind "Testbruger 0042" and testbruger0042@example.dk. */
void add_contact_no(struct strbuf *out, const struct study_sim *sim, uint32_t person);
/* The text of comment c (pool * 100 + index). */
const char *comment_text(int16_t c);
/* A LimeSurvey field: always quoted, quotes doubled; NULL is written as an
 * empty unquoted field. */
void add_ls_field(struct strbuf *out, const char *s);
/* Append "key = value" to a study file, the value formatted by fmt. Every
 * value is the generator's own, so one that cannot be written is a bug: it
 * aborts. */
__attribute__((format(printf, 3, 4)))
void put_kv(struct strbuf *b, const char *key, const char *fmt, ...);
/* Item j's column heading in the LimeSurvey export. */
void ls_item_heading(struct strbuf *h, size_t j);

/* Each writes its files into dir. Returns TILLID_OK, or TILLID_ESYS with a
 * message in err. */
int write_sx_structure(const char *dir, struct strbuf *err);
int write_sx_labels(const char *dir, struct strbuf *err);
int write_sx_dataset(const char *dir, const struct study_sim *sim, struct strbuf *err);
int write_ls(const char *dir, const struct study_sim *sim, struct strbuf *err);
int write_ini(const char *dir, const struct study_sim *sim, struct strbuf *err);
/* write_key: the pairing-key secret dir/name, SHA-256 of a phrase naming the seed. */
int write_key(const char *dir, const char *name, unsigned long seed, struct strbuf *err);
int write_planted(const char *dir, const struct study_sim *sim, struct strbuf *err);

#endif
