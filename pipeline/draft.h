/* draft.h: a first study file written from survey exports (tillid init), for the analyst to edit. */
#ifndef TILLID_DRAFT_H
#define TILLID_DRAFT_H

#include "core/util.h"

#include <stddef.h>

/*
 * draft_build reads each export (one wave each, in the order given) and
 * writes a study file (docs/study-file.md) that study_load accepts:
 *   - SurveyXact (a directory holding dataset.csv, labels.csv and
 *     structure.csv, or the dataset.csv itself): one [item] per closed
 *     single-choice question with its text and labels; identical label
 *     sets share one [answers]; non-substantive labels ("Ved ikke", ...)
 *     become `missing` with their `code.C = missing:J`;
 *   - a plain CSV: one [item] per column with few distinct answers; known
 *     Danish agreement and satisfaction scales and small integer codes
 *     become answer scales; the answers found are listed in comments;
 *   - the group, municipality and unit columns are suggested by header and
 *     question text, SurveyXact's Background questions first (the group
 *     also by content, never an answer scale); the pairing key by its
 *     values, the column whose values recur across the waves, with how many
 *     would pair in a comment;
 *   - columns that look like personal data (by header or content, see
 *     pii.h), free text, response ids, row numbers and dates go to `drop`,
 *     with the reason in a comment.
 * No value of a dropped column, nor of the key column, is ever written; no
 * column is read twice, so study_load accepts the draft as written.
 * Where the analyst must decide, a comment starting "; CHECK:" says what.
 *
 * out gets the text; draft_dir is the directory the draft will be written
 * to, so export paths are written relative to it. Returns TILLID_OK;
 * TILLID_ESYS when an export cannot be found or read; TILLID_EDATA when an
 * export is malformed (not CSV, bad labels); messages are appended to err.
 */
int draft_build(struct strbuf *out, const char *draft_dir, char *const *exports, size_t n,
		struct strbuf *err);

#endif
