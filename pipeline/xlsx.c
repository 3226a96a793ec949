/* xlsx.c: the workbook reader's driver: the zip archive, its relationships and sheets, entries streamed through expat within limits. */
#include "xlsx_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

static const char save_as[] =
	"open it in Excel and save it as Excel Workbook (.xlsx) or CSV UTF-8, or export it again";

void xlsx_info_init(struct xlsx_info *info)
{
	memset(info, 0, sizeof(*info));
}

void xlsx_info_release(struct xlsx_info *info)
{
	free(info->sheet);
	memset(info, 0, sizeof(*info));
}

enum xlsx_kind xlsx_sniff(const char *path)
{
	unsigned char m[8] = { 0 };
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return XLSX_NOT_WORKBOOK;
	size_t n = fread(m, 1, sizeof(m), fp);
	fclose(fp);
	if (n >= 4 && !memcmp(m, "PK\x03\x04", 4))
		return XLSX_ZIP;
	if (n == 8 && !memcmp(m, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return XLSX_OLE;
	return XLSX_NOT_WORKBOOK;
}

void xlsx_ole_message(const char *name, struct strbuf *err)
{
	sb_addf(err, "'%s': an old Excel workbook (.xls) or a password-protected one, which tillid "
		     "does not read; open it in Excel, remove any password (File > Info > Protect "
		     "Workbook) and save it as Excel Workbook (.xlsx) or CSV UTF-8 (File > Save As)\n",
		name);
}

const char *xlsx_local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

const char *xlsx_attr(const char **atts, const char *local)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(xlsx_local(atts[i]), local))
			return atts[i + 1];
	return NULL;
}

XML_Parser xlsx_parser(void)
{
	XML_Parser p = XML_ParserCreateNS("UTF-8", '|');
	if (!p)
		abort(); /* out of memory */
	return p;
}

/* ---- entries ---- */

static uint64_t limit_of(const struct xlsx_book *b, const char *part)
{
	if (b->strings_part && !strcmp(part, b->strings_part))
		return b->lim.strings;
	if (b->sheet_part && !strcmp(part, b->sheet_part))
		return b->lim.sheet;
	return b->lim.part;
}

static void zip_message(struct strbuf *err, const char *name, const char *part, zip_error_t *ze)
{
	sb_addf(err, "'%s': the workbook is damaged: cannot read '%s' (%s); %s\n", name, part,
		zip_error_strerror(ze), save_as);
}

/* Open entry part after checking its declared sizes against the limits. */
static zip_file_t *open_entry(struct xlsx_book *b, const char *part, uint64_t *size,
			      struct strbuf *err)
{
	zip_int64_t i = zip_name_locate(b->zip, part, ZIP_FL_NOCASE);
	if (i < 0) {
		sb_addf(err, "'%s': the workbook has no part '%s'; %s\n", b->name, part, save_as);
		return NULL;
	}
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(b->zip, (zip_uint64_t)i, 0, &st) != 0 ||
	    !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) {
		zip_message(err, b->name, part, zip_get_error(b->zip));
		return NULL;
	}
	uint64_t limit = limit_of(b, part);
	if (st.size > limit) {
		sb_addf(err, "'%s': part '%s' declares %llu bytes uncompressed, more than the %llu "
			     "tillid reads; a real workbook this large is better exported as CSV "
			     "(File > Save As > CSV UTF-8)\n",
			b->name, part, (unsigned long long)st.size, (unsigned long long)limit);
		return NULL;
	}
	if (st.size > b->lim.ratio_floor && st.size / (st.comp_size ? st.comp_size : 1) > b->lim.ratio) {
		sb_addf(err, "'%s': part '%s' would inflate %llu bytes to %llu (more than %llu times): "
			     "this is no real workbook (a zip bomb?); do not open it, ask for the "
			     "export again\n",
			b->name, part, (unsigned long long)st.comp_size, (unsigned long long)st.size,
			(unsigned long long)b->lim.ratio);
		return NULL;
	}
	zip_file_t *zf = zip_fopen_index(b->zip, (zip_uint64_t)i, 0);
	if (!zf) {
		zip_error_t *ze = zip_get_error(b->zip);
		if (zip_error_code_zip(ze) == ZIP_ER_ENCRNOTSUPP || zip_error_code_zip(ze) == ZIP_ER_NOPASSWD)
			sb_addf(err, "'%s': the workbook is encrypted; open it in Excel, remove the "
				     "password and save it again\n", b->name);
		else
			zip_message(err, b->name, part, ze);
		return NULL;
	}
	*size = st.size;
	return zf;
}

