/* bigmem.c: large allocations backed by huge pages where the system offers them. */
/* madvise and MADV_HUGEPAGE are Linux's, not POSIX's */
#define _DEFAULT_SOURCE
#include "bigmem.h"
#include "util.h"

#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

void *xmalloc_big(size_t n)
{
	void *p = xmalloc(n);
#ifdef MADV_HUGEPAGE
	/* Ask for huge pages on the whole 2 MB pages inside the block before
	 * it is touched: one fault and one clear per 2 MB instead of per
	 * 4 KB. Only advice: without it (or where it fails) nothing changes. */
	uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t hi = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);
	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#endif
	return p;
}
