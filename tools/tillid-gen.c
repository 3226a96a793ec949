/* tillid-gen.c: writes a seeded synthetic Fremfærd before/after study (exports, study file, key, planted truths). */
#include "core/textio.h"
#include "core/util.h"
#include "pipeline/ini_write.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdarg.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
 */

#define SIGMA_T 0.75  /* SD of the respondent's latent scale score */
#define R_GENERAL 0.45 /* share of that variance common to all four scales */
#define SIGMA_E 0.65  /* SD of item noise */
#define RHO 0.85      /* correlation of a paired respondent's traits across waves */
#define PAIRED_SHARE 0.6
#define BREAKOFF_RATE 0.05
#define BLANK_RATE 0.015
#define MIN_RESPONDENTS 100
#define DEFAULT_SEED 20210301UL
#define DEFAULT_RESPONDENTS 600L

enum { W_FOER, W_EFTER, N_WAVES };
enum { G_BORGER, G_PAAR, G_MEDARB, N_GROUPS };
enum { S_TILLID, S_HOERT, S_KOORD, S_TILFR, N_SCALES };
enum { M_REBILD, M_SLAGELSE, M_VESTHIMMERLAND, M_ODDER, M_HADERSLEV, N_MUNIS };
enum { A_ENIG, A_TILFREDS };

/* Stored answer values: 0 blank, 1..5 the point as answered, then these. */
#define V_DONTKNOW 101
#define V_REFUSED 102

static const struct wave_def {
	const char *id, *label_da, *label_en;
	int year, month, day; /* first day of the field period */
	const char *start, *end;
} waves[N_WAVES] = {
	{ "foer", "Førmåling", "Baseline", 2021, 3, 1, "2021-03-01", "2021-04-15" },
	{ "efter", "Eftermåling", "Follow-up", 2022, 3, 1, "2022-03-01", "2022-04-15" },
};
#define FIELD_DAYS 45

static const struct group_def {
	const char *id, *label_da, *label_en;
	const char *answer; /* the answer that names the group in both exports */
	double share;       /* of respondents */
	double response_rate; /* for the numbers invited */
	double email_rate;  /* share invited by e-mail (address in the export) */
	double comment_rate;
} groups[N_GROUPS] = {
	{ "borger", "Borgere", "Citizens", "Borger", 0.35, 0.42, 0.40, 0.14 },
	{ "paaroerende", "Pårørende", "Relatives", "Pårørende", 0.30, 0.38, 0.55, 0.22 },
	{ "medarbejder", "Medarbejdere", "Staff", "Medarbejder", 0.35, 0.68, 1.00, 0.10 },
};
/* The follow-up questionnaire asks staff which side they work on. */
#define STAFF_MYNDIGHED "Medarbejder – myndighed"
#define STAFF_UDFOERER "Medarbejder – udfører"

/* base: latent baseline mean; change: latent follow-up minus baseline;
 * declines: the scale takes a municipality's decline. */
static const struct scale_def {
	const char *id, *label_da, *label_en;
	double base[N_GROUPS];
	double change[N_GROUPS];
	int declines;
} scales[N_SCALES] = {
	{ "tillid", "Tillid", "Trust", { 3.3, 2.9, 3.8 }, { 0.0, 0.5, 0.0 }, 1 },
	{ "hoert", "At blive hørt", "Being heard", { 3.2, 3.0, 3.7 }, { 0.3, 0.0, 0.0 }, 0 },
	{ "koord", "Koordinering og roller", "Coordination and roles", { 2.9, 2.6, 3.0 }, { 0.0, 0.0, 0.0 }, 0 },
	{ "tilfreds", "Tilfredshed", "Satisfaction", { 3.4, 3.1, 3.6 }, { 0.25, 0.25, 0.25 }, 1 },
};

/* decline: added to every group's change on the scales marked declines. */
static const struct muni_def {
	const char *name;
	const char *prefix; /* of the municipality's pseudonyms */
	int code;           /* kommunekode, the SurveyXact code */
	double weight;
	double offset;
	double decline;
} munis[N_MUNIS] = {
	{ "Rebild", "REB", 840, 0.18, 0.10, 0.0 },
	{ "Slagelse", "SLA", 330, 0.34, -0.15, 0.0 },
	{ "Vesthimmerland", "VHI", 820, 0.20, 0.05, 0.0 },
	{ "Odder", "ODD", 727, 0.14, 0.10, 0.0 },
	{ "Haderslev", "HAD", 510, 0.14, 0.00, -0.6 },
};

/* The suppressed group: pårørende in Odder, exactly this many per wave, of
 * whom TINY_PAIRED answer both waves. */
#define TINY_MUNI M_ODDER
#define TINY_GROUP G_PAAR
#define TINY_PER_WAVE 3
#define TINY_PAIRED 2

static const struct unit_def {
	int muni;
	const char *name;
	int myndighed; /* 1: the authority side, 0: a provider */
	double weight; /* within the municipality */
	int code;      /* SurveyXact code */
} units[] = {
	{ M_REBILD, "Bostøtte til unge", 0, 0.60, 11 },
	{ M_REBILD, "Myndighed Familie og Handicap", 1, 0.40, 12 },
	{ M_SLAGELSE, "Fokus", 1, 0.35, 21 },
	{ M_SLAGELSE, "Autismecenter Vestsjælland", 0, 0.25, 22 },
	{ M_SLAGELSE, "Center for Specialundervisning", 0, 0.25, 23 },
	{ M_SLAGELSE, "Bostøtten Slagelse", 0, 0.15, 24 },
	{ M_VESTHIMMERLAND, "Myndighed Handicap og Psykiatri", 1, 0.40, 31 },
	{ M_VESTHIMMERLAND, "Bostøtten Aars", 0, 0.35, 32 },
	{ M_VESTHIMMERLAND, "Aktivitetscentret Løgstør", 0, 0.25, 33 },
	{ M_ODDER, "Visitation og Myndighed", 1, 0.45, 41 },
	{ M_ODDER, "Bo- og Støttetilbud Odder", 0, 0.55, 42 },
	{ M_HADERSLEV, "Myndighedsafdelingen", 1, 0.40, 51 },
	{ M_HADERSLEV, "Bostøtten Vojens", 0, 0.30, 52 },
	{ M_HADERSLEV, "Center for Socialpsykiatri", 0, 0.30, 53 },
};
#define N_UNITS ARRAY_SIZE(units)