int xlsx_parse_entry(struct xlsx_book *b, const char *part, XML_Parser p, int *stopped,
		     void (*where)(void *ctx, struct strbuf *out), void *where_ctx,
		     struct strbuf *err)
{
	uint64_t declared;
	if (stopped)
		*stopped = 0;
	zip_file_t *zf = open_entry(b, part, &declared, err);
	if (!zf)
		return TILLID_EDATA;
	char *buf = xmalloc(CHUNK);
	uint64_t total = 0;
	int rc = TILLID_OK;
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, CHUNK);
		if (n < 0) {
			zip_message(err, b->name, part, zip_file_get_error(zf));
			rc = TILLID_EDATA;
			break;
		}
		total += (uint64_t)n;
		if (total > declared) {
			sb_addf(err, "'%s': the workbook is damaged: part '%s' holds more than the %llu "
				     "bytes it declares; %s\n",
				b->name, part, (unsigned long long)declared, save_as);
			rc = TILLID_EDATA;
			break;
		}
		enum XML_Status st = XML_Parse(p, buf, (int)n, n == 0);
		if (st == XML_STATUS_SUSPENDED || (st == XML_STATUS_ERROR &&
						   XML_GetErrorCode(p) == XML_ERROR_ABORTED)) {
			if (stopped)
				*stopped = 1;
			break;
		}
		if (st == XML_STATUS_ERROR) {
			sb_addf(err, "'%s':", b->name);
			if (where)
				where(where_ctx, err);
			sb_addf(err, " the workbook is damaged: part '%s' is not well-formed XML (%s "
				     "at line %lu, column %lu of the part); %s\n",
				part, XML_ErrorString(XML_GetErrorCode(p)),
				(unsigned long)XML_GetCurrentLineNumber(p),
				(unsigned long)XML_GetCurrentColumnNumber(p) + 1, save_as);
			rc = TILLID_EDATA;
			break;
		}
		if (n == 0) {
			if (total != declared) {
				sb_addf(err, "'%s': the workbook is damaged: part '%s' holds %llu bytes "
					     "where it declares %llu; %s\n",
					b->name, part, (unsigned long long)total,
					(unsigned long long)declared, save_as);
				rc = TILLID_EDATA;
			}
			break;
		}
	}
	free(buf);
	zip_fclose(zf);
	return rc;
}

/* Does hay[0..n) hold needle[0..m)? (memmem is not in C11 or POSIX.) */
static int mem_holds(const char *hay, size_t n, const char *needle, size_t m)
{
	for (const char *p = hay; n >= m && (p = memchr(p, needle[0], n - m + 1 - (size_t)(p - hay)));
	     p++)
		if (!memcmp(p, needle, m))
			return 1;
	return 0;
}

