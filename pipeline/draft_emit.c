/* draft_emit.c: writes the draft study file: header, [columns], waves, groups, answer scales, items. */
#include "draft_internal.h"
#include "ini_write.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* path made absolute against the current directory, with "." and ".."
 * components resolved by their names (symbolic links are not followed). */
static char *abs_path(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	if (path[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		if (!cwd) {
			sb_release(&sb);
			return NULL;
		}
		sb_adds(&sb, cwd);
		free(cwd);
	}
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t n = (size_t)(e - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (sb.len && sb.buf[sb.len - 1] != '/')
				sb.len--;
			if (sb.len)
				sb.len--;
			sb.buf[sb.len] = '\0';
		} else if (n && !(n == 1 && p[0] == '.')) {
			sb_addc(&sb, '/');
			sb_add(&sb, p, n);
		}
		p = e;
	}
	if (!sb.len)
		sb_addc(&sb, '/');
	return sb_detach(&sb);
}

/* path as the draft names it: relative to the draft's directory, or
 * absolute when no relative name reaches it. */
static char *draft_path(const struct draft *d, const char *path)
{
	char *from = abs_path(d->draft_dir), *to = abs_path(path);
	char *r;
	if (!from || !to) {
		r = xstrdup(path); /* only when getcwd fails */
	} else {
		/* the longest common prefix of whole components */
		size_t common = 0, i = 0;
		while (from[i] && from[i] == to[i])
			i++;
		if ((!from[i] && (to[i] == '/' || !to[i])) || (from[i] == '/' && !to[i]))
			common = i;
		else
			for (common = i; common > 0 && from[common] != '/'; common--)
				;
		if (!strcmp(from, "/"))
			common = 0;
		struct strbuf sb = STRBUF_INIT;
		sb_init(&sb);
		const char *rest = from + common;
		if (*rest)
			sb_adds(&sb, "../");
		for (const char *q = rest + 1; *rest && *q; q++)
			if (*q == '/')
				sb_adds(&sb, "../");
		sb_adds(&sb, to + common + (to[common] == '/'));
		r = sb_detach(&sb);
		/* ".." follows symbolic links where the names do not: keep the
		 * relative path only when it reaches the same file. */
		char *check = path_join(d->draft_dir, r);
		struct stat a, b;
		if (stat(check, &a) != 0 || stat(path, &b) != 0 || a.st_dev != b.st_dev ||
		    a.st_ino != b.st_ino) {
			free(r);
			r = xstrdup(to);
		}
		free(check);
	}
	free(from);
	free(to);
	return r;
}

/* Append key = value; when value cannot be written (it would not read
 * back as it is, or holds a word too long for a line), a CHECK comment
 * stands in the line's place. */
static void emit_kv(struct strbuf *out, const char *key, const char *value)
{
	if (ini_add_kv(out, key, value, INI_WRAPPED) != 0)
		ini_add_commentf(out, "CHECK: %s = ... cannot be written here as it is; write it by hand",
				 key);
}

static void emit_path(struct strbuf *out, const struct draft *d, const char *key, const char *path)
{
	char *p = draft_path(d, path);
	if (ini_add_kv(out, key, p, INI_WRAPPED) != 0) {
		ini_add_commentf(out, "CHECK: the path of %s cannot be written as it is; rename the file "
				      "(no ' ;' in its name)", key);
		emit_kv(out, key, "RENAME-ME");
	}
	free(p);
}

static void emit_values_comment(struct strbuf *out, const char *lead, const struct column *c)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	sb_adds(&sb, lead);
	for (size_t i = 0; i < c->distinct.n; i++)
		sb_addf(&sb, "%s%s", i ? " | " : "", c->distinct.v[i]);
	ini_add_comment(out, sb.buf);
	sb_release(&sb);
}

