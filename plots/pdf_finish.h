/* pdf_finish.h: what a finished tagged PDF needs and cairo 1.16 cannot write (language, alternative texts, viewer settings), added with libqpdf. */
#ifndef TILLID_PDF_FINISH_H
#define TILLID_PDF_FINISH_H

#include "core/util.h"

#include <stddef.h>

/* What pdf_finish adds to a PDF. */
struct pdf_finish_opts {
	const char *lang;              /* the document language, "da" or "en" (BCP 47) */
	const struct strlist *alts;    /* the alternative texts of the Figure elements, in document order */
	int outlines;                  /* 1: the viewer opens the bookmarks panel (/PageMode /UseOutlines) */
};

/* Read the PDF in[0..n) made by cairo with structure tags, and write into
 * out (appended) the same document with the catalog's /Lang, /PageMode
 * /UseOutlines (when o->outlines) and /ViewerPreferences << /DisplayDocTitle true >>, and
 * /Alt on the i-th Figure structure element (depth first, in the order of
 * the tree) from alts[i]. The output is deterministic: the same input gives
 * the same bytes (the file identifier is a digest of the contents).
 * Returns TILLID_OK; TILLID_ESYS with a message when qpdf cannot read or
 * write the file, or when the count of Figure elements differs from the
 * count of alternative texts (a bug in the caller's tagging). */
int pdf_finish(const unsigned char *in, size_t n, const struct pdf_finish_opts *o, struct strbuf *out,
	       struct strbuf *err);

/* The alternative texts of the Figure elements of the PDF in[0..n), in the
 * order pdf_finish assigns them, appended to alts ("" for a Figure without
 * one); and its catalog's /Lang into *lang (caller frees; NULL when none).
 * For tests. Returns TILLID_OK or TILLID_ESYS with a message. */
int pdf_read_accessibility(const unsigned char *in, size_t n, struct strlist *alts, char **lang,
			   struct strbuf *err);

#endif
