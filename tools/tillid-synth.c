/* tillid-synth.c: random clean datasets (seeded) for the cross-check against R and the coverage simulation. */
#include "core/dataset.h"
#include "core/defaults.h"
#include "core/parse_options.h"
#include "core/util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The respondents follow a latent model with a known truth:
 *   a person has a latent trust a ~ N(mu_g, sd_person^2) (mu_g: group effect);
 *   at wave w an item's answer is the latent a + shift w + e (e ~ N(0, sd_item^2))
 *   cut at thresholds -1.5, -0.5, 0.5, 1.5 (k = 5; for other k the thresholds
 *   are spread evenly, 1 apart, around 0), and flipped k + 1 - v for
 *   reverse-worded items, so every item's scored value rises with a.
 * A later-wave respondent is, with probability --pair-rate, a baseline
 * respondent again (same key, same latent a, new item noise); otherwise a
 * new person.  Because an item's answer is a function of N(mu_g + shift w,
 * sd_person^2 + sd_item^2), the population mean of every item is known
 * exactly; with --missing 0 the population mean of a scale score is the
 * mean of its items' scored means, and --truth prints the change of each
 * scale mean between the baseline and each later wave (groups equally
 * likely), which both the paired and the independent design estimate.
 *
 * --numeric adds 0-10 items (answers declared values = 0-10, labelled at
 * the ends only): a recommend item asking for its NPS and a three-item
 * scale with a reverse-worded item; their latent is 2.5 (a + shift w + e)
 * + 1.5, so detractors, passives and promoters all occur.  --yesno adds
 * two-answer items (Nej/Ja, one "Ved ikke"): two items outside the scales
 * (the second reverse-worded) and a two-item scale.  Both only append
 * items, scales and random draws: without them a seed gives the bytes it
 * always gave.
 */

static const char *const synth_usage[] = {
	"usage: tillid-synth --seed S --respondents N --out DIR [options]",
	"       tillid-synth --seed S --respondents N --truth [options]",
	"",
	"options:",
	NULL
};

struct opts {
	unsigned long seed;
	long respondents;
	const char *out;
	int waves, groups, municipalities, units;
	double pair_rate, missing, nonsubst, shift, group_effect, no_unit;
	int min_group_size;
	int constant;
	int truth;
	int numeric, yesno; /* add the 0-10 items (KIND_NUMERIC), the yes/no items (KIND_YESNO) */
};

static const char *const wave_ids[] = { "foer", "efter", "opfoelg", "w3", "w4", "w5" };
static const char *const group_ids[] = { "borger", "paaroerende", "medarbejder", "andre" };
static const char *const muni_names[] = { "Rebild", "Slagelse", "Odder", "Haderslev", "Vesthimmerland" };
static const char *const unit_names[] = { "Bostøtte, unge", "Fokus", "Center \"Syd\"" };

/* The kinds of content a study holds: the agreement scales always, the
 * others when their option asks. */
enum { KIND_CORE, KIND_NUMERIC, KIND_YESNO };

static const char *const enig[] = { "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig",
				    "Overvejende enig", "Helt enig" };
static const char *const tilf[] = { "Meget utilfreds", "Utilfreds", "Tilfreds", "Meget tilfreds" };
static const char *const ja3[] = { "Nej", "Delvist", "Ja" };
static const char *const anbefal[] = { "Slet ikke sandsynligt", "", "", "", "", "", "", "", "", "",
				       "Meget sandsynligt" };
static const char *const janej[] = { "Nej", "Ja" };

/* Answer scales: id, points k, the value of point 1, labels, non-substantive answers, kind. */
static const struct {
	const char *id;
	int k, low;
	const char *const *points;
	int n_nonsubst;
	int kind;
} answer_defs[] = {
	{ "enig5", 5, 1, enig, 2, KIND_CORE },
	{ "tilf4", 4, 1, tilf, 1, KIND_CORE },
	{ "ja3", 3, 1, ja3, 0, KIND_CORE },
	{ "anbefal", 11, 0, anbefal, 1, KIND_NUMERIC },
	{ "janej", 2, 1, janej, 1, KIND_YESNO },
};

