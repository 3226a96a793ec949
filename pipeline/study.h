/* study.h: the study file: which exports to read and what their columns mean. */

/*
 * The format (INI, parsed with libinih) is documented in docs/study-file.md.
 * A struct study owns all its strings; study_release frees them.
 */
#ifndef TILLID_STUDY_H
#define TILLID_STUDY_H

#include "core/report_spec.h"
#include "core/util.h"

#include <stdint.h>

/* Kinds of data problem the analyst may allow to be skipped ([checks] skip =). */
enum problem_kind {
	PROBLEM_UNKNOWN_ANSWER, /* value not among the labels / answer scale: value dropped */
	PROBLEM_OUT_OF_RANGE,   /* numeric code outside the scale: value dropped */
	PROBLEM_RAGGED_ROW,     /* row with a different number of fields: row dropped */
	PROBLEM_DUPLICATE_KEY,  /* pairing key seen before in the wave: later row dropped */
	PROBLEM_UNKNOWN_GROUP,  /* group value not declared, or blank: row dropped */
	PROBLEM_MISSING_COLUMN, /* declared column absent from a wave: all its values missing */
	PROBLEM_BAD_ENCODING,   /* bytes invalid in the file's encoding: replaced, counted */
	PROBLEM_EMPTY_WAVE,     /* a wave with no respondents */
	PROBLEM_KIND_COUNT
};
/* Stable names used in the study file and the ingest report ("unknown_answer", ...).
 * problem_kind_name returns a static string and aborts for a k out of range
 * (a bug); problem_kind_from_name returns the kind, or -1 if unknown. */
const char *problem_kind_name(enum problem_kind k);
int problem_kind_from_name(const char *name);

enum export_format { FORMAT_CSV, FORMAT_SURVEYXACT, FORMAT_XLSX };

/* A column reference for one wave: the header name in that wave's export. */
struct study_wave {
	char *id;
	char *label_da;
	char *label_en;
	char *start, *end; /* field period, "" if not given */
	enum export_format format;
	/* Paths resolved relative to the study file's directory. */
	char *file;        /* FORMAT_CSV and FORMAT_XLSX */
	char *sheet;       /* FORMAT_XLSX: the sheet to read, NULL for the first */
	char *dataset;     /* FORMAT_SURVEYXACT */
	char *labels;
	char *structure;
	char *encoding;    /* "auto" or a forced encoding name */
	char *delimiter;   /* "auto", "semicolon", "comma", "tab" */
	/* Per-wave column overrides: names[i] is an item id or one of "group",
	 * "municipality", "unit", "key"; headers[i] the column in this wave. */
	struct strlist override_names;
	struct strlist override_headers;
	int *override_line; /* the study-file line of each override */
	int line; /* line of the [wave ...] header in the study file */
	int path_line[4]; /* the lines of file, dataset, labels and structure (0: not given) */
};

struct study_group {
	char *id;
	char *label_da;
	char *label_en;
	struct strlist values; /* codes or label texts that mean this group */
	int line;
};

struct study_answers {
	char *id;
	int k;
	int shift;       /* point v has the value v + shift: 0 (values 1..k) unless
	                    values = LOW-HIGH declares them (shift LOW - 1) */
	char **point_da; /* [k] */
	char **point_en; /* [k], "" when not given */
	/* Parallel lists: also_point[i] goes with also_text.v[i], nonsubst_en
	 * with nonsubst_da ("" when not given), code_value with code_text. */
	struct strlist also_text;  /* extra spellings ... */
	int *also_point;           /* ... and the point each means */
	struct strlist nonsubst_da; /* "Ved ikke", "Ønsker ikke at svare" */
	struct strlist nonsubst_en;
	/* Numeric codes for exports that hold codes (plain CSV): code -> point,
	 * or -j for the j-th non-substantive answer. Default: 1..k -> 1..k.
	 * Codes are plain decimal ("6", "-1"). The list is complete: study_load
	 * fills in the default unless code.C lines map codes to points. */
	struct strlist code_text;
	int *code_value;
	int line;
};

struct study_scale {
	char *id;
	char *label_da;
	char *label_en;
	int line;
};

struct study_item {
	char *id;
	char *column; /* default header name in every wave */
	char *text_da;
	char *text_en;
	int scale;   /* index into study.scales, -1 if none */
	int answers; /* index into study.answers */
	int reverse;
	int nps;     /* the line of nps = yes (the Net Promoter Score of a 0-10 item), 0 for no */
	int findings; /* the line of findings = yes (sentences of its own in the report's
			 key findings), 0 for no */
	int line;
	int column_line; /* the line of its column = (0: none; the id is the column) */
};

