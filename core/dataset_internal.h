/* dataset_internal.h: what the clean dataset's files share inside core/: the metadata block as text. */
#ifndef TILLID_DATASET_INTERNAL_H
#define TILLID_DATASET_INTERNAL_H

#include "dataset.h"

/* Append m as the metadata block (docs/dataset-format.md) to sb. */
void tds_meta_format(const struct tds_meta *m, struct strbuf *sb);

/* Fill m (tds_init'ed) from the metadata block text, which is split and
 * unescaped in place. Returns TILLID_OK, or TILLID_EDATA with a message
 * naming path when a record is malformed, out of order or missing; m then
 * holds what was read so far and is the caller's to release. */
int tds_meta_parse(struct tds_meta *m, char *text, const char *path, struct strbuf *err);

#endif
