/* dataset.c: the clean dataset in memory (rows, lifecycle, lookups) and its binary file (.tds) read and written. */
#include "dataset_internal.h"
#include "defaults.h"
#include "digest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TDS_FIXED_HEADER 32 /* magic 8, version 4, n_items 4, n_rows 8, meta_len 8 */
#define TDS_ROW_FIXED 24    /* wave 1, reserved 1, group 2, municipality 2, unit 2, key 16 */
#define TDS_CHECKSUM SHA256_LEN /* the file ends with the SHA-256 of every byte before it */

void tds_init(struct tds *d)
{
	memset(d, 0, sizeof(*d));
	d->meta.min_group_size = TILLID_MIN_GROUP_SIZE_DEFAULT;
	d->meta.smallest_change = TILLID_SMALLEST_CHANGE_DEFAULT;
}

void tds_release(struct tds *d)
{
	tds_meta_release(&d->meta);
	free(d->rows);
	free(d->values);
	tds_init(d);
}

void tds_reserve(struct tds *d, size_t n)
{
	size_t k = d->meta.n_items;
	if (n <= d->alloc_rows)
		return;
	d->rows = xrealloc(d->rows, n * sizeof(*d->rows));
	d->values = xrealloc(d->values, n * (k ? k : 1));
	d->alloc_rows = n;
	mem_advise_huge(d->rows, n * sizeof(*d->rows));
	mem_advise_huge(d->values, n * (k ? k : 1));
}

uint8_t *tds_add_row(struct tds *d, const struct tds_row *row)
{
	size_t k = d->meta.n_items;
	if (d->n_rows == d->alloc_rows)
		tds_reserve(d, d->alloc_rows ? d->alloc_rows * 2 : 256);
	d->rows[d->n_rows] = *row;
	uint8_t *v = d->values + d->n_rows * k;
	memset(v, TDS_BLANK, k);
	d->n_rows++;
	return v;
}

int tds_scored(const struct tds *d, size_t item, uint8_t v)
{
	if (!tds_is_point(v))
		return 0;
	const struct tds_item *it = &d->meta.items[item];
	int k = d->meta.answers[it->answers].k;
	if (v > k)
		return 0;
	return it->reverse ? k + 1 - v : v;
}

int tds_key_is_set(const struct tds_row *row)
{
	for (int i = 0; i < 16; i++)
		if (row->key[i])
			return 1;
	return 0;
}

static void put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v & 0xff);
	p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v = 0;
	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

int tds_write(const struct tds *d, const char *path, struct strbuf *err)
{
	struct atomic_file af;
	if (af_open(&af, path, err) != TILLID_OK)
		return TILLID_ESYS;
	tds_write_fp(d, af.fp);
	return af_commit(&af, err);
}

void tds_write_fp(const struct tds *d, FILE *fp)
{
	struct strbuf meta = STRBUF_INIT;
	sb_init(&meta);
	tds_meta_format(&d->meta, &meta);

	uint8_t head[TDS_FIXED_HEADER];
	memcpy(head, TDS_MAGIC, 8);
	put_u32(head + 8, TDS_VERSION);
	put_u32(head + 12, (uint32_t)d->meta.n_items);
	put_u64(head + 16, d->n_rows);
	put_u64(head + 24, meta.len);

	struct sha256_ctx sum;
	sha256_begin(&sum);
	fwrite(head, 1, sizeof(head), fp);
	sha256_update(&sum, head, sizeof(head));
	fwrite(meta.buf, 1, meta.len, fp);
	sha256_update(&sum, meta.buf, meta.len);
	sb_release(&meta);

	size_t k = d->meta.n_items, rec = TDS_ROW_FIXED + k;
	size_t per_chunk = 4096;
	uint8_t *buf = xmalloc(per_chunk * rec);
	for (size_t r0 = 0; r0 < d->n_rows; r0 += per_chunk) {
		size_t n = d->n_rows - r0 < per_chunk ? d->n_rows - r0 : per_chunk;
		for (size_t j = 0; j < n; j++) {
			const struct tds_row *row = &d->rows[r0 + j];
			uint8_t *p = buf + j * rec;
			p[0] = row->wave;
			p[1] = 0;
			put_u16(p + 2, row->group);
			put_u16(p + 4, row->municipality);
			put_u16(p + 6, row->unit);
			memcpy(p + 8, row->key, 16);
			memcpy(p + TDS_ROW_FIXED, d->values + (r0 + j) * k, k);
		}
		fwrite(buf, 1, n * rec, fp);
		sha256_update(&sum, buf, n * rec);
	}
	free(buf);
	uint8_t md[SHA256_LEN];
	sha256_end(&sum, md);
	fwrite(md, 1, sizeof(md), fp);
}