/* page: the questionnaire page (1-3) the item is on. */
static const struct item_def {
	const char *id;
	int scale;
	int reverse;
	int answers;
	int page;
	const char *sx_var; /* SurveyXact variable name */
	const char *text_da, *text_en;
	double offset;
	double dontknow[N_GROUPS]; /* rate of "Ved ikke" */
} items[] = {
	{ "tillid_1", S_TILLID, 0, A_ENIG, 1, "s_1_1",
	  "Jeg stoler på, at kommunen arbejder for borgerens bedste",
	  "I trust that the municipality works in the citizen's best interest",
	  0.1, { 0.03, 0.02, 0.02 } },
	{ "tillid_2", S_TILLID, 0, A_ENIG, 1, "s_1_2",
	  "Jeg kan regne med, at de aftaler, vi indgår, bliver holdt",
	  "I can rely on the agreements we make being kept",
	  0.0, { 0.04, 0.03, 0.02 } },
	{ "tillid_3", S_TILLID, 1, A_ENIG, 1, "s_1_3",
	  "Jeg er ofte i tvivl om, hvorvidt mine henvendelser bliver taget alvorligt",
	  "I often doubt whether my enquiries are taken seriously",
	  -0.1, { 0.05, 0.04, 0.03 } },
	{ "tillid_4", S_TILLID, 0, A_ENIG, 1, "s_1_4",
	  "Jeg har tillid til de fagfolk, jeg er i kontakt med",
	  "I trust the professionals I am in contact with",
	  0.3, { 0.03, 0.03, 0.01 } },
	{ "hoert_1", S_HOERT, 0, A_ENIG, 1, "s_2_1",
	  "Der bliver lyttet til mig, når der træffes beslutninger om borgerens støtte",
	  "I am listened to when decisions are made about the citizen's support",
	  0.0, { 0.04, 0.03, 0.02 } },
	{ "hoert_2", S_HOERT, 0, A_ENIG, 1, "s_2_2",
	  "Borgerens egne ønsker og mål er udgangspunktet for indsatsen",
	  "The citizen's own wishes and goals are the starting point for the support",
	  -0.2, { 0.05, 0.04, 0.03 } },
	{ "hoert_3", S_HOERT, 0, A_ENIG, 1, "s_2_3",
	  "Jeg oplever at blive behandlet med respekt",
	  "I feel that I am treated with respect",
	  0.4, { 0.02, 0.02, 0.01 } },
	{ "koord_1", S_KOORD, 0, A_ENIG, 2, "s_3_1",
	  "Det er tydeligt for mig, hvem der har ansvaret for hvad",
	  "It is clear to me who is responsible for what",
	  0.0, { 0.07, 0.05, 0.02 } },
	{ "koord_2", S_KOORD, 0, A_ENIG, 2, "s_3_2",
	  "Kommunens afdelinger arbejder godt sammen om borgerens forløb",
	  "The municipality's departments work well together on the citizen's course",
	  -0.2, { 0.12, 0.08, 0.03 } },
	{ "koord_3", S_KOORD, 0, A_ENIG, 2, "s_3_3",
	  "Jeg får besked i god tid, når der kommer en ny sagsbehandler eller kontaktperson",
	  "I am told in good time when a new caseworker or contact person takes over",
	  -0.4, { 0.10, 0.06, 0.08 } },
	{ "koord_4", S_KOORD, 0, A_ENIG, 2, "s_3_4",
	  "Vi får afstemt forventningerne, inden en indsats går i gang",
	  "We align expectations before a measure starts",
	  0.1, { 0.08, 0.06, 0.03 } },
	{ "tilfreds_1", S_TILFR, 0, A_TILFREDS, 3, "s_4",
	  "Hvor tilfreds er du samlet set med samarbejdet med kommunen?",
	  "Overall, how satisfied are you with the collaboration with the municipality?",
	  0.0, { 0.02, 0.02, 0.02 } },
	{ "tilfreds_2", S_TILFR, 0, A_TILFREDS, 3, "s_5",
	  "Hvor tilfreds er du med, hvor hurtigt du får svar på dine henvendelser?",
	  "How satisfied are you with how quickly your enquiries are answered?",
	  -0.3, { 0.05, 0.04, 0.06 } },
};
#define N_ITEMS ARRAY_SIZE(items)

/* "Ønsker ikke at svare" on the agreement items, by group. */
static const double refuse_rate[N_GROUPS] = { 0.006, 0.006, 0.002 };

#define GRID_TEXT "Hvor enig eller uenig er du i følgende udsagn?"
#define COMMENT_TEXT "Har du andre kommentarer til samarbejdet med kommunen?"

/* An answer scale; code[v-1] is the SurveyXact code of point v, listed in
 * labels.csv in the order of sx_order (the questionnaire's display order). */
static const struct answers_def {
	const char *id;
	const char *point_da[5], *point_en[5];
	int n_missing;
	const char *missing_da[2], *missing_en[2];
	int code[5];
	int missing_code[2];
	const char *sx_label_pad; /* appended to "Ved ikke" in labels.csv, as real exports do */
	int sx_order[7];          /* points 1..5, then -1, -2 for the missing answers */
} answer_scales[] = {
	{ "enig5",
	  { "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig", "Overvejende enig", "Helt enig" },
	  { "Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree",
	    "Strongly agree" },
	  2, { "Ved ikke", "Ønsker ikke at svare" }, { "Don't know", "Prefer not to say" },
	  { 5, 4, 3, 2, 1 }, { 9, 8 }, "    ", { 5, 4, 3, 2, 1, -1, -2 } },
	{ "tilfreds5",
	  { "Meget utilfreds", "Utilfreds", "Hverken tilfreds eller utilfreds", "Tilfreds", "Meget tilfreds" },
	  { "Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
	    "Very satisfied" },
	  1, { "Ved ikke", NULL }, { "Don't know", NULL },
	  { 1, 2, 7, 4, 5 }, { 6, 0 }, "", { 1, 2, 3, 4, 5, -1, 0 } },
};

/* Free-text comments, by tone; "\n" is a line break inside the answer. */
static const char *const comments_neg[] = {
	"Vi har haft tre forskellige sagsbehandlere på et år; hver gang skal vi forklare det hele forfra.",
	"Jeg ringer og lægger besked, men ingen ringer tilbage.\nDet er meget frustrerende.",
	"Vi fik at vide, at der ville komme et \"opfølgningsmøde\" – det er aldrig blevet holdt.",
	"Afgørelsen kom først efter fire måneder, og der stod ikke, hvorfor vi fik afslag.",
	"Min søn bliver ikke spurgt om, hvad han selv vil. Det er de voksne omkring ham, der bestemmer.",
	"Det er svært at finde ud af, hvem man skal kontakte; skolen siger én ting og kommunen en anden.",
	"Jeg føler, at jeg skal kæmpe for hver eneste ting.\nDet tærer på hele familien.",
};
static const char *const comments_mid[] = {
	"Nogle medarbejdere er gode, andre lytter ikke. Det kommer an på, hvem man møder.",
	"Bostøtten fungerer fint, men myndighedsdelen er tung at have med at gøre.",
	"Svært at svare på – vi er lige startet.",
	"Bedre end før, men der er stadig for lang ventetid på svar.",
};
static const char *const comments_pos[] = {
	"Vores kontaktperson tager sig altid tid til at høre, hvordan det går.",
	"Det er blevet meget bedre, efter at vi fik faste møder hver måned;\nnu ved vi, hvad der skal ske.",
	"Tak for en god og respektfuld dialog.",
	"Jeg føler mig taget alvorligt, og aftalerne bliver holdt.",
	"Mødet om »min plan« var første gang, nogen spurgte, hvad jeg selv ville.",
};
static const char *const comments_staff[] = {
	"Vi mangler tid til at koordinere med myndighed; møderne bliver ofte aflyst.",
	"Det nye samarbejde med de pårørende har givet mere ro i hverdagen.",
	"Uklart, hvem der har ansvaret, når borgeren går fra børne- til voksenområdet.",
	"Vi bruger meget tid på dokumentation og for lidt på borgerne.",
	"Gode erfaringer med »Åben Dialog«, men det kræver, at alle er med.",
	"Vi har fået en fast \"tovholder\" på tværs af afdelingerne,\nog det har hjulpet.",
};
static const struct comment_pool {
	const char *const *text;
	size_t n;
} comment_pools[] = {
	{ comments_neg, ARRAY_SIZE(comments_neg) },
	{ comments_mid, ARRAY_SIZE(comments_mid) },
	{ comments_pos, ARRAY_SIZE(comments_pos) },
	{ comments_staff, ARRAY_SIZE(comments_staff) },
};

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

