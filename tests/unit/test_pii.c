/* test_pii.c: unit tests for personal-data detection (headers, content) and keyed pseudonyms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pipeline/pii.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_header_kinds(void **state)
{
	(void)state;
	static const struct {
		const char *header;
		unsigned kinds;
	} cases[] = {
		{ "email", PII_EMAIL },
		{ "E-mail", PII_EMAIL },
		{ "Emailadresse", PII_EMAIL },
		{ "mail", PII_EMAIL },
		{ "navn", PII_NAME },
		{ "Navn", PII_NAME },
		{ "Hvad er dit navn?", PII_NAME },
		{ "navn1", PII_NAME },
		{ "name", PII_NAME },
		{ "Fornavn", PII_NAME },
		{ "Efternavn", PII_NAME },
		{ "forn", PII_NAME },
		{ "ettern", PII_NAME },
		{ "brugernavn", PII_NAME },
		{ "cpr", PII_CPR },
		{ "CPR-nummer", PII_CPR },
		{ "cprnr", PII_CPR },
		{ "Personnummer", PII_CPR },
		{ "telefon", PII_PHONE },
		{ "Telefonnummer", PII_PHONE },
		{ "tlf", PII_PHONE },
		{ "navn_email", PII_NAME | PII_EMAIL },
		/* Not personal data: item codes, background columns, and words
		 * that merely start like a keyword. */
		{ "s_1_1", 0 },
		{ "kommune", 0 },
		{ "gruppe", 0 },
		{ "pseudonym", 0 },
		{ "fornøjet", 0 },
		{ "Formand", 0 },
		{ "navigation", 0 },
		{ "stato_4", 0 },
		{ "", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned got = pii_header_kinds(cases[i].header);
		if (got != cases[i].kinds)
			fail_msg("header '%s': kinds %u, expected %u", cases[i].header, got, cases[i].kinds);
	}
}

static void test_email(void **state)
{
	(void)state;
	assert_true(pii_has_email("anne@example.dk"));
	assert_true(pii_has_email("Skriv til bo.jensen@kommune-mail.dk, tak."));
	assert_true(pii_has_email("elev0001@example.no"));
	assert_false(pii_has_email("a@b"));
	assert_false(pii_has_email("@example.dk"));
	assert_false(pii_has_email("x@y.z"));        /* a one-letter top-level domain is no address */
	assert_false(pii_has_email("vi ses @ mødet"));
	assert_false(pii_has_email("Helt enig"));
	assert_false(pii_has_email(""));
}

static void test_cpr(void **state)
{
	(void)state;
	assert_true(pii_has_cpr("010190-1234", 0));
	assert_true(pii_has_cpr("010190-1234", 1));
	assert_true(pii_has_cpr("cpr: 290200-4321.", 1));
	assert_true(pii_has_cpr("0101901234", 0));
	assert_false(pii_has_cpr("0101901234", 1));   /* the ten-digit form is not dashed */
	assert_false(pii_has_cpr("320190-1234", 0));  /* day 32 */
	assert_false(pii_has_cpr("011390-1234", 0));  /* month 13 */
	assert_false(pii_has_cpr("300290-1234", 0));  /* 30 February */
	assert_false(pii_has_cpr("000190-1234", 0));  /* day 0 */
	assert_false(pii_has_cpr("01019012345", 0));  /* eleven digits */
	assert_false(pii_has_cpr("010190-12345", 0)); /* five digits after the dash */
	assert_false(pii_has_cpr("2021-03-01", 0));
	assert_false(pii_has_cpr("4", 0));
}

static void test_name_like(void **state)
{
	(void)state;
	assert_true(pii_is_name_like("Anne Hansen"));
	assert_true(pii_is_name_like(" Søren-Kaj Ørsted "));
	assert_true(pii_is_name_like("Åse"));
	assert_true(pii_is_name_like("Anne Marie Bach Hansen"));
	assert_false(pii_is_name_like("Anne Marie Bach Hansen Holm")); /* five words */
	assert_false(pii_is_name_like("Helt enig"));
	assert_false(pii_is_name_like("Bostøtte for unge"));
	assert_false(pii_is_name_like("ANNE"));
	assert_false(pii_is_name_like("Elev0001"));
	assert_false(pii_is_name_like("Anne  Hansen"));
	assert_false(pii_is_name_like("A B"));
	assert_false(pii_is_name_like(""));
}

