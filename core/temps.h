/* temps.h: the temporary files and folders a run owns, removed when SIGINT, SIGTERM or SIGHUP ends it. */
#ifndef TILLID_TEMPS_H
#define TILLID_TEMPS_H

#include <stddef.h>

/* Every writer registers a temporary output the moment it exists and
 * disowns it once it is renamed into place or removed, so that a run
 * interrupted by a signal can remove what it was writing and leave the
 * last good outputs as they were. The table is fixed and lock-free: any
 * thread may register and disown, and the signal handler (which may run in
 * any thread) uses only async-signal-safe calls. */

enum temp_kind {
	TEMP_FILE,  /* removed with unlink */
	TEMP_DIR,   /* a flat folder: its entries unlinked, then rmdir */
	TEMP_ASIDE, /* a last good folder moved aside: put back when its place is empty, else removed */
};

/* The longest path the table holds; a longer one is not registered and is
 * left, when a signal ends the run, to the next run's cleanup. */
#define TEMPS_PATH_MAX 1024

/* Register path (copied) as a temporary of kind. For TEMP_ASIDE, path is
 * where the last good folder is moved and home where it belongs; the entry
 * is registered before the move, so it never goes unprotected. Returns 0,
 * or -1 when the table is full or path too long (nothing is registered:
 * the output is still correct, only a signal would leave it behind). */
int temps_own(const char *path, enum temp_kind kind, const char *home);

/* Forget path (when it was renamed into place or removed). Disowning a
 * path that is not registered does nothing. */
void temps_disown(const char *path);

/* Hold off the signals while a set of outputs is renamed into place, so
 * that a run ends with all of them published or none: a signal caught
 * between temps_defer_begin and the matching temps_defer_end is handled
 * (the run ends) at temps_defer_end. Pairs may nest and come from any
 * thread. Async-signal-safe. */
void temps_defer_begin(void);
void temps_defer_end(void);

/* Remove every registered temporary as the signal handler does and forget
 * them; returns how many entries were handled. For tests and for a
 * command that gives up on all its outputs. Async-signal-safe. */
size_t temps_remove_all(void);

/* Catch SIGINT, SIGTERM and SIGHUP for the rest of the run: remove every
 * registered temporary, print "CMD: interrupted; the last good outputs are
 * left as they were", and die of the same signal (its default action), so
 * the exit status says which signal ended the run. cmd is copied (cut to
 * 64 bytes). Signals that were ignored when the run started (a job started
 * with nohup) stay ignored. */
void temps_catch_signals(const char *cmd);

#endif
