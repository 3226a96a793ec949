/* pii.h: spotting personal data in export columns, and keyed pseudonyms for pairing keys. */
#ifndef TILLID_PII_H
#define TILLID_PII_H

#include "core/digest.h"
#include "core/hashmap.h"
#include "core/util.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Ingest never copies personal data into its outputs: only declared columns
 * are read, and the pairing key is replaced by a keyed hash. What this
 * module adds is a warning: columns that look like they hold CPR numbers,
 * e-mail addresses, names or phone numbers are named (by header, never by
 * content) so the analyst knows what the export carries.
 *
 * Detection works on the header text and on a sample of the values. The
 * sampler keeps counters and 64-bit hashes only, never a value, so it may
 * look at columns that are dropped.
 */

/* What a column looks like; a bit set, several may apply. */
enum pii_kind {
	PII_CPR = 1 << 0,   /* Danish CPR number, DDMMYY-SSSS or DDMMYYSSSS */
	PII_EMAIL = 1 << 1, /* e-mail address */
	PII_NAME = 1 << 2,  /* person's name */
	PII_PHONE = 1 << 3  /* telephone number (header only) */
};

/* The kinds a header suggests, 0 when none. The header is split into words
 * at every character that is not a letter (case-insensitive, UTF-8 letters
 * count as letters); a word matches "cpr", "personnummer", "email", "mail",
 * "navn", "name", "fornavn", "efternavn", "forn", "ettern", "telefon",
 * "tlf", "mobil", "phone", and compounds ending in "navn" ("brugernavn")
 * or starting with "email", "cpr", "telefon", "personnummer". */
unsigned pii_header_kinds(const char *header);

/* Does a header (or question text) name a free-text question: a word of
 * it (split as pii_header_kinds does) is "kommentar", "kommentarer",
 * "bemærkning", "bemærkninger", "fritekst", "uddyb", "angiv",
 * "beskriv", "andet", "annet", "comment", "comments", "specify", "other",
 * or starts with "kommentar" or "bemærk"? Such a column's answers are the
 * respondent's own words ("Andet, angiv", LimeSurvey's "Q1[other]"), even
 * when few of them differ. */
int pii_header_free_text(const char *header);

/* Does a header name a per-wave response id or row number rather than a
 * person: "id", "responde", "respondent", "respondentid", "svar-id",
 * "svarid", "responseid", "response id", "løbenr", "loebenr", "løbenummer"
 * (trimmed, ASCII case ignored)? Such a column never pairs waves. */
int pii_header_response_id(const char *header);

/* Does the text contain an e-mail address (local@domain.tld)? */
int pii_has_email(const char *s);
/* Does the text contain a CPR number with a valid date, written
 * DDMMYY-SSSS or DDMMYYSSSS, not part of a longer run of digits? With
 * dashed_only the ten-digit form is not accepted. */
int pii_has_cpr(const char *s, int dashed_only);
/* Is the whole (trimmed) text one to four capitalised words of letters,
 * like "Anne Marie Hansen" or "Søren-Kaj"? */
int pii_is_name_like(const char *s);

/* May a message quote text (n bytes, a piece of an export, from a reader's
 * message about malformed CSV)? Not when it holds an '@' (an e-mail
 * address, perhaps cut short), a ':' ("mail: ...", "tlf: ..."), a run of
 * six or more digits (a CPR or
 * phone number), or two or more capitalised words (a name), quotes aside:
 * the csv_options may_quote of every export ingest and init read. */
int pii_may_quote(const char *text, size_t n);

/* May a message or ingest's report show value, a field of an export that
 * was not understood? Never when it holds an '@' or an e-mail address, a
 * CPR number, a run of six or more digits or eight or more digits in all
 * (a phone number written in groups). Else yes when it has the shape of a
 * near-miss of a short answer or a group's name: pii_may_quote says yes,
 * no two capitalised words stand side by side anywhere ("ring til Bo
 * Hansen") and it has at most five words. Anything else may be free text,
 * a citizen's own words, and is hidden, unless it is a near-miss of one
 * of labels[0..n_labels): the answer labels the study file defines for
 * the item's scale (points, also spellings, missing answers; NULL and 0
 * for a value of no item). A near-miss is within 2 edits of the label (1
 * for a label of at most 4 bytes), edits as suggest_distance counts them,
 * ASCII case and runs of white space aside. So few edits cannot carry a
 * citizen's words: the value is label text ("I meget høj grad enig med
 * udsagnet." for the label "I meget høj grad enig med udsagnet"), while a
 * sentence that only starts with a label's words stays hidden. */
int pii_may_show_value(const char *value, const char *const *labels, size_t n_labels);