/* ---- reading ---- */

/* The n_rows rows after the metadata (d->meta read already). The rows must
 * fill the file up to its checksum exactly (left bytes), so a damaged count
 * is refused before anything is allocated. */
static int read_rows(struct tds *d, FILE *fp, uint64_t n_rows, uint64_t left, const char *path,
		     struct strbuf *err)
{
	size_t n_items = d->meta.n_items, rec = TDS_ROW_FIXED + n_items;
	if (n_rows > left / rec) {
		sb_addf(err, "'%s' is truncated: %llu of %llu rows present", path, (unsigned long long)(left / rec),
			(unsigned long long)n_rows);
		return TILLID_EDATA;
	}
	if (n_rows * rec != left) {
		sb_addf(err, "'%s' has trailing bytes after its %llu rows; the file is damaged", path,
			(unsigned long long)n_rows);
		return TILLID_EDATA;
	}
	d->rows = xmalloc_big((size_t)n_rows * sizeof(*d->rows));
	d->values = xmalloc_big((size_t)n_rows * (n_items ? n_items : 1));
	d->alloc_rows = (size_t)n_rows;
	size_t per_chunk = 4096;
	uint8_t *buf = xmalloc(per_chunk * rec);
	int rc = TILLID_OK;
	for (uint64_t r0 = 0; r0 < n_rows && rc == TILLID_OK; r0 += per_chunk) {
		size_t n = (size_t)(n_rows - r0 < per_chunk ? n_rows - r0 : per_chunk);
		if (fread(buf, 1, n * rec, fp) != n * rec) {
			sb_addf(err, "'%s' is truncated: %llu of %llu rows present", path,
				(unsigned long long)r0, (unsigned long long)n_rows);
			rc = TILLID_EDATA;
			break;
		}
		for (size_t j = 0; j < n; j++) {
			const uint8_t *p = buf + j * rec;
			struct tds_row *row = &d->rows[r0 + j];
			row->wave = p[0];
			row->group = get_u16(p + 2);
			row->municipality = get_u16(p + 4);
			row->unit = get_u16(p + 6);
			memcpy(row->key, p + 8, 16);
			if (row->wave >= d->meta.n_waves ||
			    (row->group != TDS_NONE && row->group >= d->meta.n_groups) ||
			    (row->municipality != TDS_NONE && row->municipality >= d->meta.n_municipalities) ||
			    (row->unit != TDS_NONE && row->unit >= d->meta.n_units)) {
				sb_addf(err, "'%s': row %llu refers to an unknown wave, group, municipality or unit; the file is damaged",
					path, (unsigned long long)(r0 + j + 1));
				rc = TILLID_EDATA;
				break;
			}
			memcpy(d->values + (r0 + j) * n_items, p + TDS_ROW_FIXED, n_items);
		}
		d->n_rows += n;
	}
	free(buf);
	return rc;
}

/* The first pass over the file: the SHA-256 of its size - TDS_CHECKSUM
 * first bytes must be its last TDS_CHECKSUM bytes, so damage anywhere is
 * found before anything is interpreted; d->sha256 gets the digest of the
 * whole file (what `sha256sum` prints). Leaves fp at the start. */
static int verify_checksum(struct tds *d, FILE *fp, uint64_t size, const char *path, struct strbuf *err)
{
	if (size < TDS_FIXED_HEADER + TDS_CHECKSUM) {
		sb_addf(err, "'%s' is truncated (%llu bytes); run 'tillid ingest' again", path,
			(unsigned long long)size);
		return TILLID_EDATA;
	}
	struct sha256_ctx sum;
	sha256_begin(&sum);
	uint8_t *buf = xmalloc(1 << 16);
	uint64_t left = size - TDS_CHECKSUM;
	while (left) {
		size_t n = left < (1 << 16) ? (size_t)left : (1 << 16);
		if (fread(buf, 1, n, fp) != n)
			break;
		sha256_update(&sum, buf, n);
		left -= n;
	}
	uint8_t want[TDS_CHECKSUM], got[SHA256_LEN];
	int ok = !left && fread(want, 1, sizeof(want), fp) == sizeof(want) && fgetc(fp) == EOF;
	sha256_peek(&sum, got);
	sha256_update(&sum, want, sizeof(want));
	sha256_end(&sum, buf);
	sha256_to_hex(buf, d->sha256);
	free(buf);
	if (!ok) {
		sb_addf(err, "cannot read '%s' to its end: %s", path, ferror(fp) ? strerror(errno) : "it changed size");
		return TILLID_ESYS;
	}
	if (memcmp(want, got, sizeof(got)) != 0) {
		sb_addf(err, "'%s' is damaged: its checksum does not match its contents; "
			     "run 'tillid ingest' again to write it afresh", path);
		return TILLID_EDATA;
	}
	rewind(fp);
	return TILLID_OK;
}