/* ---------------------------------------------------------------- model */

static double latent_mean(int w, int g, int m, int s)
{
	double mu = scales[s].base[g] + munis[m].offset;
	if (w == W_EFTER) {
		mu += scales[s].change[g];
		if (scales[s].declines)
			mu += munis[m].decline;
	}
	return mu;
}

/* E[clamp(round(Y), 1, 5)] for Y ~ N(mu, sd^2). */
static double expected_point(double mu, double sd)
{
	double e = 0, prev = 0;
	for (int k = 1; k <= 4; k++) {
		double c = gsl_cdf_ugaussian_P((k + 0.5 - mu) / sd);
		e += k * (c - prev);
		prev = c;
	}
	return e + 5 * (1 - prev);
}

/* Expected answer to item j in a cell, positively oriented (as scored). */
static double expected_scored(int w, int g, int m, size_t j)
{
	double sd = sqrt(SIGMA_T * SIGMA_T + SIGMA_E * SIGMA_E);
	return expected_point(latent_mean(w, g, m, items[j].scale) + items[j].offset, sd);
}

static int clamp_point(double y)
{
	long v = lround(y);
	return v < 1 ? 1 : v > 5 ? 5 : (int)v;
}

/* Seconds from the start of the field period at which a respondent answers:
 * most in the first days, a second wave after the reminder on day 14. */
static int32_t draw_answer_time(gsl_rng *r, const gsl_ran_discrete_t *hours)
{
	double d = gsl_rng_uniform(r) < 0.65 ? gsl_ran_exponential(r, 4.0)
					      : 14 + gsl_ran_exponential(r, 4.0);
	int day = d > FIELD_DAYS ? FIELD_DAYS : (int)d;
	int hour = (int)gsl_ran_discrete(r, hours);
	return day * 86400 + hour * 3600 + (int32_t)gsl_rng_uniform_int(r, 3600);
}

static void answer_wave(gsl_rng *r, const gsl_ran_discrete_t *hours, const struct person *p, int w,
			const double trait[1 + N_SCALES], struct reply *rep)
{
	int g = p->group;
	rep->pages = 3;
	if (gsl_rng_uniform(r) < BREAKOFF_RATE)
		rep->pages = 1 + (uint8_t)gsl_rng_uniform_int(r, 2);
	double scored_sum = 0;
	int scored_n = 0;
	for (size_t j = 0; j < N_ITEMS; j++) {
		const struct item_def *it = &items[j];
		double y = latent_mean(w, g, p->muni, it->scale) + it->offset +
			   SIGMA_T * (sqrt(R_GENERAL) * trait[0] + sqrt(1 - R_GENERAL) * trait[1 + it->scale]) +
			   gsl_ran_gaussian_ziggurat(r, SIGMA_E);
		double u = gsl_rng_uniform(r);
		double refuse = it->answers == A_ENIG ? refuse_rate[g] : 0;
		if (it->page > rep->pages || u < BLANK_RATE) {
			rep->v[j] = 0;
		} else if (u < BLANK_RATE + refuse) {
			rep->v[j] = V_REFUSED;
		} else if (u < BLANK_RATE + refuse + it->dontknow[g]) {
			rep->v[j] = V_DONTKNOW;
		} else {
			int v = clamp_point(y);
			scored_sum += v;
			scored_n++;
			rep->v[j] = (uint8_t)(it->reverse ? 6 - v : v);
		}
	}
	rep->comment = -1;
	if (rep->pages == 3 && gsl_rng_uniform(r) < groups[g].comment_rate) {
		int pool = 3;
		if (g != G_MEDARB) {
			double mean = scored_n ? scored_sum / scored_n : 3;
			pool = mean < 3.0 ? 0 : mean <= 3.7 ? 1 : 2;
		}
		rep->comment = (int16_t)(pool * 100 + gsl_rng_uniform_int(r, comment_pools[pool].n));
	}
	rep->t_start = draw_answer_time(r, hours);
	rep->t_end = rep->t_start + 180 + (int32_t)gsl_rng_uniform_int(r, 1200);
	if (rep->t_end >= (FIELD_DAYS + 1) * 86400) /* the survey closes at midnight */
		rep->t_end = (FIELD_DAYS + 1) * 86400 - 1;
	if (rep->t_start > rep->t_end - 180)
		rep->t_start = rep->t_end - 180;
	rep->ls_seed = (uint32_t)gsl_rng_uniform_int(r, 2147483647UL);
	static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	for (int k = 0; k < 15; k++)
		rep->token[k] = alnum[gsl_rng_uniform_int(r, sizeof(alnum) - 1)];
	rep->token[15] = '\0';
}

static int cmp_start(const void *a, const void *b)
{
	const struct reply *x = a, *y = b;
	if (x->t_start != y->t_start)
		return x->t_start < y->t_start ? -1 : 1;
	return x->person < y->person ? -1 : x->person > y->person;
}

