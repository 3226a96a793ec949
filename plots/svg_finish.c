/* svg_finish.c: rewrites cairo's SVG through expat with stable element ids and the chart's texts as SVG text elements. */
#include "svg_finish.h"
#include "core/hashmap.h"

#include <expat.h>

#include <stdlib.h>
#include <string.h>

struct svg_state {
	struct strbuf *out;
	const char *text_elems;
	struct hashmap ids; /* cairo's id -> its place in the order of first mention */
	int depth;
	int open_tag; /* the last start tag is not closed yet ('>' or "/>" pending) */
};

/* The stable name of cairo's id name[0..len): "idN", N from 1. */
static void put_id(struct svg_state *st, const char *name, size_t len)
{
	size_t i = hashmap_add(&st->ids, name, len, NULL);
	sb_addf(st->out, "id%zu", i + 1);
}

/* s[0..n) escaped for an attribute value or character data. */
static void put_escaped(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': sb_adds(out, "&amp;"); break;
		case '<': sb_adds(out, "&lt;"); break;
		case '>': sb_adds(out, "&gt;"); break;
		case '"': sb_adds(out, "&quot;"); break;
		default: sb_addc(out, s[i]);
		}
	}
}

/* An attribute value with its references to ids ("#name" as the whole
 * value, "url(#name)" anywhere) renamed. */
static void put_value(struct svg_state *st, const char *key, const char *v)
{
	if (!strcmp(key, "id")) {
		put_id(st, v, strlen(v));
		return;
	}
	if (v[0] == '#' && (!strcmp(key, "xlink:href") || !strcmp(key, "href"))) {
		sb_addc(st->out, '#');
		put_id(st, v + 1, strlen(v + 1));
		return;
	}
	for (const char *p = v; *p;) {
		const char *u = strstr(p, "url(#");
		const char *close = u ? strchr(u, ')') : NULL;
		if (!u || !close) {
			put_escaped(st->out, p, strlen(p));
			break;
		}
		put_escaped(st->out, p, (size_t)(u - p));
		sb_adds(st->out, "url(#");
		put_id(st, u + 5, (size_t)(close - u - 5));
		sb_addc(st->out, ')');
		p = close + 1;
	}
}

static void close_open_tag(struct svg_state *st)
{
	if (st->open_tag) {
		sb_addc(st->out, '>');
		st->open_tag = 0;
	}
}

static void XMLCALL on_start(void *arg, const XML_Char *name, const XML_Char **attrs)
{
	struct svg_state *st = arg;
	close_open_tag(st);
	sb_addf(st->out, "<%s", name);
	for (size_t i = 0; attrs[i]; i += 2) {
		sb_addf(st->out, " %s=\"", attrs[i]);
		put_value(st, attrs[i], attrs[i + 1]);
		sb_addc(st->out, '"');
	}
	st->open_tag = 1;
	st->depth++;
}

static void XMLCALL on_end(void *arg, const XML_Char *name)
{
	struct svg_state *st = arg;
	if (--st->depth == 0) {
		close_open_tag(st);
		sb_adds(st->out, "\n");
		sb_adds(st->out, st->text_elems);
	}
	if (st->open_tag) {
		sb_adds(st->out, "/>");
		st->open_tag = 0;
	} else {
		sb_addf(st->out, "</%s>", name);
	}
}

static void XMLCALL on_text(void *arg, const XML_Char *s, int len)
{
	struct svg_state *st = arg;
	close_open_tag(st);
	put_escaped(st->out, s, (size_t)len);
}

int svg_finish(const char *in, size_t n, const char *text_elems, struct strbuf *out, struct strbuf *err)
{
	struct svg_state st = { out, text_elems ? text_elems : "", HASHMAP_INIT, 0, 0 };
	hashmap_init(&st.ids);
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		abort(); /* out of memory */
	XML_SetUserData(p, &st);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	sb_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	int rc = TILLID_OK;
	if (XML_Parse(p, in, (int)n, 1) == XML_STATUS_ERROR) {
		sb_addf(err, "bug: cairo's SVG is not well-formed at line %lu: %s",
			(unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
		rc = TILLID_ESYS;
	}
	sb_addc(out, '\n');
	XML_ParserFree(p);
	hashmap_release(&st.ids);
	return rc;
}
