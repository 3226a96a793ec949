/* surveyxact.h: the labels.csv and structure.csv of a SurveyXact export (dataset.csv is read with csvread). */
#ifndef TILLID_SURVEYXACT_H
#define TILLID_SURVEYXACT_H

#include "core/csvread.h"
#include "core/util.h"

#include <stddef.h>
#include <stdint.h>

/*
 * A SurveyXact export is three files:
 *   dataset.csv    header of variable names, one row per respondent, numeric
 *                  codes ("4" or "4.0"), blank = not answered; read it with
 *                  csv_read_file like any CSV;
 *   labels.csv     no header; rows variable;code;label, codes in any order
 *                  ("Ved ikke" is just another code);
 *   structure.csv  header questionName;variableName;questionType;subType;
 *                  questionText;choiceValue;choiceText, often with an empty
 *                  trailing column; one row per variable (and per choice of
 *                  a multiple-choice question).
 * All three come in the same encoding and delimiter; each file is detected
 * on its own unless forced in the options.
 *
 * Codes are compared after normalisation (sx_code_normalize): "4", "4.0",
 * " 4 " and "04" are the same code. Label and question texts are trimmed.
 */

struct sx_label {
	char *code;   /* normalised */
	char *label;  /* trimmed */
	uint64_t line; /* line in labels.csv */
};

struct sx_choice {
	char *value;  /* choiceValue, normalised like a code */
	char *text;   /* choiceText, trimmed */
};

struct sx_variable {
	char *name;
	struct sx_label *labels; /* in file order */
	size_t n_labels, alloc_labels;
	/* From structure.csv (NULL strings, line 0 when the variable is not there). */
	char *question_name;
	char *question_type; /* "Closed", "Open", "Multiple", ... as exported */
	char *subtype;
	char *question_text; /* trimmed */
	int background;      /* a Background question (sx_is_background_text), not a
				question of the survey: group, municipality, unit, key */
	struct sx_choice *choices; /* choiceValue/choiceText rows, in file order */
	size_t n_choices, alloc_choices;
	uint64_t structure_line; /* first line of the variable in structure.csv */
};

struct surveyxact {
	struct sx_variable *vars; /* in order of first appearance: labels, then structure */
	size_t n_vars, alloc_vars;
	size_t *order;            /* indexes of vars sorted by name, for lookups */
	uint64_t n_label_rows;    /* data rows of labels.csv */
	uint64_t n_structure_rows; /* data rows of structure.csv (header excluded) */
	struct csv_info labels_info;
	struct csv_info structure_info;
};

void sx_init(struct surveyxact *sx);
void sx_release(struct surveyxact *sx);

/* Load labels.csv and structure.csv (either path may be NULL to skip that
 * file) with the given encoding/delimiter options (no_header is ignored:
 * labels has no header, structure has one). Returns TILLID_OK,
 * TILLID_ESYS when a file cannot be read, or TILLID_EDATA with messages in
 * err for malformed CSV, invalid bytes (unless opt->replace_invalid), a
 * labels row with fewer than three fields (or more, unless the extra ones
 * are empty), a row whose variable or code is blank, the same code twice
 * for one variable with different labels (the same label twice is
 * accepted), an empty structure file, or a structure header without
 * variableName and questionText columns. Structure rows with a blank
 * variableName (headings, text elements) are counted and skipped. On
 * failure sx holds what was loaded so far; sx_release it either way. */
int sx_load(struct surveyxact *sx, const char *labels_path, const char *structure_path,
	    const struct csv_options *opt, struct strbuf *err);

/* Does a structure.csv row describe a Background question: one that
 * SurveyXact fills from the respondent list (group, municipality, a
 * pseudonym, contact details) rather than one the respondent answers? Its
 * questionType is "Background", or its questionText starts with the
 * heading SurveyXact gives them, followed by " - " (Danish
 * "Baggrundsoplysninger", "Baggrundsvariable", "Kontaktoplysninger";
 * Norwegian "Bakgrunnsopplysninger", "Kontaktopplysninger"; Swedish
 * "Bakgrundsuppgifter", "Kontaktuppgifter"; English "Background
 * information", "Background variables", "Contact information"; any case). */
int sx_is_background(const char *question_type, const char *question_text);

/* The variable called name, or NULL. */
const struct sx_variable *sx_variable(const struct surveyxact *sx, const char *name);

/* The label of code (any spelling, normalised here) for variable, or NULL
 * when the variable or the code has no label. */
const char *sx_label(const struct surveyxact *sx, const char *variable, const char *code);

/* Normalise a code into out (size outsz, at least 2): trim ASCII space; an
 * integer written with optional sign, leading zeros and a fractional part
 * of zeros ("4.0", "04", "+4", "4.") becomes its plain decimal form ("4",
 * "-0" becomes "0"); anything else is kept trimmed as it is. Returns the
 * length written, or (size_t)-1 when it does not fit (out is then ""). */
size_t sx_code_normalize(const char *code, char *out, size_t outsz);

#endif
