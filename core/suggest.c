/* suggest.c: optimal-string-alignment edit distance and the closest-candidate search behind "did you mean". */
#include "suggest.h"
#include "util.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The dynamic programme of Wagner & Fischer (1974) with Damerau's
 * transposition step. Row i of the table needs only rows i-1 and i-2, so
 * three rows of bn+1 cells are kept and turned over. */
size_t suggest_distance(const char *a, size_t an, const char *b, size_t bn)
{
	size_t *buf = xmalloc(3 * (bn + 1) * sizeof(*buf));
	size_t *back = buf, *prev = buf + (bn + 1), *cur = buf + 2 * (bn + 1);
	for (size_t j = 0; j <= bn; j++)
		prev[j] = j;
	for (size_t i = 1; i <= an; i++) {
		int ai = fold((unsigned char)a[i - 1]);
		cur[0] = i;
		for (size_t j = 1; j <= bn; j++) {
			int bj = fold((unsigned char)b[j - 1]);
			size_t best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (prev[j - 1] + (ai != bj) < best)
				best = prev[j - 1] + (ai != bj);
			if (i > 1 && j > 1 && ai == fold((unsigned char)b[j - 2]) &&
			    fold((unsigned char)a[i - 2]) == bj && back[j - 2] + 1 < best)
				best = back[j - 2] + 1;
			cur[j] = best;
		}
		size_t *t = back;
		back = prev;
		prev = cur;
		cur = t;
	}
	size_t r = prev[bn];
	free(buf);
	return r;
}

size_t suggest_limit(size_t len)
{
	return len <= 4 ? 1 : len <= 8 ? 2 : 3;
}

void suggest_init(struct suggest *s, const char *word, size_t len, size_t limit)
{
	s->word = word;
	s->len = len;
	s->limit = limit;
	s->best_d = SIZE_MAX;
	s->best = NULL;
}

void suggest_consider(struct suggest *s, const char *cand)
{
	size_t n = strlen(cand);
	/* The distance is at least the difference in length: skip the table. */
	size_t gap = n > s->len ? n - s->len : s->len - n;
	if (gap > s->limit || gap >= s->best_d)
		return;
	size_t d = suggest_distance(s->word, s->len, cand, n);
	if (d <= s->limit && d < s->len && d < s->best_d) {
		s->best_d = d;
		s->best = cand;
	}
}

const char *suggest_closest(const char *word, const char *const *cand, size_t n)
{
	struct suggest s;
	size_t len = strlen(word);
	suggest_init(&s, word, len, suggest_limit(len));
	for (size_t i = 0; i < n; i++)
		suggest_consider(&s, cand[i]);
	return s.best;
}

static int name_order(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *suggest_file(const char *dir, const char *name)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return NULL;
	struct strlist names = STRLIST_INIT;
	struct dirent *e;
	while ((e = readdir(dp)))
		if (e->d_name[0] != '.')
			sl_push(&names, e->d_name);
	closedir(dp);
	/* readdir's order is the file system's: sort, so ties go the same way everywhere */
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), name_order);
	const char *best = suggest_closest(name, (const char *const *)names.v, names.n);
	char *r = best ? xstrdup(best) : NULL;
	sl_release(&names);
	return r;
}