/* Scales: id, kind. */
static const struct {
	const char *id;
	int kind;
} scale_defs[] = {
	{ "tillid", KIND_CORE },	{ "samarbejde", KIND_CORE }, { "blandet", KIND_CORE },
	{ "tom", KIND_CORE },		{ "vurdering", KIND_NUMERIC }, { "jn", KIND_YESNO },
};

/* Items: id, answer scale and scale (indices into answer_defs and
 * scale_defs, -1 none), reverse, nps = yes, kind, and the point every
 * answer takes under --constant (0: drawn as always). */
static const struct {
	const char *id;
	int answers;
	int scale;
	int reverse;
	int nps;
	int kind;
	int fixed;
} item_defs[] = {
	{ "tillid_1", 0, 0, 0, 0, KIND_CORE, 4 },     { "tillid_2", 0, 0, 0, 0, KIND_CORE, 0 },
	{ "tillid_3", 0, 0, 1, 0, KIND_CORE, 0 },     { "tillid_4", 0, 0, 0, 0, KIND_CORE, 0 },
	{ "samarb_1", 0, 1, 0, 0, KIND_CORE, 4 },     { "samarb_2", 0, 1, 1, 0, KIND_CORE, 2 },
	{ "samarb_3", 0, 1, 0, 0, KIND_CORE, 4 },     { "tilfreds", 1, -1, 0, 0, KIND_CORE, 0 },
	{ "ja_nej", 2, -1, 0, 0, KIND_CORE, 0 },      { "blandet_1", 0, 2, 0, 0, KIND_CORE, 0 },
	{ "blandet_2", 1, 2, 0, 0, KIND_CORE, 0 },
	/* --numeric; under --constant all promoters, and a constant scale (value 7) */
	{ "anbefal", 3, -1, 0, 1, KIND_NUMERIC, 11 }, { "vurd_1", 3, 4, 0, 0, KIND_NUMERIC, 8 },
	{ "vurd_2", 3, 4, 1, 0, KIND_NUMERIC, 4 },    { "vurd_3", 3, 4, 0, 0, KIND_NUMERIC, 8 },
	/* --yesno; under --constant ja_1 all yes, ja_2 (turned) and the scale all no */
	{ "ja_1", 4, -1, 0, 0, KIND_YESNO, 2 },	      { "ja_2", 4, -1, 1, 0, KIND_YESNO, 2 },
	{ "jn_1", 4, 5, 0, 0, KIND_YESNO, 1 },	      { "jn_2", 4, 5, 0, 0, KIND_YESNO, 1 },
};

/* Does the study hold content of this kind? */
static int kind_on(const struct opts *o, int kind)
{
	return kind == KIND_CORE || (kind == KIND_NUMERIC && o->numeric) || (kind == KIND_YESNO && o->yesno);
}

/* Answer on 1..k for latent x: thresholds 1 apart, centred on 0. */
static int cut(double x, int k)
{
	double t0 = -(k - 2) / 2.0;
	int v = 1;
	for (int j = 0; j < k - 1; j++)
		if (x > t0 + j)
			v++;
	return v;
}

/* E[v] for latent x ~ N(mu, s^2): sum_v v P(cut = v). */
static double expect_cut(double mu, double s, int k)
{
	double t0 = -(k - 2) / 2.0, e = 0;
	for (int v = 1; v <= k; v++) {
		double lo = v == 1 ? -INFINITY : t0 + v - 2, hi = v == k ? INFINITY : t0 + v - 1;
		double p = (hi == INFINITY ? 1 : gsl_cdf_ugaussian_P((hi - mu) / s)) -
			   (lo == -INFINITY ? 0 : gsl_cdf_ugaussian_P((lo - mu) / s));
		e += v * p;
	}
	return e;
}

