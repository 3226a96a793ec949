/* reliability.c: the rows of Cronbach's alpha of a scale, with alpha if deleted and the item-total correlations. */
#include "analysis_internal.h"

#include <stdlib.h>
#include <string.h>

/* Sums of products in exact integers (n ss - s s can exceed 64 bits). */
__extension__ typedef __int128 i128;

void an_reliability(struct analysis_ctx *c, size_t scale, size_t wave, size_t rcell, struct emit *e)
{
	const struct scale_def *sd = &c->scales[scale];
	const struct rel_sums *rs = tables_rel(&c->t, scale, wave, rcell);
	size_t m = sd->m;
	double n = (double)rs->n;
	an_put(e, RS_ALPHA_N, n, RES_WHY_NONE);
	double *cov = xcalloc(m * m, sizeof(*cov));
	double *adrop = xcalloc(m, sizeof(*adrop)), *rdrop = xcalloc(m, sizeof(*rdrop));
	i128 *z = xcalloc(m * m, sizeof(*z));
	struct num_alpha al;
	memset(&al, 0, sizeof(al));
	al.status = NUM_NA;
	enum res_reason awhy = n < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NOT_APPLICABLE;
	int items_ok = 0;
	i128 total = 0;
	if (an_live(e) && n >= 2) {
		/* n(n-1) cov[i][j] = n ss[i][j] - s[i] s[j], exact in integers, so
		 * a variance that is zero is recognised as zero (rounding would
		 * leave noise that alpha divides by) */
		i128 nn = (i128)rs->n;
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < m; j++) {
				z[i * m + j] = nn * (i128)rs->ss[i * m + j] - (i128)rs->s[i] * (i128)rs->s[j];
				cov[i * m + j] = (double)z[i * m + j] / (n * (n - 1));
				total += z[i * m + j];
			}
		if (total == 0) {
			awhy = RES_WHY_CONSTANT;
		} else {
			num_alpha_cov(cov, m, n, c->o->conf, &al);
			awhy = an_note(al.status, al.reason);
			items_ok = num_alpha_items(cov, m, adrop, rdrop) == NUM_OK && al.status == NUM_OK;
		}
	}
	an_put(e, RS_ALPHA, al.alpha, awhy);
	an_put(e, RS_ALPHA_CI_LOW, al.lo, awhy);
	an_put(e, RS_ALPHA_CI_HIGH, al.hi, awhy);

	struct emit ie = *e;
	ie.ctx.variable_type = res_var_type_name(RES_VAR_ITEM);
	for (size_t i = 0; i < m; i++) {
		ie.ctx.variable = c->d->meta.items[sd->items[i]].id;
		results_ctx_intern(ie.res, &ie.ctx);
		enum res_reason dwhy = RES_WHY_NONE, rwhy = RES_WHY_NONE;
		if (!items_ok) {
			dwhy = rwhy = awhy ? awhy : RES_WHY_NOT_APPLICABLE;
		} else {
			i128 rest = 0; /* n(n-1) var(sum of the other items) */
			for (size_t j = 0; j < m; j++)
				for (size_t l = 0; l < m; l++)
					if (j != i && l != i)
						rest += z[j * m + l];
			if (m < 3)
				dwhy = RES_WHY_FEWER_THREE_ITEMS;
			else if (rest == 0 || isnan(adrop[i]))
				dwhy = RES_WHY_CONSTANT;
			if (rest == 0 || z[i * m + i] == 0 || isnan(rdrop[i]))
				rwhy = RES_WHY_CONSTANT;
		}
		an_put(&ie, RS_ALPHA_IF_DELETED, adrop[i], dwhy);
		an_put(&ie, RS_ITEM_TOTAL_R, rdrop[i], rwhy);
	}
	free(z);
	free(cov);
	free(adrop);
	free(rdrop);
}