static void test_sampler(void **state)
{
	(void)state;
	static const char *names[] = { "Anne Hansen", "Bo Jensen", "Carl Berg", "Dorte Nielsen",
				       "Erik Møller", "Freja Holm", "Gustav Lund", "Hanne Østergaard",
				       "Ib Kristensen", "Jens Poulsen", "Karen Madsen", "Lars Sønder" };
	struct pii_sampler ps;

	pii_sampler_init(&ps);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		pii_sample(&ps, names[i]);
	pii_sample(&ps, "");
	assert_int_equal(ps.n, 12);
	assert_int_equal(ps.names.n, 12);
	assert_int_equal(pii_sampler_kinds(&ps), PII_NAME);
	pii_sampler_release(&ps);

	/* Municipalities and group labels repeat: capitalised, but few distinct. */
	static const char *places[] = { "Rebild", "Slagelse", "Vesthimmerland", "Odder", "Haderslev",
					"Borger", "Pårørende" };
	pii_sampler_init(&ps);
	for (int r = 0; r < 300; r++)
		pii_sample(&ps, places[r % ARRAY_SIZE(places)]);
	assert_int_equal(ps.names.n, ARRAY_SIZE(places));
	assert_int_equal(pii_sampler_kinds(&ps), 0);
	pii_sampler_release(&ps);

	/* Ten-digit CPR numbers in at least half of the values. */
	pii_sampler_init(&ps);
	pii_sample(&ps, "0101901234");
	pii_sample(&ps, "1503854321");
	pii_sample(&ps, "9999999999");
	pii_sample(&ps, "ukendt");
	assert_int_equal(pii_sampler_kinds(&ps), PII_CPR);
	pii_sample(&ps, "nej");
	assert_int_equal(pii_sampler_kinds(&ps), 0); /* 2 of 5 */
	pii_sample(&ps, "se 010190-1234");
	assert_int_equal(pii_sampler_kinds(&ps), PII_CPR); /* one dashed is enough */
	pii_sampler_release(&ps);

	/* One e-mail address in a comment column is enough. */
	pii_sampler_init(&ps);
	for (int r = 0; r < 50; r++)
		pii_sample(&ps, "Fint samarbejde");
	pii_sample(&ps, "ring eller skriv: anne@example.dk");
	assert_int_equal(pii_sampler_kinds(&ps), PII_EMAIL);
	pii_sampler_release(&ps);

	/* Answer codes are nothing. */
	pii_sampler_init(&ps);
	for (int r = 0; r < 5000; r++)
		pii_sample(&ps, r % 2 ? "4" : "Helt enig");
	assert_int_equal(ps.n, PII_SAMPLE_MAX);
	assert_int_equal(pii_sampler_kinds(&ps), 0);
	pii_sampler_release(&ps);

	struct strbuf sb = STRBUF_INIT;
	pii_describe_kinds(PII_EMAIL | PII_CPR, &sb);
	assert_string_equal(sb.buf, "CPR numbers, e-mail addresses");
	sb_release(&sb);
}

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void test_pseudonym(void **state)
{
	(void)state;
	uint8_t a[16], b[16];
	char h[33];

	/* RFC 4231, test case 2: HMAC-SHA-256("Jefe", "what do ya want for
	 * nothing?") = 5bdcc146bf60754e6a042426089575c7 5a003f08... */
	const uint8_t jefe[] = { 'J', 'e', 'f', 'e' };
	const char *msg = "what do ya want for nothing?";
	assert_int_equal(pii_pseudonym(jefe, sizeof(jefe), msg, strlen(msg), a), 0);
	hex(a, 16, h);
	assert_string_equal(h, "5bdcc146bf60754e6a042426089575c7");

	const uint8_t s1[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	const uint8_t s2[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17 };
	/* Same key, same secret: same pseudonym, white space around ignored. */
	assert_int_equal(pii_pseudonym(s1, 32, "SLA-0412", 8, a), 0);
	assert_int_equal(pii_pseudonym(s1, 32, " SLA-0412\t", 10, b), 0);
	assert_memory_equal(a, b, 16);
	/* Another secret, or another key: another pseudonym. */
	assert_int_equal(pii_pseudonym(s2, 32, "SLA-0412", 8, b), 0);
	assert_memory_not_equal(a, b, 16);
	assert_int_equal(pii_pseudonym(s1, 32, "SLA-0413", 8, b), 0);
	assert_memory_not_equal(a, b, 16);
	/* Case and inner spaces matter. */
	assert_int_equal(pii_pseudonym(s1, 32, "sla-0412", 8, b), 0);
	assert_memory_not_equal(a, b, 16);
	/* No key: no pseudonym, all zero. */
	const uint8_t zero[16] = { 0 };
	assert_int_equal(pii_pseudonym(s1, 32, "  ", 2, b), -1);
	assert_memory_equal(b, zero, 16);
	/* key_len bounds the key: the rest of the buffer is not read. */
	assert_int_equal(pii_pseudonym(s1, 32, "SLA-0412XYZ", 8, b), 0);
	assert_memory_equal(a, b, 16);
}

static void test_pseudonym_hmac(void **state)
{
	(void)state;
	uint8_t a[16], b[16];
	char h[33];
	struct hmac_sha256 k;

	/* RFC 4231, test case 6: a 131-byte key (longer than the block, so
	 * hashed first), "Test Using Larger Than Block-Size Key - Hash Key First". */
	uint8_t big[131];
	memset(big, 0xaa, sizeof(big));
	const char *msg = "Test Using Larger Than Block-Size Key - Hash Key First";
	hmac_sha256_init(&k, big, sizeof(big));
	assert_int_equal(pii_pseudonym_hmac(&k, msg, strlen(msg), a), 0);
	hex(a, 16, h);
	assert_string_equal(h, "60e431591ee0b67f0d8a26aacbf5b77f");
	hmac_sha256_release(&k);

	/* The same as the one-shot HMAC for secrets of every length around the
	 * block size, and for many keys in a row. */
	uint8_t secret[80];
	for (size_t i = 0; i < sizeof(secret); i++)
		secret[i] = (uint8_t)(i * 37 + 11);
	static const size_t lens[] = { 16, 32, 63, 64, 65, 80 };
	for (size_t l = 0; l < ARRAY_SIZE(lens); l++) {
		hmac_sha256_init(&k, secret, lens[l]);
		for (int i = 0; i < 50; i++) {
			char key[32];
			int n = snprintf(key, sizeof(key), " HAD-%04d ", i * 7);
			assert_int_equal(pii_pseudonym_hmac(&k, key, (size_t)n, a), 0);
			assert_int_equal(pii_pseudonym(secret, lens[l], key, (size_t)n, b), 0);
			assert_memory_equal(a, b, 16);
		}
		assert_int_equal(pii_pseudonym_hmac(&k, "\t", 1, a), -1);
		hmac_sha256_release(&k);
	}
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_secret_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/tillid-pii-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = path_join(dir, "study.key");
	struct strbuf err = STRBUF_INIT;
	uint8_t *s1 = NULL, *s2 = NULL;
	size_t n1 = 0, n2 = 0;
	int created = -1;

	assert_int_equal(pii_load_secret(path, &s1, &n1, &created, &err), TILLID_OK);
	assert_int_equal(created, 1);
	assert_int_equal(n1, PII_SECRET_NEW);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(count_entries(dir), 1); /* no temporary file left */

	/* Loaded again, not replaced. */
	assert_int_equal(pii_load_secret(path, &s2, &n2, &created, &err), TILLID_OK);
	assert_int_equal(created, 0);
	assert_int_equal(n2, n1);
	assert_memory_equal(s1, s2, n1);
	free(s2);

	/* Two new secrets differ (32 random bytes). */
	char *other = path_join(dir, "other.key");
	assert_int_equal(pii_load_secret(other, &s2, &n2, &created, &err), TILLID_OK);
	assert_int_equal(created, 1);
	assert_memory_not_equal(s1, s2, n1);
	free(s2);
	free(s1);

	/* A short file is refused, and left alone. */
	FILE *fp = fopen(other, "wb");
	fputs("hemmelig", fp);
	fclose(fp);
	assert_int_equal(pii_load_secret(other, &s2, &n2, &created, &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "holds 8 bytes"));
	assert_null(s2);
	assert_int_equal(stat(other, &st), 0);
	assert_int_equal(st.st_size, 8);
	sb_reset(&err);

	/* A directory that does not exist cannot hold a new key. */
	char *nodir = path_join(dir, "no/such/dir.key");
	assert_int_equal(pii_load_secret(nodir, &s2, &n2, &created, &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "cannot create key file"));

	unlink(path);
	unlink(other);
	assert_int_equal(rmdir(dir), 0);
	free(path);
	free(other);
	free(nodir);
	sb_release(&err);
}

/* Free-text questions and response ids by their headers. */
static void test_header_roles(void **state)
{
	(void)state;
	static const char *const free_text[] = { "kommentar", "Kommentarer", "Andet, angiv",
						 "s_5[other]", "Q3[comment]", "Evt. bemærkninger",
						 "Uddyb gerne dit svar", "Beskriv kort", "Annet, spesifiser" };
	for (size_t i = 0; i < sizeof(free_text) / sizeof(*free_text); i++)
		if (!pii_header_free_text(free_text[i]))
			fail_msg("'%s' not seen as a free-text question", free_text[i]);
	static const char *const not_free_text[] = { "Hvor enig er du?", "gruppe", "s_5", "Kommune",
						     "andre", "Hvem besvarer skemaet?" };
	for (size_t i = 0; i < sizeof(not_free_text) / sizeof(*not_free_text); i++)
		if (pii_header_free_text(not_free_text[i]))
			fail_msg("'%s' seen as a free-text question", not_free_text[i]);

	assert_true(pii_header_response_id("id"));
	assert_true(pii_header_response_id(" Id "));
	assert_true(pii_header_response_id("responde"));
	assert_true(pii_header_response_id("Svar-ID"));
	assert_true(pii_header_response_id("ResponseId"));
	assert_true(pii_header_response_id("Løbenr"));
	assert_false(pii_header_response_id("pseudoid"));
	assert_false(pii_header_response_id("idé"));
	assert_false(pii_header_response_id("Pseudonym"));
}

/* Keys are lowered in place: all of them, or those holding an e-mail
 * address (the default); the length never changes. */
static void test_key_normalize(void **state)
{
	(void)state;
	char a[] = "Anne.Jensen@Eksempel.DK", b[] = "P-00AB", c[] = "P-00AB", d[] = "Ole@home";
	pii_key_normalize(PII_KEY_LOWER_EMAIL, a, strlen(a));
	assert_string_equal(a, "anne.jensen@eksempel.dk");
	pii_key_normalize(PII_KEY_LOWER_EMAIL, b, strlen(b));
	assert_string_equal(b, "P-00AB"); /* no e-mail address: as written */
	pii_key_normalize(PII_KEY_LOWER, c, strlen(c));
	assert_string_equal(c, "p-00ab");
	pii_key_normalize(PII_KEY_LOWER_EMAIL, d, strlen(d));
	assert_string_equal(d, "Ole@home"); /* no domain: no e-mail address */
	pii_key_normalize(0, a, strlen(a));
	assert_string_equal(a, "anne.jensen@eksempel.dk");

	/* what a message about malformed CSV may quote */
	assert_true(pii_may_quote("\"Helt enig", 10));
	assert_true(pii_may_quote("ab\"c", 4));
	assert_true(pii_may_quote("Borger\"", 7));
	assert_false(pii_may_quote("anne\"jensen@", 12)); /* an address cut short */
	assert_false(pii_may_quote("\"0101814001", 11)); /* a CPR number */
	assert_false(pii_may_quote("Anne \"Hansen", 12)); /* a name */
}

/* What a message may show of a value it did not understand: near-misses
 * of labels and group names, not free text, names or numbers. */
static void test_may_show_value(void **state)
{
	(void)state;
	assert_true(pii_may_show_value("Helt  enig", NULL, 0));
	assert_true(pii_may_show_value("Hverken enig eller uenig", NULL, 0));
	assert_true(pii_may_show_value("Ønsker ikke at svare", NULL, 0));
	assert_true(pii_may_show_value("Borger", NULL, 0));
	assert_true(pii_may_show_value("Pårørende, Borger", NULL, 0)); /* a clause ends after the first */
	assert_true(pii_may_show_value("99", NULL, 0));
	assert_true(pii_may_show_value("2024-03", NULL, 0));
	assert_false(pii_may_show_value("ring til Bo Hansen på 20304050", NULL, 0)); /* name, phone */
	assert_false(pii_may_show_value("ring på 20 30 40 50", NULL, 0)); /* eight digits in groups */
	assert_false(pii_may_show_value("mor til Anne Marie", NULL, 0)); /* a name within */
	assert_false(pii_may_show_value("Anne Jensen, mor til Peter", NULL, 0));
	assert_false(pii_may_show_value("jeg synes ikke at det virker godt", NULL, 0)); /* free text */
	assert_false(pii_may_show_value("anne@eksempel.dk", NULL, 0));
	assert_false(pii_may_show_value("010181-4001", NULL, 0));
	assert_false(pii_may_show_value("tlf 12345678", NULL, 0));
}

/* A long value that is a near-miss of one of the item's answer labels is
 * label text and may be shown; free text that only starts like a label,
 * or a near-miss carrying a number or an address, may not. */
static void test_may_show_near_label(void **state)
{
	(void)state;
	static const char *const labels[] = { "I meget lav grad", "I meget høj grad enig med udsagnet",
					      "Ved ikke", "Send svar til kontakt kommune.dk hver uge",
					      "Sagsnummer 010181 4001 er ikke mit", "Ringes op på 2030 40 hver dag",
					      NULL, "" };
	size_t n = sizeof(labels) / sizeof(labels[0]);
	const char *dot = "I meget høj grad enig med udsagnet.";
	/* hidden without the labels: more than five words */
	assert_false(pii_may_show_value(dot, NULL, 0));
	assert_true(pii_may_show_value(dot, labels, n));
	assert_true(pii_may_show_value("I meget høj grad enig med udsagnet", labels, n));
	assert_true(pii_may_show_value("i meget  høj grad enig  med udsagnet ", labels, n)); /* case, spaces */
	assert_true(pii_may_show_value("I meget høj grad enige med udsagnet!", labels, n)); /* two edits */
	assert_true(pii_may_show_value("I Meget Høj Grad enig med udsagnet", labels, n)); /* capitals of the label */
	/* three edits: no longer a near-miss */
	assert_false(pii_may_show_value("I meget høj grad enige med udsagnet!!", labels, n));
	/* free text that starts with the label's words */
	assert_false(pii_may_show_value("I meget høj grad enig med udsagnet, men Bo Hansen lytter aldrig", labels, n));
	assert_false(pii_may_show_value("I meget høj grad enig med udsagnet men ikke i dag", labels, n));
	/* free text near no label */
	assert_false(pii_may_show_value("jeg synes ikke at det virker godt", labels, n));
	/* near-misses that carry an e-mail address, a CPR number or a phone number */
	assert_false(pii_may_show_value("Send svar til kontakt@kommune.dk hver uge", labels, n));
	assert_false(pii_may_show_value("Sagsnummer 010181-4001 er ikke mit", labels, n));
	assert_false(pii_may_show_value("Ringes op på 2030 4050 hver dag", labels, n));
	/* a label of at most four bytes allows one edit only */
	static const char *const short_label[] = { "Bo A" };
	assert_true(pii_may_show_value("Bo Al", short_label, 1));
	assert_false(pii_may_show_value("Bo Ali", short_label, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_kinds),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_cpr),
		cmocka_unit_test(test_name_like),
		cmocka_unit_test(test_sampler),
		cmocka_unit_test(test_pseudonym),
		cmocka_unit_test(test_pseudonym_hmac),
		cmocka_unit_test(test_secret_file),
		cmocka_unit_test(test_header_roles),
		cmocka_unit_test(test_key_normalize),
		cmocka_unit_test(test_may_show_value),
		cmocka_unit_test(test_may_show_near_label),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
