/* util.h: memory, strings, exit codes, paths and atomic output files shared by every stage. */
#ifndef TILLID_UTIL_H
#define TILLID_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit status of every subcommand (jq style). Library functions return these
 * too: TILLID_OK on success, TILLID_EDATA when the input data is wrong (the
 * analyst fixes the file), TILLID_ESYS for usage errors and system failures
 * (missing file, cannot write, bad option). */
enum tillid_status {
	TILLID_OK = 0,
	TILLID_EDATA = 1,
	TILLID_ESYS = 2
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* The text of a macro's value, for help texts: STR(TILLID_PAIRED_LEAD_MIN) is "10". */
#define STR_(x) #x
#define STR(x) STR_(x)

/* Allocation wrappers: they never return NULL; out of memory aborts, which
 * is the only sane reaction for a batch tool. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *p (holding *alloc elements of size elem) so that it holds at least
 * need elements. */
void grow_array(void **p, size_t *alloc, size_t need, size_t elem);
#define ALLOC_GROW(p, need, alloc) grow_array((void **)&(p), &(alloc), (need), sizeof(*(p)))

/* Ask the kernel to back the large array p[0..n) with huge pages, so that
 * an array written once through (the dataset's rows, the pairing-key
 * index) takes a page fault per 2 MiB instead of one per 4 KiB. Only a
 * hint: memory is not touched, and nothing changes where the system has no
 * such pages or for arrays under a few MiB. */
void mem_advise_huge(void *p, size_t n);
/* Like xmalloc (never NULL; free with free), for blocks of megabytes that
 * are filled soon after: the block is advised into huge pages
 * (mem_advise_huge), which makes its first touch cheaper. */
void *xmalloc_big(size_t n);
/* Give back to the system the memory of every whole page inside p[0..n)
 * of a heap block that is read no more (the pages read as zeros if
 * touched again; the block is still freed with free). Returns the bytes
 * from p to the end of the last page given back (0: none), so a caller
 * that walks through a block can start its next call there. */
size_t mem_drop_pages(void *p, size_t n);

/* A growable NUL-terminated byte string. buf is never NULL after sb_init. */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
#define STRBUF_INIT { NULL, 0, 0 }
void sb_init(struct strbuf *sb);
void sb_release(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_add(struct strbuf *sb, const void *data, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Hand the buffer to the caller (who frees it) and reset sb. */
char *sb_detach(struct strbuf *sb);

/* A list of owned strings. */
struct strlist {
	char **v;
	size_t n;
	size_t alloc;
};
#define STRLIST_INIT { NULL, 0, 0 }
void sl_push(struct strlist *sl, const char *s);
void sl_push_owned(struct strlist *sl, char *s);
/* Index of s in the list, or -1. */
long sl_find(const struct strlist *sl, const char *s);
void sl_release(struct strlist *sl);

/* Free the n strings of v and v itself; v may be NULL. */
void strv_free(char **v, size_t n);

/* FNV-1a (Fowler, Noll, Vo, http://www.isthe.com/chongo/tech/comp/fnv/):
 * fold n bytes into the hash h; start from FNV1A_INIT. A stable published
 * hash, for values derived from names (bootstrap seeds) and for keeping a
 * value's fingerprint instead of the value. */
#define FNV1A_INIT 14695981039346656037ULL
uint64_t fnv1a(uint64_t h, const void *p, size_t n);

/* Write the n bytes at p as 2n lower-case hex digits to out (not NUL
 * terminated). */
void hex_encode(const void *p, size_t n, char *out);

/* Size of a buffer for format_double: "-", 17 digits, ".", "e-308", NUL. */
#define FORMAT_DOUBLE_MAX 32

/* Write x into out (FORMAT_DOUBLE_MAX bytes) in C-locale %g form with the
 * fewest significant digits (1..17) that strtod reads back as exactly x:
 * 0.95 rather than 0.94999999999999996. -0 is written as 0; NaN and the
 * infinities as "nan", "inf", "-inf". Returns out. */
char *format_double(double x, char *out);

/* Append s as one CSV field (RFC 4180): quoted, with quotes doubled, only
 * when it holds a comma, a quote or a line break. */
void sb_add_csv(struct strbuf *sb, const char *s);
/* The same with sep in place of the comma (core/csvwrite.h's dialects). */
void sb_add_csv_sep(struct strbuf *sb, const char *s, char sep);
void csv_put(FILE *fp, const char *s);

/* Append s as one word of a POSIX shell command line, so that advice such
 * as "run 'tillid ingest --out DIR STUDY'" can be pasted into a shell as it
 * is printed: bare when it holds only letters, digits, bytes above ASCII
 * and _ . / - + , : @ % =; else in double quotes, or in single quotes
 * (with ' written '\'') when it holds $ ` \ " or !, which double quotes
 * do not keep literal. The empty string is "". */
void sb_add_shell_word(struct strbuf *sb, const char *s);

/* Print each line of msg to fp as "PREFIX: line" (a message that holds
 * several problems, one per line, reads like single ones); a final line
 * break is optional and blank lines are skipped. */
void print_prefixed(FILE *fp, const char *prefix, const char *msg);

/* ASCII white space: space, tab, line feed, carriage return, vertical tab
 * and form feed; the one definition every reader and writer trims by. */
int is_ascii_space(int c);

/* Remove leading and trailing ASCII white space in place; returns s. */
char *str_trim(char *s);
int str_ieq(const char *a, const char *b);
int str_starts_with(const char *s, const char *prefix);
/* Replace the string *dst (owned; freed, may be NULL) by a copy of v, or
 * of "" when v is NULL. */
void str_replace_owned(char **dst, const char *v);

/* Read a whole file into *out (NUL-terminated, *len without the NUL).
 * Returns TILLID_OK, or TILLID_ESYS with a message in err. */
int read_file(const char *path, char **out, size_t *len, struct strbuf *err);

/* The same for a file that must hold at most max bytes: a larger regular
 * file is refused before it is read, and a file that never ends (a device,
 * a pipe) once max + 1 bytes have come, so no input can exhaust memory.
 * Past the limit returns TILLID_ESYS with the message of sb_add_too_large
 * (what and fix as there). */
int read_file_max(const char *path, uint64_t max, const char *what, const char *fix, char **out, size_t *len,
		  struct strbuf *err);

/* Append "'PATH' is larger than LIMIT, too large for WHAT; FIX" to err,
 * the limit in KiB, MiB or GiB ("1 MiB"). */
void sb_add_too_large(struct strbuf *err, const char *path, uint64_t max, const char *what, const char *fix);

/* Atomic output: write to "<path>.tmp-XXXXXX" in the same directory, then
 * af_commit renames it over path, so readers see the old file or the new
 * one, never half of one. af_abort (or af_commit failing) removes the
 * temporary file; the previous file at path is left untouched. The
 * temporary file is owned (core/temps.h) while it exists, so a run ended
 * by a signal removes it too. */
struct atomic_file {
	char *path;
	char *tmp;
	FILE *fp;
};
int af_open(struct atomic_file *af, const char *path, struct strbuf *err);
int af_commit(struct atomic_file *af, struct strbuf *err);
void af_abort(struct atomic_file *af);

/* Put the finished directory tmp (made with mkdtemp beside dir) in place
 * of dir: the old dir is moved aside, tmp renamed in, the old one removed;
 * when the rename fails the old dir is put back. Returns TILLID_OK, or
 * TILLID_ESYS with a message (tmp is then the caller's to remove). */
int dir_replace(const char *tmp, const char *dir, struct strbuf *err);

/* Remove the directory dir and the files in it (one level: what tillid's
 * chart directories hold); errors are ignored. A temporary folder is
 * disowned (core/temps.h) with it. */
void remove_flat_dir(const char *dir);

/* Make the temporary folder "DIR.tmp-XXXXXX" beside dir (mode 0755) and
 * own it (core/temps.h), for a folder of outputs that dir_replace puts in
 * place. Returns its path (the caller frees it and removes the folder
 * with remove_flat_dir unless dir_replace took it), or NULL with the
 * message of sb_add_cannot_create. */
char *temp_dir_beside(const char *dir, struct strbuf *err);

/* Before a long run: may the output path be created? Creates and removes
 * a temporary file beside path (access(2) would say yes to root in a
 * read-only folder); path itself is not touched. Returns TILLID_OK, or
 * TILLID_ESYS with af_open's message. */
int out_can_create(const char *path, struct strbuf *err);

/* Append why the output path cannot be created in the analyst's terms,
 * naming path or, when its folder refuses writing (errnum EACCES, EPERM,
 * EROFS), the folder: "cannot write in 'out': Permission denied". Never
 * a temporary name. */
void sb_add_cannot_create(struct strbuf *err, const char *path, int errnum);

/* The temporary names tillid's writers use beside an output NAME:
 * "NAME.tmp-XXXXXX" (af_open, mkdtemp) and "NAME.old-XXXXXX" (a directory
 * moved aside while its replacement is renamed in), X one of [A-Za-z0-9],
 * also repeated ("NAME.tmp-XXXXXX.tmp-XXXXXX": a staged file written
 * atomically). Returns the length of NAME within entry when entry is such
 * a name (kind: 't' or 'o', of the first suffix), 0 otherwise. */
size_t temp_name_base(const char *entry, char *kind);

/* Remove what a killed run of tillid left in dir: every entry whose name
 * is a temporary name (temp_name_base) of a NAME for which
 * ours(NAME, len, ctx) is 1; a ".old-" directory only when NAME itself exists (then it is a
 * stale copy). Nothing else in dir is touched. Returns how many entries
 * were removed; a missing dir is none. Call it through out_hold_take, which
 * leaves a directory alone while another run writes in it. */
size_t remove_stale_temps(const char *dir, int (*ours)(const char *name, size_t len, void *ctx), void *ctx);

/* A run's hold on its output directory: a shared flock(2) on the directory
 * for as long as the run writes there, which the kernel drops when the
 * process ends, killed or not. Runs may write into one directory at once
 * (the Danish and the English report, stats while a report is drawn); only
 * a run that finds no other holding the directory removes what killed runs
 * left, since any other run's temporary files are still being written. */
struct out_hold {
	int fd;  /* the directory, -1 when nothing is held */
};
void out_hold_init(struct out_hold *h);
/* Hold dir: with no other run holding it, remove_stale_temps(dir, ours,
 * ctx) under an exclusive lock and then hold it shared; when another run
 * holds it, set *busy to 1, remove nothing and hold it shared beside that
 * run. Returns how many entries were removed. A missing dir is held by no
 * one and has nothing to remove; a file system without flock (some
 * network shares) is cleaned as if no other run were there. With ours
 * NULL, only hold dir. */
size_t out_hold_take(struct out_hold *h, const char *dir, int (*ours)(const char *name, size_t len, void *ctx),
		     void *ctx, int *busy);
/* Let go of the directory (nothing when nothing is held). */
void out_hold_release(struct out_hold *h);
/* flock(2), again when a signal interrupts it. Returns flock's result
 * (-1 with errno set on failure). */
int flock_retry(int fd, int op);
/* A predicate for remove_stale_temps: is name[0..len) the string ctx? */
int temp_base_is(const char *name, size_t len, void *ctx);

/* Create a directory and its parents (mode 0777 & ~umask). */
int mkdir_p(const char *path, struct strbuf *err);

/* Join a directory and a relative path; absolute rel is returned as is. */
char *path_join(const char *dir, const char *rel);
/* The directory part of path ("." when there is none). */
char *path_dirname(const char *path);
const char *path_basename(const char *path);

#endif