struct study_invited {
	int wave;         /* index */
	int group;        /* index or -1 for all */
	char *municipality; /* NULL for all */
	uint64_t n;
	int line;
};

/* The roles a column can have besides item: group, municipality, unit, key. */
#define STUDY_N_ROLES 4

/* The largest study file read: 1 MiB is thousands of items; anything
 * larger (a device, an export given by mistake) is refused unread. */
#define STUDY_FILE_MAX ((uint64_t)1 << 20)
/* [study] max_file_mb: the largest export file ingest reads, in MiB (a
 * million respondents with a hundred answers fit in 1 GiB). */
#define STUDY_MAX_FILE_MB_DEFAULT 1024
#define STUDY_MAX_FILE_MB_MAX 1048576

struct study {
	char *path;     /* the study file as given */
	char *dir;      /* its directory, for resolving relative paths */
	char *name;
	char *output;   /* output directory, resolved; NULL = default */
	char *key_file; /* pseudonym key, resolved */
	char *data_date;
	int min_group_size;
	uint64_t max_file_mb; /* the largest export read, in MiB */
	int smallest_change; /* thousandths of an answer point */
	/* Columns, by their default header names. */
	char *col_group, *col_municipality, *col_unit, *col_key;
	unsigned key_normalize;            /* [columns] key_normalize: enum pii_key_norm bits
					      of pii.h; default PII_KEY_LOWER_EMAIL */
	struct strlist drop;               /* columns to drop (never read) */
	struct strlist municipalities;     /* optional list of valid municipalities */
	unsigned skip[PROBLEM_KIND_COUNT]; /* 1: this kind of problem is skipped */
	int unlabelled_warn; /* [checks] unlabelled = warn: an item's SurveyXact variable
				without labels is read through its [answers] codes, with a
				warning, instead of being an error */
	int col_line[STUDY_N_ROLES];       /* the [columns] lines of group, municipality,
					      unit, key (0: not given) */

	struct study_wave *waves;
	size_t n_waves;
	struct study_group *groups;
	size_t n_groups;
	struct study_answers *answers;
	size_t n_answers;
	struct study_scale *scales;
	size_t n_scales;
	struct study_item *items;
	size_t n_items;
	struct study_invited *invited;
	size_t n_invited;
	/* [report]: what the report shows; its findings list the items
	   with findings = yes, in study-file order */
	struct report_spec report;
};

/* An empty study: no waves, min_group_size TILLID_MIN_GROUP_SIZE_DEFAULT.
 * Owns nothing yet. */
void study_init(struct study *s);
/* Free everything s owns and leave it as study_init does. */
void study_release(struct study *s);

/* Parse and validate the study file at path. On failure returns TILLID_EDATA
 * (TILLID_ESYS if the file cannot be read) and err holds one line per
 * mistake, each "'path':LINE: what is wrong and how to fix it". On failure
 * s is left empty; study_release(s) is safe either way. The exports named
 * by the file are not opened here (ingest does that). */
int study_load(struct study *s, const char *path, struct strbuf *err);

/* The roles a column has beside items: the [columns] keys (and column.NAME
 * overrides) "group", "municipality", "unit", "key", in this order, the
 * order of col_group, col_municipality, col_unit and col_key. */
extern const char *const study_role_names[STUDY_N_ROLES];
/* Is name one of study_role_names? */
int study_is_role_name(const char *name);
/* Is s an id as the study file takes it (sections, items): ASCII letters,
 * digits, '_' and '-', at least one? */
int study_valid_id(const char *s);

/* The header of column `name` (item id, "group", "municipality", "unit" or
 * "key") in wave w, after per-wave overrides; NULL when not declared. The
 * string belongs to s. */
const char *study_column(const struct study *s, size_t w, const char *name);

/* The output directory: [study] output, else "out-<study file base name>"
 * beside the study file (sample-data/fremfaerd.ini: sample-data/out-fremfaerd);
 * the caller frees it. */
char *study_output_dir(const struct study *s);

/* A path of the study (an export) as the study file writes it: path
 * without the study file's folder; points into path. */
const char *study_relative(const struct study *s, const char *path);

/* The study-file line that names the column of `name` (an item id or a
 * role, as study_column) for wave w: the wave's override, else the item's
 * column = line (its [item] line when it has none) or the [columns] line;
 * 0 when none does. */
int study_column_line(const struct study *s, size_t w, const char *name);

#endif
