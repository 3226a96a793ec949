/* temps.c: the table of temporary outputs a run owns and the signal handler that removes them. */
/* getdents64 */
#define _GNU_SOURCE
#include "temps.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A slot's life: FREE → FILLING (its registering thread writes the path)
 * → OWNED → FREE again when disowned. The handler turns every slot into
 * CLAIMED, which nothing takes again, and removes what was OWNED; a slot
 * it finds FILLING is removed by the thread that was filling it. */
enum { SLOT_FREE, SLOT_FILLING, SLOT_OWNED, SLOT_CLAIMED };

struct slot {
	atomic_int state;
	enum temp_kind kind;
	char path[TEMPS_PATH_MAX];
	char home[TEMPS_PATH_MAX];
};

/* A run owns a few at a time (a PDF, a chart folder, the staged data
 * files, per municipality with reports written side by side). */
#define TEMPS_SLOTS 256

static struct slot slots[TEMPS_SLOTS];
static atomic_int dying;
static atomic_int deferred; /* open temps_defer_begin calls */
static atomic_int pending;  /* a signal caught while deferred */
static char message[128];
static size_t message_len;

/* Unlink every entry of the flat folder path and remove it, also while
 * another thread is still adding files to it by their paths: the folder
 * is first moved aside (to a temporary name of its temporary name, which
 * a later run's stale-temporary sweep still knows), so those threads find
 * it gone and add no more, however the threads are scheduled. When the
 * move fails, the folder is emptied where it is, again while files keep
 * coming, for a bounded number of rounds. Async-signal-safe. */
static void remove_dir(const char *path)
{
	static const char gone[] = ".tmp-gone00";
	char aside[TEMPS_PATH_MAX + sizeof gone];
	size_t len = strlen(path);
	memcpy(aside, path, len);
	memcpy(aside + len, gone, sizeof gone);
	if (rename(path, aside) == 0)
		path = aside;
	for (int round = 0; round < 1000; round++) {
		int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return;
		char buf[4096] __attribute__((aligned(8)));
		ssize_t n;
		while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
			for (ssize_t off = 0; off < n;) {
				struct dirent64 *e = (struct dirent64 *)(void *)(buf + off);
				off += e->d_reclen;
				if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
					unlinkat(fd, e->d_name, 0);
			}
		}
		close(fd);
		if (rmdir(path) == 0 || errno != ENOTEMPTY)
			return;
	}
}

/* Remove what slot s names. Async-signal-safe. */
static void remove_entry(const struct slot *s)
{
	struct stat st;
	switch (s->kind) {
	case TEMP_FILE:
		unlink(s->path);
		break;
	case TEMP_DIR:
		remove_dir(s->path);
		break;
	case TEMP_ASIDE:
		if (lstat(s->home, &st) != 0 && errno == ENOENT && rename(s->path, s->home) == 0)
			break;
		remove_dir(s->path);
		break;
	}
}

/* Hand back a slot this thread holds FILLING; when the handler claimed it
 * meanwhile, remove its entry here, since the handler left it to us. */
static void slot_unlock(struct slot *s)
{
	int want = SLOT_FILLING;
	if (!atomic_compare_exchange_strong(&s->state, &want, SLOT_OWNED))
		remove_entry(s);
}

int temps_own(const char *path, enum temp_kind kind, const char *home)
{
	size_t n = strlen(path), h = home ? strlen(home) : 0;
	if (n >= TEMPS_PATH_MAX || h >= TEMPS_PATH_MAX)
		return -1;
	for (size_t i = 0; i < TEMPS_SLOTS; i++) {
		struct slot *s = &slots[i];
		int want = SLOT_FREE;
		if (!atomic_compare_exchange_strong(&s->state, &want, SLOT_FILLING))
			continue;
		s->kind = kind;
		memcpy(s->path, path, n + 1);
		memcpy(s->home, home ? home : "", h + 1);
		slot_unlock(s);
		/* the handler may have swept the table before this slot was
		 * owned: then this entry is removed here */
		want = SLOT_OWNED;
		if (atomic_load(&dying) && atomic_compare_exchange_strong(&s->state, &want, SLOT_CLAIMED))
			remove_entry(s);
		return 0;
	}
	return -1;
}

void temps_disown(const char *path)
{
	for (size_t i = 0; i < TEMPS_SLOTS; i++) {
		struct slot *s = &slots[i];
		if (atomic_load(&s->state) != SLOT_OWNED || strcmp(s->path, path))
			continue; /* a quick look; checked again under the slot's lock */
		int want = SLOT_OWNED;
		if (!atomic_compare_exchange_strong(&s->state, &want, SLOT_FILLING))
			continue;
		if (!strcmp(s->path, path)) {
			want = SLOT_FILLING;
			atomic_compare_exchange_strong(&s->state, &want, SLOT_FREE);
			return;
		}
		slot_unlock(s);
	}
}

/* Claim every slot and remove what was owned. Async-signal-safe. */
static size_t sweep(void)
{
	size_t done = 0;
	for (size_t i = 0; i < TEMPS_SLOTS; i++) {
		if (atomic_exchange(&slots[i].state, SLOT_CLAIMED) == SLOT_OWNED) {
			remove_entry(&slots[i]);
			done++;
		}
	}
	return done;
}

size_t temps_remove_all(void)
{
	atomic_store(&dying, 1);
	size_t done = sweep();
	for (size_t i = 0; i < TEMPS_SLOTS; i++)
		atomic_store(&slots[i].state, SLOT_FREE);
	atomic_store(&dying, 0);
	return done;
}

/* End the run for sig: remove, say so, die of sig (at once outside a
 * handler, when the handler returns inside one). Async-signal-safe. */
static void end_run(int sig)
{
	/* a second signal in another thread: the first one ends the run */
	if (atomic_exchange(&dying, 1))
		return;
	sweep();
	if (message_len) {
		ssize_t w = write(STDERR_FILENO, message, message_len);
		(void)w; /* nothing to do about a closed stderr */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_signal(int sig)
{
	int saved = errno;
	atomic_store(&pending, sig);
	if (atomic_load(&deferred) == 0 && atomic_exchange(&pending, 0))
		end_run(sig);
	errno = saved;
}

void temps_defer_begin(void)
{
	atomic_fetch_add(&deferred, 1);
}

void temps_defer_end(void)
{
	int sig;
	if (atomic_fetch_sub(&deferred, 1) == 1 && (sig = atomic_exchange(&pending, 0)) != 0)
		end_run(sig);
}

void temps_catch_signals(const char *cmd)
{
	static const char tail[] = ": interrupted; the last good outputs are left as they were\n";
	size_t n = strnlen(cmd, 64);
	memcpy(message, cmd, n);
	memcpy(message + n, tail, sizeof tail);
	message_len = n + sizeof tail - 1;
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction sa, old;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		for (size_t j = 0; j < sizeof sigs / sizeof sigs[0]; j++)
			sigaddset(&sa.sa_mask, sigs[j]);
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}