/* Draw people, their pseudonyms and their answers. */
static int simulate(struct study_sim *sim, gsl_rng *r, struct strbuf *err)
{
	long n = sim->n;
	long paired = lround(PAIRED_SHARE * n);
	long single = n - paired;
	sim->n_people = (size_t)(paired + 2 * single);
	sim->people = xcalloc(sim->n_people, sizeof(*sim->people));

	double mw[N_MUNIS], gw[N_GROUPS], gw_tiny[N_GROUPS];
	for (int m = 0; m < N_MUNIS; m++)
		mw[m] = munis[m].weight;
	for (int g = 0; g < N_GROUPS; g++)
		gw[g] = gw_tiny[g] = groups[g].share;
	gw_tiny[TINY_GROUP] = 0;
	gsl_ran_discrete_t *muni_t = gsl_ran_discrete_preproc(N_MUNIS, mw);
	gsl_ran_discrete_t *group_t = gsl_ran_discrete_preproc(N_GROUPS, gw);
	gsl_ran_discrete_t *group_tiny_t = gsl_ran_discrete_preproc(N_GROUPS, gw_tiny);
	gsl_ran_discrete_t *unit_t[N_MUNIS];
	size_t unit_first[N_MUNIS];
	for (int m = 0; m < N_MUNIS; m++) {
		double uw[N_UNITS];
		size_t k = 0;
		unit_first[m] = N_UNITS;
		for (size_t u = 0; u < N_UNITS; u++) {
			if (units[u].muni != m)
				continue;
			if (unit_first[m] == N_UNITS)
				unit_first[m] = u;
			uw[k++] = units[u].weight;
		}
		unit_t[m] = gsl_ran_discrete_preproc(k, uw);
	}

	/* People 0..paired-1 answer both waves, then baseline only, then follow-up only. */
	size_t tiny_need[3] = { TINY_PAIRED, TINY_PER_WAVE - TINY_PAIRED, TINY_PER_WAVE - TINY_PAIRED };
	for (size_t i = 0; i < sim->n_people; i++) {
		struct person *p = &sim->people[i];
		int kind = (long)i < paired ? 0 : (long)i < paired + single ? 1 : 2;
		p->waves = kind == 0 ? 3 : kind == 1 ? 1 : 2;
		p->muni = (uint8_t)gsl_ran_discrete(r, muni_t);
		p->unit = (uint8_t)(unit_first[p->muni] + gsl_ran_discrete(r, unit_t[p->muni]));
		p->group = (uint8_t)gsl_ran_discrete(r, p->muni == TINY_MUNI ? group_tiny_t : group_t);
		p->has_email = gsl_rng_uniform(r) < groups[p->group].email_rate;
		if (p->muni == TINY_MUNI && tiny_need[kind] > 0) {
			tiny_need[kind]--;
			p->group = TINY_GROUP;
			p->has_email = gsl_rng_uniform(r) < groups[TINY_GROUP].email_rate;
		}
	}
	gsl_ran_discrete_free(muni_t);
	gsl_ran_discrete_free(group_t);
	gsl_ran_discrete_free(group_tiny_t);
	for (int m = 0; m < N_MUNIS; m++)
		gsl_ran_discrete_free(unit_t[m]);
	if (tiny_need[0] || tiny_need[1] || tiny_need[2]) {
		sb_addf(err, "too few respondents in %s for the design; use --respondents %d or more",
			munis[TINY_MUNI].name, MIN_RESPONDENTS);
		return TILLID_ESYS;
	}

	/* Pseudonyms: distinct random numbers, at least four digits, drawn
	 * from a range four times the municipality's head count. */
	size_t count[N_MUNIS] = { 0 };
	for (size_t i = 0; i < sim->n_people; i++)
		count[sim->people[i].muni]++;
	for (int m = 0; m < N_MUNIS; m++) {
		uint64_t range = 10000;
		int width = 4;
		while (range < 4 * (uint64_t)count[m] + 1) {
			range *= 10;
			width++;
		}
		sim->pseudo_width[m] = width;
		unsigned char *taken = xcalloc((size_t)(range / 8 + 1), 1);
		for (size_t i = 0; i < sim->n_people; i++) {
			struct person *p = &sim->people[i];
			if (p->muni != m)
				continue;
			uint32_t x;
			do
				x = 1 + (uint32_t)gsl_rng_uniform_int(r, (unsigned long)(range - 1));
			while (taken[x / 8] & (1u << (x % 8)));
			taken[x / 8] |= (unsigned char)(1u << (x % 8));
			p->pseudo = x;
		}
		free(taken);
	}

	/* Traits and answers. */
	for (int w = 0; w < N_WAVES; w++) {
		sim->replies[w] = xcalloc((size_t)n, sizeof(struct reply));
		sim->reply_of[w] = xmalloc(sim->n_people * sizeof(long));
		sim->n_replies[w] = 0;
	}
	/* Weights of the hour of day at which people answer. */
	static const double hour_w[24] = {
		0, 0, 0, 0, 0, 0, 0.2, 1, 2, 3, 3, 2.5, 2, 2.5, 2.5, 2, 1.5, 1.5, 2, 3, 3.5, 3, 2, 0.8,
	};
	gsl_ran_discrete_t *hours = gsl_ran_discrete_preproc(24, hour_w);
	double c = sqrt(1 - RHO * RHO);
	for (size_t i = 0; i < sim->n_people; i++) {
		struct person *p = &sim->people[i];
		double trait[1 + N_SCALES];
		for (int k = 0; k < 1 + N_SCALES; k++)
			trait[k] = gsl_ran_gaussian_ziggurat(r, 1.0);
		for (int w = 0; w < N_WAVES; w++) {
			sim->reply_of[w][i] = -1;
			if (!(p->waves & (1 << w)))
				continue;
			if (w == W_EFTER && (p->waves & 1))
				for (int k = 0; k < 1 + N_SCALES; k++)
					trait[k] = RHO * trait[k] + c * gsl_ran_gaussian_ziggurat(r, 1.0);
			struct reply *rep = &sim->replies[w][sim->n_replies[w]++];
			rep->person = (uint32_t)i;
			answer_wave(r, hours, p, w, trait, rep);
		}
	}
	gsl_ran_discrete_free(hours);

	/* Export order: SurveyXact lists respondents in the (random) order the
	 * list was uploaded; LimeSurvey numbers responses as they start. */
	gsl_ran_shuffle(r, sim->replies[W_FOER], sim->n_replies[W_FOER], sizeof(struct reply));
	qsort(sim->replies[W_EFTER], sim->n_replies[W_EFTER], sizeof(struct reply), cmp_start);
	for (int w = 0; w < N_WAVES; w++) {
		sim->created_offset[w] = -3 * 86400 + 13 * 3600 + (int)gsl_rng_uniform_int(r, 3600);
		for (size_t k = 0; k < sim->n_replies[w]; k++)
			sim->reply_of[w][sim->replies[w][k].person] = (long)k;
	}
	return TILLID_OK;
}

static void sim_release(struct study_sim *sim)
{
	free(sim->people);
	for (int w = 0; w < N_WAVES; w++) {
		free(sim->replies[w]);
		free(sim->reply_of[w]);
	}
}

/* ---------------------------------------------------------------- text */

/* Append UTF-8 s to out as Windows-1252. Every text here is ours, so a
 * character without a Windows-1252 byte is a bug: it aborts. */
static void add_cp1252(struct strbuf *out, const char *s)
{
	struct strbuf err = STRBUF_INIT;
	if (text_encode_cp1252(out, s, strlen(s), 0, &err) != TILLID_OK) {
		fprintf(stderr, "tillid-gen: %s in '%s'\n", err.buf, s);
		abort();
	}
}

/* A SurveyXact field: quoted only when it holds the delimiter, a quote or a
 * line break; line breaks inside become CRLF. */
static void add_sx_field(struct strbuf *out, const char *utf8)
{
	if (!strpbrk(utf8, ";\"\r\n")) {
		add_cp1252(out, utf8);
		return;
	}
	struct strbuf t = STRBUF_INIT;
	for (const char *p = utf8; *p; p++) {
		if (*p == '"')
			sb_adds(&t, "\"\"");
		else if (*p == '\n')
			sb_adds(&t, "\r\n");
		else
			sb_addc(&t, *p);
	}
	sb_addc(out, '"');
	add_cp1252(out, t.buf);
	sb_addc(out, '"');
	sb_release(&t);
}

