/* util.c: memory, strings, file reading, paths and atomic output files. */
/* madvise's MADV_HUGEPAGE and MADV_DONTNEED */
#define _DEFAULT_SOURCE
#include "util.h"
#include "temps.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(void)
{
	fputs("tillid: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	return sb_detach(&sb);
}

void grow_array(void **p, size_t *alloc, size_t need, size_t elem)
{
	if (need <= *alloc)
		return;
	size_t n = *alloc ? *alloc : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			oom();
		n *= 2;
	}
	*p = xrealloc(*p, n * elem);
	*alloc = n;
}

/* Arrays smaller than this keep the usual pages. */
#define HUGE_ADVICE_MIN ((size_t)4 << 20)

void mem_advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	long page = sysconf(_SC_PAGESIZE);
	if (!p || n < HUGE_ADVICE_MIN || page <= 0)
		return;
	uintptr_t a = ((uintptr_t)p + (uintptr_t)page - 1) / (uintptr_t)page * (uintptr_t)page;
	uintptr_t b = ((uintptr_t)p + n) / (uintptr_t)page * (uintptr_t)page;
	if (b > a)
		madvise((void *)a, b - a, MADV_HUGEPAGE); /* a hint: its failure changes nothing */
#else
	(void)p;
	(void)n;
#endif
}

size_t mem_drop_pages(void *p, size_t n)
{
	long page = sysconf(_SC_PAGESIZE);
	if (!p || page <= 0)
		return 0;
	uintptr_t a = ((uintptr_t)p + (uintptr_t)page - 1) / (uintptr_t)page * (uintptr_t)page;
	uintptr_t b = ((uintptr_t)p + n) / (uintptr_t)page * (uintptr_t)page;
	if (b <= a)
		return 0;
	madvise((void *)a, b - a, MADV_DONTNEED); /* failure only keeps the pages */
	return (size_t)(b - (uintptr_t)p);
}

void *xmalloc_big(size_t n)
{
	void *p = xmalloc(n);
	mem_advise_huge(p, n);
	return p;
}

void sb_init(struct strbuf *sb)
{
	sb->alloc = 64;
	sb->buf = xmalloc(sb->alloc);
	sb->buf[0] = '\0';
	sb->len = 0;
}

void sb_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
}

void sb_reset(struct strbuf *sb)
{
	if (!sb->buf)
		sb_init(sb);
	sb->len = 0;
	sb->buf[0] = '\0';
}

static void sb_grow(struct strbuf *sb, size_t extra)
{
	if (!sb->buf)
		sb_init(sb);
	if (sb->len + extra + 1 > sb->alloc) {
		size_t n = sb->alloc;
		while (sb->len + extra + 1 > n)
			n *= 2;
		sb->buf = xrealloc(sb->buf, n);
		sb->alloc = n;
	}
}

void sb_add(struct strbuf *sb, const void *data, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		abort();
	sb_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *sb_detach(struct strbuf *sb)
{
	if (!sb->buf)
		sb_init(sb);
	char *p = sb->buf;
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	return p;
}

void sl_push(struct strlist *sl, const char *s)
{
	sl_push_owned(sl, xstrdup(s));
}

void sl_push_owned(struct strlist *sl, char *s)
{
	ALLOC_GROW(sl->v, sl->n + 1, sl->alloc);
	sl->v[sl->n++] = s;
}

long sl_find(const struct strlist *sl, const char *s)
{
	for (size_t i = 0; i < sl->n; i++)
		if (strcmp(sl->v[i], s) == 0)
			return (long)i;
	return -1;
}

void sl_release(struct strlist *sl)
{
	for (size_t i = 0; i < sl->n; i++)
		free(sl->v[i]);
	free(sl->v);
	sl->v = NULL;
	sl->n = sl->alloc = 0;
}

void strv_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void sb_add_csv(struct strbuf *sb, const char *s)
{
	sb_add_csv_sep(sb, s, ',');
}

void sb_add_csv_sep(struct strbuf *sb, const char *s, char sep)
{
	const char special[] = { sep, '"', '\r', '\n', '\0' };
	if (!strpbrk(s, special)) {
		sb_adds(sb, s);
		return;
	}
	sb_addc(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}

void sb_add_shell_word(struct strbuf *sb, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	while (*u && (*u >= 0x80 || (*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
		      (*u >= '0' && *u <= '9') || strchr("_./-+,:@%=", *u)))
		u++;
	if (*s && !*u) {
		sb_adds(sb, s);
		return;
	}
	if (!strpbrk(s, "$`\\\"!")) {
		sb_addf(sb, "\"%s\"", s);
		return;
	}
	sb_addc(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sb_adds(sb, "'\\''");
		else
			sb_addc(sb, *s);
	}
	sb_addc(sb, '\'');
}

void csv_put(FILE *fp, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_add_csv(&sb, s);
	fputs(sb.buf, fp);
	sb_release(&sb);
}

int is_ascii_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *str_trim(char *s)
{
	size_t n = strlen(s), a = 0;
	while (a < n && is_ascii_space((unsigned char)s[a]))
		a++;
	while (n > a && is_ascii_space((unsigned char)s[n - 1]))
		n--;
	memmove(s, s + a, n - a);
	s[n - a] = '\0';
	return s;
}

int str_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return 0;
	}
	return *a == *b;
}

int str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

void str_replace_owned(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v ? v : "");
}

