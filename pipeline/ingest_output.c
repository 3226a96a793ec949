/* ingest_output.c: the four outputs staged under temporary names and renamed into place only when all were written. */
#include "ingest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct staged {
	const char *name;
	char *final;
	char *tmp;
};

static int stage_create(struct staged *st, const char *dir, struct strbuf *err)
{
	st->final = path_join(dir, st->name);
	st->tmp = xasprintf("%s.tmp-XXXXXX", st->final);
	int fd = mkstemp(st->tmp);
	if (fd < 0) {
		sb_addf(err, "cannot create '%s': %s", st->tmp, strerror(errno));
		free(st->tmp);
		st->tmp = NULL;
		return TILLID_ESYS;
	}
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	close(fd);
	return TILLID_OK;
}

typedef void report_writer(const struct ingest_report *r, const struct tds *d, FILE *fp);

static int stage_report(const struct staged *st, report_writer *fn, const struct ingest_report *r,
			const struct tds *d, struct strbuf *err)
{
	FILE *fp = fopen(st->tmp, "wb");
	if (!fp) {
		sb_addf(err, "cannot write '%s': %s", st->tmp, strerror(errno));
		return TILLID_ESYS;
	}
	fn(r, d, fp);
	int bad = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0;
	int saved = errno;
	if (fclose(fp) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		sb_addf(err, "cannot write '%s': %s", st->final, strerror(saved));
		return TILLID_ESYS;
	}
	return TILLID_OK;
}

int ingest_write_outputs(const struct tds *d, const struct ingest_report *r, const char *dir,
			 struct strbuf *err)
{
	struct staged st[4] = {
		{ "clean.tds", NULL, NULL },
		{ "clean.csv", NULL, NULL },
		{ "ingest.txt", NULL, NULL },
		{ "ingest.json", NULL, NULL },
	};
	int rc = mkdir_p(dir, err);
	for (size_t i = 0; i < ARRAY_SIZE(st) && rc == TILLID_OK; i++)
		rc = stage_create(&st[i], dir, err);
	if (rc == TILLID_OK)
		rc = tds_write(d, st[0].tmp, err);
	if (rc == TILLID_OK)
		rc = tds_write_csv(d, st[1].tmp, err);
	if (rc == TILLID_OK)
		rc = stage_report(&st[2], ingest_report_write_text, r, d, err);
	if (rc == TILLID_OK)
		rc = stage_report(&st[3], ingest_report_write_json, r, d, err);
	for (size_t i = 0; i < ARRAY_SIZE(st); i++) {
		if (rc == TILLID_OK && st[i].tmp && rename(st[i].tmp, st[i].final) != 0) {
			sb_addf(err, "cannot rename '%s' to '%s': %s", st[i].tmp, st[i].final,
				strerror(errno));
			rc = TILLID_ESYS;
		}
		if (rc != TILLID_OK && st[i].tmp)
			unlink(st[i].tmp);
		free(st[i].final);
		free(st[i].tmp);
	}
	return rc;
}
