/* dataset.h: the clean dataset (.tds): what ingest writes and stats and plots read. */

/*
 * The data flows one way: ingest -> clean.tds -> stats -> results.csv -> plots.
 * A struct tds owns every string and array it points to; tds_release frees
 * them all. The file format is documented in docs/dataset-format.md.
 */
#ifndef TILLID_DATASET_H
#define TILLID_DATASET_H

#include "csvwrite.h"
#include "util.h"

#include <stddef.h>
#include <stdint.h>

#define TDS_MAGIC "TILLIDDS"
#define TDS_VERSION 2

/* Item values, one byte per respondent and item. */
#define TDS_BLANK 0           /* not answered, not shown */
#define TDS_MAX_POINTS 99     /* scale points are 1..k, k <= TDS_MAX_POINTS */
#define TDS_MAX_VALUE 100     /* declared values of points lie in 0..TDS_MAX_VALUE */
#define TDS_NONSUBST_BASE 100 /* 100 + j (j = 1, 2, ...): the j-th non-substantive
                                 answer of the item's answer scale, e.g. "Ved ikke" */
#define TDS_REJECTED 255      /* a value dropped at ingest by a skip rule */
#define TDS_NONE 0xFFFF       /* group, municipality or unit not given */

/* Is v a scale point (1..k)? Everything else counts as missing in statistics. */
static inline int tds_is_point(uint8_t v)
{
	return v >= 1 && v <= TDS_MAX_POINTS;
}

struct tds_wave {
	char *id;       /* "foer" */
	char *label_da; /* "Førmåling" */
	char *label_en; /* "Baseline" */
	char *start;    /* field period, ISO dates; "" when unknown */
	char *end;
};

struct tds_group {
	char *id; /* "borger" */
	char *label_da;
	char *label_en;
};

struct tds_unit {
	char *name;
	uint16_t municipality; /* index into meta.municipalities */
};

/* An answer scale: k points plus the non-substantive answers. */
struct tds_answers {
	char *id;
	int k;
	int shift;       /* point v (1..k) has the value v + shift: 0 for a scale
	                    scored 1..k, -1 for one declared values = 0..10 */
	char **point_da; /* [k], point v is at [v-1]; "" when the study file gives
	                    no label (points between the ends of a scale with values) */
	char **point_en;
	int n_nonsubst;
	char **nonsubst_da; /* [n_nonsubst], answer j at [j-1] */
	char **nonsubst_en;
};

struct tds_scale {
	char *id;
	char *label_da;
	char *label_en;
};

struct tds_item {
	char *id;
	char *text_da;
	char *text_en;
	int scale;   /* index into meta.scales, -1 for an item outside every scale */
	int answers; /* index into meta.answers */
	int reverse; /* 1: negatively worded; scored as k + 1 - v in scale scores */
	int nps;     /* 1: the study file asks for its Net Promoter Score (answers on 0..10) */
};

/* Number invited, for response rates. group or municipality TDS_NONE = all. */
struct tds_invited {
	uint8_t wave;
	uint16_t group;
	uint16_t municipality;
	uint64_t n;
};

/* One input file of one wave, for the manifest. */
struct tds_source {
	uint8_t wave;
	char *role;      /* "dataset", "labels", "structure" or "csv" */
	char *path;      /* as written in the study file */
	char *sha256;    /* 64 lower-case hex digits */
	uint64_t bytes;
	char *encoding;  /* "utf-8", "windows-1252", "utf-16le", "utf-16be" */
	char *delimiter; /* "semicolon", "comma", "tab" */
	uint64_t rows_read;
	uint64_t rows_kept;
	uint64_t rows_rejected;
};

/* The answers of one item in one wave that were read through the item's
 * [answers] codes because the SurveyXact variable had no labels
 * ([checks] unlabelled = warn): the report says so. */
struct tds_unlabelled {
	uint8_t wave;
	size_t item;  /* index into meta.items */
	uint64_t n;   /* answers read so (blank and dropped values not counted) */
};

struct tds_meta {
	char *study_name;
	char *study_file;   /* path of the study file as given on the command line */
	char *study_sha256;
	char *data_date;    /* ISO date the data describes; "" when unknown */
	char *tillid_version;
	int min_group_size;
	int smallest_change; /* the smallest change that matters, in thousandths of an answer point */

