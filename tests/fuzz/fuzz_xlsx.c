/* fuzz_xlsx.c: a libFuzzer harness for the workbook reader: any bytes as a workbook, read whole. */
#include "pipeline/xlsx.h"

#include <zip.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The first byte chooses what the rest is: 0 a whole file (the archive and
 * all), 1 the sheet's XML, 2 the shared strings, 3 the styles, each put
 * into an otherwise good workbook (a zip archive's checksums would stop
 * most changed bytes before the XML parser sees them).
 *
 * Build and run (clang; not part of make check):
 *   make fuzz-xlsx
 *   ./build-fuzz/fuzz_xlsx -max_total_time=300 -artifact_prefix=build-fuzz/ build-fuzz/corpus tests/fixtures/xlsx
 * libzip reads from a file, so each input is written to one scratch file.
 * Every record is walked, so that a field or length out of place is seen by
 * AddressSanitizer; the reader must return a status and never crash,
 * hang or leak, whatever the bytes.
 */

static int walk(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	size_t *total = ctx;
	(void)err;
	for (size_t i = 0; i < rec->n; i++)
		*total += strlen(rec->field[i]) == rec->len[i] ? rec->len[i] : (abort(), 0);
	return TILLID_OK;
}

static const char *const part_name[] = {
	"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
	"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"
};
static const char *const part_text[] = {
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"Ark1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/styles\" Target=\"styles.xml\"/></Relationships>",
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>b</t></is>"
	"</c></row><row r=\"3\"><c r=\"A3\" s=\"1\"><v>44256.5</v></c><c r=\"B3\"><v>4.0</v></c>"
	"</row></sheetData><mergeCells><mergeCell ref=\"A1:B2\"/></mergeCells></worksheet>",
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>a_x000D_</t>"
	"</si><si><r><t>x</t></r><r><t>y</t></r></si></sst>",
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts>"
	"<numFmt numFmtId=\"164\" formatCode=\"dd-mm-yyyy hh:mm\"/></numFmts><cellXfs>"
	"<xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>"
};

/* A good workbook at path with part 4 + k - 1 (k = 1, 2, 3) replaced by data. */
static int write_book(const char *path, int k, const uint8_t *data, size_t size)
{
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
	if (!z)
		return -1;
	for (int i = 0; i < 7; i++) {
		int mine = i == 3 + k;
		zip_source_t *src = zip_source_buffer(z, mine ? (const void *)data : part_text[i],
						      mine ? size : strlen(part_text[i]), 0);
		if (!src || zip_file_add(z, part_name[i], src, ZIP_FL_OVERWRITE) < 0) {
			zip_source_free(src);
			zip_discard(z);
			return -1;
		}
	}
	return zip_close(z) == 0 ? 0 : (zip_discard(z), -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/fuzz-xlsx-%ld.xlsx", (long)getpid());
	int mode = size ? data[0] % 4 : 0;
	if (size) {
		data++;
		size--;
	}
	if (mode) {
		if (write_book(path, mode, data, size) != 0)
			return 0;
	} else {
		FILE *fp = fopen(path, "wb");
		if (!fp)
			return 0;
		fwrite(data, 1, size, fp);
		fclose(fp);
	}
	/* Small limits, so that a declared size cannot make one input slow. */
	struct xlsx_limits lim = XLSX_LIMITS_INIT;
	lim.part = lim.strings = lim.sheet = 8u << 20;
	lim.ratio_floor = 1u << 20;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	struct xlsx_info info;
	xlsx_info_init(&info);
	size_t total = 0;
	int rc = xlsx_read_file(path, "fuzz.xlsx", NULL, &lim, walk, &total, &info, &err);
	if (rc != TILLID_OK && rc != TILLID_EDATA && rc != TILLID_ESYS)
		abort();
	if (rc != TILLID_OK && !err.len)
		abort(); /* every failure says why */
	xlsx_info_release(&info);
	sb_release(&err);
	return 0;
}
