/* bigmem.h: large allocations backed by huge pages where the system offers them. */
#ifndef TILLID_BIGMEM_H
#define TILLID_BIGMEM_H

#include <stddef.h>

/* Like xmalloc (never NULL; free with free), for blocks of megabytes that
 * are filled soon after: asks the kernel to back them with huge pages,
 * which makes their first touch cheaper. */
void *xmalloc_big(size_t n);

#endif