static void emit_header(struct draft *d, struct strbuf *out)
{
	ini_add_comment(out, "Draft study file written by 'tillid init'. Edit it before 'tillid ingest': "
			     "docs/study-file.md describes every key. Comments starting with CHECK mark "
			     "what needs a decision. Values of columns that look like personal data or "
			     "free text, and of the pairing key, are never shown here.");
	for (size_t w = 0; w < d->n_x; w++) {
		struct export *x = &d->x[w];
		struct strbuf desc = STRBUF_INIT;
		sb_init(&desc);
		if (x->src.kind == SOURCE_XLSX)
			sb_addf(&desc, "sheet '%s' of %zu, %llu rows", x->src.xlsx.sheet,
				x->src.xlsx.n_sheets, (unsigned long long)x->src.xlsx.n_rows);
		else
			csv_info_describe(&x->src.csv, &desc);
		ini_add_commentf(out, "wave %s: %s (%s; %s)", x->wave_id, x->arg,
				 x->sx ? "SurveyXact export" : x->src.kind == SOURCE_XLSX ? "Excel workbook"
				 : x->src.qualtrics ? "Qualtrics CSV file" : "CSV file", desc.buf);
		sb_release(&desc);
	}
	sb_addc(out, '\n');
	ini_add_section(out, "study", NULL);
	ini_add_comment(out, "CHECK: the study's name, as the report's title page shows it");
	emit_kv(out, "name", "Undersøgelse (udkast)");
	ini_add_comment(out, "no figure for a group with fewer answers than this (anonymitetsgrænse)");
	emit_kv(out, "min_group_size", "5");
}

/* Is header declared (a role other than ROLE_DROP and ROLE_OTHER) in any wave? */
static int declared_anywhere(const struct draft *d, const char *header)
{
	for (size_t w = 0; w < d->n_x; w++)
		for (size_t i = 0; i < d->x[w].n_col; i++) {
			const struct column *c = &d->x[w].col[i];
			if (c->role != ROLE_OTHER && c->role != ROLE_DROP && !strcmp(c->header, header))
				return 1;
		}
	return 0;
}

/* The first wave with a column of role k (the k-th [columns] key), -1 if none. */
static long first_wave_with(const struct draft *d, int k)
{
	for (size_t w = 0; w < d->n_x; w++)
		if (d->x[w].role_col[k] >= 0)
			return (long)w;
	return -1;
}

/* The [columns] key of role k when no wave has such a column. */
static void emit_role_missing(struct strbuf *out, int k)
{
	if (k == 0) {
		ini_add_comment(out, "CHECK: no column looked like the respondent group (borger, pårørende, "
				     "medarbejder): write its header here and one [group] per answer below");
		emit_kv(out, "group", "");
	} else if (k == 3) {
		ini_add_comment(out, "key: no column looked like a pairing key (a pseudonym present in every "
				     "wave); without one, waves are compared as whole samples only");
	} else {
		ini_add_commentf(out, "%s: no column looked like the %s", study_role_names[k],
				 study_role_names[k]);
	}
}

/* The [columns] key of role k, named as in wave w0, with why and what to check. */
static void emit_role(const struct draft *d, struct strbuf *out, int k, size_t w0)
{
	const struct export *x = &d->x[w0];
	const struct column *c = &x->col[x->role_col[k]];
	ini_add_commentf(out, "%s: %s", study_role_names[k], c->why);
	if (k == 0)
		ini_add_comment(out, x->group_guessed ?
				     "CHECK: chosen only so that this draft loads; write the header of the "
				     "column that tells the respondent groups apart" :
				     "CHECK: is this the column that tells the respondent groups apart?");
	if (k == 3 && d->x[0].key_pairs)
		ini_add_commentf(out, "%s%s", strncmp(d->x[0].key_pairs, "CHECK", 5) ? "pairs: " : "",
				 d->x[0].key_pairs);
	if (k == 3)
		ini_add_comment(out, "CHECK: it must identify the same person in every wave");
	for (size_t w = 0; k == 0 && w < d->n_x; w++) {
		const struct export *xw = &d->x[w];
		if (xw->role_col[0] < 0)
			continue;
		uint64_t blank = xw->n_rows - xw->col[xw->role_col[0]].n_values;
		if (blank)
			ini_add_commentf(out, "CHECK: %llu of %llu rows of wave %s leave the group column "
					      "blank; ingest stops on them unless [checks] has skip = "
					      "unknown_group, which drops them",
					 (unsigned long long)blank, (unsigned long long)xw->n_rows,
					 xw->wave_id);
	}
	if (k == 1 && !c->many && c->distinct.n && !(c->var && c->var->n_labels))
		emit_values_comment(out, "answers found: ", c);
	if (ini_add_kv(out, study_role_names[k], c->header, INI_WRAPPED) != 0)
		ini_add_comment(out, "CHECK: its header cannot be written here");
}

