/* dataset_csv.c: the tidy CSV export of the clean dataset (clean.csv). */
#include "dataset.h"

#include <stdlib.h>

int tds_write_csv(const struct tds *d, const char *path, struct strbuf *err)
{
	const struct tds_meta *m = &d->meta;
	struct atomic_file af;
	if (af_open(&af, path, err) != TILLID_OK)
		return TILLID_ESYS;
	FILE *fp = af.fp;
	fputs("wave,group,municipality,unit,pair_key", fp);
	for (size_t i = 0; i < m->n_items; i++) {
		fputc(',', fp);
		csv_put(fp, m->items[i].id);
	}
	fputc('\n', fp);

	/* The text of every possible item byte, per item, made once: the rows
	 * are then written with memcpy only (a million respondents in well
	 * under a second). */
	struct strbuf line = STRBUF_INIT;
	sb_init(&line);
	char **cell = xcalloc(m->n_items * 256, sizeof(char *));
	for (size_t i = 0; i < m->n_items; i++) {
		const struct tds_answers *a = &m->answers[m->items[i].answers];
		/* a point as its value: 0..10 for a scale declaring values = 0-10 */
		for (int v = 1; v <= TDS_MAX_POINTS; v++)
			cell[i * 256 + (size_t)v] = xasprintf("%d", tds_point_value(a, v));
		for (int j = 1; j <= a->n_nonsubst; j++) {
			sb_reset(&line);
			sb_add_csv(&line, a->nonsubst_da[j - 1]);
			cell[i * 256 + TDS_NONSUBST_BASE + (size_t)j] = xstrdup(line.buf);
		}
	}
	for (size_t r = 0; r < d->n_rows; r++) {
		const struct tds_row *row = &d->rows[r];
		csv_put(fp, m->waves[row->wave].id);
		fputc(',', fp);
		if (row->group != TDS_NONE)
			csv_put(fp, m->groups[row->group].id);
		fputc(',', fp);
		if (row->municipality != TDS_NONE)
			csv_put(fp, m->municipalities[row->municipality]);
		fputc(',', fp);
		if (row->unit != TDS_NONE)
			csv_put(fp, m->units[row->unit].name);
		sb_reset(&line);
		sb_addc(&line, ',');
		if (tds_key_is_set(row)) {
			char k[32];
			hex_encode(row->key, 16, k);
			sb_add(&line, k, sizeof(k));
		}
		const uint8_t *v = d->values + r * m->n_items;
		for (size_t i = 0; i < m->n_items; i++) {
			sb_addc(&line, ',');
			const char *c = cell[i * 256 + v[i]];
			if (c)
				sb_adds(&line, c);
		}
		sb_addc(&line, '\n');
		fwrite(line.buf, 1, line.len, fp);
	}
	for (size_t i = 0; i < m->n_items * 256; i++)
		free(cell[i]);
	free(cell);
	sb_release(&line);
	return af_commit(&af, err);
}
