#!/bin/sh
# manpage.sh: checks docs/tillid.1: groff reads it without a warning, and it
# names every command and every long option that `tillid CMD --help` prints.
# Usage: tests/manpage.sh BUILD_DIR   (from the top of the source tree)
set -u
build=${1:-build}
page=${MANPAGE:-docs/tillid.1}
status=0
warn=$(man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
if [ -n "$warn" ]; then
	echo "manpage: '$page': groff warns:"
	echo "$warn"
	status=1
fi
for cmd in init ingest stats report version; do
	if ! grep -q "^\.SS \"tillid $cmd" "$page"; then
		echo "manpage: '$page': no section for 'tillid $cmd'"
		status=1
	fi
	for opt in $("$build/tillid" "$cmd" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		if ! grep -q -- "$esc" "$page"; then
			echo "manpage: '$page': 'tillid $cmd --help' lists $opt, the man page does not"
			status=1
		fi
	done
done
exit $status
