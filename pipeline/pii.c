/* pii.c: personal-data detection by header and content, and HMAC-SHA-256 pseudonyms. */
#include "pii.h"
#include "core/digest.h"
#include "core/suggest.h"
#include "core/temps.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>


/* ---- headers ---- */

static int is_header_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static unsigned word_kinds(const char *w)
{
	static const struct {
		const char *word;
		unsigned kinds;
		int prefix; /* 1: a word starting with it matches too */
	} words[] = {
		{ "cpr", PII_CPR, 1 },
		{ "personnummer", PII_CPR, 1 },
		{ "personnr", PII_CPR, 1 },
		{ "email", PII_EMAIL, 1 },
		{ "mail", PII_EMAIL, 0 },
		{ "epost", PII_EMAIL, 1 },
		{ "navn", PII_NAME, 0 },
		{ "name", PII_NAME, 0 },
		{ "fornavn", PII_NAME, 1 },
		{ "efternavn", PII_NAME, 1 },
		{ "firstname", PII_NAME, 0 },
		{ "lastname", PII_NAME, 0 },
		{ "forn", PII_NAME, 0 },
		{ "ettern", PII_NAME, 0 },
		{ "telefon", PII_PHONE, 1 },
		{ "tlf", PII_PHONE, 0 },
		{ "mobil", PII_PHONE, 0 },
		{ "phone", PII_PHONE, 0 },
	};
	size_t n = strlen(w);
	unsigned k = 0;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		size_t m = strlen(words[i].word);
		if (n == m ? !memcmp(w, words[i].word, m)
			   : (words[i].prefix && n > m && !memcmp(w, words[i].word, m)))
			k |= words[i].kinds;
	}
	/* Danish compounds: brugernavn, mellemnavn, pigenavn. */
	if (n > 4 && !memcmp(w + n - 4, "navn", 4))
		k |= PII_NAME;
	return k;
}

/* The OR of fn over the words of header: runs of letters, lower-cased
 * (ASCII), at most 63 bytes (longer ones are skipped). */
static unsigned each_word(const char *header, unsigned (*fn)(const char *word))
{
	unsigned kinds = 0;
	char word[64];
	size_t n = 0;
	int overflow = 0;
	for (const unsigned char *p = (const unsigned char *)header;; p++) {
		if (*p && is_header_letter(*p)) {
			if (n + 1 < sizeof(word))
				word[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
			else
				overflow = 1;
			continue;
		}
		if (n && !overflow) {
			word[n] = '\0';
			kinds |= fn(word);
		}
		n = 0;
		overflow = 0;
		if (!*p)
			break;
	}
	return kinds;
}

unsigned pii_header_kinds(const char *header)
{
	return each_word(header, word_kinds);
}

static unsigned free_text_word(const char *w)
{
	static const char *const words[] = { "kommentar", "kommentarer", "bemærkning", "bemærkninger",
					     "fritekst", "uddyb", "angiv", "beskriv", "andet", "annet",
					     "comment", "comments", "specify", "other" };
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcmp(w, words[i]))
			return 1;
	return !strncmp(w, "kommentar", 9) || !strncmp(w, "bemærk", strlen("bemærk"));
}

int pii_header_free_text(const char *header)
{
	return each_word(header, free_text_word) != 0;
}

int pii_header_response_id(const char *header)
{
	static const char *const names[] = { "id", "responde", "respondent", "respondentid",
					     "respondent id", "svar-id", "svarid", "svar id",
					     "responseid", "response id", "løbenr", "loebenr",
					     "løbenummer" };
	char h[32];
	if (strlen(header) >= sizeof(h))
		return 0;
	strcpy(h, header);
	const char *s = str_trim(h);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (str_ieq(s, names[i]))
			return 1;
	return 0;
}

/* ---- content ---- */

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_local_char(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* Is there a domain "label(.label)+" with a final label of two or more
 * letters starting at s? */
static int domain_at(const unsigned char *s)
{
	int labels = 0, len = 0, letters_only = 1;
	for (;; s++) {
		if (is_alnum(*s) || *s == '-') {
			if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
				letters_only = 0;
			len++;
			continue;
		}
		if (*s == '.' && len > 0 && (is_alnum(s[1]) || s[1] == '-')) {
			labels++;
			len = 0;
			letters_only = 1;
			continue;
		}
		break;
	}
	return labels >= 1 && len >= 2 && letters_only;
}

int pii_has_email(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p != '@')
			continue;
		if (p == (const unsigned char *)s || !is_local_char(p[-1]))
			continue;
		if (domain_at(p + 1))
			return 1;
	}
	return 0;
}