int read_file(const char *path, char **out, size_t *len, struct strbuf *err)
{
	return read_file_max(path, UINT64_MAX, NULL, NULL, out, len, err);
}

void sb_add_too_large(struct strbuf *err, const char *path, uint64_t max, const char *what, const char *fix)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;
	uint64_t v = max;
	while (u < 4 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	sb_addf(err, "'%s' is larger than %llu %s, too large for %s; %s", path, (unsigned long long)v, unit[u],
		what ? what : "this file", fix ? fix : "check the path");
}

int read_file_max(const char *path, uint64_t max, const char *what, const char *fix, char **out, size_t *len,
		  struct strbuf *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		sb_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return TILLID_ESYS;
	}
	struct stat st;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		fclose(fp);
		sb_add_too_large(err, path, max, what, fix);
		return TILLID_ESYS;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		sb_add(&sb, chunk, n);
		if (sb.len > max)
			break;
	}
	int bad = ferror(fp);
	int saved = errno;
	fclose(fp);
	if (bad || sb.len > max) {
		if (bad)
			sb_addf(err, "cannot read '%s': %s", path, strerror(saved));
		else
			sb_add_too_large(err, path, max, what, fix);
		sb_release(&sb);
		return TILLID_ESYS;
	}
	*len = sb.len;
	*out = sb_detach(&sb);
	return TILLID_OK;
}

int dir_replace(const char *tmp, const char *dir, struct strbuf *err)
{
	char *old = xasprintf("%s.old-XXXXXX", dir);
	struct stat sb;
	int had = stat(dir, &sb) == 0;
	if (had) {
		if (!mkdtemp(old)) {
			sb_add_cannot_create(err, dir, errno);
			free(old);
			return TILLID_ESYS;
		}
		rmdir(old);
		/* owned before the move: a signal in between puts it back */
		temps_own(old, TEMP_ASIDE, dir);
		if (rename(dir, old) != 0) {
			sb_addf(err, "cannot move '%s' aside: %s", dir, strerror(errno));
			temps_disown(old);
			free(old);
			return TILLID_ESYS;
		}
	}
	if (rename(tmp, dir) != 0) {
		sb_addf(err, "cannot put '%s' in place: %s", dir, strerror(errno));
		if (had && rename(old, dir) == 0)
			temps_disown(old);
		free(old);
		return TILLID_ESYS;
	}
	temps_disown(tmp);
	if (had)
		remove_flat_dir(old);
	free(old);
	return TILLID_OK;
}

int af_open(struct atomic_file *af, const char *path, struct strbuf *err)
{
	af->path = xstrdup(path);
	af->tmp = xasprintf("%s.tmp-XXXXXX", path);
	af->fp = NULL;
	int fd = mkstemp(af->tmp);
	if (fd < 0) {
		sb_add_cannot_create(err, path, errno);
		free(af->path);
		free(af->tmp);
		af->path = af->tmp = NULL;
		return TILLID_ESYS;
	}
	temps_own(af->tmp, TEMP_FILE, NULL);
	/* mkstemp creates 0600; outputs are ordinary files. */
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	af->fp = fdopen(fd, "wb");
	if (!af->fp) {
		sb_addf(err, "cannot write '%s': %s", af->path, strerror(errno));
		close(fd);
		unlink(af->tmp);
		temps_disown(af->tmp);
		free(af->path);
		free(af->tmp);
		af->path = af->tmp = NULL;
		return TILLID_ESYS;
	}
	return TILLID_OK;
}