int xlsx_entry_contains(struct xlsx_book *b, const char *part, const char *needle, int *found,
			struct strbuf *err)
{
	uint64_t declared;
	size_t m = strlen(needle);
	*found = 0;
	zip_file_t *zf = open_entry(b, part, &declared, err);
	if (!zf)
		return TILLID_EDATA;
	/* The last m - 1 bytes of a piece stay in front of the next, so that
	 * a needle across two pieces is found. */
	char *buf = xmalloc(CHUNK + m);
	size_t keep = 0;
	uint64_t total = 0;
	int rc = TILLID_OK;
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf + keep, CHUNK);
		if (n < 0) {
			zip_message(err, b->name, part, zip_file_get_error(zf));
			rc = TILLID_EDATA;
			break;
		}
		total += (uint64_t)n;
		if (total > declared)
			break; /* the parse that follows says what is wrong */
		size_t have = keep + (size_t)n;
		if (mem_holds(buf, have, needle, m)) {
			*found = 1;
			break;
		}
		if (n == 0)
			break;
		keep = have < m - 1 ? have : m - 1;
		memmove(buf, buf + have - keep, keep);
	}
	free(buf);
	zip_fclose(zf);
	return rc;
}

/* ---- relationships ---- */

/* A part path from a relationship's target: relative to base_dir, or
 * absolute ("/xl/..."); "." and ".." resolved. A new string. */
static char *resolve_target(const char *base_dir, const char *target)
{
	struct strbuf path = STRBUF_INIT;
	sb_init(&path);
	if (target[0] == '/')
		target++;
	else
		sb_adds(&path, base_dir);
	sb_adds(&path, target);
	/* Resolve segments in place. */
	char *out = xmalloc(path.len + 1);
	size_t o = 0;
	for (char *seg = path.buf; *seg;) {
		size_t n = strcspn(seg, "/");
		if (n == 2 && !strncmp(seg, "..", 2)) {
			if (o)
				o--;
			while (o && out[o - 1] != '/')
				o--;
		} else if (n && !(n == 1 && seg[0] == '.')) {
			memcpy(out + o, seg, n);
			o += n;
			if (seg[n] == '/')
				out[o++] = '/';
		}
		seg += n;
		if (*seg == '/')
			seg++;
	}
	out[o] = '\0';
	sb_release(&path);
	return out;
}

/* What a walk over a .rels part looks for: the target of one relationship
 * id, or of the first relationship of each of a few types. */