static int valid_date(const unsigned char *d)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int dd = (d[0] - '0') * 10 + (d[1] - '0');
	int mm = (d[2] - '0') * 10 + (d[3] - '0');
	return mm >= 1 && mm <= 12 && dd >= 1 && dd <= days[mm - 1];
}

int pii_has_cpr(const char *s, int dashed_only)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (!is_digit(*p)) {
			p++;
			continue;
		}
		const unsigned char *a = p;
		while (is_digit(*p))
			p++;
		size_t run = (size_t)(p - a);
		if (run == 10 && !dashed_only && valid_date(a))
			return 1;
		if (run == 6 && *p == '-' && valid_date(a)) {
			const unsigned char *b = p + 1;
			const unsigned char *e = b;
			while (is_digit(*e))
				e++;
			if (e - b == 4)
				return 1;
		}
	}
	return 0;
}

/* Decode the UTF-8 character at *p as a class: 'U' upper-case letter,
 * 'l' lower-case letter, 0 anything else; advances *p. Latin-1 letters
 * (U+00C0..U+00FF, as in Danish and Norwegian names) are recognised. */
static int letter_class(const unsigned char **p)
{
	unsigned char c = **p;
	if (c >= 'A' && c <= 'Z') {
		(*p)++;
		return 'U';
	}
	if (c >= 'a' && c <= 'z') {
		(*p)++;
		return 'l';
	}
	if (c == 0xC3 && (*p)[1] >= 0x80 && (*p)[1] <= 0xBF) {
		unsigned char d = (*p)[1];
		*p += 2;
		if (d == 0x97 || d == 0xB7) /* multiplication and division signs */
			return 0;
		return d <= 0x9E ? 'U' : 'l';
	}
	(*p)++;
	return 0;
}

int pii_is_name_like(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (is_ascii_space(*p))
		p++;
	int words = 0;
	for (;;) {
		/* One word: a capital and at least one small letter, possibly
		 * joined to another such part by a hyphen ("Søren-Kaj"). */
		for (;;) {
			if (letter_class(&p) != 'U')
				return 0;
			int small = 0;
			const unsigned char *q = p;
			while (*q && letter_class(&q) == 'l') {
				p = q;
				small++;
			}
			if (small < 1 || small > 30)
				return 0;
			if (*p == '-') {
				p++;
				continue;
			}
			break;
		}
		words++;
		if (words > 4)
			return 0;
		const unsigned char *q = p;
		while (is_ascii_space(*q))
			q++;
		if (!*q)
			return 1;
		if (*p != ' ' || p[1] == ' ')
			return 0;
		p++;
	}
}

int pii_may_quote(const char *text, size_t n)
{
	char buf[128];
	size_t m = 0, digits = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '@' || c == ':')
			return 0;
		digits = is_digit(c) ? digits + 1 : 0;
		if (digits >= 6)
			return 0;
		if (c != '"' && m + 1 < sizeof(buf))
			buf[m++] = (char)c;
	}
	buf[m] = '\0';
	return !(strchr(str_trim(buf), ' ') && pii_is_name_like(buf));
}

/* Does value carry a mark of personal data that no label text excuses:
 * an '@' or e-mail address, a CPR number, a run of six or more digits, or
 * eight or more digits in all? */
static int holds_personal_number(const char *value)
{
	if (strchr(value, '@') || pii_has_email(value) || pii_has_cpr(value, 0))
		return 1;
	size_t digits = 0, run = 0;
	for (const char *p = value; *p; p++) {
		run = is_digit((unsigned char)*p) ? run + 1 : 0;
		digits += run > 0;
		if (run >= 6)
			return 1;
	}
	return digits >= 8;
}

/* s trimmed, with every run of ASCII white space as one space, into sb. */
static void words_spaced(const char *s, struct strbuf *sb)
{
	sb_reset(sb);
	for (const char *p = s; *p;) {
		if (is_ascii_space((unsigned char)*p)) {
			while (is_ascii_space((unsigned char)*p))
				p++;
			if (*p && sb->len)
				sb_addc(sb, ' ');
			continue;
		}
		sb_addc(sb, *p++);
	}
}

/* The most edits a near-miss of a label of len bytes may differ by. */
static size_t label_edits(size_t len)
{
	return len <= 4 ? 1 : 2;
}

/* Is value within label_edits of one of labels[0..n)? */
static int near_label(const char *value, const char *const *labels, size_t n)
{
	struct strbuf v = STRBUF_INIT, l = STRBUF_INIT;
	sb_init(&v);
	sb_init(&l);
	words_spaced(value, &v);
	int near = 0;
	for (size_t i = 0; i < n && !near; i++) {
		if (!labels[i] || !*labels[i])
			continue;
		words_spaced(labels[i], &l);
		size_t limit = label_edits(l.len);
		/* the distance is at least the difference in length */
		if (!l.len || v.len > l.len + limit || l.len > v.len + limit)
			continue;
		near = suggest_distance(v.buf, v.len, l.buf, l.len) <= limit;
	}
	sb_release(&v);
	sb_release(&l);
	return near;
}