int af_commit(struct atomic_file *af, struct strbuf *err)
{
	int rc = TILLID_OK;
	if (fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0) {
		sb_addf(err, "cannot write '%s': %s", af->path, strerror(errno));
		rc = TILLID_ESYS;
	}
	if (fclose(af->fp) != 0 && rc == TILLID_OK) {
		sb_addf(err, "cannot write '%s': %s", af->path, strerror(errno));
		rc = TILLID_ESYS;
	}
	af->fp = NULL;
	if (rc == TILLID_OK && rename(af->tmp, af->path) != 0) {
		sb_addf(err, "cannot put '%s' in place: %s", af->path, strerror(errno));
		rc = TILLID_ESYS;
	}
	if (rc != TILLID_OK)
		unlink(af->tmp);
	temps_disown(af->tmp);
	free(af->path);
	free(af->tmp);
	af->path = af->tmp = NULL;
	return rc;
}

void af_abort(struct atomic_file *af)
{
	if (af->fp)
		fclose(af->fp);
	if (af->tmp) {
		unlink(af->tmp);
		temps_disown(af->tmp);
	}
	free(af->path);
	free(af->tmp);
	af->fp = NULL;
	af->path = af->tmp = NULL;
}

void remove_flat_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	if (dp) {
		struct dirent *e;
		while ((e = readdir(dp))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *p = path_join(dir, e->d_name);
			unlink(p);
			free(p);
		}
		closedir(dp);
	}
	rmdir(dir);
	temps_disown(dir);
}

char *temp_dir_beside(const char *dir, struct strbuf *err)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", dir);
	if (!mkdtemp(tmp)) {
		sb_add_cannot_create(err, dir, errno);
		free(tmp);
		return NULL;
	}
	temps_own(tmp, TEMP_DIR, NULL);
	chmod(tmp, 0755);
	return tmp;
}

int out_can_create(const char *path, struct strbuf *err)
{
	struct atomic_file af;
	int rc = af_open(&af, path, err);
	if (rc == TILLID_OK)
		af_abort(&af);
	return rc;
}

void sb_add_cannot_create(struct strbuf *err, const char *path, int errnum)
{
	if (errnum == EACCES || errnum == EPERM || errnum == EROFS) {
		char *dir = path_dirname(path);
		sb_addf(err, "cannot write in '%s': %s", dir, strerror(errnum));
		free(dir);
	} else {
		sb_addf(err, "cannot create '%s': %s", path, strerror(errnum));
	}
}

size_t temp_name_base(const char *entry, char *kind)
{
	size_t n = strlen(entry), base = 0;
	/* a writer may stage into a temporary name of a temporary name */
	while (n >= 12) {
		const char *tail = entry + n - 11; /* ".tmp-XXXXXX" */
		if (strncmp(tail, ".tmp-", 5) && strncmp(tail, ".old-", 5))
			break;
		int i = 5;
		while (i < 11 && isalnum((unsigned char)tail[i]))
			i++;
		if (i < 11)
			break;
		if (!base)
			*kind = tail[1];
		n -= 11;
		base = n;
	}
	return base;
}

int temp_base_is(const char *name, size_t len, void *ctx)
{
	const char *want = ctx;
	return strlen(want) == len && !strncmp(name, want, len);
}

size_t remove_stale_temps(const char *dir, int (*ours)(const char *name, size_t len, void *ctx), void *ctx)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return 0;
	size_t removed = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		char kind;
		size_t len = temp_name_base(e->d_name, &kind);
		if (!len || !ours(e->d_name, len, ctx))
			continue;
		char *p = path_join(dir, e->d_name);
		char *base = xstrndup(p, strlen(p) - (strlen(e->d_name) - len));
		struct stat st;
		if (lstat(p, &st) == 0 && (kind == 't' || stat(base, &(struct stat){ 0 }) == 0)) {
			if (S_ISDIR(st.st_mode))
				remove_flat_dir(p);
			else
				unlink(p);
			removed += lstat(p, &st) != 0;
		}
		free(base);
		free(p);
	}
	closedir(dp);
	return removed;
}

void out_hold_init(struct out_hold *h)
{
	h->fd = -1;
}

int flock_retry(int fd, int op)
{
	int rc;
	while ((rc = flock(fd, op)) != 0 && errno == EINTR)
		;
	return rc;
}

size_t out_hold_take(struct out_hold *h, const char *dir, int (*ours)(const char *name, size_t len, void *ctx),
		     void *ctx, int *busy)
{
	*busy = 0;
	out_hold_release(h);
	h->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (h->fd < 0)
		return 0;
	if (flock_retry(h->fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK)
			return ours ? remove_stale_temps(dir, ours, ctx) : 0;
		/* another run writes here: what looks stale may be its work.
		 * Waiting for the shared lock waits only for a run that is
		 * removing stale files under its exclusive one. */
		*busy = 1;
		flock_retry(h->fd, LOCK_SH);
		return 0;
	}
	size_t removed = ours ? remove_stale_temps(dir, ours, ctx) : 0;
	/* Down to shared so that other runs may start beside this one. flock
	 * converts by letting go first, so a run may take the exclusive lock
	 * in between and clean: this run has written nothing yet. */
	flock_retry(h->fd, LOCK_SH);
	return removed;
}

