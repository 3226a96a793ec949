/* svg_finish.h: a chart's SVG file as cairo drew its shapes, with stable element ids and its texts as SVG text elements. */
#ifndef TILLID_SVG_FINISH_H
#define TILLID_SVG_FINISH_H

#include "core/util.h"

#include <stddef.h>

/* Read the SVG document in[0..n) (cairo's SVG surface) with expat and
 * append to out the same document with every element id renamed to "idN"
 * in the order of first mention (cairo numbers its surfaces from a counter
 * shared by the whole process, so the names differ between runs; the
 * references "#name" and "url(#name)" follow), and the elements of
 * text_elems (SVG <text> elements, may be "") inserted as the last children
 * of the root. Returns TILLID_OK; TILLID_ESYS with a message when the input
 * is not well-formed XML (a bug). */
int svg_finish(const char *in, size_t n, const char *text_elems, struct strbuf *out, struct strbuf *err);

#endif