static const double SD_PERSON = 0.8, SD_ITEM = 0.6;

static char **strv(const char *const *src, size_t n)
{
	char **v = xmalloc(n * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = xstrdup(src[i]);
	return v;
}

/* The answer scales, scales and items of the kinds the options ask for, in
 * the order of their tables. */
static void build_items(struct tds_meta *m, const struct opts *o)
{
	/* meta index of every enabled answer scale and scale (-1: not in the study) */
	int amap[ARRAY_SIZE(answer_defs)], smap[ARRAY_SIZE(scale_defs)];
	static const char *const ns_da[] = { "Ved ikke", "Ønsker ikke at svare" };
	static const char *const ns_en[] = { "Don't know", "Prefer not to say" };
	m->answers = xcalloc(ARRAY_SIZE(answer_defs), sizeof(*m->answers));
	for (size_t a = 0; a < ARRAY_SIZE(answer_defs); a++) {
		amap[a] = -1;
		if (!kind_on(o, answer_defs[a].kind))
			continue;
		amap[a] = (int)m->n_answers;
		struct tds_answers *an = &m->answers[m->n_answers++];
		an->id = xstrdup(answer_defs[a].id);
		an->k = answer_defs[a].k;
		an->shift = answer_defs[a].low - 1;
		an->point_da = strv(answer_defs[a].points, (size_t)an->k);
		an->point_en = strv(answer_defs[a].points, (size_t)an->k);
		an->n_nonsubst = answer_defs[a].n_nonsubst;
		an->nonsubst_da = strv(ns_da, (size_t)an->n_nonsubst);
		an->nonsubst_en = strv(ns_en, (size_t)an->n_nonsubst);
	}
	m->scales = xcalloc(ARRAY_SIZE(scale_defs), sizeof(*m->scales));
	for (size_t s = 0; s < ARRAY_SIZE(scale_defs); s++) {
		smap[s] = -1;
		if (!kind_on(o, scale_defs[s].kind))
			continue;
		smap[s] = (int)m->n_scales;
		struct tds_scale *sc = &m->scales[m->n_scales++];
		sc->id = xstrdup(scale_defs[s].id);
		sc->label_da = xstrdup(scale_defs[s].id);
		sc->label_en = xstrdup(scale_defs[s].id);
	}
	m->items = xcalloc(ARRAY_SIZE(item_defs), sizeof(*m->items));
	for (size_t i = 0; i < ARRAY_SIZE(item_defs); i++) {
		if (!kind_on(o, item_defs[i].kind))
			continue;
		struct tds_item *it = &m->items[m->n_items++];
		it->id = xstrdup(item_defs[i].id);
		it->text_da = xstrdup(item_defs[i].id);
		it->text_en = xstrdup(item_defs[i].id);
		it->scale = item_defs[i].scale >= 0 ? smap[item_defs[i].scale] : -1;
		it->answers = amap[item_defs[i].answers];
		it->reverse = item_defs[i].reverse;
		it->nps = item_defs[i].nps;
	}
}

static void build_meta(struct tds *d, const struct opts *o)
{
	struct tds_meta *m = &d->meta;
	m->study_name = xstrdup("tillid-synth");
	m->study_file = xstrdup("synth.ini");
	m->study_sha256 = xstrdup("");
	m->data_date = xstrdup("2022-04-15");
	m->tillid_version = xstrdup("synth");
	m->min_group_size = o->min_group_size;

	m->n_waves = (size_t)o->waves;
	m->waves = xcalloc(m->n_waves, sizeof(*m->waves));
	for (size_t w = 0; w < m->n_waves; w++) {
		m->waves[w].id = xstrdup(wave_ids[w]);
		m->waves[w].label_da = xstrdup(wave_ids[w]);
		m->waves[w].label_en = xstrdup(wave_ids[w]);
		m->waves[w].start = xstrdup("");
		m->waves[w].end = xstrdup("");
	}
	m->n_groups = (size_t)o->groups;
	m->groups = xcalloc(m->n_groups, sizeof(*m->groups));
	for (size_t g = 0; g < m->n_groups; g++) {
		m->groups[g].id = xstrdup(group_ids[g]);
		m->groups[g].label_da = xstrdup(group_ids[g]);
		m->groups[g].label_en = xstrdup(group_ids[g]);
	}
	m->n_municipalities = (size_t)o->municipalities;
	m->municipalities = strv(muni_names, m->n_municipalities);
	m->n_units = (size_t)(o->municipalities * o->units);
	m->units = xcalloc(m->n_units ? m->n_units : 1, sizeof(*m->units));
	for (size_t u = 0; u < m->n_units; u++) {
		m->units[u].name = xstrdup(unit_names[u % (size_t)o->units]);
		m->units[u].municipality = (uint16_t)(u / (size_t)o->units);
	}
	build_items(m, o);
}

struct person {
	double a;
	uint16_t group, municipality, unit;
	uint8_t key[16];
	int used; /* already paired in the current wave */
};

/* The answers of person p at a wave to every item of the study, in its order. */
static void fill_values(const struct opts *o, gsl_rng *r, const struct person *p, int wave,
			uint8_t *v)
{
	for (size_t i = 0, j = 0; i < ARRAY_SIZE(item_defs); i++) {
		if (!kind_on(o, item_defs[i].kind))
			continue;
		uint8_t *out = &v[j++];
		int kind = answer_defs[item_defs[i].answers].kind;
		int k = answer_defs[item_defs[i].answers].k;
		int n_ns = answer_defs[item_defs[i].answers].n_nonsubst;
		double u = gsl_rng_uniform(r);
		if (u < o->missing) {
			*out = gsl_rng_uniform(r) < 0.9 ? TDS_BLANK : TDS_REJECTED;
			continue;
		}
		if (u < o->missing + o->nonsubst && n_ns) {
			*out = (uint8_t)(TDS_NONSUBST_BASE + 1 + gsl_rng_uniform_int(r, (unsigned long)n_ns));
			continue;
		}
		double lat = p->a + o->shift * wave + gsl_ran_gaussian(r, SD_ITEM);
		int x = cut(kind == KIND_NUMERIC ? 2.5 * lat + 1.5 : lat, k);
		if (item_defs[i].reverse)
			x = k + 1 - x;
		if (o->constant && item_defs[i].fixed)
			x = item_defs[i].fixed;
		*out = (uint8_t)x;
	}
}

static int key_set(const struct person *p)
{
	for (int i = 0; i < 16; i++)
		if (p->key[i])
			return 1;
	return 0;
}

static void new_person(const struct opts *o, gsl_rng *r, struct person *p, int keyed)
{
	p->group = (uint16_t)gsl_rng_uniform_int(r, (unsigned long)o->groups);
	p->a = o->group_effect * p->group + gsl_ran_gaussian(r, SD_PERSON);
	p->municipality = TDS_NONE;
	p->unit = TDS_NONE;
	if (o->municipalities > 0 && gsl_rng_uniform(r) >= o->no_unit) {
		p->municipality = (uint16_t)gsl_rng_uniform_int(r, (unsigned long)o->municipalities);
		if (o->units > 0 && gsl_rng_uniform(r) >= o->no_unit)
			p->unit = (uint16_t)(p->municipality * o->units +
					     (int)gsl_rng_uniform_int(r, (unsigned long)o->units));
	}
	memset(p->key, 0, sizeof(p->key));
	if (keyed)
		for (int i = 0; i < 16; i++)
			p->key[i] = (uint8_t)gsl_rng_uniform_int(r, 256);
	p->used = 0;
}

static void print_truth(const struct opts *o)
{
	double s = sqrt(SD_PERSON * SD_PERSON + SD_ITEM * SD_ITEM);
	for (size_t sc = 0; sc < 2; sc++) {
		for (int w = 1; w < o->waves; w++) {
			double change = 0;
			for (int g = 0; g < o->groups; g++) {
				double e0 = 0, e1 = 0;
				int m = 0;
				for (size_t i = 0; i < ARRAY_SIZE(item_defs); i++) {
					if (item_defs[i].scale != (int)sc)
						continue;
					int k = answer_defs[item_defs[i].answers].k;
					/* the scored value of a reverse item is the unflipped cut */
					e0 += expect_cut(o->group_effect * g, s, k);
					e1 += expect_cut(o->group_effect * g + o->shift * w, s, k);
					m++;
				}
				change += (e1 - e0) / m / o->groups;
			}
			printf("truth %s %s %.17g\n", scale_defs[sc].id, wave_ids[w], change);
		}
	}
}

static int write_items_csv(const struct tds *d, const char *path, struct strbuf *err)
{
	struct atomic_file af;
	if (af_open(&af, path, err) != TILLID_OK)
		return TILLID_ESYS;
	const struct tds_meta *m = &d->meta;
	fprintf(af.fp, "item,scale,k,reverse,nonsubst\n");
	for (size_t i = 0; i < m->n_items; i++) {
		const struct tds_item *it = &m->items[i];
		const struct tds_answers *a = &m->answers[it->answers];
		fprintf(af.fp, "%s,%s,%d,%d,", it->id, it->scale >= 0 ? m->scales[it->scale].id : "", a->k,
			it->reverse);
		for (int j = 0; j < a->n_nonsubst; j++)
			fprintf(af.fp, "%s%s", j ? "|" : "", a->nonsubst_da[j]);
		fputc('\n', af.fp);
	}
	/* Metadata lines: "# KEY," then the values separated by tabs (names may hold commas). */
	fprintf(af.fp, "# scales,");
	for (size_t s = 0; s < m->n_scales; s++)
		fprintf(af.fp, "%s%s", s ? "\t" : "", m->scales[s].id);
	fprintf(af.fp, "\n# waves,");
	for (size_t w = 0; w < m->n_waves; w++)
		fprintf(af.fp, "%s%s", w ? "\t" : "", m->waves[w].id);
	fprintf(af.fp, "\n# groups,");
	for (size_t g = 0; g < m->n_groups; g++)
		fprintf(af.fp, "%s%s", g ? "\t" : "", m->groups[g].id);
	fprintf(af.fp, "\n# municipalities,");
	for (size_t k = 0; k < m->n_municipalities; k++)
		fprintf(af.fp, "%s%s", k ? "\t" : "", m->municipalities[k]);
	fprintf(af.fp, "\n# units,");
	for (size_t u = 0; u < m->n_units; u++)
		fprintf(af.fp, "%s%s|%s", u ? "\t" : "",
			m->units[u].municipality == TDS_NONE ? "" : m->municipalities[m->units[u].municipality],
			m->units[u].name);
	fprintf(af.fp, "\n# min_group_size,%d\n", m->min_group_size);
	/* Only a study with such items has these lines: "# low," the items
	 * whose answer scale declares values (ITEM=value of point 1) and
	 * "# nps," the items with nps = yes. */
	int any_low = 0, any_nps = 0;
	for (size_t i = 0; i < m->n_items; i++) {
		any_low |= m->answers[m->items[i].answers].shift != 0;
		any_nps |= m->items[i].nps;
	}
	if (any_low) {
		fprintf(af.fp, "# low,");
		for (size_t i = 0, n = 0; i < m->n_items; i++) {
			const struct tds_answers *a = &m->answers[m->items[i].answers];
			if (a->shift)
				fprintf(af.fp, "%s%s=%d", n++ ? "\t" : "", m->items[i].id, tds_point_value(a, 1));
		}
		fputc('\n', af.fp);
	}
	if (any_nps) {
		fprintf(af.fp, "# nps,");
		for (size_t i = 0, n = 0; i < m->n_items; i++)
			if (m->items[i].nps)
				fprintf(af.fp, "%s%s", n++ ? "\t" : "", m->items[i].id);
		fputc('\n', af.fp);
	}
	return af_commit(&af, err);
}

/* An option that takes a real number: its value as given (NULL when not
 * given), the accepted range and where the number goes. */
/* Parse the command line into o (which holds the defaults). Returns -1 to
 * go on, or the exit status to end with: TILLID_OK after --help (the usage
 * went to stdout), TILLID_ESYS after a message to stderr. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	uint64_t seed = UINT64_MAX, respondents = UINT64_MAX; /* UINT64_MAX: not given */
	uint64_t waves = (uint64_t)o->waves, groups = (uint64_t)o->groups, munis = (uint64_t)o->municipalities;
	uint64_t units = (uint64_t)o->units, min_group_size = (uint64_t)o->min_group_size;
	const struct option options[] = {
		OPT_UINT(0, "seed", &seed, "S", "random seed (required)", 0, 0xFFFFFFFFUL),
		OPT_UINT(0, "respondents", &respondents, "N", "respondents per wave (required)", 0, 10000000),
		OPT_STRING(0, "out", &o->out, "DIR", "writes DIR/clean.tds, DIR/clean.csv and DIR/items.csv"),
		OPT_UINT(0, "waves", &waves, "W", "waves, 1..6 (default 2)", 1, 6),
		OPT_UINT(0, "groups", &groups, "G", "respondent groups, 1..4 (default 2)", 1, 4),
		OPT_UINT(0, "municipalities", &munis, "M", "municipalities, 0..5 (default 2)", 0, 5),
		OPT_UINT(0, "units", &units, "U", "units per municipality, 0..3 (default 1)", 0, 3),
		OPT_DOUBLE(0, "pair-rate", &o->pair_rate, "P",
			   "share of later respondents who answered the baseline (default 0.5)", 0, 1),
		OPT_DOUBLE(0, "missing", &o->missing, "P", "share of blank answers (default 0.05)", 0, 1),
		OPT_DOUBLE(0, "nonsubst", &o->nonsubst, "P", "share of non-substantive answers (default 0.03)", 0, 1),
		OPT_DOUBLE(0, "shift", &o->shift, "D", "latent change per wave (default 0.3)", -5, 5),
		OPT_DOUBLE(0, "group-effect", &o->group_effect, "E", "latent mean of group g is g E (default 0.2)", -5,
			   5),
		OPT_UINT(0, "min-group-size", &min_group_size, "N",
			 "the dataset's minimum group size (default " STR(TILLID_MIN_GROUP_SIZE_DEFAULT) ")", 0, 1000),
		OPT_FLAG(0, "constant", &o->constant,
			 "every answer to the first item is 4, and the second scale is constant (with --numeric "
			 "every recommend answer is 10 and the 0-10 scale constant; with --yesno the first "
			 "yes/no item all yes, the others all no)"),
		OPT_FLAG(0, "numeric", &o->numeric,
			 "add 0-10 items (values = 0-10): a recommend item with nps = yes and a three-item scale"),
		OPT_FLAG(0, "yesno", &o->yesno, "add yes/no items: two outside the scales and a two-item scale"),
		OPT_DOUBLE(0, "no-unit-rows", &o->no_unit, "P",
			   "share of respondents without a unit / municipality (default 0.05)", 0, 1),
		OPT_FLAG(0, "truth", &o->truth,
			 "print 'truth SCALE WAVE CHANGE' lines for every scale and later wave"),
		OPT_HELP(),
		OPT_END(),
	};
	struct option_args args;
	int rc = parse_command(argc, argv, "tillid-synth", synth_usage, options, (struct command_args){ 0, 0, NULL },
			       &args);
	if (rc >= 0)
		return rc;
	if (seed == UINT64_MAX || respondents == UINT64_MAX || (!o->out && !o->truth)) {
		fputs("tillid-synth: give --seed, --respondents and --out or --truth\n", stderr);
		usage_with_options(stderr, synth_usage, options);
		return TILLID_ESYS;
	}
	o->seed = (unsigned long)seed;
	o->respondents = (long)respondents;
	o->waves = (int)waves;
	o->groups = (int)groups;
	o->municipalities = (int)munis;
	o->units = (int)units;
	o->min_group_size = (int)min_group_size;
	return -1;
}

