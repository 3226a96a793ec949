/* xlsx_strings.c: a workbook's shared strings (held whole) and which of its cell styles show dates (styles.xml). */
#include "xlsx_internal.h"
#include "core/nfc.h"

#include <stdlib.h>
#include <string.h>

/* ---- sharedStrings.xml: <sst><si><t>text</t></si><si><r><t>a</t></r>...</si> ---- */

struct strings_walk {
	struct xlsx_book *b;
	int in_si, in_t, in_rph;
	size_t start; /* offset of the string being read */
};

static void XMLCALL sst_start(void *ctx, const char *el, const char **atts)
{
	struct strings_walk *w = ctx;
	struct xlsx_book *b = w->b;
	const char *local = xlsx_local(el);
	(void)atts;
	if (!strcmp(local, "si")) {
		w->in_si = 1;
		w->start = b->text.len;
	} else if (!strcmp(local, "rPh")) {
		w->in_rph = 1; /* phonetic guide (East Asian): not part of the text */
	} else if (!strcmp(local, "t") && w->in_si && !w->in_rph) {
		w->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ctx, const char *el)
{
	struct strings_walk *w = ctx;
	struct xlsx_book *b = w->b;
	const char *local = xlsx_local(el);
	if (!strcmp(local, "t")) {
		w->in_t = 0;
	} else if (!strcmp(local, "rPh")) {
		w->in_rph = 0;
	} else if (!strcmp(local, "si") && w->in_si) {
		size_t n = xlsx_unescape(b->text.buf + w->start, b->text.len - w->start);
		b->text.len = w->start + n;
		xlsx_nfc_tail(&b->text, w->start);
		sb_addc(&b->text, '\0');
		ALLOC_GROW(b->off, b->n_strings + 1, b->alloc_off);
		b->off[b->n_strings++] = w->start;
		w->in_si = 0;
	}
}

static void XMLCALL sst_text(void *ctx, const char *s, int len)
{
	struct strings_walk *w = ctx;
	if (w->in_t)
		sb_add(&w->b->text, s, (size_t)len);
}

int xlsx_load_strings(struct xlsx_book *b, struct strbuf *err)
{
	if (!b->strings_part)
		return TILLID_OK; /* a workbook without text cells needs none */
	if (zip_name_locate(b->zip, b->strings_part, ZIP_FL_NOCASE) < 0) {
		free(b->strings_part);
		b->strings_part = NULL; /* missing: an error only if a cell refers to it */
		return TILLID_OK;
	}
	struct strings_walk w = { b, 0, 0, 0, 0 };
	XML_Parser p = xlsx_parser();
	XML_SetUserData(p, &w);
	XML_SetElementHandler(p, sst_start, sst_end);
	XML_SetCharacterDataHandler(p, sst_text);
	int rc = xlsx_parse_entry(b, b->strings_part, p, NULL, NULL, NULL, err);
	XML_ParserFree(p);
	b->has_strings = rc == TILLID_OK;
	return rc;
}

/* ---- styles.xml: <numFmts><numFmt numFmtId formatCode/></numFmts>,
 * <cellXfs><xf numFmtId/>...</cellXfs> ---- */

/* ECMA-376 Part 1, 18.8.30 (numFmt): the built-in formats 14-22 and
 * 45-47 are dates and times. */
enum xf_kind xlsx_builtin_kind(unsigned long id)
{
	if (id >= 14 && id <= 17)
		return XF_DATE;
	if (id == 22)
		return XF_DATETIME;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
		return XF_TIME;
	return XF_NUMBER;
}

enum xf_kind xlsx_format_code_kind(const char *code)
{
	int date = 0, time = 0;
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"': /* a literal text */
			p = strchr(p + 1, '"');
			if (!p)
				return XF_NUMBER;
			break;
		case '[': /* a colour, condition or locale: [Red], [$-406] (elapsed [h] is a time) */
			if ((p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' ||
			     p[1] == 'S') && (p[2] == ']' || p[2] == p[1]))
				time = 1;
			p = strchr(p, ']');
			if (!p)
				return XF_NUMBER;
			break;
		case '\\': /* an escaped character */
		case '_':  /* space as wide as the next character */
		case '*':  /* repeat the next character */
			if (!*++p)
				return XF_NUMBER;
			break;
		case 'y': case 'Y': case 'd': case 'D':
			date = 1;
			break;
		case 'h': case 'H': case 's': case 'S':
			time = 1;
			break;
		case ';': /* the other sections format other signs */
			p = p + strlen(p) - 1;
			break;
		default:
			break;
		}
	}
	if (!str_ieq(code, "General") && date)
		return time ? XF_DATETIME : XF_DATE;
	return time ? XF_TIME : XF_NUMBER;
}

struct styles_walk {
	struct xlsx_book *b;
	int in_xfs;
	unsigned long *fmt_id;  /* custom formats: ids ... */
	unsigned char *fmt_kind; /* ... and their kinds */
	size_t n_fmt, alloc_id, alloc_kind;
	size_t alloc_xf;
};

static void XMLCALL styles_start(void *ctx, const char *el, const char **atts)
{
	struct styles_walk *w = ctx;
	struct xlsx_book *b = w->b;
	const char *local = xlsx_local(el);
	if (!strcmp(local, "numFmt")) {
		const char *id = xlsx_attr(atts, "numFmtId"), *code = xlsx_attr(atts, "formatCode");
		if (!id || !code)
			return;
		ALLOC_GROW(w->fmt_id, w->n_fmt + 1, w->alloc_id);
		ALLOC_GROW(w->fmt_kind, w->n_fmt + 1, w->alloc_kind);
		w->fmt_id[w->n_fmt] = strtoul(id, NULL, 10);
		w->fmt_kind[w->n_fmt++] = (unsigned char)xlsx_format_code_kind(code);
	} else if (!strcmp(local, "cellXfs")) {
		w->in_xfs = 1;
	} else if (!strcmp(local, "xf") && w->in_xfs) {
		const char *id = xlsx_attr(atts, "numFmtId");
		unsigned long fid = id ? strtoul(id, NULL, 10) : 0;
		enum xf_kind k = xlsx_builtin_kind(fid);
		for (size_t i = 0; i < w->n_fmt; i++)
			if (w->fmt_id[i] == fid)
				k = (enum xf_kind)w->fmt_kind[i];
		ALLOC_GROW(b->xf_kind, b->n_xf + 1, w->alloc_xf);
		b->xf_kind[b->n_xf++] = (unsigned char)k;
	}
}

static void XMLCALL styles_end(void *ctx, const char *el)
{
	struct styles_walk *w = ctx;
	if (!strcmp(xlsx_local(el), "cellXfs"))
		w->in_xfs = 0;
}

int xlsx_load_styles(struct xlsx_book *b, struct strbuf *err)
{
	if (!b->styles_part || zip_name_locate(b->zip, b->styles_part, ZIP_FL_NOCASE) < 0)
		return TILLID_OK; /* no styles: every number is a number */
	struct styles_walk w;
	memset(&w, 0, sizeof(w));
	w.b = b;
	XML_Parser p = xlsx_parser();
	XML_SetUserData(p, &w);
	XML_SetElementHandler(p, styles_start, styles_end);
	int rc = xlsx_parse_entry(b, b->styles_part, p, NULL, NULL, NULL, err);
	XML_ParserFree(p);
	free(w.fmt_id);
	free(w.fmt_kind);
	return rc;
}
