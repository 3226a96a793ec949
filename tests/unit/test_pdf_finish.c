/* test_pdf_finish.c: the finishing of a tagged PDF with libqpdf (language, alternative texts, viewer settings) and of a chart's SVG with expat (stable ids, texts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plots/pdf_finish.h"
#include "plots/svg_finish.h"
#include "testutil.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdlib.h>
#include <string.h>

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int len)
{
	sb_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* A one-page PDF with a heading, and `figures` figures, each in a
 * section of its own (so that the tree has depth). */
static void tagged_pdf(struct strbuf *pdf, int figures)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append, pdf, 200, 200);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2022-04-15T00:00:00");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, "2022-04-15T00:00:00");
	cairo_t *cr = cairo_create(s);
	cairo_tag_begin(cr, "Document", "");
	cairo_tag_begin(cr, "H1", "");
	cairo_rectangle(cr, 10, 10, 50, 5);
	cairo_fill(cr);
	cairo_tag_end(cr, "H1");
	for (int i = 0; i < figures; i++) {
		cairo_tag_begin(cr, "Sect", "");
		cairo_tag_begin(cr, "Figure", "");
		cairo_rectangle(cr, 10, 30 + 20 * i, 80, 10);
		cairo_fill(cr);
		cairo_tag_end(cr, "Figure");
		cairo_tag_end(cr, "Sect");
	}
	cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

/* Language, viewer settings and one alternative text per figure, in order;
 * the same input gives the same bytes. */
static void test_finish(void **state)
{
	(void)state;
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT, again = STRBUF_INIT, err = STRBUF_INIT;
	sb_init(&in);
	sb_init(&out);
	sb_init(&again);
	sb_init(&err);
	tagged_pdf(&in, 2);
	struct strlist alts = STRLIST_INIT;
	sl_push(&alts, "Første figur: 40 % enige");
	sl_push(&alts, "Second figure");
	struct pdf_finish_opts o = { "da", &alts, 1 };
	assert_int_equal(pdf_finish((const unsigned char *)in.buf, in.len, &o, &out, &err), TILLID_OK);
	assert_int_equal(pdf_finish((const unsigned char *)in.buf, in.len, &o, &again, &err), TILLID_OK);
	assert_int_equal(out.len, again.len);
	assert_memory_equal(out.buf, again.buf, out.len);
	assert_true(mem_contains(out.buf, out.len, "/DisplayDocTitle true"));
	assert_true(mem_contains(out.buf, out.len, "/PageMode /UseOutlines"));
	/* A document without bookmarks (a chart file) does not open the panel. */
	struct pdf_finish_opts bare = { "en", &alts, 0 };
	sb_reset(&again);
	assert_int_equal(pdf_finish((const unsigned char *)in.buf, in.len, &bare, &again, &err), TILLID_OK);
	assert_false(mem_contains(again.buf, again.len, "/PageMode"));
	assert_true(mem_contains(again.buf, again.len, "/DisplayDocTitle true"));

	struct strlist got = STRLIST_INIT;
	char *lang = NULL;
	assert_int_equal(pdf_read_accessibility((const unsigned char *)out.buf, out.len, &got, &lang, &err), TILLID_OK);
	assert_string_equal(lang, "da");
	assert_int_equal(got.n, 2);
	assert_string_equal(got.v[0], "Første figur: 40 % enige");
	assert_string_equal(got.v[1], "Second figure");
	free(lang);
	sl_release(&got);

	/* Cairo's own file has neither. */
	assert_int_equal(pdf_read_accessibility((const unsigned char *)in.buf, in.len, &got, &lang, &err), TILLID_OK);
	assert_null(lang);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.v[0], "");
	sl_release(&got);

	/* A figure without a text is a bug of the caller, and says so. */
	sb_reset(&out);
	alts.n = 1;
	assert_int_equal(pdf_finish((const unsigned char *)in.buf, in.len, &o, &out, &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "bug: the PDF has 2 figures and 1 alternative texts"));
	alts.n = 2;
	/* Not a PDF. */
	sb_reset(&err);
	assert_int_equal(pdf_finish((const unsigned char *)"hello", 5, &o, &out, &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "cannot read the PDF"));
	sl_release(&alts);
	sb_release(&in);
	sb_release(&out);
	sb_release(&again);
	sb_release(&err);
}

/* Ids renamed in the order of first mention, references with them; the
 * texts go last in the root; text and attributes escaped again. */
static void test_svg_finish(void **state)
{
	(void)state;
	static const char svg[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10pt\">\n"
		"<defs><clipPath id=\"clip7\"><path d=\"M 0 0\"/></clipPath></defs>\n"
		"<g id=\"surface93\" clip-path=\"url(#clip7)\"><use xlink:href=\"#surface93\" x=\"1\"/>"
		"<desc>a &amp; b</desc></g>\n"
		"</svg>\n";
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	sb_init(&out);
	sb_init(&err);
	assert_int_equal(svg_finish(svg, strlen(svg), "<text x=\"1\">Tillid</text>\n", &out, &err), TILLID_OK);
	assert_non_null(strstr(out.buf, "<clipPath id=\"id1\"><path d=\"M 0 0\"/></clipPath>"));
	assert_non_null(strstr(out.buf, "<g id=\"id2\" clip-path=\"url(#id1)\"><use xlink:href=\"#id2\" x=\"1\"/>"));
	assert_non_null(strstr(out.buf, "<desc>a &amp; b</desc>"));
	assert_non_null(strstr(out.buf, "<text x=\"1\">Tillid</text>\n</svg>"));
	assert_null(strstr(out.buf, "surface"));
	sb_reset(&out);
	assert_int_equal(svg_finish("<svg><g></svg>", 14, "", &out, &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "not well-formed"));
	sb_release(&out);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finish),
		cmocka_unit_test(test_svg_finish),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
