/* parse_options.c: parse a subcommand's arguments against its option table and print its usage. */
#include "parse_options.h"
#include "suggest.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Widest left column ("-o, --output FILE") that still shares its line with
 * the help; a wider one puts the help on the next line. */
#define USAGE_LEFT_MAX 24

static int takes_value(const struct option *o)
{
	return o->type == OPTION_STRING || o->type == OPTION_UINT || o->type == OPTION_DOUBLE ||
	       o->type == OPTION_CHOICE;
}

/* The option as the messages name it: "--long", else "-x". */
static void option_name(const struct option *o, char *buf, size_t size)
{
	if (o->long_name)
		snprintf(buf, size, "--%s", o->long_name);
	else
		snprintf(buf, size, "-%c", o->short_name);
}

/* The long option closest to name[0..n), when it is within two edits. */
static const struct option *closest_long(const struct option *options, const char *name, size_t n)
{
	struct suggest s;
	const struct option *best = NULL;
	suggest_init(&s, name, n, 2);
	for (const struct option *o = options; o->type != OPTION_END; o++) {
		if (!o->long_name)
			continue;
		suggest_consider(&s, o->long_name);
		if (s.best == o->long_name)
			best = o;
	}
	return best;
}

static void unknown_option(const char *prefix, const char *const *usage_lines, const struct option *options,
			   const char *arg)
{
	const struct option *near = NULL;
	if (arg[0] == '-' && arg[1] == '-') {
		size_t n = strcspn(arg + 2, "=");
		near = closest_long(options, arg + 2, n);
	}
	if (near)
		fprintf(stderr, "%s: unknown option '%s'; did you mean '--%s'?\n", prefix, arg, near->long_name);
	else
		fprintf(stderr, "%s: unknown option '%s'\n", prefix, arg);
	usage_with_options(stderr, usage_lines, options);
}