	struct tds_wave *waves;
	size_t n_waves;
	struct tds_group *groups;
	size_t n_groups;
	char **municipalities;
	size_t n_municipalities;
	struct tds_unit *units;
	size_t n_units;
	struct tds_answers *answers;
	size_t n_answers;
	struct tds_scale *scales;
	size_t n_scales;
	struct tds_item *items;
	size_t n_items;
	struct tds_invited *invited;
	size_t n_invited;
	struct tds_source *sources;
	size_t n_sources;
	struct tds_unlabelled *unlabelled;
	size_t n_unlabelled;
};

/* One respondent in one wave. key is a keyed hash of the pairing key
 * (HMAC-SHA-256, first 16 bytes); all zero when the respondent has no key
 * and so cannot be paired. */
struct tds_row {
	uint8_t wave;
	uint16_t group;
	uint16_t municipality;
	uint16_t unit;
	uint8_t key[16];
};

struct tds {
	struct tds_meta meta;
	char sha256[65];  /* of the whole file read (lower-case hex), "" when built in memory */
	size_t n_rows;
	size_t alloc_rows;
	struct tds_row *rows;
	uint8_t *values; /* n_rows * meta.n_items, row-major: values[r * n_items + i] */
};

void tds_init(struct tds *d);
void tds_release(struct tds *d);
/* Free every string and array of m and reset it (for metadata built or read
 * apart from a dataset). */
void tds_meta_release(struct tds_meta *m);

/* Append a row; returns a pointer to its n_items values (set to TDS_BLANK),
 * valid until the next tds_add_row. */
uint8_t *tds_add_row(struct tds *d, const struct tds_row *row);
/* Room for n rows in all (meta.n_items set), so that adding rows up to n
 * moves nothing; never shrinks. Pages not written to cost no memory. */
void tds_reserve(struct tds *d, size_t n);

static inline uint8_t tds_value(const struct tds *d, size_t row, size_t item)
{
	return d->values[row * d->meta.n_items + item];
}

/* The value of point v of answer scale a: v + a->shift (1..k unless the
 * study file declares the scale's values). */
static inline int tds_point_value(const struct tds_answers *a, int v)
{
	return v + a->shift;
}

/* The value that enters scale scores: k + 1 - v for reverse-coded items,
 * v otherwise; 0 when v is not a scale point. */
int tds_scored(const struct tds *d, size_t item, uint8_t v);
int tds_key_is_set(const struct tds_row *row);

/* Write d to path atomically (temporary file, then rename). */
int tds_write(const struct tds *d, const char *path, struct strbuf *err);
/* Write d in the same format to fp, for a caller that stages the file
 * itself and names the final file when a write fails (ingest's outputs,
 * pipeline/ingest_output.c); a failed write shows as ferror(fp), with the
 * reason in errno. */
void tds_write_fp(const struct tds *d, FILE *fp);
/* Read a whole dataset, after checking the file's checksum (a damaged file
 * is TILLID_EDATA with a message that says to ingest again); d->sha256 is
 * the SHA-256 of the whole file. On failure *d is released and err says
 * why: TILLID_ESYS when the file cannot be read, TILLID_EDATA when it is
 * no dataset of this version or is damaged. */
int tds_read(struct tds *d, const char *path, struct strbuf *err);
/* Read only the metadata (for stages that need labels, not respondents);
 * the whole file's checksum is checked and d->sha256 set as by tds_read. */
int tds_read_meta(struct tds *d, const char *path, struct strbuf *err);

/* Write the tidy wide CSV export (one row per respondent and wave; item
 * columns hold scale points as answered, blank for missing, and the
 * non-substantive answer's Danish label for "Ved ikke" and the like). */
int tds_write_csv(const struct tds *d, const char *path, struct strbuf *err);
/* The same in a CSV dialect (core/csvwrite.h): CSV_EXCEL for Danish Excel. */
int tds_write_csv_dialect(const struct tds *d, const char *path, enum csv_dialect dialect, struct strbuf *err);
/* The same written to fp, as tds_write_fp. */
void tds_write_csv_fp(const struct tds *d, enum csv_dialect dialect, FILE *fp);

/* Lookup helpers: index or -1. */
long tds_find_item(const struct tds_meta *m, const char *id);
long tds_find_wave(const struct tds_meta *m, const char *id);
long tds_find_municipality(const struct tds_meta *m, const char *name);

#endif
