/* dataset_csv.c: the tidy CSV export of the clean dataset (clean.csv). */
#include "dataset.h"
#include "csvwrite.h"

#include <stdlib.h>

int tds_write_csv(const struct tds *d, const char *path, struct strbuf *err)
{
	return tds_write_csv_dialect(d, path, CSV_RFC4180, err);
}

int tds_write_csv_dialect(const struct tds *d, const char *path, enum csv_dialect dialect, struct strbuf *err)
{
	struct atomic_file af;
	if (af_open(&af, path, err) != TILLID_OK)
		return TILLID_ESYS;
	tds_write_csv_fp(d, dialect, af.fp);
	return af_commit(&af, err);
}

void tds_write_csv_fp(const struct tds *d, enum csv_dialect dialect, FILE *fp)
{
	const struct tds_meta *m = &d->meta;
	const char sep = csv_sep(dialect), *eol = csv_eol(dialect);
	struct strbuf line = STRBUF_INIT;
	sb_init(&line);
	csv_begin(&line, dialect);
	static const char *const head[] = { "wave", "group", "municipality", "unit", "pair_key" };
	for (size_t i = 0; i < ARRAY_SIZE(head); i++)
		csv_field(&line, dialect, i == 0, head[i]);
	for (size_t i = 0; i < m->n_items; i++)
		csv_field(&line, dialect, 0, m->items[i].id);
	csv_end_row(&line, dialect);
	fwrite(line.buf, 1, line.len, fp);

	/* The text of every possible item byte, per item, made once: the rows
	 * are then written with memcpy only (a million respondents in well
	 * under a second). */
	char **cell = xcalloc(m->n_items * 256, sizeof(char *));
	for (size_t i = 0; i < m->n_items; i++) {
		const struct tds_answers *a = &m->answers[m->items[i].answers];
		/* a point as its value: 0..10 for a scale declaring values = 0-10 */
		for (int v = 1; v <= TDS_MAX_POINTS; v++)
			cell[i * 256 + (size_t)v] = xasprintf("%d", tds_point_value(a, v));
		for (int j = 1; j <= a->n_nonsubst; j++) {
			sb_reset(&line);
			sb_add_csv_sep(&line, a->nonsubst_da[j - 1], sep);
			cell[i * 256 + TDS_NONSUBST_BASE + (size_t)j] = xstrdup(line.buf);
		}
	}
	for (size_t r = 0; r < d->n_rows; r++) {
		const struct tds_row *row = &d->rows[r];
		sb_reset(&line);
		csv_field(&line, dialect, 1, m->waves[row->wave].id);
		csv_field(&line, dialect, 0, row->group != TDS_NONE ? m->groups[row->group].id : "");
		csv_field(&line, dialect, 0, row->municipality != TDS_NONE ? m->municipalities[row->municipality] : "");
		csv_field(&line, dialect, 0, row->unit != TDS_NONE ? m->units[row->unit].name : "");
		sb_addc(&line, sep);
		if (tds_key_is_set(row)) {
			char k[32];
			hex_encode(row->key, 16, k);
			sb_add(&line, k, sizeof(k));
		}
		const uint8_t *v = d->values + r * m->n_items;
		for (size_t i = 0; i < m->n_items; i++) {
			sb_addc(&line, sep);
			const char *c = cell[i * 256 + v[i]];
			if (c)
				sb_adds(&line, c);
		}
		sb_adds(&line, eol);
		fwrite(line.buf, 1, line.len, fp);
	}
	for (size_t i = 0; i < m->n_items * 256; i++)
		free(cell[i]);
	free(cell);
	sb_release(&line);
}