/* A whole number of decimal digits only (no sign, no blanks); -1 when s is not one or overflows. */
static int parse_uint(const char *s, uint64_t *out)
{
	if (!*s)
		return -1;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

/* Check val for option o and store it. Returns 0, or -1 after the message. */
static int store_value(const char *prefix, const struct option *o, const char *val)
{
	char name[80];
	option_name(o, name, sizeof(name));
	switch (o->type) {
	case OPTION_STRING:
		if ((o->flags & OPTION_NONEMPTY) && !*val) {
			fprintf(stderr, "%s: option '%s' needs a non-empty value (%s)\n", prefix, name,
				o->argh ? o->argh : "VALUE");
			return -1;
		}
		*(const char **)o->value = val;
		return 0;
	case OPTION_UINT: {
		uint64_t u;
		if (parse_uint(val, &u) || u < o->min || u > o->max) {
			if (o->max == UINT64_MAX)
				fprintf(stderr, "%s: option '%s' needs a whole number of at least %" PRIu64 ", not '%s'\n",
					prefix, name, o->min, val);
			else
				fprintf(stderr, "%s: option '%s' needs a whole number from %" PRIu64 " to %" PRIu64
						", not '%s'\n",
					prefix, name, o->min, o->max, val);
			return -1;
		}
		*(uint64_t *)o->value = u;
		return 0;
	}
	case OPTION_DOUBLE: {
		char *end;
		errno = 0;
		double d = strtod(val, &end);
		if (errno || end == val || *end || !(d >= o->dmin && d <= o->dmax)) {
			fprintf(stderr, "%s: option '%s' needs a number from %g to %g, not '%s'\n", prefix, name, o->dmin,
				o->dmax, val);
			return -1;
		}
		*(double *)o->value = d;
		return 0;
	}
	case OPTION_CHOICE:
		for (int i = 0; o->choices[i]; i++) {
			if (!strcmp(o->choices[i], val)) {
				*(int *)o->value = i;
				return 0;
			}
		}
		fprintf(stderr, "%s: option '%s' takes ", prefix, name);
		for (int i = 0; o->choices[i]; i++)
			fprintf(stderr, "%s'%s'", i == 0 ? "" : o->choices[i + 1] ? ", " : " or ", o->choices[i]);
		fprintf(stderr, ", not '%s'\n", val);
		return -1;
	default:
		return -1;
	}
}

/* Apply option o, whose value (if it takes one) is inline (after "=" or
 * after "-x"), else the next argument. Returns a parse_options_result. */
static int apply(const char *prefix, const char *const *usage_lines, const struct option *options,
		 const struct option *o, const char *inline_val, int argc, char **argv, int *i)
{
	char name[80];
	option_name(o, name, sizeof(name));
	if (!takes_value(o)) {
		if (inline_val) {
			fprintf(stderr, "%s: option '%s' takes no value\n", prefix, name);
			return PARSE_OPT_ERROR;
		}
		if (o->type == OPTION_HELP) {
			usage_with_options(stdout, usage_lines, options);
			return PARSE_OPT_HELP;
		}
		*(int *)o->value = 1;
		return PARSE_OPT_DONE;
	}
	const char *val = inline_val;
	if (!val) {
		if (*i + 1 >= argc) {
			fprintf(stderr, "%s: option '%s' needs a value (%s)\n", prefix, name,
				o->argh ? o->argh : "VALUE");
			return PARSE_OPT_ERROR;
		}
		val = argv[++*i];
	}
	return store_value(prefix, o, val) ? PARSE_OPT_ERROR : PARSE_OPT_DONE;
}

static const struct option *find_long(const struct option *options, const char *name, size_t n)
{
	for (const struct option *o = options; o->type != OPTION_END; o++)
		if (o->long_name && strlen(o->long_name) == n && !strncmp(o->long_name, name, n))
			return o;
	return NULL;
}

static const struct option *find_short(const struct option *options, char c)
{
	for (const struct option *o = options; o->type != OPTION_END; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

int parse_options(int argc, char **argv, const char *prefix, const char *const *usage_lines,
		  const struct option *options, struct option_args *args)
{
	int nargs = 0, only_args = 0;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		int rc;
		if (only_args || a[0] != '-' || !a[1]) {
			argv[1 + nargs++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
			const struct option *o = find_long(options, a + 2, n);
			if (!o) {
				unknown_option(prefix, usage_lines, options, a);
				return PARSE_OPT_ERROR;
			}
			rc = apply(prefix, usage_lines, options, o, eq ? eq + 1 : NULL, argc, argv, &i);
			if (rc != PARSE_OPT_DONE)
				return rc;
			continue;
		}
		/* One or more short options: flags bundle ("-qh"); one that takes a
		 * value takes the rest of the argument, or else the next one. */
		for (const char *p = a + 1; *p; p++) {
			const struct option *o = find_short(options, *p);
			if (!o) {
				char shown[3] = { '-', *p, '\0' };
				unknown_option(prefix, usage_lines, options, shown);
				return PARSE_OPT_ERROR;
			}
			if (takes_value(o)) {
				rc = apply(prefix, usage_lines, options, o, p[1] ? p + 1 : NULL, argc, argv, &i);
				if (rc != PARSE_OPT_DONE)
					return rc;
				break;
			}
			rc = apply(prefix, usage_lines, options, o, NULL, argc, argv, &i);
			if (rc != PARSE_OPT_DONE)
				return rc;
		}
	}
	args->argc = nargs;
	args->argv = argv + 1;
	return PARSE_OPT_DONE;
}

/* The left column of an option's usage line. */
static void usage_left(const struct option *o, char *buf, size_t size)
{
	const char *sep = o->argh ? " " : "";
	const char *argh = o->argh ? o->argh : "";
	if (o->short_name && o->long_name)
		snprintf(buf, size, "-%c, --%s%s%s", o->short_name, o->long_name, sep, argh);
	else if (o->long_name)
		snprintf(buf, size, "    --%s%s%s", o->long_name, sep, argh);
	else
		snprintf(buf, size, "-%c%s%s", o->short_name, sep, argh);
}

void usage_with_options(FILE *fp, const char *const *usage_lines, const struct option *options)
{
	for (size_t i = 0; usage_lines[i]; i++)
		fprintf(fp, "%s\n", usage_lines[i]);
	char left[128];
	int width = 0;
	for (const struct option *o = options; o->type != OPTION_END; o++) {
		if (o->type == OPTION_TEXT)
			continue;
		usage_left(o, left, sizeof(left));
		int n = (int)strlen(left);
		if (n > width && n <= USAGE_LEFT_MAX)
			width = n;
	}
	for (const struct option *o = options; o->type != OPTION_END; o++) {
		if (o->type == OPTION_TEXT) {
			fputs(o->help, fp);
			continue;
		}
		usage_left(o, left, sizeof(left));
		if ((int)strlen(left) > width)
			fprintf(fp, "  %s\n  %-*s  %s\n", left, width, "", o->help);
		else
			fprintf(fp, "  %-*s  %s\n", width, left, o->help);
	}
}

int parse_command(int argc, char **argv, const char *prefix, const char *const *usage_lines,
		  const struct option *options, struct command_args want, struct option_args *args)
{
	switch (parse_options(argc, argv, prefix, usage_lines, options, args)) {
	case PARSE_OPT_HELP:
		return TILLID_OK;
	case PARSE_OPT_ERROR:
		return TILLID_ESYS;
	}
	if (want.max >= 0 && args->argc > want.max) {
		if (want.what && want.max > 0)
			fprintf(stderr, "%s: one %s at a time: '%s' and '%s'\n", prefix, want.what,
				args->argv[want.max - 1], args->argv[want.max]);
		else
			fprintf(stderr, "%s: unexpected argument '%s'\n", prefix, args->argv[want.max]);
	} else if (args->argc < want.min) {
		fprintf(stderr, "%s: no %s given\n", prefix, want.what ? want.what : "argument");
	} else {
		return -1;
	}
	usage_with_options(stderr, usage_lines, options);
	return TILLID_ESYS;
}