struct rels_walk {
	const char *base_dir;
	const char *want_id; /* NULL: none */
	char *by_id;
	const char *const *types; /* type suffixes ("/sharedStrings"), NULL-terminated */
	char **by_type;           /* [n types] */
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static void XMLCALL rels_start(void *ctx, const char *el, const char **atts)
{
	struct rels_walk *r = ctx;
	if (strcmp(xlsx_local(el), "Relationship"))
		return;
	const char *id = xlsx_attr(atts, "Id"), *type = xlsx_attr(atts, "Type");
	const char *target = xlsx_attr(atts, "Target"), *mode = xlsx_attr(atts, "TargetMode");
	if (!target || (mode && !strcmp(mode, "External")))
		return;
	if (r->want_id && id && !strcmp(id, r->want_id) && !r->by_id)
		r->by_id = resolve_target(r->base_dir, target);
	for (size_t k = 0; type && r->types && r->types[k]; k++)
		if (!r->by_type[k] && ends_with(type, r->types[k]))
			r->by_type[k] = resolve_target(r->base_dir, target);
}

/* The relationships part of part ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"). */
static char *rels_of(const char *dir, const char *part)
{
	return xasprintf("%s_rels/%s.rels", dir, part + strlen(dir));
}

static int walk_rels(struct xlsx_book *b, const char *rels, struct rels_walk *r, struct strbuf *err)
{
	XML_Parser p = xlsx_parser();
	XML_SetUserData(p, r);
	XML_SetStartElementHandler(p, rels_start);
	int rc = xlsx_parse_entry(b, rels, p, NULL, NULL, NULL, err);
	XML_ParserFree(p);
	return rc;
}

/* ---- workbook.xml: the sheets and the date system ---- */

struct sheets_walk {
	struct strlist names, ids;
	int date1904;
};

static void XMLCALL workbook_start(void *ctx, const char *el, const char **atts)
{
	struct sheets_walk *w = ctx;
	const char *local = xlsx_local(el);
	if (!strcmp(local, "workbookPr")) {
		const char *d = xlsx_attr(atts, "date1904");
		w->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	} else if (!strcmp(local, "sheet")) {
		const char *name = xlsx_attr(atts, "name"), *id = xlsx_attr(atts, "id");
		if (name && id) {
			sl_push(&w->names, name);
			sl_push(&w->ids, id);
		}
	}
}

static void list_sheets(const struct strlist *names, struct strbuf *out)
{
	for (size_t i = 0; i < names->n && i < 20; i++)
		sb_addf(out, "%s'%s'", i ? ", " : "", names->v[i]);
	if (names->n > 20)
		sb_adds(out, ", ...");
}

/* Sheet `sheet` (NULL: the first) of the workbook: its part and name. */
static int find_sheet(struct xlsx_book *b, const char *workbook, const char *sheet,
		      struct xlsx_info *info, struct strbuf *err)
{
	struct sheets_walk w;
	memset(&w, 0, sizeof(w));
	XML_Parser p = xlsx_parser();
	XML_SetUserData(p, &w);
	XML_SetStartElementHandler(p, workbook_start);
	int rc = xlsx_parse_entry(b, workbook, p, NULL, NULL, NULL, err);
	XML_ParserFree(p);
	long k = -1;
	if (rc == TILLID_OK) {
		b->date1904 = w.date1904;
		info->date1904 = w.date1904;
		info->n_sheets = w.names.n;
		k = sheet ? sl_find(&w.names, sheet) : (w.names.n ? 0 : -1);
		if (k < 0 && sheet) {
			sb_addf(err, "'%s': sheet '%s' does not exist; the workbook has ", b->name, sheet);
			list_sheets(&w.names, err);
			sb_adds(err, " (sheet = in the wave names one of them)\n");
			rc = TILLID_EDATA;
		} else if (k < 0) {
			sb_addf(err, "'%s': the workbook has no sheet; %s\n", b->name, save_as);
			rc = TILLID_EDATA;
		}
	}
	if (rc == TILLID_OK) {
		free(info->sheet);
		info->sheet = xstrdup(w.names.v[k]);
		static const char *const types[] = { "/sharedStrings", "/styles", NULL };
		char *by_type[2] = { NULL, NULL };
		struct rels_walk r = { b->dir, w.ids.v[k], NULL, types, by_type };
		char *rels = rels_of(b->dir, workbook);
		rc = walk_rels(b, rels, &r, err);
		free(rels);
		b->sheet_part = r.by_id;
		b->strings_part = by_type[0];
		b->styles_part = by_type[1];
		if (rc == TILLID_OK && !b->sheet_part) {
			sb_addf(err, "'%s': the workbook does not say where sheet '%s' is; %s\n", b->name,
				w.names.v[k], save_as);
			rc = TILLID_EDATA;
		}
	}
	sl_release(&w.names);
	sl_release(&w.ids);
	return rc;
}

/* The workbook part, from the package relationships (_rels/.rels). */
static int find_workbook(struct xlsx_book *b, char **workbook, struct strbuf *err)
{
	static const char *const types[] = { "/officeDocument", NULL };
	char *by_type[1] = { NULL };
	struct rels_walk r = { "", NULL, NULL, types, by_type };
	if (zip_name_locate(b->zip, "mimetype", 0) >= 0 &&
	    zip_name_locate(b->zip, "content.xml", 0) >= 0) {
		sb_addf(err, "'%s': an OpenDocument spreadsheet (.ods), which tillid does not read; "
			     "open it in LibreOffice Calc and save it as Excel 2007-365 (.xlsx) or "
			     "Text CSV (UTF-8) (File > Save As)\n", b->name);
		return TILLID_EDATA;
	}
	if (zip_name_locate(b->zip, "_rels/.rels", ZIP_FL_NOCASE) < 0) {
		sb_addf(err, "'%s': a zip archive but not an Excel workbook (it has no _rels/.rels); "
			     "give the .xlsx file itself or a CSV export\n", b->name);
		return TILLID_EDATA;
	}
	int rc = walk_rels(b, "_rels/.rels", &r, err);
	if (rc != TILLID_OK) {
		free(by_type[0]);
		return rc;
	}
	if (!by_type[0]) {
		sb_addf(err, "'%s': a zip archive but not an Excel workbook (no office document in "
			     "_rels/.rels); give the .xlsx file itself or a CSV export\n", b->name);
		return TILLID_EDATA;
	}
	*workbook = by_type[0];
	const char *slash = strrchr(*workbook, '/');
	b->dir = xstrndup(*workbook, slash ? (size_t)(slash - *workbook) + 1 : 0);
	return TILLID_OK;
}

static int open_book(struct xlsx_book *b, const char *path, struct strbuf *err)
{
	int ze = 0;
	b->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (b->zip)
		return TILLID_OK;
	zip_error_t e;
	zip_error_init_with_code(&e, ze);
	if (ze == ZIP_ER_OPEN || ze == ZIP_ER_READ || ze == ZIP_ER_NOENT || ze == ZIP_ER_MEMORY) {
		sb_addf(err, "cannot open '%s': %s\n", b->name, zip_error_strerror(&e));
		zip_error_fini(&e);
		return TILLID_ESYS;
	}
	sb_addf(err, "'%s': not a readable workbook: the zip archive is damaged or cut short (%s); "
		     "copy or download it again, or %s\n", b->name, zip_error_strerror(&e), save_as);
	zip_error_fini(&e);
	return TILLID_EDATA;
}

static void book_release(struct xlsx_book *b)
{
	if (b->zip)
		zip_discard(b->zip);
	free(b->dir);
	free(b->strings_part);
	free(b->styles_part);
	free(b->sheet_part);
	sb_release(&b->text);
	free(b->off);
	free(b->xf_kind);
}

int xlsx_read_file(const char *path, const char *name, const char *sheet,
		   const struct xlsx_limits *limits, csv_record_fn *fn, void *ctx,
		   struct xlsx_info *info, struct strbuf *err)
{
	static const struct xlsx_limits defaults = XLSX_LIMITS_INIT;
	struct xlsx_info scratch;
	xlsx_info_init(&scratch);
	if (!info)
		info = &scratch;
	struct xlsx_book b;
	memset(&b, 0, sizeof(b));
	sb_init(&b.text);
	b.name = name ? name : path;
	b.lim = limits ? *limits : defaults;

	int rc;
	enum xlsx_kind kind = xlsx_sniff(path);
	char *workbook = NULL;
	if (kind == XLSX_OLE) {
		xlsx_ole_message(b.name, err);
		rc = TILLID_EDATA;
	} else if (kind == XLSX_NOT_WORKBOOK && access(path, R_OK) == 0) {
		sb_addf(err, "'%s': not an Excel workbook (.xlsx): it does not start like a zip "
			     "archive; for a CSV file write format = csv\n", b.name);
		rc = TILLID_EDATA;
	} else {
		rc = open_book(&b, path, err);
	}
	if (rc == TILLID_OK)
		rc = find_workbook(&b, &workbook, err);
	if (rc == TILLID_OK)
		rc = find_sheet(&b, workbook, sheet, info, err);
	if (rc == TILLID_OK)
		rc = xlsx_load_strings(&b, err);
	if (rc == TILLID_OK)
		rc = xlsx_load_styles(&b, err);
	info->n_strings = b.n_strings;
	if (rc == TILLID_OK)
		rc = xlsx_read_sheet(&b, info->sheet, fn, ctx, &info->n_rows, err);
	free(workbook);
	book_release(&b);
	xlsx_info_release(&scratch);
	return rc;
}