/* Does value have the shape of free text rather than of a short answer or
 * group name: more than five words, or two capitalised words side by
 * side (a name)? */
static int free_text_shape(const char *value)
{
	size_t words = 0;
	int last_capital = 0;
	char word[64];
	const char *p = value;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, " \t");
		words++;
		/* a capitalised word, punctuation after it aside ("Jensen,") */
		size_t core = len;
		while (core && strchr(",.;!?)\"'", p[core - 1]))
			core--;
		int capital = core && core < sizeof(word);
		if (capital) {
			memcpy(word, p, core);
			word[core] = '\0';
			capital = pii_is_name_like(word);
		}
		if (capital && last_capital)
			return 1;
		/* a word ending a clause does not run into the next */
		last_capital = capital && core == len;
		p += len;
	}
	return words > 5;
}

int pii_may_show_value(const char *value, const char *const *labels, size_t n_labels)
{
	if (holds_personal_number(value))
		return 0;
	if (pii_may_quote(value, strlen(value)) && !free_text_shape(value))
		return 1;
	return near_label(value, labels, n_labels);
}

void pii_sampler_init(struct pii_sampler *ps)
{
	memset(ps, 0, sizeof(*ps));
	hashmap_init(&ps->names);
}

void pii_sampler_release(struct pii_sampler *ps)
{
	hashmap_release(&ps->names);
	pii_sampler_init(ps);
}

void pii_sample(struct pii_sampler *ps, const char *value)
{
	const char *a = value;
	while (is_ascii_space((unsigned char)*a))
		a++;
	if (!*a || ps->n >= PII_SAMPLE_MAX)
		return;
	ps->n++;
	if (pii_has_email(a))
		ps->n_email++;
	if (pii_has_cpr(a, 1)) {
		ps->n_cpr_dashed++;
		ps->n_cpr++;
	} else if (pii_has_cpr(a, 0)) {
		ps->n_cpr++;
	}
	if (pii_is_name_like(a)) {
		ps->n_name++;
		/* Only the hash of the value (without trailing white space) is
		 * kept, never the value. */
		size_t n = strlen(a);
		while (n && is_ascii_space((unsigned char)a[n - 1]))
			n--;
		uint64_t h = fnv1a(FNV1A_INIT, a, n);
		hashmap_add(&ps->names, &h, sizeof(h), NULL);
	}
}

unsigned pii_sampler_kinds(const struct pii_sampler *ps)
{
	unsigned k = 0;
	if (ps->n_email > 0)
		k |= PII_EMAIL;
	if (ps->n_cpr_dashed > 0 || (ps->n > 0 && ps->n_cpr * 2 >= ps->n))
		k |= PII_CPR;
	size_t distinct = ps->names.n;
	if (ps->n > 0 && ps->n_name * 10 >= ps->n * 7 && distinct >= 10 && distinct * 10 >= ps->n_name)
		k |= PII_NAME;
	return k;
}

void pii_describe_kinds(unsigned kinds, struct strbuf *out)
{
	static const struct {
		unsigned kind;
		const char *text;
	} names[] = {
		{ PII_CPR, "CPR numbers" },
		{ PII_EMAIL, "e-mail addresses" },
		{ PII_NAME, "names" },
		{ PII_PHONE, "phone numbers" },
	};
	int first = 1;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(kinds & names[i].kind))
			continue;
		sb_adds(out, first ? "" : ", ");
		sb_adds(out, names[i].text);
		first = 0;
	}
}

/* ---- pseudonyms ---- */

void pii_key_normalize(unsigned how, char *key, size_t len)
{
	if (!(how & PII_KEY_LOWER) &&
	    !((how & PII_KEY_LOWER_EMAIL) && memchr(key, '@', len) && pii_has_email(key)))
		return;
	for (size_t i = 0; i < len; i++)
		if (key[i] >= 'A' && key[i] <= 'Z')
			key[i] = (char)(key[i] + 32);
}

/* Trim *key; returns its length, 0 when nothing is left. */
static size_t trim_key(const char **key, size_t key_len)
{
	const char *k = *key;
	while (key_len && is_ascii_space((unsigned char)*k)) {
		k++;
		key_len--;
	}
	while (key_len && is_ascii_space((unsigned char)k[key_len - 1]))
		key_len--;
	*key = k;
	return key_len;
}

int pii_pseudonym(const uint8_t *secret, size_t secret_len, const char *key, size_t key_len,
		  uint8_t out[PII_PSEUDONYM_LEN])
{
	struct hmac_sha256 hmac;
	hmac_sha256_init(&hmac, secret, secret_len);
	int rc = pii_pseudonym_hmac(&hmac, key, key_len, out);
	hmac_sha256_release(&hmac);
	return rc;
}

