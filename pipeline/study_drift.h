/* study_drift.h: what a study file says now that the clean dataset ingest wrote from it does not. */
#ifndef TILLID_STUDY_DRIFT_H
#define TILLID_STUDY_DRIFT_H

#include "core/dataset.h"
#include "core/util.h"
#include "study.h"

/* Compare what study s (as loaded now) would put into a dataset's
 * metadata with m, the metadata of the clean.tds ingest wrote: the study's
 * name, min_group_size, smallest_change, waves, groups, answers, scales and
 * items (an item's text only where the study file gives one; the others
 * come from the export). Appends one line per difference to what, named
 * as the study file names it ("[scale tillid] label"), and returns how
 * many. [report], [checks] and column names are not compared: the report
 * reads [report] as it is, and the others only change which rows ingest
 * keeps. */
size_t study_drift(const struct study *s, const struct tds_meta *m, struct strlist *what);

#endif