static int read_common(struct tds *d, const char *path, int with_rows, struct strbuf *err)
{
	tds_init(d);
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		sb_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return TILLID_ESYS;
	}
	uint8_t head[TDS_FIXED_HEADER];
	int rc = TILLID_EDATA;
	char *meta = NULL;
	struct stat st;
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		sb_addf(err, "'%s' is not a tillid clean dataset (not a regular file)", path);
		goto out;
	}
	uint64_t size = (uint64_t)st.st_size;
	if (fread(head, 1, sizeof(head), fp) != sizeof(head) || memcmp(head, TDS_MAGIC, 8) != 0) {
		sb_addf(err, "'%s' is not a tillid clean dataset (run 'tillid ingest' to make one)", path);
		goto out;
	}
	if (get_u32(head + 8) != TDS_VERSION) {
		sb_addf(err, "'%s' has dataset format version %u; this tillid reads version %d "
			     "(run 'tillid ingest' again to write it)",
			path, get_u32(head + 8), TDS_VERSION);
		goto out;
	}
	rewind(fp);
	if ((rc = verify_checksum(d, fp, size, path, err)) != TILLID_OK)
		goto out;
	rc = TILLID_EDATA;
	size -= TDS_CHECKSUM;
	if (fread(head, 1, sizeof(head), fp) != sizeof(head))
		goto out;
	uint32_t n_items = get_u32(head + 12);
	uint64_t n_rows = get_u64(head + 16), meta_len = get_u64(head + 24);
	if (meta_len > size - TDS_FIXED_HEADER) {
		sb_addf(err, "'%s' is truncated in its metadata block", path);
		goto out;
	}
	if (meta_len > ((uint64_t)1 << 30)) {
		sb_addf(err, "'%s': metadata block of %llu bytes is implausible; the file is damaged",
			path, (unsigned long long)meta_len);
		goto out;
	}
	meta = xmalloc(meta_len + 1);
	if (fread(meta, 1, meta_len, fp) != meta_len) {
		sb_addf(err, "'%s' is truncated in its metadata block", path);
		goto out;
	}
	meta[meta_len] = '\0';
	if (tds_meta_parse(&d->meta, meta, path, err) != TILLID_OK)
		goto out;
	if (d->meta.n_items != n_items) {
		sb_addf(err, "'%s': header says %u items, metadata lists %zu", path, n_items,
			d->meta.n_items);
		goto out;
	}
	rc = with_rows ? read_rows(d, fp, n_rows, size - TDS_FIXED_HEADER - meta_len, path, err) : TILLID_OK;
out:
	free(meta);
	fclose(fp);
	if (rc != TILLID_OK)
		tds_release(d);
	return rc;
}

int tds_read(struct tds *d, const char *path, struct strbuf *err)
{
	return read_common(d, path, 1, err);
}

int tds_read_meta(struct tds *d, const char *path, struct strbuf *err)
{
	return read_common(d, path, 0, err);
}

static long find_by(const void *base, size_t n, size_t stride, size_t off, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = *(char *const *)((const char *)base + i * stride + off);
		if (s && !strcmp(s, key))
			return (long)i;
	}
	return -1;
}

long tds_find_item(const struct tds_meta *m, const char *id)
{
	return find_by(m->items, m->n_items, sizeof(*m->items), offsetof(struct tds_item, id), id);
}

long tds_find_wave(const struct tds_meta *m, const char *id)
{
	return find_by(m->waves, m->n_waves, sizeof(*m->waves), offsetof(struct tds_wave, id), id);
}

long tds_find_municipality(const struct tds_meta *m, const char *name)
{
	return find_by(m->municipalities, m->n_municipalities, sizeof(char *), 0, name);
}
