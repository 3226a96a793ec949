/* pdf_finish.c: adds the document language, the figures' alternative texts and the viewer settings to a finished tagged PDF, through libqpdf's object handles. */
#include "pdf_finish.h"

#include <qpdf/qpdf-c.h>

#include <string.h>

/* Deeper than any structure tree the report makes; a guard against a cycle. */
#define MAX_DEPTH 64

/* Open in[0..n) in a new qpdf; NULL with a message when it cannot. */
static qpdf_data open_pdf(const unsigned char *in, size_t n, struct strbuf *err)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, "report", (const char *)in, (unsigned long long)n, NULL) & QPDF_ERRORS) {
		sb_addf(err, "cannot read the PDF to finish it: %s",
			qpdf_get_error_full_text(q, qpdf_get_error(q)));
		qpdf_cleanup(&q);
		return NULL;
	}
	return q;
}

/* Call visit on every structure element below oh whose /S is /Figure, in
 * the order of the tree (depth first, kids in order). */
static void walk(qpdf_data q, qpdf_oh oh, int depth, void (*visit)(qpdf_data, qpdf_oh, void *), void *arg)
{
	if (depth > MAX_DEPTH)
		return;
	if (qpdf_oh_is_array(q, oh)) {
		int n = qpdf_oh_get_array_n_items(q, oh);
		for (int i = 0; i < n; i++) {
			qpdf_oh k = qpdf_oh_get_array_item(q, oh, i);
			walk(q, k, depth + 1, visit, arg);
			qpdf_oh_release(q, k);
		}
		return;
	}
	if (!qpdf_oh_is_dictionary(q, oh) || !qpdf_oh_has_key(q, oh, "/S"))
		return; /* a marked-content id, or a reference to content or an object */
	qpdf_oh s = qpdf_oh_get_key(q, oh, "/S");
	if (qpdf_oh_is_name_and_equals(q, s, "/Figure"))
		visit(q, oh, arg);
	qpdf_oh_release(q, s);
	if (qpdf_oh_has_key(q, oh, "/K")) {
		qpdf_oh k = qpdf_oh_get_key(q, oh, "/K");
		walk(q, k, depth + 1, visit, arg);
		qpdf_oh_release(q, k);
	}
}

static void walk_tree(qpdf_data q, void (*visit)(qpdf_data, qpdf_oh, void *), void *arg)
{
	qpdf_oh root = qpdf_get_root(q);
	if (qpdf_oh_has_key(q, root, "/StructTreeRoot")) {
		qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
		if (qpdf_oh_has_key(q, tree, "/K")) {
			qpdf_oh k = qpdf_oh_get_key(q, tree, "/K");
			walk(q, k, 0, visit, arg);
			qpdf_oh_release(q, k);
		}
		qpdf_oh_release(q, tree);
	}
	qpdf_oh_release(q, root);
}

struct alt_state {
	const struct strlist *alts;
	size_t next;
	size_t figures;
};

static void set_alt(qpdf_data q, qpdf_oh fig, void *arg)
{
	struct alt_state *st = arg;
	st->figures++;
	if (!st->alts || st->next >= st->alts->n)
		return;
	qpdf_oh s = qpdf_oh_new_unicode_string(q, st->alts->v[st->next++]);
	qpdf_oh_replace_key(q, fig, "/Alt", s);
	qpdf_oh_release(q, s);
}

/* /Lang, /PageMode (when outlines) and /ViewerPreferences of the catalog. */
static void set_catalog(qpdf_data q, const char *lang, int outlines)
{
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh l = qpdf_oh_new_unicode_string(q, lang);
	qpdf_oh_replace_key(q, root, "/Lang", l);
	if (outlines) {
		qpdf_oh mode = qpdf_oh_new_name(q, "/UseOutlines");
		qpdf_oh_replace_key(q, root, "/PageMode", mode);
		qpdf_oh_release(q, mode);
	}
	qpdf_oh vp = qpdf_oh_new_dictionary(q);
	qpdf_oh yes = qpdf_oh_new_bool(q, QPDF_TRUE);
	qpdf_oh_replace_key(q, vp, "/DisplayDocTitle", yes);
	qpdf_oh_replace_key(q, root, "/ViewerPreferences", vp);
	qpdf_oh_release(q, yes);
	qpdf_oh_release(q, vp);
	qpdf_oh_release(q, l);
	qpdf_oh_release(q, root);
}

int pdf_finish(const unsigned char *in, size_t n, const struct pdf_finish_opts *o, struct strbuf *out,
	       struct strbuf *err)
{
	qpdf_data q = open_pdf(in, n, err);
	if (!q)
		return TILLID_ESYS;
	struct alt_state st = { o->alts, 0, 0 };
	walk_tree(q, set_alt, &st);
	size_t want = o->alts ? o->alts->n : 0;
	if (st.figures != want) {
		sb_addf(err, "bug: the PDF has %zu figures and %zu alternative texts", st.figures, want);
		qpdf_cleanup(&q);
		return TILLID_ESYS;
	}
	set_catalog(q, o->lang, o->outlines);
	int rc = TILLID_OK;
	if ((qpdf_init_write_memory(q) & QPDF_ERRORS) == 0) {
		/* The file identifier from the contents, not from the clock. */
		qpdf_set_deterministic_ID(q, QPDF_TRUE);
		if ((qpdf_write(q) & QPDF_ERRORS) == 0) {
			sb_add(out, qpdf_get_buffer(q), qpdf_get_buffer_length(q));
			qpdf_cleanup(&q);
			return TILLID_OK;
		}
	}
	sb_addf(err, "cannot write the finished PDF: %s", qpdf_get_error_full_text(q, qpdf_get_error(q)));
	rc = TILLID_ESYS;
	qpdf_cleanup(&q);
	return rc;
}

static void get_alt(qpdf_data q, qpdf_oh fig, void *arg)
{
	struct strlist *alts = arg;
	if (!qpdf_oh_has_key(q, fig, "/Alt")) {
		sl_push(alts, "");
		return;
	}
	qpdf_oh a = qpdf_oh_get_key(q, fig, "/Alt");
	sl_push(alts, qpdf_oh_is_string(q, a) ? qpdf_oh_get_utf8_value(q, a) : "");
	qpdf_oh_release(q, a);
}

int pdf_read_accessibility(const unsigned char *in, size_t n, struct strlist *alts, char **lang,
			   struct strbuf *err)
{
	qpdf_data q = open_pdf(in, n, err);
	if (!q)
		return TILLID_ESYS;
	walk_tree(q, get_alt, alts);
	*lang = NULL;
	qpdf_oh root = qpdf_get_root(q);
	if (qpdf_oh_has_key(q, root, "/Lang")) {
		qpdf_oh l = qpdf_oh_get_key(q, root, "/Lang");
		if (qpdf_oh_is_string(q, l))
			*lang = xstrdup(qpdf_oh_get_utf8_value(q, l));
		qpdf_oh_release(q, l);
	}
	qpdf_oh_release(q, root);
	qpdf_cleanup(&q);
	return TILLID_OK;
}
