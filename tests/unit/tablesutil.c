/* tablesutil.c: the studies the count-table tests build: small hand-made ones and a random one of many items. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tablesutil.h"
#include "testutil.h"

#include <string.h>

void make_meta(struct tds *d, size_t waves, size_t groups, size_t munis, size_t units)
{
	static const char *const wid[] = { "foer", "efter", "sidst" };
	static const char *const gid[] = { "g1", "g2", "g3" };
	static const char *const mid[] = { "M1", "M2", "M3" };
	static const char *const uid[] = { "U1", "U2", "U3" };
	static const char *const pts[] = { "1", "2", "3", "4", "5" };
	struct tds_meta *m = &d->meta;
	tds_init(d);
	m->min_group_size = 1;
	m->n_waves = waves;
	m->waves = xcalloc(waves, sizeof(*m->waves));
	for (size_t w = 0; w < waves; w++)
		m->waves[w].id = xstrdup(wid[w]);
	m->n_groups = groups;
	m->groups = xcalloc(groups ? groups : 1, sizeof(*m->groups));
	for (size_t g = 0; g < groups; g++)
		m->groups[g].id = xstrdup(gid[g]);
	m->n_municipalities = munis;
	m->municipalities = xcalloc(munis ? munis : 1, sizeof(char *));
	for (size_t k = 0; k < munis; k++)
		m->municipalities[k] = xstrdup(mid[k]);
	m->n_units = units;
	m->units = xcalloc(units ? units : 1, sizeof(*m->units));
	for (size_t u = 0; u < units; u++) {
		m->units[u].name = xstrdup(uid[u]);
		m->units[u].municipality = (uint16_t)(u % munis);
	}
	m->n_answers = 2;
	m->answers = xcalloc(2, sizeof(*m->answers));
	answers_set(&m->answers[0], "enig5", 5, pts, pts, 1, dont_know_da, dont_know_en);
	answers_set(&m->answers[1], "ja4", 4, pts, pts, 1, dont_know_da, dont_know_en);
	m->n_scales = 3;
	m->scales = xcalloc(3, sizeof(*m->scales));
	m->scales[0].id = xstrdup("s");
	m->scales[1].id = xstrdup("mixed"); /* b1 (k = 5) and c1 (k = 4) */
	m->scales[2].id = xstrdup("empty");
	static const struct { const char *id; int scale, answers, reverse; } it[] = {
		{ "a1", 0, 0, 0 }, { "a2", 0, 0, 0 }, { "a3", 0, 0, 1 }, { "b1", 1, 0, 0 }, { "c1", 1, 1, 0 },
		{ "x1", -1, 0, 0 },
	};
	m->n_items = ARRAY_SIZE(it);
	m->items = xcalloc(m->n_items, sizeof(*m->items));
	for (size_t i = 0; i < m->n_items; i++) {
		m->items[i].id = xstrdup(it[i].id);
		m->items[i].scale = it[i].scale;
		m->items[i].answers = it[i].answers;
		m->items[i].reverse = it[i].reverse;
	}
}

void add(struct tds *d, int wave, int group, int muni, int unit, int key, const int *v)
{
	struct tds_row r = { (uint8_t)wave, group < 0 ? TDS_NONE : (uint16_t)group,
			     muni < 0 ? TDS_NONE : (uint16_t)muni, unit < 0 ? TDS_NONE : (uint16_t)unit,
			     { 0 } };
	r.key[0] = (uint8_t)key;
	r.key[15] = (uint8_t)(key >> 8);
	uint8_t *x = tds_add_row(d, &r);
	for (int i = 0; i < N_ITEMS; i++)
		x[i] = (uint8_t)v[i];
}

void build_scales(const struct tds *d, struct scale_def *sd)
{
	for (size_t s = 0; s < d->meta.n_scales; s++)
		scale_def_build(&sd[s], &d->meta, s);
}

void release_scales(const struct tds *d, struct scale_def *sd)
{
	for (size_t s = 0; s < d->meta.n_scales; s++)
		scale_def_release(&sd[s]);
}

void build(struct built *b)
{
	struct strbuf err = STRBUF_INIT;
	build_scales(&b->d, b->sd);
	if (tables_build(&b->t, &b->d, b->sd, NULL, &err) != TILLID_OK)
		fail_msg("tables_build: %s", err.buf);
	sb_release(&err);
}

void built_release(struct built *b)
{
	tables_release(&b->t);
	release_scales(&b->d, b->sd);
	tds_release(&b->d);
}

void make_big_meta(struct tds *d)
{
	static const char *const ids[] = { "foer", "efter", "g1", "g2", "M1", "M2" };
	struct tds_meta *m = &d->meta;
	tds_init(d);
	m->min_group_size = 1;
	m->n_waves = 2;
	m->waves = xcalloc(2, sizeof(*m->waves));
	m->n_groups = 2;
	m->groups = xcalloc(2, sizeof(*m->groups));
	m->n_municipalities = 2;
	m->municipalities = xcalloc(2, sizeof(char *));
	for (int i = 0; i < 2; i++) {
		m->waves[i].id = xstrdup(ids[i]);
		m->groups[i].id = xstrdup(ids[2 + i]);
		m->municipalities[i] = xstrdup(ids[4 + i]);
	}
	m->units = xcalloc(1, sizeof(*m->units));
	m->n_answers = 1;
	m->answers = xcalloc(1, sizeof(*m->answers));
	m->answers[0].id = xstrdup("syv");
	m->answers[0].k = 7;
	m->answers[0].point_da = xcalloc(7, sizeof(char *));
	m->answers[0].point_en = xcalloc(7, sizeof(char *));
	for (int v = 0; v < 7; v++) {
		m->answers[0].point_da[v] = xasprintf("%d", v + 1);
		m->answers[0].point_en[v] = xasprintf("%d", v + 1);
	}
	m->n_scales = 1;
	m->scales = xcalloc(1, sizeof(*m->scales));
	m->scales[0].id = xstrdup("big");
	m->n_items = BIG_M;
	m->items = xcalloc(BIG_M, sizeof(*m->items));
	for (size_t i = 0; i < BIG_M; i++)
		m->items[i].id = xasprintf("i%zu", i + 1);
}

/* The big study with 400 respondents: random answers (some blank), keys,
 * groups and municipalities, the same for every call. */
void make_big_random(struct tds *d)
{
	make_big_meta(d);
	uint64_t rng = 12345;
	for (int r = 0; r < 400; r++) {
		uint8_t v[BIG_M];
		for (int i = 0; i < BIG_M; i++) {
			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			int x = (int)(rng >> 33) % 9;
			v[i] = x < 7 ? (uint8_t)(x + 1) : TDS_BLANK;
		}
		struct tds_row row = { (uint8_t)(r % 2), (uint16_t)((r / 2) % 2), (uint16_t)((r / 3) % 2),
				       TDS_NONE, { 0 } };
		row.key[0] = (uint8_t)(r / 2 % 150 + 1); /* keys 1..150 paired, the rest repeat */
		memcpy(tds_add_row(d, &row), v, BIG_M);
	}
}

