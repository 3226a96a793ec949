/* results_schema.c: the name tables of results.csv's statistics, statuses, reasons and key names, and their parsers. */
#include "results_schema.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int indexed;
} stats[RS_N_STATISTICS] = {
#define RES_STAT_ROW(id, name, indexed) { name, indexed },
	RES_STATISTICS(RES_STAT_ROW)
#undef RES_STAT_ROW
};

static const char *const status_names[] = { "ok", "suppressed", "not_applicable" };

static const char *const reasons[RES_WHY_COUNT] = {
#define RES_REASON_ROW(id, text) text,
	RES_REASONS(RES_REASON_ROW)
#undef RES_REASON_ROW
};

const char *res_stat_name(enum res_stat s)
{
	return (unsigned)s < RS_N_STATISTICS ? stats[s].name : "?";
}

int res_stat_indexed(enum res_stat s)
{
	return (unsigned)s < RS_N_STATISTICS && stats[s].indexed;
}

char *res_stat_format(enum res_stat s, int index, char *buf, size_t size)
{
	if (res_stat_indexed(s))
		snprintf(buf, size, "%s_%d", res_stat_name(s), index);
	else
		snprintf(buf, size, "%s", res_stat_name(s));
	return buf;
}

/* A positive decimal index without sign or leading zero, or -1. */
static int parse_index(const char *s)
{
	if (*s < '1' || *s > '9')
		return -1;
	long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000)
			return -1;
		v = 10 * v + (*s - '0');
	}
	return (int)v;
}

/* The statistics in order of their names, for bsearch; made once. */
static enum res_stat by_name[RS_N_STATISTICS];
static pthread_once_t by_name_once = PTHREAD_ONCE_INIT;

static int stat_name_cmp(const void *a, const void *b)
{
	return strcmp(stats[*(const enum res_stat *)a].name, stats[*(const enum res_stat *)b].name);
}

static void sort_by_name(void)
{
	for (int i = 0; i < RS_N_STATISTICS; i++)
		by_name[i] = (enum res_stat)i;
	qsort(by_name, RS_N_STATISTICS, sizeof(by_name[0]), stat_name_cmp);
}

static int key_cmp(const void *key, const void *elem)
{
	return strcmp(key, stats[*(const enum res_stat *)elem].name);
}

/* The statistic named exactly name[0..n), or -1. */
static int find_name(const char *name, size_t n)
{
	char buf[64];
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, name, n);
	buf[n] = '\0';
	const enum res_stat *e = bsearch(buf, by_name, RS_N_STATISTICS, sizeof(by_name[0]), key_cmp);
	return e ? (int)*e : -1;
}

int res_stat_parse(const char *name, enum res_stat *s, int *index)
{
	pthread_once(&by_name_once, sort_by_name);
	size_t n = strlen(name);
	int i = find_name(name, n);
	if (i >= 0 && !stats[i].indexed) {
		*s = (enum res_stat)i;
		*index = 0;
		return 0;
	}
	/* An indexed statistic: the stem, "_" and the index ("count_point_3"). */
	const char *us = strrchr(name, '_');
	int v = us ? parse_index(us + 1) : -1;
	i = v > 0 ? find_name(name, (size_t)(us - name)) : -1;
	if (i < 0 || !stats[i].indexed)
		return -1;
	*s = (enum res_stat)i;
	*index = v;
	return 0;
}

const char *res_status_name(enum res_status s)
{
	return (unsigned)s < ARRAY_SIZE(status_names) ? status_names[s] : "?";
}

int res_status_parse(const char *name, enum res_status *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_names); i++)
		if (!strcmp(name, status_names[i])) {
			*s = (enum res_status)i;
			return 0;
		}
	return -1;
}

const char *res_reason_text(enum res_reason r)
{
	return (unsigned)r < RES_WHY_COUNT ? reasons[r] : "?";
}

int res_reason_parse(const char *text, enum res_reason *r)
{
	for (int i = 0; i < RES_WHY_COUNT; i++)
		if (!strcmp(text, reasons[i])) {
			*r = (enum res_reason)i;
			return 0;
		}
	return -1;
}

int res_reason_is_suppression(enum res_reason r)
{
	return r == RES_WHY_FEWER || r == RES_WHY_COMPLEMENTARY || r == RES_WHY_SUPPRESSED;
}

static const char *const breakdown_names[RES_BD_COUNT] = {
	"all", "group", "municipality", "municipality_group", "unit", "dataset",
};
static const char *const design_names[RES_DESIGN_COUNT] = { "", "paired", "independent" };
static const char *const var_type_names[RES_VAR_COUNT] = { "", "item", "scale" };

const char *res_breakdown_name(enum res_breakdown b)
{
	return (unsigned)b < RES_BD_COUNT ? breakdown_names[b] : "?";
}

const char *res_design_name(enum res_design d)
{
	return (unsigned)d < RES_DESIGN_COUNT ? design_names[d] : "?";
}

const char *res_var_type_name(enum res_var_type t)
{
	return (unsigned)t < RES_VAR_COUNT ? var_type_names[t] : "?";
}

void res_cell_value(struct strbuf *sb, const char *municipality, const char *part)
{
	sb_addf(sb, "%s|%s", municipality, part);
}

char *res_comparison(const char *base, const char *later)
{
	return xasprintf("%s..%s", base, later);
}
