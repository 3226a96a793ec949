#!/bin/sh
# layers_selftest.sh: tests/layers.sh must reject each kind of crossing and accept a tree that keeps the rule.
# Usage: tests/layers_selftest.sh   (from the top of the source tree)
set -u
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tillid-layers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0

# A small tree that keeps the rule.
tree() {
	rm -rf "$tmp/t" && mkdir -p "$tmp/t" && cd "$tmp/t" || exit 2
	mkdir core pipeline stats plots cli tools
	printf '#include "util.h"\n' >core/a.c
	: >core/util.h
	printf '#include "core/util.h"\n#include "study.h"\n' >pipeline/study.c
	: >pipeline/study.h
	: >stats/num_internal.h
	: >stats/analysis.h
	printf '#include "core/util.h"\n' >plots/report.c
	printf '#include "pipeline/study.h"\n#include "stats/analysis.h"\n' >cli/tillid.c
	printf '#include "core/util.h"\n#include "stats/analysis.h"\n' >tools/gen.c
}

expect() { # expect OUTCOME WHAT: run the check in the tree built so far
	out=$(sh "$top/tests/layers.sh" 2>&1)
	rc=$?
	if [ "$1" = pass ] && [ $rc != 0 ]; then
		echo "layers_selftest: $2: rejected a tree that keeps the rule: $out"
		status=1
	elif [ "$1" = fail ] && [ $rc = 0 ]; then
		echo "layers_selftest: $2: accepted a crossing"
		status=1
	fi
	cd "$top" || exit 2
}

tree; expect pass "a tree that keeps the rule"
tree; printf '#include "pipeline/study.h"\n' >>core/a.c; expect fail "core includes a stage"
tree; printf '#include "stats/analysis.h"\n' >>plots/report.c; expect fail "a stage includes another stage"
tree; printf '#include "cli/x.h"\n' >>pipeline/study.c; : >cli/x.h; expect fail "a stage includes cli"
tree; printf '#include "stats/num_internal.h"\n' >>tools/gen.c; expect fail "a tool includes a private header"
tree; printf '#include "util.h"\n' >>plots/report.c; expect fail "a bare include of another folder's header"
exit $status
