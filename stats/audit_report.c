/* audit_report.c: the disclosure audit's findings in words: a summary, every suppressed count per table with its feasible range, the first breach. */
#include "audit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "s_1_2 foer", "s_1_2 foer..efter paired": the table a row belongs to. */
static void table_name(const struct res_row *r, struct strbuf *sb)
{
	sb_reset(sb);
	sb_addf(sb, "%s %s", r->variable, r->wave);
	if (r->design[0])
		sb_addf(sb, " %s", r->design);
}

/* A row's cell and count: "municipality_group 'Odder|paaroerende' count_point_3". */
static void cell_name(const struct res_row *r, struct strbuf *sb)
{
	char stat[64];
	sb_reset(sb);
	sb_adds(sb, r->breakdown);
	if (r->breakdown_value[0])
		sb_addf(sb, " '%s'", r->breakdown_value);
	sb_addf(sb, " %s", res_stat_format(r->statistic, r->index, stat, sizeof(stat)));
}

static void range_text(const struct audit_cell *c, struct strbuf *sb)
{
	if (isinf(c->hi))
		sb_addf(sb, "%.0f..", c->lo);
	else
		sb_addf(sb, "%.0f..%.0f", c->lo, c->hi);
}

static const struct results *sort_res;

static int by_table(const void *x, const void *y)
{
	const struct res_row *a = &sort_res->rows[((const struct audit_cell *)x)->row];
	const struct res_row *b = &sort_res->rows[((const struct audit_cell *)y)->row];
	int c = strcmp(a->variable, b->variable);
	if (!c)
		c = strcmp(a->wave, b->wave);
	if (!c)
		c = strcmp(a->design, b->design);
	if (!c) {
		size_t i = ((const struct audit_cell *)x)->row, j = ((const struct audit_cell *)y)->row;
		c = (i > j) - (i < j);
	}
	return c;
}

void audit_print(const struct audit *a, const struct results *res, int detail, FILE *fp)
{
	fprintf(fp,
		"audit: %zu suppressed counts bounded over %zu hidden counts and %zu identities (minimum group size "
		"%llu): %zu determined, %zu too narrow, %zu published statistics of hidden cells: %s\n",
		a->n_cells, a->n_lp_vars, a->n_lp_rows, (unsigned long long)a->min, a->n_exact, a->n_narrow,
		a->n_leaks, audit_passed(a) ? "passed" : "FAILED");
	if (!detail || !a->n_cells)
		return;
	struct audit_cell *c = xmalloc(a->n_cells * sizeof(*c));
	memcpy(c, a->cells, a->n_cells * sizeof(*c));
	sort_res = res;
	qsort(c, a->n_cells, sizeof(*c), by_table);
	struct strbuf t = STRBUF_INIT, prev = STRBUF_INIT, cell = STRBUF_INIT;
	for (size_t i = 0; i < a->n_cells; i++) {
		const struct res_row *r = &res->rows[c[i].row];
		table_name(r, &t);
		if (i == 0 || strcmp(t.buf, prev.buf)) {
			fprintf(fp, "%s:\n", t.buf);
			sb_reset(&prev);
			sb_adds(&prev, t.buf);
		}
		cell_name(r, &cell);
		sb_adds(&cell, " ");
		range_text(&c[i], &cell);
		fprintf(fp, "  %s%s\n", cell.buf, c[i].exact ? "  DETERMINED" : c[i].narrow ? "  TOO NARROW" : "");
	}
	sb_release(&t);
	sb_release(&prev);
	sb_release(&cell);
	free(c);
}

void audit_describe_failure(const struct audit *a, const struct results *res, struct strbuf *err)
{
	struct strbuf t = STRBUF_INIT, cell = STRBUF_INIT;
	for (size_t i = 0; i < a->n_cells; i++) {
		if (!a->cells[i].exact && !a->cells[i].narrow)
			continue;
		const struct res_row *r = &res->rows[a->cells[i].row];
		table_name(r, &t);
		cell_name(r, &cell);
		sb_addf(err, "suppressed count %s of '%s' can be narrowed to ", cell.buf, t.buf);
		range_text(&a->cells[i], err);
		sb_addf(err, " from what is published (%zu such counts): a group under the minimum size of %llu "
			     "could be recovered, so these results must not be published\n",
			a->n_exact + a->n_narrow, (unsigned long long)a->min);
		break;
	}
	if (a->n_leaks) {
		const struct res_row *r = &res->rows[a->first_leak];
		char stat[64];
		sb_addf(err, "'%s' of %s '%s' wave '%s' is published although its cell is suppressed (%zu such rows)\n",
			res_stat_format(r->statistic, r->index, stat, sizeof(stat)), r->breakdown, r->breakdown_value,
			r->wave, a->n_leaks);
	}
	sb_release(&t);
	sb_release(&cell);
}
