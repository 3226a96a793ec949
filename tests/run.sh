#!/bin/sh
# run.sh: runs the test layers and prints one closing line "N passed, N failed".
# Usage: tests/run.sh BUILD_DIR [unit|cases|all] [valgrind]
#   unit   every cmocka binary BUILD_DIR/tests/test_*
#   cases  every golden end-to-end case under tests/cases/ (see tests/cases.sh)
#   all    both, the layer rule (tests/layers.sh), the man page
#          (tests/manpage.sh), the report check, the sample studies'
#          reports (tests/sample_reports.sh), then
#          the cross-check against R when Rscript is installed
set -u
build=$1
what=${2:-all}
vg=${3:-}
pass=0
fail=0
failed=""

run_unit() {
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		if [ "$vg" = valgrind ]; then
			set -- valgrind -q --error-exitcode=99 --leak-check=full \
				--errors-for-leak-kinds=definite --suppressions=tests/valgrind.supp "$t"
		else
			set -- "$t"
		fi
		if "$@" >"$build/tests/$name.log" 2>&1; then
			pass=$((pass + 1))
			echo "ok   $name"
		else
			fail=$((fail + 1))
			failed="$failed $name"
			echo "FAIL $name (log: $build/tests/$name.log)"
			tail -n 30 "$build/tests/$name.log"
		fi
	done
}

if [ "$what" = unit ] || [ "$what" = all ]; then
	run_unit
fi
if [ "$what" = cases ] || [ "$what" = all ]; then
	if [ -f tests/cases.sh ]; then
		out=$(sh tests/cases.sh "$build" 2>&1)
		echo "$out" | grep -v '^cases-summary'
		p=$(echo "$out" | sed -n 's/^cases-summary \([0-9]*\) \([0-9]*\)$/\1/p')
		f=$(echo "$out" | sed -n 's/^cases-summary \([0-9]*\) \([0-9]*\)$/\2/p')
		pass=$((pass + ${p:-0}))
		fail=$((fail + ${f:-1}))
		[ "${f:-1}" = 0 ] || failed="$failed cases"
	fi
fi
if [ "$what" = all ]; then
	if sh tests/layers.sh && sh tests/layers_selftest.sh; then
		pass=$((pass + 1)); echo "ok   layers"
	else
		fail=$((fail + 1)); failed="$failed layers"; echo "FAIL layers (the layer rule: docs/architecture.md)"
	fi
	if sh tests/manpage.sh "$build"; then
		pass=$((pass + 1)); echo "ok   manpage"
	else
		fail=$((fail + 1)); failed="$failed manpage"; echo "FAIL manpage"
	fi
fi
if [ "$what" = all ] && [ -f tests/report_check.sh ]; then
	if sh tests/report_check.sh "$build"; then
		pass=$((pass + 1)); echo "ok   report_check"
	else
		fail=$((fail + 1)); failed="$failed report_check"; echo "FAIL report_check"
	fi
fi
if [ "$what" = all ] && [ -f tests/sample_reports.sh ]; then
	if sh tests/sample_reports.sh "$build"; then
		pass=$((pass + 1)); echo "ok   sample_reports"
	else
		fail=$((fail + 1)); failed="$failed sample_reports"; echo "FAIL sample_reports"
	fi
fi
if [ "$what" = all ] && [ -f tests/crosscheck.sh ]; then
	if command -v Rscript >/dev/null 2>&1; then
		if sh tests/crosscheck.sh "$build"; then
			pass=$((pass + 1)); echo "ok   crosscheck"
		else
			fail=$((fail + 1)); failed="$failed crosscheck"; echo "FAIL crosscheck"
		fi
	else
		echo "skip crosscheck (Rscript is not installed; 'make crosscheck' installs R and runs it)"
	fi
fi

[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