void out_hold_release(struct out_hold *h)
{
	if (h->fd >= 0)
		close(h->fd); /* closing the last descriptor drops the lock */
	h->fd = -1;
}

int mkdir_p(const char *path, struct strbuf *err)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			sb_addf(err, "cannot create directory '%s': %s", p, strerror(errno));
			free(p);
			return TILLID_ESYS;
		}
		*s = '/';
	}
	if (mkdir(p, 0777) != 0 && errno != EEXIST) {
		sb_addf(err, "cannot create directory '%s': %s", p, strerror(errno));
		free(p);
		return TILLID_ESYS;
	}
	free(p);
	return TILLID_OK;
}

char *path_join(const char *dir, const char *rel)
{
	if (rel[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
		return xstrdup(rel);
	size_t n = strlen(dir);
	return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", rel);
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

void print_prefixed(FILE *fp, const char *prefix, const char *msg)
{
	while (*msg) {
		size_t n = strcspn(msg, "\n");
		if (n)
			fprintf(fp, "%s: %.*s\n", prefix, (int)n, msg);
		msg += n;
		if (*msg)
			msg++;
	}
}

uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void hex_encode(const void *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
}

/* The significant digits of a number written by %g: its digits without
 * the leading and trailing zeros, up to the exponent. */
static int significant_digits(const char *s)
{
	int n = 0, upto = 0;
	for (; *s && *s != 'e'; s++) {
		if (*s < '0' || *s > '9' || (!n && *s == '0'))
			continue;
		n++;
		if (*s != '0')
			upto = n;
	}
	return upto;
}

char *format_double(double x, char *out)
{
	if (x == 0)
		x = 0.0;  /* -0 and 0 alike */
	/* A whole number below 10^15 (most counts): its digits, which is what
	 * the search below ends with for it (its digits read back exactly, and
	 * a shorter form in e-notation is written out in full) */
	if (x > -1e15 && x < 1e15 && x == (double)(long long)x) {
		unsigned long long u = x < 0 ? (unsigned long long)-(long long)x : (unsigned long long)x;
		char digits[20];
		size_t n = 0, k = 0;
		do
			digits[n++] = (char)('0' + u % 10);
		while ((u /= 10) > 0);
		if (x < 0)
			out[k++] = '-';
		while (n > 0)
			out[k++] = digits[--n];
		out[k] = '\0';
		return out;
	}
	/* The shortest of %.1g .. %.17g that reads back equal (%.17g always
	 * does for an IEEE double, DBL_DECIMAL_DIG). Most computed values
	 * need 16 or 17 digits and most counts a few, so %.15g decides where
	 * to look: below it from one digit up, above it 16, then 17. */
	int prec = 15, written; /* written: the precision out holds */
	snprintf(out, FORMAT_DOUBLE_MAX, "%.15g", x);
	int back = strtod(out, NULL) == x;
	if (back && isnormal(x)) {
		/* The first that reads back has as many digits as %.15g has
		 * significant ones, d: %.dg writes the same digits, and fewer
		 * cannot read back (they differ from them by at least 10^-15 of
		 * x, more than the two halves of a normal double's spacing;
		 * subnormals are spaced wider and searched). Below 15 the search
		 * would stop there; at 15 it ends with %.14g tried. */
		int d = significant_digits(out);
		prec = d < 15 ? d : 14;
		snprintf(out, FORMAT_DOUBLE_MAX, "%.*g", prec, x);
		written = prec;
		if (d >= 15)
			prec = 15;
	} else if (back) {
		for (prec = 1; prec < 15; prec++) {
			snprintf(out, FORMAT_DOUBLE_MAX, "%.*g", prec, x);
			if (strtod(out, NULL) == x)
				break;
		}
		written = prec < 15 ? prec : 14;
	} else {
		for (prec = 16; prec < 17; prec++) {
			snprintf(out, FORMAT_DOUBLE_MAX, "%.*g", prec, x);
			if (strtod(out, NULL) == x)
				break;
		}
		written = 16;
	}
	/* %g writes 2000 with one digit as 2e+03: a whole part of up to 17
	 * digits is written out (the same value, more digits of precision). */
	const char *e = strchr(out, 'e');
	int exp10 = e ? atoi(e + 1) : -1;
	if (exp10 >= prec && exp10 < 17)
		prec = exp10 + 1;
	if (prec != written)
		snprintf(out, FORMAT_DOUBLE_MAX, "%.*g", prec, x);
	return out;
}