/* Dropped columns with the reason, never their values. */
static void emit_dropped(const struct draft *d, struct strbuf *out)
{
	struct strlist done = STRLIST_INIT;
	for (size_t w = 0; w < d->n_x; w++)
		for (size_t i = 0; i < d->x[w].n_col; i++) {
			const struct column *c = &d->x[w].col[i];
			if (c->role != ROLE_DROP || sl_find(&done, c->header) >= 0 ||
			    declared_anywhere(d, c->header))
				continue;
			if (!done.n)
				ini_add_comment(out, "Columns never read (tillid drops every undeclared "
						     "column too; these are named so nobody declares them "
						     "by mistake):");
			sl_push(&done, c->header);
			ini_add_commentf(out, "%s: %s", c->header, c->why);
			if (!ini_value_ok(c->header, 1) || ini_add_kv(out, "drop", c->header, INI_WRAPPED) != 0)
				ini_add_comment(out, "(its header cannot be written in a list; it is not read "
						     "anyway)");
		}
	sl_release(&done);
}

static void emit_columns(struct draft *d, struct strbuf *out)
{
	sb_addc(out, '\n');
	ini_add_section(out, "columns", NULL);
	for (int k = 0; k < STUDY_N_ROLES; k++) {
		long w0 = first_wave_with(d, k);
		if (w0 < 0)
			emit_role_missing(out, k);
		else
			emit_role(d, out, k, (size_t)w0);
	}
	emit_dropped(d, out);
	for (size_t w = 0; w < d->n_x; w++) {
		struct strbuf sb = STRBUF_INIT;
		sb_init(&sb);
		size_t n = 0;
		for (size_t i = 0; i < d->x[w].n_col; i++)
			if (d->x[w].col[i].role == ROLE_OTHER) {
				sb_addf(&sb, "%s%s", n ? ", " : "", d->x[w].col[i].header);
				n++;
			}
		if (n)
			ini_add_commentf(out, "Not declared, so not read, in wave %s (%zu): %s",
					 d->x[w].wave_id, n, sb.buf);
		sb_release(&sb);
	}
}

static void emit_waves(struct draft *d, struct strbuf *out)
{
	for (size_t w = 0; w < d->n_x; w++) {
		struct export *x = &d->x[w];
		sb_addc(out, '\n');
		ini_add_section(out, "wave", x->wave_id);
		if (d->n_x <= 2) {
			emit_kv(out, "label", w == 0 ? "Førmåling" : "Eftermåling");
			emit_kv(out, "label_en", w == 0 ? "Baseline" : "Follow-up");
		} else {
			char *l = xasprintf("Måling %zu", w + 1);
			emit_kv(out, "label", l);
			free(l);
		}
		if (w == 0 && d->n_x > 1)
			ini_add_comment(out, "CHECK: waves are in time order, the baseline first");
		ini_add_comment(out, "CHECK: the field period, as start = YYYY-MM-DD and end = YYYY-MM-DD");
		if (x->sx) {
			emit_kv(out, "format", "surveyxact");
			emit_path(out, d, "dataset", x->data);
			emit_path(out, d, "labels", x->labels);
			emit_path(out, d, "structure", x->structure);
		} else if (x->src.kind == SOURCE_XLSX) {
			emit_kv(out, "format", "xlsx");
			emit_path(out, d, "file", x->data);
		} else {
			emit_kv(out, "format", "csv");
			emit_path(out, d, "file", x->data);
		}
		if (x->src.kind == SOURCE_XLSX)
			ini_add_commentf(out, "read sheet '%s', the first; sheet = NAME reads another",
					 x->src.xlsx.sheet);
		else
			ini_add_commentf(out, "read as %s, %s; tillid detects both again on every run "
					      "(encoding = and delimiter = force them)",
					 text_encoding_name(x->src.csv.encoding),
					 text_delimiter_name(x->src.csv.delimiter));
		/* Per-wave names of the [columns] columns, where they differ. */
		for (int k = 0; k < STUDY_N_ROLES; k++) {
			long w0 = first_wave_with(d, k);
			if (w0 < 0 || (size_t)w0 == w)
				continue;
			const char *def = d->x[w0].col[d->x[w0].role_col[k]].header;
			if (x->role_col[k] < 0) {
				ini_add_commentf(out, "CHECK: no %s column found in this wave; name it with "
						      "column.%s if it has another header than '%s'",
						 study_role_names[k], study_role_names[k], def);
				continue;
			}
			const char *mine = x->col[x->role_col[k]].header;
			if (strcmp(mine, def) != 0) {
				char *key = xasprintf("column.%s", study_role_names[k]);
				emit_kv(out, key, mine);
				free(key);
			}
		}
	}
}

