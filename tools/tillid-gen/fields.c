/* fields.c: pieces of tillid-gen's outputs: the output file, zero-padded numbers, times, pseudonyms, contact numbers. */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>

int out_open(struct out_file *o, const char *dir, const char *name, struct strbuf *err)
{
	char *path = path_join(dir, name);
	int rc = af_open(&o->af, path, err);
	free(path);
	if (rc)
		return rc;
	setvbuf(o->af.fp, NULL, _IOFBF, 1 << 20);
	sb_init(&o->row);
	return TILLID_OK;
}

void out_flush_row(struct out_file *o)
{
	fwrite(o->row.buf, 1, o->row.len, o->af.fp);
	sb_reset(&o->row);
}

int out_close(struct out_file *o, struct strbuf *err)
{
	out_flush_row(o);
	sb_release(&o->row);
	return af_commit(&o->af, err);
}

void add_uint_pad(struct strbuf *out, unsigned long x, int width)
{
	char buf[24];
	int k = sizeof(buf);
	do {
		buf[--k] = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	while (k > (int)sizeof(buf) - width)
		buf[--k] = '0';
	sb_add(out, buf + k, sizeof(buf) - (size_t)k);
}

void add_uint(struct strbuf *out, unsigned long x)
{
	add_uint_pad(out, x, 1);
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void add_time(struct strbuf *out, int w, long secs, int iso)
{
	add_date_time(out, waves[w].year, waves[w].month, waves[w].day, secs, iso);
}

long days_since_epoch(int year, int month, int day)
{
	return days_from_civil(year, month, day);
}

void add_date_time(struct strbuf *out, int year, int month, int mday, long secs, int iso)
{
	long base = days_from_civil(year, month, mday);
	long day = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	long s = secs - day * 86400;
	int y, m, d;
	civil_from_days(base + day, &y, &m, &d);
	if (iso) {
		add_uint_pad(out, (unsigned long)y, 4);
		sb_addc(out, '-');
		add_uint_pad(out, (unsigned long)m, 2);
		sb_addc(out, '-');
		add_uint_pad(out, (unsigned long)d, 2);
	} else {
		add_uint_pad(out, (unsigned long)d, 2);
		sb_addc(out, '-');
		add_uint_pad(out, (unsigned long)m, 2);
		sb_addc(out, '-');
		add_uint_pad(out, (unsigned long)y, 4);
	}
	sb_addc(out, ' ');
	add_uint_pad(out, (unsigned long)(s / 3600), 2);
	sb_addc(out, ':');
	add_uint_pad(out, (unsigned long)(s / 60 % 60), 2);
	sb_addc(out, ':');
	add_uint_pad(out, (unsigned long)(s % 60), 2);
}

const char *comment_text(int16_t c)
{
	return comment_pools[c / 100].text[c % 100];
}

void add_pseudonym(struct strbuf *out, const struct study_sim *sim, const struct person *p)
{
	sb_adds(out, munis[p->muni].prefix);
	sb_addc(out, '-');
	add_uint_pad(out, p->pseudo, sim->pseudo_width[p->muni]);
}

void add_contact_no(struct strbuf *out, const struct study_sim *sim, uint32_t person)
{
	int width = 4;
	for (size_t k = 10000; k <= sim->n_people; k *= 10)
		width++;
	add_uint_pad(out, (unsigned long)person + 1, width);
}
