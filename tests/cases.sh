#!/bin/sh
# cases.sh: runs the golden end-to-end cases; the last line is "cases-summary PASSED FAILED".
#
# Usage: tests/cases.sh BUILD_DIR [CASE...]     (from the top of the source tree)
#
# A case is a directory tests/cases/COMMAND-NAME/, named after the tillid
# command it tests (ingest-unknown-answer, stats-seed, report-usage, ...),
# holding
#   cmd      one shell command line, run from inside the case directory with
#            $TILLID (the program), $OUT (an output directory that does not
#            exist yet) and $WORK (an empty scratch directory) set;
#   status   the exit status it must end with;
#   stderr   (optional) lines that must each appear in its stderr (fixed
#            substrings; a line naming a path under $OUT or $WORK is checked
#            whole by expect);
#   absent   (optional) fixed strings that must appear in no file under $OUT
#            and in neither stdout nor stderr;
#   setup    (optional) a command line run first, the same way, which must
#            succeed: a failing cmd must then leave its outputs byte for byte;
#   expect   (optional) a shell script run from the case directory after cmd,
#            with $OUT, $WORK, $TILLID, $STDOUT and $STDERR (files) set; it
#            fails the case by exiting non-zero.
# Every case must leave no temporary file (*.tmp-*) behind and write nothing
# into its own directory (the key file too belongs in $WORK), and a case whose
# status is not 0 must leave no new or changed file under $OUT.
#
# $OUT and $WORK are siblings (../work from $OUT is $WORK), and beside them
# ../_shared is a link to tests/cases/_shared, so a path written from a case
# directory as ../_shared/... holds in $WORK too.
#
# Shared inputs: tests/cases/_shared (no cmd file, so not a case) holds
#   one-wave.ini   a study of one plain CSV wave reading data.csv beside it,
#                  with the key ../_shared/test.key;
#   data.csv       a clean three-row export for it;
#   pii.csv        an export with e-mail addresses, CPR numbers and names;
#   two-waves.ini  a SurveyXact baseline (foer/) and a CSV follow-up
#                  (efter.csv) with the key test.key: the ingest golden case
#                  and the fixture of the stats and report cases;
#   expect.sh      helpers for expect scripts: fails_with (a usage error's
#                  exit status and message) and PDF checks (pages, metadata,
#                  texts);
#   read-only      runs a command with a folder read-only (for root too).
# Paths in a study file are relative to the study file, so a case uses a
# shared study in one of three ways, keeping only what makes it different:
#   - on the case's own export: study.ini in the case is a symbolic link to
#     ../_shared/one-wave.ini, and the case's data.csv beside it is read;
#   - as a variant: cmd writes it into $WORK with one sed (or appends a
#     section with printf | cat), copies the exports there and runs from
#     $WORK, so messages name 'data.csv' as in a case directory:
#       sed '/^file = /a encoding = utf-8' ../_shared/one-wave.ini >"$WORK/study.ini" &&
#       cp data.csv "$WORK" && cd "$WORK" && $TILLID ingest --out "$OUT" study.ini
#   - on changed exports: cmd copies ../_shared/. and then the case's files
#     over it into $WORK, and runs there.
# A case whose point is its study file (ingest-study-error,
# ingest-municipality-not-listed) keeps its own.
set -u
build=${1:?usage: tests/cases.sh BUILD_DIR [CASE...]}
shift
root=$(pwd)
TILLID=$root/$build/tillid
export TILLID
# In a sanitizer build the report's fontconfig caches, kept until exit, would
# count as leaks (tests/lsan.supp); other builds ignore this.
LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
if [ ! -x "$TILLID" ]; then
	echo "cases: '$TILLID' is not built"
	echo "cases-summary 0 1"
	exit 1
fi

pass=0
fail=0

# Checksums of every file under $1, one per line, sorted ("" when absent).
snapshot() {
	if [ -d "$1" ]; then
		(cd "$1" && find . -type f -exec cksum {} + | sort)
	fi
}

run_case() {
	dir=$1
	name=$(basename "$dir")
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/tillid-case.XXXXXX")
	OUT=$tmp/out
	WORK=$tmp/work
	STDOUT=$tmp/stdout
	STDERR=$tmp/stderr
	mkdir "$WORK"
	ln -s "$root/tests/cases/_shared" "$tmp/_shared"
	export OUT WORK STDOUT STDERR
	why=""

	if [ -f "$dir/setup" ]; then
		if ! (cd "$dir" && sh -c "$(cat setup)") >"$tmp/setup.log" 2>&1; then
			why="setup failed: $(tail -n 5 "$tmp/setup.log")"
		fi
	fi
	snapshot "$OUT" >"$tmp/before"
	(cd "$dir" && find . | sort) >"$tmp/case-before"

	(cd "$dir" && sh -c "$(cat cmd)") >"$STDOUT" 2>"$STDERR"
	status=$?
	want=$(cat "$dir/status" 2>/dev/null || echo "?")

	[ -z "$why" ] && [ "$status" != "$want" ] && why="exit status $status, expected $want"
	if [ -z "$why" ] && [ -f "$dir/stderr" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			[ -z "$line" ] && continue
			if ! grep -qF -- "$line" "$STDERR"; then
				why="stderr lacks: $line"
				break
			fi
		done <"$dir/stderr"
	fi
	if [ -z "$why" ] && [ -f "$dir/absent" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			[ -z "$line" ] && continue
			hit=$(grep -rlF -- "$line" "$STDOUT" "$STDERR" $( [ -d "$OUT" ] && echo "$OUT") 2>/dev/null | head -n 1)
			if [ -n "$hit" ]; then
				why="'$line' appears in ${hit#$tmp/}"
				break
			fi
		done <"$dir/absent"
	fi
	if [ -z "$why" ] && [ "$status" != 0 ]; then
		snapshot "$OUT" >"$tmp/after"
		if ! cmp -s "$tmp/before" "$tmp/after"; then
			why="a failing run changed its outputs: $(diff "$tmp/before" "$tmp/after" | grep '^[<>]' | head -n 3 | tr '\n' ' ')"
		fi
	fi
	if [ -z "$why" ]; then
		(cd "$dir" && find . | sort) >"$tmp/case-after"
		if ! cmp -s "$tmp/case-before" "$tmp/case-after"; then
			why="the case wrote into its own directory: $(diff "$tmp/case-before" "$tmp/case-after" | grep '^>' | head -n 3 | tr '\n' ' ')"
		fi
	fi
	if [ -z "$why" ]; then
		left=$(find "$tmp" "$dir" -name '*.tmp-*' 2>/dev/null | head -n 1)
		[ -n "$left" ] && why="temporary file left behind: $left"
	fi
	if [ -z "$why" ] && [ -f "$dir/expect" ]; then
		if ! (cd "$dir" && sh ./expect) >"$tmp/expect.log" 2>&1; then
			why="expect failed: $(tail -n 5 "$tmp/expect.log")"
		fi
	fi

	if [ -z "$why" ]; then
		pass=$((pass + 1))
		echo "ok   case $name"
	else
		fail=$((fail + 1))
		echo "FAIL case $name: $why"
		echo "---- stderr of $name:"
		head -n 20 "$STDERR"
	fi
	rm -rf "$tmp"
}

if [ $# -gt 0 ]; then
	for name in "$@"; do
		run_case "tests/cases/$name"
	done
else
	for dir in tests/cases/*/; do
		dir=${dir%/}
		[ -f "$dir/cmd" ] || continue
		run_case "$dir"
	done
fi
echo "cases-summary $pass $fail"
[ "$fail" = 0 ]