/* The groups: one per answer of the group column in any wave, spellings
 * that differ only in case being values of one group. Returns the array
 * (*n_groups lists, each with the group's name first). */
static struct strlist *collect_groups(const struct draft *d, size_t *n_groups)
{
	struct strlist *groups = NULL;
	size_t n = 0, alloc = 0;
	for (size_t w = 0; w < d->n_x; w++) {
		if (d->x[w].role_col[0] < 0)
			continue;
		struct strlist v = STRLIST_INIT;
		draft_group_values(&d->x[w].col[d->x[w].role_col[0]], &v);
		for (size_t i = 0; i < v.n; i++) {
			size_t g;
			for (g = 0; g < n && !str_ieq(groups[g].v[0], v.v[i]); g++)
				;
			if (g == n) {
				ALLOC_GROW(groups, n + 1, alloc);
				memset(&groups[n++], 0, sizeof(*groups));
			}
			if (sl_find(&groups[g], v.v[i]) < 0)
				sl_push(&groups[g], v.v[i]);
		}
		sl_release(&v);
	}
	*n_groups = n;
	return groups;
}

/* Append the [group] whose answers are vals (the first names it), led by
 * the CHECK comment when first. Returns 0; or -1, appending nothing, when
 * an answer cannot be written in a list. */
static int emit_group(struct draft *d, struct strbuf *out, const struct strlist *vals, int first)
{
	int ok = 1;
	for (size_t j = 0; j < vals->n; j++)
		ok &= ini_value_ok(vals->v[j], 1);
	struct strbuf sect = STRBUF_INIT, list = STRBUF_INIT;
	sb_init(&sect);
	sb_init(&list);
	for (size_t j = 0; j < vals->n; j++)
		sb_addf(&list, "%s%s", j ? " | " : "", vals->v[j]);
	char *base = draft_make_id(vals->v[0], 24);
	if (!*base || (base[0] >= '0' && base[0] <= '9')) {
		char *b = xasprintf("g%s%s", *base ? "_" : "", base);
		free(base);
		base = b;
	}
	char *id = draft_unique_id(&d->used_group_ids, base);
	sb_addc(&sect, '\n');
	ini_add_section(&sect, "group", id);
	if (first)
		ini_add_comment(&sect, "CHECK: one [group] per answer in the group column: merge answers "
				       "that mean one group (value = A | B), remove the others, and give "
				       "each a label_en");
	int rc = -1;
	if (ok && ini_add_kv(&sect, "label", vals->v[0], INI_WRAPPED) == 0 &&
	    ini_add_kv(&sect, "value", list.buf, INI_WRAPPED) == 0) {
		sb_add(out, sect.buf, sect.len);
		rc = 0;
	}
	sb_release(&sect);
	sb_release(&list);
	free(base);
	free(id);
	return rc;
}

static void emit_groups(struct draft *d, struct strbuf *out)
{
	size_t n_groups;
	struct strlist *groups = collect_groups(d, &n_groups);
	int first = 1;
	size_t unwritable = 0;
	for (size_t g = 0; g < n_groups; g++) {
		if (emit_group(d, out, &groups[g], first) == 0)
			first = 0;
		else
			unwritable++;
	}
	if (unwritable)
		ini_add_commentf(out, "CHECK: %zu answers of the group column cannot be written in a list "
				      "('|' or ' ;'); declare their groups by hand", unwritable);
	for (size_t g = 0; g < n_groups; g++)
		sl_release(&groups[g]);
	free(groups);
}