/* Draw the respondents of every wave into d (its metadata built). */
static void draw_dataset(const struct opts *o, struct tds *d)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, o->seed);
	size_t n = (size_t)o->respondents;
	struct person *base = xcalloc(n ? n : 1, sizeof(*base));
	for (size_t i = 0; i < n; i++) {
		new_person(o, r, &base[i], gsl_rng_uniform(r) < 0.9);
		struct tds_row row = { 0, base[i].group, base[i].municipality, base[i].unit, { 0 } };
		memcpy(row.key, base[i].key, 16);
		fill_values(o, r, &base[i], 0, tds_add_row(d, &row));
	}
	for (int w = 1; w < o->waves; w++) {
		for (size_t i = 0; i < n; i++)
			base[i].used = 0;
		for (size_t i = 0; i < n; i++) {
			struct person p;
			size_t j = n ? gsl_rng_uniform_int(r, (unsigned long)n) : 0;
			if (n && gsl_rng_uniform(r) < o->pair_rate && !base[j].used && key_set(&base[j])) {
				base[j].used = 1;
				p = base[j];
				/* now and then a paired respondent moves to another group */
				if (gsl_rng_uniform(r) < 0.05)
					p.group = (uint16_t)gsl_rng_uniform_int(r, (unsigned long)o->groups);
			} else {
				new_person(o, r, &p, gsl_rng_uniform(r) < 0.8);
			}
			struct tds_row row = { (uint8_t)w, p.group, p.municipality, p.unit, { 0 } };
			memcpy(row.key, p.key, 16);
			fill_values(o, r, &p, w, tds_add_row(d, &row));
		}
	}
	free(base);
	gsl_rng_free(r);
}

