/* parse_options.h: one declarative option parser and usage printer for every tillid subcommand. */
#ifndef TILLID_PARSE_OPTIONS_H
#define TILLID_PARSE_OPTIONS_H

#include <stdint.h>
#include <stdio.h>

enum option_type {
	OPTION_END,    /* ends the table */
	OPTION_FLAG,   /* no value; sets the int at value to 1 */
	OPTION_STRING, /* stores the value (a pointer into argv) in the const char * at value */
	OPTION_UINT,   /* a whole number from min to max, stored in the uint64_t at value */
	OPTION_DOUBLE, /* a decimal number from dmin to dmax, stored in the double at value */
	OPTION_CHOICE, /* one of choices; stores its index in the int at value */
	OPTION_HELP,   /* -h/--help: parse_options prints the usage to stdout */
	OPTION_TEXT    /* no option: usage_with_options prints help as is, for headings and epilogues */
};

/* OPTION_STRING: an empty value ("--out=" or "--out ''") is an error. */
#define OPTION_NONEMPTY 1

struct option {
	enum option_type type;
	char short_name;       /* 0: none */
	const char *long_name; /* without "--"; NULL: none */
	const char *argh;      /* the value's name in the usage ("DIR"); NULL for flags */
	const char *help;
	void *value;
	uint64_t min, max;           /* OPTION_UINT: the accepted range */
	double dmin, dmax;           /* OPTION_DOUBLE: the accepted range */
	const char *const *choices;  /* OPTION_CHOICE: the accepted values, NULL-terminated */
	int flags;                   /* OPTION_NONEMPTY */
};

#define OPT_END() { .type = OPTION_END }
#define OPT_FLAG(s, l, v, h) { .type = OPTION_FLAG, .short_name = (s), .long_name = (l), .help = (h), .value = (v) }
#define OPT_STRING(s, l, v, a, h) \
	{ .type = OPTION_STRING, .short_name = (s), .long_name = (l), .argh = (a), .help = (h), .value = (v) }
#define OPT_NONEMPTY_STRING(s, l, v, a, h)                                                                \
	{ .type = OPTION_STRING, .short_name = (s), .long_name = (l), .argh = (a), .help = (h), .value = (v), \
	  .flags = OPTION_NONEMPTY }
#define OPT_UINT(s, l, v, a, h, lo, hi)                                                                 \
	{ .type = OPTION_UINT, .short_name = (s), .long_name = (l), .argh = (a), .help = (h), .value = (v), \
	  .min = (lo), .max = (hi) }
#define OPT_DOUBLE(s, l, v, a, h, lo, hi)                                                                 \
	{ .type = OPTION_DOUBLE, .short_name = (s), .long_name = (l), .argh = (a), .help = (h), .value = (v), \
	  .dmin = (lo), .dmax = (hi) }
#define OPT_CHOICE(s, l, v, a, h, list)                                                                   \
	{ .type = OPTION_CHOICE, .short_name = (s), .long_name = (l), .argh = (a), .help = (h), .value = (v), \
	  .choices = (list) }
#define OPT_HELP() { .type = OPTION_HELP, .short_name = 'h', .long_name = "help", .help = "show this help" }
#define OPT_TEXT(t) { .type = OPTION_TEXT, .help = (t) }

enum parse_options_result {
	PARSE_OPT_DONE = 0,  /* every option was stored; go on */
	PARSE_OPT_HELP = 1,  /* the usage went to stdout; the command exits 0 */
	PARSE_OPT_ERROR = -1 /* the message went to stderr; the command exits TILLID_ESYS */
};

/* The arguments that are not options, in the order given. */
struct option_args {
	int argc;
	char **argv;
};

/* Parse argv[1..argc) (argv[0] is the command's name) against options, which
 * ends with OPT_END().
 *
 * Accepts "--name VALUE", "--name=VALUE", "-x VALUE", "-xVALUE", bundled
 * short flags ("-qh"), and "--", after which every argument is positional; a
 * lone "-" is positional. -h and --help work when the table has OPT_HELP().
 * Values are stored through each entry's value pointer in the order given,
 * so a repeated option keeps its last value; strings point into argv.
 *
 * The positional arguments are moved, in order, to the front of argv[1..]
 * and *args describes them (args->argv points into argv).
 *
 * Returns PARSE_OPT_DONE; PARSE_OPT_HELP after printing the usage to stdout;
 * or PARSE_OPT_ERROR after printing "<prefix>: <message>" naming the option
 * to stderr (and the usage, for an unknown option). Never exits. */
int parse_options(int argc, char **argv, const char *prefix, const char *const *usage_lines,
		  const struct option *options, struct option_args *args);

/* What a command takes besides its options: at least min and at most max
 * arguments (max < 0: any number), each one a `what` ("study file",
 * "export"; NULL for a command that takes none). */
struct command_args {
	int min, max;
	const char *what;
};

/* parse_options, then the number of arguments checked against want. Too
 * many print "<prefix>: one WHAT at a time: 'A' and 'B'" (or "unexpected
 * argument 'A'" when the command takes none), too few "<prefix>: no WHAT
 * given", each followed by the usage, to stderr. Returns -1 when the
 * command goes on with *args set; otherwise the exit status it ends with:
 * TILLID_OK after --help, TILLID_ESYS after a message. */
int parse_command(int argc, char **argv, const char *prefix, const char *const *usage_lines,
		  const struct option *options, struct command_args want, struct option_args *args);

/* Print usage_lines (NULL-terminated, one line each) and then the table:
 * one aligned line per option ("  -o, --output FILE   help" or
 * "      --force           help"), OPT_TEXT entries as they are. */
void usage_with_options(FILE *fp, const char *const *usage_lines, const struct option *options);

#endif
