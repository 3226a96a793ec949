/* suggest.h: "did you mean": the candidate closest to a mistyped word, if it is close enough to be a typo. */
#ifndef TILLID_SUGGEST_H
#define TILLID_SUGGEST_H

#include <stddef.h>

/* Edit distance between a[0..an) and b[0..bn) with adjacent transpositions
 * (optimal string alignment; Damerau 1964, Boytsev 2011), ASCII case
 * folded, byte by byte: what a typo in a key, an option or a column needs. */
size_t suggest_distance(const char *a, size_t an, const char *b, size_t bn);

/* The limit that suits a word of len bytes: 1 edit up to 4 bytes, 2 up to
 * 8, 3 beyond. */
size_t suggest_limit(size_t len);

/* A search for the closest candidate: suggest_init, suggest_consider for
 * each candidate, then best. A candidate is kept when it is within limit
 * edits of word[0..len), closer than any seen before, and fewer edits away
 * than the word is long (so "x" suggests nothing). Nothing is allocated. */
struct suggest {
	const char *word;
	size_t len;
	size_t limit;
	size_t best_d;
	const char *best; /* NULL while no candidate is close enough */
};
void suggest_init(struct suggest *s, const char *word, size_t len, size_t limit);
void suggest_consider(struct suggest *s, const char *cand);

/* Shorthand: the closest of n candidates to word within suggest_limit, or NULL. */
const char *suggest_closest(const char *word, const char *const *cand, size_t n);

/* The name in the folder dir closest to name (a file that is not there),
 * as suggest_closest judges it; of equally close names the first in byte
 * order; names that start with '.' are not considered. Returns a copy the
 * caller frees, or NULL when none is close enough or dir cannot be read. */
char *suggest_file(const char *dir, const char *name);

#endif