/* Write d as dir/clean.tds, dir/clean.csv and dir/items.csv. */
static int write_outputs(const struct tds *d, const char *dir, struct strbuf *err)
{
	int rc = mkdir_p(dir, err);
	char *p1 = path_join(dir, "clean.tds"), *p2 = path_join(dir, "clean.csv");
	char *p3 = path_join(dir, "items.csv");
	if (rc == TILLID_OK)
		rc = tds_write(d, p1, err);
	if (rc == TILLID_OK)
		rc = tds_write_csv(d, p2, err);
	if (rc == TILLID_OK)
		rc = write_items_csv(d, p3, err);
	free(p1);
	free(p2);
	free(p3);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o = { 0, -1, NULL, 2, 2, 2, 1, 0.5, 0.05, 0.03, 0.3, 0.2, 0.05, TILLID_MIN_GROUP_SIZE_DEFAULT, 0, 0, 0, 0 };
	gsl_set_error_handler_off();
	int rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.truth)
		print_truth(&o);
	if (!o.out)
		return TILLID_OK;

	struct tds d;
	tds_init(&d);
	build_meta(&d, &o);
	draw_dataset(&o, &d);
	struct strbuf err = STRBUF_INIT;
	rc = write_outputs(&d, o.out, &err);
	if (rc != TILLID_OK)
		fprintf(stderr, "tillid-synth: %s\n", err.buf);
	sb_release(&err);
	tds_release(&d);
	return rc;
}