/* Content sampler for one column. */
#define PII_SAMPLE_MAX 2000 /* non-blank values looked at per column */
struct pii_sampler {
	uint32_t n;         /* non-blank values sampled */
	uint32_t n_email;   /* of those, containing an e-mail address */
	uint32_t n_cpr;     /* containing a CPR number (either form) */
	uint32_t n_cpr_dashed; /* containing the dashed form */
	uint32_t n_name;    /* name-like */
	struct hashmap names; /* the distinct name-like values, by their 64-bit
				 FNV-1a hash as the key (names.n counts them) */
};
void pii_sampler_init(struct pii_sampler *ps);
void pii_sampler_release(struct pii_sampler *ps);
/* Look at one value (need not be trimmed; not kept). Values beyond
 * PII_SAMPLE_MAX non-blank ones are ignored. */
void pii_sample(struct pii_sampler *ps, const char *value);
/* The kinds the sampled content suggests, 0 when none:
 *   PII_EMAIL  any sampled value contains an e-mail address;
 *   PII_CPR    any value holds a dashed CPR number, or at least half of
 *              them hold a ten-digit one;
 *   PII_NAME   at least 70 % of the values are name-like, with at least
 *              10 distinct ones making up at least a tenth of them
 *              (answer labels and place names repeat, names do not). */
unsigned pii_sampler_kinds(const struct pii_sampler *ps);

/* "CPR numbers, e-mail addresses" and so on, for messages; appended to out. */
void pii_describe_kinds(unsigned kinds, struct strbuf *out);

/* Key normalisation ([columns] key_normalize): how pairing keys are
 * compared. White space at both ends is always trimmed (pii_pseudonym). */
enum pii_key_norm {
	PII_KEY_LOWER = 1 << 0,       /* every key in lower case (ASCII A-Z) */
	PII_KEY_LOWER_EMAIL = 1 << 1  /* a key holding an e-mail address in lower case:
					 the default, as addresses are written both ways */
};
/* Put key (len bytes, NUL-terminated) in lower case in place when how
 * asks for it; cheap for keys without '@' under PII_KEY_LOWER_EMAIL (one
 * memchr), and it never allocates. */
void pii_key_normalize(unsigned how, char *key, size_t len);

/* Pseudonyms. */
#define PII_PSEUDONYM_LEN 16
#define PII_SECRET_MIN 16 /* shortest secret accepted from a key file */
#define PII_SECRET_NEW 32 /* bytes of a newly created secret */

/* out = HMAC-SHA-256(secret, key trimmed of ASCII white space), first 16
 * bytes. Returns 0, or -1 when the trimmed key is empty (out is then all
 * zero: the respondent cannot be paired). */
int pii_pseudonym(const uint8_t *secret, size_t secret_len, const char *key, size_t key_len,
		  uint8_t out[PII_PSEUDONYM_LEN]);

/* As pii_pseudonym, with the HMAC of the secret prepared once for many
 * keys (hmac_sha256_init of core/digest.h): each key costs two short
 * digests instead of a digest lookup and a key schedule (2 M keys: 0.4 s
 * instead of 3 s). */
int pii_pseudonym_hmac(struct hmac_sha256 *hmac, const char *key, size_t key_len,
		       uint8_t out[PII_PSEUDONYM_LEN]);

/* A new secret of 32 bytes from /dev/urandom in *secret (the caller
 * clears and frees it). Returns TILLID_OK or TILLID_ESYS with a message. */
int pii_new_secret(uint8_t **secret, size_t *len, struct strbuf *err);

/* Create the key file path holding secret[0..len), mode 0600, without ever
 * replacing an existing file: written to a temporary file, fsynced, then
 * linked to path. *created is 1 when this call created it, 0 when path
 * existed already (another process was first; its secret is not ours).
 * Returns TILLID_OK, or TILLID_ESYS with a message. */
int pii_save_secret(const char *path, const uint8_t *secret, size_t len, int *created, struct strbuf *err);

/* The largest key file read (a secret is 32 bytes; a longer one of the
 * analyst's own is allowed up to this). */
#define PII_SECRET_FILE_MAX ((uint64_t)64 << 10)

/* Load the secret from path into *secret (caller frees), creating the
 * file first when it does not exist: 32 bytes from /dev/urandom, mode
 * 0600, written to a temporary file and linked into place so a concurrent
 * run never sees half a key and never overwrites one. *created says
 * whether this call created it. Returns TILLID_OK, or TILLID_ESYS with a
 * message (the file cannot be read or created, or holds fewer than 16
 * bytes). */
int pii_load_secret(const char *path, uint8_t **secret, size_t *len, int *created,
		    struct strbuf *err);

#endif