/* A LimeSurvey field: always quoted, quotes doubled; NULL is written as an
 * empty unquoted field. */
static void add_ls_field(struct strbuf *out, const char *s)
{
	if (!s)
		return;
	sb_addc(out, '"');
	for (const char *q; (q = strchr(s, '"')); s = q + 1) {
		sb_add(out, s, (size_t)(q + 1 - s));
		sb_addc(out, '"');
	}
	sb_adds(out, s);
	sb_addc(out, '"');
}

/* x in decimal, zero-padded to at least width digits. */
static void add_uint_pad(struct strbuf *out, unsigned long x, int width)
{
	char buf[24];
	int k = sizeof(buf);
	do {
		buf[--k] = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	while (k > (int)sizeof(buf) - width)
		buf[--k] = '0';
	sb_add(out, buf + k, sizeof(buf) - (size_t)k);
}

static void add_uint(struct strbuf *out, unsigned long x)
{
	add_uint_pad(out, x, 1);
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A time in wave w as "2021-03-04 10:15:12" (iso) or "04-03-2021 10:15:12". */
static void add_time(struct strbuf *out, int w, long secs, int iso)
{
	long base = days_from_civil(waves[w].year, waves[w].month, waves[w].day);
	long day = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	long s = secs - day * 86400;
	int y, m, d;
	civil_from_days(base + day, &y, &m, &d);
	if (iso) {
		add_uint_pad(out, (unsigned long)y, 4);
		sb_addc(out, '-');
		add_uint_pad(out, (unsigned long)m, 2);
		sb_addc(out, '-');
		add_uint_pad(out, (unsigned long)d, 2);
	} else {
		add_uint_pad(out, (unsigned long)d, 2);
		sb_addc(out, '-');
		add_uint_pad(out, (unsigned long)m, 2);
		sb_addc(out, '-');
		add_uint_pad(out, (unsigned long)y, 4);
	}
	sb_addc(out, ' ');
	add_uint_pad(out, (unsigned long)(s / 3600), 2);
	sb_addc(out, ':');
	add_uint_pad(out, (unsigned long)(s / 60 % 60), 2);
	sb_addc(out, ':');
	add_uint_pad(out, (unsigned long)(s % 60), 2);
}

static const char *comment_text(int16_t c)
{
	return comment_pools[c / 100].text[c % 100];
}

static void add_pseudonym(struct strbuf *out, const struct study_sim *sim, const struct person *p)
{
	sb_adds(out, munis[p->muni].prefix);
	sb_addc(out, '-');
	add_uint_pad(out, p->pseudo, sim->pseudo_width[p->muni]);
}

/* The number behind "Testbruger 0042" and testbruger0042@example.dk. */
static void add_contact_no(struct strbuf *out, const struct study_sim *sim, uint32_t person)
{
	int width = 4;
	for (size_t k = 10000; k <= sim->n_people; k *= 10)
		width++;
	add_uint_pad(out, (unsigned long)person + 1, width);
}

/* ---------------------------------------------------------------- output */

struct out_file {
	struct atomic_file af;
	struct strbuf row;
};

static int out_open(struct out_file *o, const char *dir, const char *name, struct strbuf *err)
{
	char *path = path_join(dir, name);
	int rc = af_open(&o->af, path, err);
	free(path);
	if (rc)
		return rc;
	setvbuf(o->af.fp, NULL, _IOFBF, 1 << 20);
	sb_init(&o->row);
	return TILLID_OK;
}

/* Write the row buffered so far and empty it. */
static void out_flush_row(struct out_file *o)
{
	fwrite(o->row.buf, 1, o->row.len, o->af.fp);
	sb_reset(&o->row);
}

static int out_close(struct out_file *o, struct strbuf *err)
{
	out_flush_row(o);
	sb_release(&o->row);
	return af_commit(&o->af, err);
}

static void sx_item_question(struct strbuf *q, size_t j)
{
	if (items[j].answers == A_ENIG)
		sb_addf(q, "%s - %s", GRID_TEXT, items[j].text_da);
	else
		sb_adds(q, items[j].text_da);
}

static const char *const stato_da[5] = { "Ny", "Distribueret", "Nogen svar", "Gennemført", "Frafaldet" };

static int write_sx_structure(const char *dir, struct strbuf *err)
{
	struct out_file o;
	if (out_open(&o, dir, "foer/structure.csv", err))
		return TILLID_ESYS;
	struct strbuf *b = &o.row;
	struct strbuf q = STRBUF_INIT;
	sb_adds(b, "questionName;variableName;questionType;subType;questionText;choiceValue;choiceText\r\n");
	for (size_t j = 0; j < N_ITEMS; j++) {
		sb_reset(&q);
		sx_item_question(&q, j);
		sb_addf(b, "%s;%s;Closed;Single;", items[j].sx_var, items[j].sx_var);
		add_sx_field(b, q.buf);
		sb_adds(b, ";;\r\n");
	}
	sb_adds(b, "kommentar;kommentar;Open;String;");
	add_sx_field(b, COMMENT_TEXT);
	sb_adds(b, ";;\r\n");
	sb_adds(b, "kommune;kommune;Closed;Single;Baggrundsoplysninger - Kommune;;\r\n");
	sb_adds(b, "enhed;enhed;Closed;Single;Baggrundsoplysninger - Enhed;;\r\n");
	sb_adds(b, "gruppe;gruppe;Closed;Single;Baggrundsoplysninger - Gruppe;;\r\n");
	sb_adds(b, "pseudonym;pseudonym;Open;String;Kontaktoplysninger - pseudonym;;\r\n");
	/* Multiple-choice rows carry an empty trailing column, as in real exports. */
	for (int k = 0; k < 5; k++) {
		sb_addf(b, "statoverall;stato_%d;Closed;Multiple;Samlet status;%d;", k + 1, k + 1);
		add_sx_field(b, stato_da[k]);
		sb_adds(b, ";\r\n");
	}
	sb_release(&q);
	return out_close(&o, err);
}

static int write_sx_labels(const char *dir, struct strbuf *err)
{
	struct out_file o;
	if (out_open(&o, dir, "foer/labels.csv", err))
		return TILLID_ESYS;
	struct strbuf *b = &o.row;
	for (size_t j = 0; j < N_ITEMS; j++) {
		const struct answers_def *a = &answer_scales[items[j].answers];
		for (int k = 0; k < 7; k++) {
			int o_ = a->sx_order[k];
			if (o_ == 0)
				continue;
			struct strbuf t = STRBUF_INIT;
			int code;
			if (o_ > 0) {
				code = a->code[o_ - 1];
				sb_adds(&t, a->point_da[o_ - 1]);
			} else {
				code = a->missing_code[-o_ - 1];
				sb_adds(&t, a->missing_da[-o_ - 1]);
				if (o_ == -1)
					sb_adds(&t, a->sx_label_pad);
			}
			sb_addf(b, "%s;%d;", items[j].sx_var, code);
			add_sx_field(b, t.buf);
			sb_adds(b, "\r\n");
			sb_release(&t);
		}
	}
	for (int m = 0; m < N_MUNIS; m++) {
		sb_addf(b, "kommune;%d;", munis[m].code);
		add_sx_field(b, munis[m].name);
		sb_adds(b, "\r\n");
	}
	for (size_t u = 0; u < N_UNITS; u++) {
		sb_addf(b, "enhed;%d;", units[u].code);
		add_sx_field(b, units[u].name);
		sb_adds(b, "\r\n");
	}
	for (int g = 0; g < N_GROUPS; g++) {
		sb_addf(b, "gruppe;%d;", g + 1);
		add_sx_field(b, groups[g].answer);
		sb_adds(b, "\r\n");
	}
	for (int k = 1; k <= 5; k++)
		sb_addf(b, "stato_%d;0;Ikke valgt\r\nstato_%d;1;Valgt\r\n", k, k);
	return out_close(&o, err);
}

static int write_sx_dataset(const char *dir, const struct study_sim *sim, struct strbuf *err)
{
	struct out_file o;
	if (out_open(&o, dir, "foer/dataset.csv", err))
		return TILLID_ESYS;
	struct strbuf *b = &o.row;
	sb_adds(b, "responde");
	for (size_t j = 0; j < N_ITEMS; j++)
		sb_addf(b, ";%s", items[j].sx_var);
	sb_adds(b, ";kommune;enhed;gruppe;pseudonym;email;stato_1;stato_2;stato_3;stato_4;stato_5;"
		   "created;closetim;kommentar\r\n");
	out_flush_row(&o);
	for (size_t k = 0; k < sim->n_replies[W_FOER]; k++) {
		const struct reply *rep = &sim->replies[W_FOER][k];
		const struct person *p = &sim->people[rep->person];
		add_uint(b, 48213077UL + k);
		for (size_t j = 0; j < N_ITEMS; j++) {
			const struct answers_def *a = &answer_scales[items[j].answers];
			uint8_t v = rep->v[j];
			sb_addc(b, ';');
			if (v >= 1 && v <= 5)
				add_uint(b, (unsigned long)a->code[v - 1]);
			else if (v == V_DONTKNOW)
				add_uint(b, (unsigned long)a->missing_code[0]);
			else if (v == V_REFUSED)
				add_uint(b, (unsigned long)a->missing_code[1]);
		}
		sb_addc(b, ';');
		add_uint(b, (unsigned long)munis[p->muni].code);
		sb_addc(b, ';');
		add_uint(b, (unsigned long)units[p->unit].code);
		sb_addc(b, ';');
		add_uint(b, (unsigned long)p->group + 1);
		sb_addc(b, ';');
		add_pseudonym(b, sim, p);
		sb_addc(b, ';');
		if (p->has_email) {
			sb_adds(b, "testbruger");
			add_contact_no(b, sim, rep->person);
			sb_adds(b, "@example.dk");
		}
		sb_adds(b, rep->pages == 3 ? ";0;0;0;1;0;" : ";0;0;1;0;0;");
		add_time(b, W_FOER, sim->created_offset[W_FOER], 0);
		sb_addc(b, ';');
		if (rep->pages == 3)
			add_time(b, W_FOER, rep->t_end, 0);
		sb_addc(b, ';');
		if (rep->comment >= 0)
			add_sx_field(b, comment_text(rep->comment));
		sb_adds(b, "\r\n");
		out_flush_row(&o);
	}
	return out_close(&o, err);
}

static void ls_item_heading(struct strbuf *h, size_t j)
{
	if (items[j].answers == A_ENIG)
		sb_addf(h, "%s [%s]", GRID_TEXT, items[j].text_da);
	else
		sb_adds(h, items[j].text_da);
}

static const char *ls_group_answer(const struct person *p)
{
	if (p->group != G_MEDARB)
		return groups[p->group].answer;
	return units[p->unit].myndighed ? STAFF_MYNDIGHED : STAFF_UDFOERER;
}

static int write_ls(const char *dir, const struct study_sim *sim, struct strbuf *err)
{
	static const char *const head[] = {
		"Svar-ID", "Dato afsendt", "Sidste side", "Startsprog", "Seed", "Dato startet",
		"Dato for sidste handling", "Adgangsnøgle", "Fornavn", "Efternavn", "E-mail",
		"Pseudonym", "Kommune", "Enhed", "Hvem besvarer skemaet?",
	};
	struct out_file o;
	if (out_open(&o, dir, "efter.csv", err))
		return TILLID_ESYS;
	struct strbuf *b = &o.row;
	struct strbuf t = STRBUF_INIT;
	sb_adds(b, "\xEF\xBB\xBF");
	for (size_t k = 0; k < ARRAY_SIZE(head); k++) {
		if (k)
			sb_addc(b, ';');
		add_ls_field(b, head[k]);
	}
	for (size_t j = 0; j < N_ITEMS; j++) {
		sb_reset(&t);
		ls_item_heading(&t, j);
		sb_addc(b, ';');
		add_ls_field(b, t.buf);
	}
	sb_addc(b, ';');
	add_ls_field(b, COMMENT_TEXT);
	sb_adds(b, "\r\n");
	out_flush_row(&o);

	for (size_t k = 0; k < sim->n_replies[W_EFTER]; k++) {
		const struct reply *rep = &sim->replies[W_EFTER][k];
		const struct person *p = &sim->people[rep->person];
		sb_addc(b, '"');
		add_uint(b, k + 1);
		sb_adds(b, "\";");
		if (rep->pages == 3) {
			sb_addc(b, '"');
			add_time(b, W_EFTER, rep->t_end, 1);
			sb_addc(b, '"');
		}
		sb_adds(b, ";\"");
		add_uint(b, rep->pages);
		sb_adds(b, "\";\"da\";\"");
		add_uint(b, rep->ls_seed);
		sb_adds(b, "\";\"");
		add_time(b, W_EFTER, rep->t_start, 1);
		sb_adds(b, "\";\"");
		add_time(b, W_EFTER, rep->pages == 3 ? rep->t_end : rep->t_start + (rep->t_end - rep->t_start) / 3, 1);
		sb_adds(b, "\";\"");
		sb_adds(b, rep->token);
		sb_adds(b, "\";");
		if (p->has_email) {
			sb_adds(b, "\"Testbruger\";\"");
			add_contact_no(b, sim, rep->person);
			sb_adds(b, "\";\"testbruger");
			add_contact_no(b, sim, rep->person);
			sb_adds(b, "@example.dk\";");
		} else {
			sb_adds(b, ";;;");
		}
		sb_addc(b, '"');
		add_pseudonym(b, sim, p);
		sb_adds(b, "\";");
		add_ls_field(b, munis[p->muni].name);
		sb_addc(b, ';');
		add_ls_field(b, units[p->unit].name);
		sb_addc(b, ';');
		add_ls_field(b, ls_group_answer(p));
		for (size_t j = 0; j < N_ITEMS; j++) {
			const struct answers_def *a = &answer_scales[items[j].answers];
			uint8_t v = rep->v[j];
			sb_addc(b, ';');
			/* A page never reached is NULL; an item skipped on a page
			 * that was shown is an empty string. */
			if (items[j].page > rep->pages)
				continue;
			if (v >= 1 && v <= 5)
				add_ls_field(b, a->point_da[v - 1]);
			else if (v == V_DONTKNOW)
				add_ls_field(b, a->missing_da[0]);
			else if (v == V_REFUSED)
				add_ls_field(b, a->missing_da[1]);
			else
				add_ls_field(b, "");
		}
		sb_addc(b, ';');
		if (rep->pages == 3)
			add_ls_field(b, rep->comment >= 0 ? comment_text(rep->comment) : "");
		sb_adds(b, "\r\n");
		out_flush_row(&o);
	}
	sb_release(&t);
	return out_close(&o, err);
}

/* Append "key = value" to the study file, the value formatted by fmt. Every
 * value here is ours, so one that cannot be written is a bug: it aborts. */
__attribute__((format(printf, 3, 4)))
static void put_kv(struct strbuf *b, const char *key, const char *fmt, ...)
{
	struct strbuf v = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&v, fmt, ap);
	va_end(ap);
	if (!ini_value_ok(v.buf, 0) || ini_add_kv(b, key, v.buf, INI_ONE_LINE) != 0) {
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

static int write_ini(const char *dir, const struct study_sim *sim, struct strbuf *err)
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
static int write_key(const char *dir, unsigned long seed, struct strbuf *err)
{
	char phrase[64];
	int len = snprintf(phrase, sizeof(phrase), "tillid-gen sample key, seed %lu", seed);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	if (!EVP_Digest(phrase, (size_t)len, md, &md_len, EVP_sha256(), NULL) || md_len != 32) {
		sb_adds(err, "cannot compute SHA-256 for the key file");
		return TILLID_ESYS;
	}
	struct out_file o;
	if (out_open(&o, dir, "fremfaerd.key", err))
		return TILLID_ESYS;
	fchmod(fileno(o.af.fp), 0600);
	sb_add(&o.row, md, 32);
	return out_close(&o, err);
}

/* ---------------------------------------------------------------- truths */

/* Accumulators for planted.csv: group and municipality index N_* = all. */
struct acc {
	unsigned long n;
	double latent, expected, observed;
};
#define AG (N_GROUPS + 1)
#define AM (N_MUNIS + 1)

static void acc_add(struct acc *cell, double latent, double expected, double observed)
{
	cell->n++;
	cell->latent += latent;
	cell->expected += expected;
	cell->observed += observed;
}

/* Add to the four cells (group or all) x (municipality or all). */
static void acc_add4(struct acc *base, size_t stride_g, size_t stride_m, int g, int m, double latent,
		     double expected, double observed)
{
	int gs[2] = { g, N_GROUPS }, ms[2] = { m, N_MUNIS };
	for (int a = 0; a < 2; a++)
		for (int c = 0; c < 2; c++)
			acc_add(&base[(size_t)gs[a] * stride_g + (size_t)ms[c] * stride_m], latent, expected,
				observed);
}

/* Scale scores: the mean of the scored answers to each scale's items;
 * has[s] is 0 when none of them was a scale point. */
static void scale_scores(const struct reply *rep, double score[N_SCALES], int has[N_SCALES])
{
	double sum[N_SCALES] = { 0 };
	int n[N_SCALES] = { 0 };
	for (size_t j = 0; j < N_ITEMS; j++) {
		uint8_t v = rep->v[j];
		if (v < 1 || v > 5)
			continue;
		sum[items[j].scale] += items[j].reverse ? 6 - v : v;
		n[items[j].scale]++;
	}
	for (int s = 0; s < N_SCALES; s++) {
		has[s] = n[s] > 0;
		score[s] = n[s] ? sum[s] / n[s] : 0;
	}
}

static double expected_scale(int w, int g, int m, int s)
{
	double sum = 0;
	int n = 0;
	for (size_t j = 0; j < N_ITEMS; j++)
		if (items[j].scale == s) {
			sum += expected_scored(w, g, m, j);
			n++;
		}
	return sum / n;
}

static void put_row(struct strbuf *b, const char *kind, const char *wave, int g, int m, const char *measure,
		    const struct acc *a, int with_latent)
{
	if (!a->n)
		return;
	sb_addf(b, "%s,%s,%s,%s,%s,%lu,", kind, wave, g == N_GROUPS ? "*" : groups[g].id,
		m == N_MUNIS ? "*" : munis[m].name, measure, a->n);
	if (with_latent)
		sb_addf(b, "%.4f", a->latent / a->n);
	sb_addf(b, ",%.4f,%.4f\n", a->expected / a->n, a->observed / a->n);
}

static int write_planted(const char *dir, const struct study_sim *sim, struct strbuf *err)
{
	/* [wave][group][muni][scale], paired [group][muni][scale], item [wave][group][muni][item] */
	struct acc *sc = xcalloc((size_t)N_WAVES * AG * AM * N_SCALES, sizeof(struct acc));
	struct acc *pa = xcalloc((size_t)AG * AM * N_SCALES, sizeof(struct acc));
	struct acc *it = xcalloc((size_t)N_WAVES * AG * AM * N_ITEMS, sizeof(struct acc));
	double exp_item[N_WAVES][N_GROUPS][N_MUNIS][N_ITEMS];
	double exp_scale[N_WAVES][N_GROUPS][N_MUNIS][N_SCALES];
	for (int w = 0; w < N_WAVES; w++)
		for (int g = 0; g < N_GROUPS; g++)
			for (int m = 0; m < N_MUNIS; m++) {
				for (size_t j = 0; j < N_ITEMS; j++) {
					double e = expected_scored(w, g, m, j);
					exp_item[w][g][m][j] = items[j].reverse ? 6 - e : e;
				}
				for (int s = 0; s < N_SCALES; s++)
					exp_scale[w][g][m][s] = expected_scale(w, g, m, s);
			}

	for (int w = 0; w < N_WAVES; w++)
		for (size_t k = 0; k < sim->n_replies[w]; k++) {
			const struct reply *rep = &sim->replies[w][k];
			const struct person *p = &sim->people[rep->person];
			int g = p->group, m = p->muni;
			for (size_t j = 0; j < N_ITEMS; j++)
				if (rep->v[j] >= 1 && rep->v[j] <= 5)
					acc_add4(it + (size_t)w * AG * AM * N_ITEMS + j, AM * N_ITEMS, N_ITEMS, g, m, 0,
						 exp_item[w][g][m][j], rep->v[j]);
			double score[N_SCALES], before[N_SCALES];
			int has[N_SCALES], has_before[N_SCALES] = { 0 };
			scale_scores(rep, score, has);
			long other = w == W_EFTER ? sim->reply_of[W_FOER][rep->person] : -1;
			if (other >= 0)
				scale_scores(&sim->replies[W_FOER][other], before, has_before);
			for (int s = 0; s < N_SCALES; s++) {
				if (!has[s])
					continue;
				acc_add4(sc + (size_t)w * AG * AM * N_SCALES + s, AM * N_SCALES, N_SCALES, g, m,
					 latent_mean(w, g, m, s), exp_scale[w][g][m][s], score[s]);
				if (has_before[s])
					acc_add4(pa + s, AM * N_SCALES, N_SCALES, g, m,
						 latent_mean(W_EFTER, g, m, s) - latent_mean(W_FOER, g, m, s),
						 exp_scale[W_EFTER][g][m][s] - exp_scale[W_FOER][g][m][s],
						 score[s] - before[s]);
			}
		}

	struct out_file o;
	int rc = out_open(&o, dir, "planted.csv", err);
	if (!rc) {
		struct strbuf *b = &o.row;
		sb_adds(b, "kind,wave,group,municipality,measure,n,latent,expected,observed\n");
		for (int w = 0; w < N_WAVES; w++)
			for (int g = 0; g < AG; g++)
				for (int m = 0; m < AM; m++)
					for (int s = 0; s < N_SCALES; s++)
						put_row(b, "scale", waves[w].id, g, m, scales[s].id,
							&sc[(((size_t)w * AG + g) * AM + m) * N_SCALES + s], 1);
		for (int g = 0; g < AG; g++)
			for (int m = 0; m < AM; m++)
				for (int s = 0; s < N_SCALES; s++)
					put_row(b, "paired", "efter-foer", g, m, scales[s].id,
						&pa[((size_t)g * AM + m) * N_SCALES + s], 1);
		for (int w = 0; w < N_WAVES; w++)
			for (int g = 0; g < AG; g++)
				for (int m = 0; m < AM; m++)
					for (size_t j = 0; j < N_ITEMS; j++)
						put_row(b, "item", waves[w].id, g, m, items[j].id,
							&it[(((size_t)w * AG + g) * AM + m) * N_ITEMS + j], 0);
		rc = out_close(&o, err);
	}
	free(sc);
	free(pa);
	free(it);
	return rc;
}

/* ---------------------------------------------------------------- main */

static const struct option {
	char short_name;
	const char *long_name;
	const char *arg;
	const char *help;
} options[] = {
	{ 'o', "out", "DIR", "write the study into DIR, created if missing (required)" },
	{ 's', "seed", "S", "seed of the random number generator (default 20210301)" },
	{ 'n', "respondents", "N", "respondents per wave, at least 100 (default 600)" },
	{ 'h', "help", NULL, "show this help and exit" },
};

static void usage(FILE *fp)
{
	fputs("usage: tillid-gen --out DIR [--seed S] [--respondents N]\n\n"
	      "Writes a synthetic before/after study of the Fremfærd project into DIR:\n"
	      "foer/{dataset,labels,structure}.csv (SurveyXact, Windows-1252), efter.csv\n"
	      "(LimeSurvey, UTF-8), fremfaerd.ini, fremfaerd.key and planted.csv. The same\n"
	      "seed and size give byte-identical files.\n\noptions:\n",
	      fp);
	for (size_t k = 0; k < ARRAY_SIZE(options); k++) {
		char spec[40];
		snprintf(spec, sizeof(spec), "-%c, --%s%s%s", options[k].short_name, options[k].long_name,
			 options[k].arg ? " " : "", options[k].arg ? options[k].arg : "");
		fprintf(fp, "  %-24s %s\n", spec, options[k].help);
	}
}

/* Parse an unsigned decimal number into *out; 0 on success. */
static int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 19)
		return -1;
	unsigned long long v = strtoull(s, NULL, 10);
	if (v > max)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	unsigned long seed = DEFAULT_SEED, n = DEFAULT_RESPONDENTS;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		const struct option *opt = NULL;
		for (size_t k = 0; k < ARRAY_SIZE(options) && !opt; k++) {
			size_t ln = strlen(options[k].long_name);
			if (a[0] == '-' && a[1] == options[k].short_name && !a[2])
				opt = &options[k];
			else if (!strncmp(a, "--", 2) && !strncmp(a + 2, options[k].long_name, ln) &&
				 (a[2 + ln] == '\0' || a[2 + ln] == '=')) {
				opt = &options[k];
				if (a[2 + ln] == '=')
					val = a + 3 + ln;
			}
		}
		if (!opt) {
			fprintf(stderr, "tillid-gen: unknown option '%s'\n", a);
			usage(stderr);
			return TILLID_ESYS;
		}
		if (opt->arg && !val) {
			if (i + 1 >= argc) {
				fprintf(stderr, "tillid-gen: option '--%s' needs %s\n", opt->long_name, opt->arg);
				return TILLID_ESYS;
			}
			val = argv[++i];
		} else if (!opt->arg && val) {
			fprintf(stderr, "tillid-gen: option '--%s' takes no value\n", opt->long_name);
			return TILLID_ESYS;
		}
		switch (opt->short_name) {
		case 'o':
			out = val;
			break;
		case 's':
			if (parse_ulong(val, 0xFFFFFFFFUL, &seed)) {
				fprintf(stderr, "tillid-gen: --seed wants a number from 0 to 4294967295, not '%s'\n",
					val);
				return TILLID_ESYS;
			}
			break;
		case 'n':
			if (parse_ulong(val, 50000000UL, &n) || n < MIN_RESPONDENTS) {
				fprintf(stderr, "tillid-gen: --respondents wants a number from %d to 50000000, not '%s'\n",
					MIN_RESPONDENTS, val);
				return TILLID_ESYS;
			}
			break;
		case 'h':
			usage(stdout);
			return TILLID_OK;
		}
	}
	if (!out) {
		fputs("tillid-gen: --out DIR is required\n", stderr);
		usage(stderr);
		return TILLID_ESYS;
	}

	gsl_set_error_handler_off();
	struct strbuf err = STRBUF_INIT;
	struct study_sim sim = { 0 };
	sim.seed = seed;
	sim.n = (long)n;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	char *sub = path_join(out, "foer");
	int rc = mkdir_p(sub, &err);
	free(sub);
	if (!rc)
		rc = simulate(&sim, r, &err);
	if (!rc)
		rc = write_sx_structure(out, &err);
	if (!rc)
		rc = write_sx_labels(out, &err);
	if (!rc)
		rc = write_sx_dataset(out, &sim, &err);
	if (!rc)
		rc = write_ls(out, &sim, &err);
	if (!rc)
		rc = write_ini(out, &sim, &err);
	if (!rc)
		rc = write_key(out, seed, &err);
	if (!rc)
		rc = write_planted(out, &sim, &err);
	if (rc)
		fprintf(stderr, "tillid-gen: %s\n", err.buf);
	else
		printf("tillid-gen: wrote %s (seed %lu, %ld respondents per wave, %zu in both waves)\n", out,
		       seed, sim.n, (size_t)lround(PAIRED_SHARE * sim.n));
	sim_release(&sim);
	gsl_rng_free(r);
	sb_release(&err);
	return rc;
}