static void emit_answers(struct draft *d, struct strbuf *out)
{
	for (size_t i = 0; i < d->n_sets; i++) {
		struct answer_set *a = &d->sets[i];
		sb_addc(out, '\n');
		ini_add_section(out, "answers", a->id);
		ini_add_commentf(out, "used by %zu item%s, the first %s", a->n_items,
				 a->n_items == 1 ? "" : "s", a->first_item);
		if (a->check)
			ini_add_commentf(out, "CHECK: %s", a->check);
		char n[32];
		if (a->from_zero) {
			/* the numbers are the values: unlabelled points show them */
			snprintf(n, sizeof(n), "0-%d", a->k - 1);
			emit_kv(out, "values", n);
		} else {
			snprintf(n, sizeof(n), "%d", a->k);
			emit_kv(out, "points", n);
		}
		for (int v = 0; v < a->k && !a->from_zero; v++) {
			char key[32];
			snprintf(key, sizeof(key), "point.%d", v + 1);
			emit_kv(out, key, a->point.v[v]);
		}
		for (size_t j = 0; j < a->also.n; j++) {
			char key[32];
			snprintf(key, sizeof(key), "also.%d", a->also_point[j]);
			emit_kv(out, key, a->also.v[j]);
		}
		for (size_t j = 0; j < a->missing.n; j++)
			emit_kv(out, "missing", a->missing.v[j]);
		/* Codes: the points' own only when they are not 1..k in order. */
		int plain = 1;
		for (int v = 0; v < a->k && a->point_code.n; v++) {
			char want[32];
			snprintf(want, sizeof(want), "%d", v + 1);
			plain &= strcmp(a->point_code.v[v], want) == 0;
		}
		for (int v = 0; v < a->k && a->point_code.n && !plain && !a->from_zero; v++) {
			char key[48], val[32];
			snprintf(key, sizeof(key), "code.%s", a->point_code.v[v]);
			snprintf(val, sizeof(val), "%d", v + 1);
			emit_kv(out, key, val);
		}
		for (size_t j = 0; j < a->missing_code.n; j++) {
			char key[48], val[48];
			snprintf(key, sizeof(key), "code.%s", a->missing_code.v[j]);
			snprintf(val, sizeof(val), "missing:%zu", j + 1);
			emit_kv(out, key, val);
		}
	}
}

static void emit_items(struct draft *d, struct strbuf *out)
{
	sb_adds(out, "\n");
	ini_add_comment(out, "A scale score (a construct measured by several items) needs a [scale ID] "
			     "section with label = and label_en =, and scale = ID in each of its items; "
			     "write reverse = yes in negatively worded items.");
	for (size_t i = 0; i < d->n_items; i++) {
		struct ditem *it = &d->items[i];
		sb_addc(out, '\n');
		ini_add_section(out, "item", it->id);
		if (strcmp(it->id, it->header) != 0)
			emit_kv(out, "column", it->header);
		if (*it->text && strcmp(it->text, it->header) != 0 &&
		    ini_add_kv(out, "text", it->text, INI_WRAPPED) != 0)
			ini_add_comment(out, "CHECK: its question text is too long to write; add text = by "
					     "hand");
		emit_kv(out, "answers", d->sets[it->answers].id);
		if (!it->sx && it->col->distinct.n)
			emit_values_comment(out, "answers found: ", it->col);
		for (size_t w = 0; w < d->n_x && d->n_x > 1; w++)
			if (!it->in_wave[w])
				ini_add_commentf(out, "not in wave %s: tillid reports it as a missing column "
						      "there (skip = missing_column, or column.%s = its header "
						      "in that wave)", d->x[w].wave_id, it->id);
		if (it->differs)
			ini_add_commentf(out, "CHECK: wave %s has other answer labels for this question; the "
					      "answers above are from the first wave", it->differs);
	}
}

static void emit_footer(struct draft *d, struct strbuf *out)
{
	if (d->skipped.n) {
		sb_adds(out, "\n");
		ini_add_comment(out, "Questions with answers that could not be made into an answer scale:");
		for (size_t i = 0; i < d->skipped.n; i++)
			ini_add_comment(out, d->skipped.v[i]);
	}
	sb_adds(out, "\n");
	ini_add_comment(out, "[invited] gives the numbers invited, for response rates: WAVE = N, "
			     "WAVE.GROUP = N or WAVE.GROUP.MUNICIPALITY = N.");
	ini_add_comment(out, "[checks] skip = ... lists the kinds of data problem to drop and count instead "
			     "of stopping (see docs/study-file.md).");
}

void draft_emit(struct draft *d, struct strbuf *out)
{
	emit_header(d, out);
	emit_columns(d, out);
	emit_waves(d, out);
	emit_groups(d, out);
	emit_answers(d, out);
	emit_items(d, out);
	emit_footer(d, out);
}