int pii_pseudonym_hmac(struct hmac_sha256 *hmac, const char *key, size_t key_len,
		       uint8_t out[PII_PSEUDONYM_LEN])
{
	memset(out, 0, PII_PSEUDONYM_LEN);
	key_len = trim_key(&key, key_len);
	if (!key_len)
		return -1;
	uint8_t md[SHA256_LEN];
	hmac_sha256(hmac, key, key_len, md);
	memcpy(out, md, PII_PSEUDONYM_LEN);
	return 0;
}

static int read_random(uint8_t *buf, size_t n, struct strbuf *err)
{
	int fd = open("/dev/urandom", O_RDONLY);
	if (fd < 0) {
		sb_addf(err, "cannot open '/dev/urandom': %s", strerror(errno));
		return TILLID_ESYS;
	}
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			sb_addf(err, "cannot read '/dev/urandom': %s",
				r < 0 ? strerror(errno) : "unexpected end of file");
			close(fd);
			return TILLID_ESYS;
		}
		got += (size_t)r;
	}
	close(fd);
	return TILLID_OK;
}

int pii_new_secret(uint8_t **secret, size_t *len, struct strbuf *err)
{
	uint8_t *key = xmalloc(PII_SECRET_NEW);
	if (read_random(key, PII_SECRET_NEW, err) != TILLID_OK) {
		free(key);
		return TILLID_ESYS;
	}
	*secret = key;
	*len = PII_SECRET_NEW;
	return TILLID_OK;
}

int pii_save_secret(const char *path, const uint8_t *key, size_t len, int *created, struct strbuf *err)
{
	*created = 0;
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0) {
		sb_addf(err, "cannot create key file '%s': %s", path, strerror(errno));
		free(tmp);
		return TILLID_ESYS;
	}
	temps_own(tmp, TEMP_FILE, NULL);
	int rc = TILLID_OK;
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, key + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = TILLID_ESYS;
			break;
		}
		done += (size_t)w;
	}
	if (rc == TILLID_OK && (fchmod(fd, 0600) != 0 || fsync(fd) != 0))
		rc = TILLID_ESYS;
	if (rc != TILLID_OK)
		sb_addf(err, "cannot write key file '%s': %s", path, strerror(errno));
	close(fd);
	if (rc == TILLID_OK) {
		if (link(tmp, path) == 0) {
			*created = 1;
		} else if (errno != EEXIST) {
			sb_addf(err, "cannot create key file '%s': %s", path, strerror(errno));
			rc = TILLID_ESYS;
		}
	}
	unlink(tmp);
	temps_disown(tmp);
	free(tmp);
	return rc;
}

/* Create path holding a new secret without ever replacing an existing
 * file. Returns TILLID_OK (*created = 1), TILLID_OK with *created = 0 when
 * another process created it first, or TILLID_ESYS. */
static int create_secret(const char *path, int *created, struct strbuf *err)
{
	uint8_t *key;
	size_t len;
	if (pii_new_secret(&key, &len, err) != TILLID_OK)
		return TILLID_ESYS;
	int rc = pii_save_secret(path, key, len, created, err);
	memset(key, 0, len);
	free(key);
	return rc;
}

int pii_load_secret(const char *path, uint8_t **secret, size_t *len, int *created,
		    struct strbuf *err)
{
	*secret = NULL;
	*len = 0;
	*created = 0;
	struct stat st;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT) {
			sb_addf(err, "cannot read key file '%s': %s", path, strerror(errno));
			return TILLID_ESYS;
		}
		if (create_secret(path, created, err) != TILLID_OK)
			return TILLID_ESYS;
	}
	char *buf;
	size_t n;
	struct strbuf e = STRBUF_INIT;
	if (read_file_max(path, PII_SECRET_FILE_MAX, "a key file",
			  "key_file must name the file of the secret (tillid writes 32 random bytes to it)", &buf, &n,
			  &e) != TILLID_OK) {
		sb_addf(err, "cannot read key file: %s", e.buf);
		sb_release(&e);
		return TILLID_ESYS;
	}
	sb_release(&e);
	if (n < PII_SECRET_MIN) {
		sb_addf(err,
			"key file '%s' holds %zu bytes, fewer than %d; restore the right key file "
			"(a new one changes every pseudonym, so waves pseudonymised with the old "
			"one no longer pair)",
			path, n, PII_SECRET_MIN);
		memset(buf, 0, n);
		free(buf);
		return TILLID_ESYS;
	}
	*secret = (uint8_t *)buf;
	*len = n;
	return TILLID_OK;
}
