#!/bin/sh
# manpage.sh: checks docs/tillid.1: groff reads it without a warning, and each
# command's section names every long option that `tillid CMD --help` prints.
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
for cmd in init ingest stats report audit tables version; do
	# The body of the command's own section: after its .SS heading (whose
	# synopsis names the options too) up to the next heading.
	section=$(sed -n "/^\.SS \"tillid $cmd/,/^\.S[SH] /p" "$page" | sed 1d)
	if [ -z "$section" ]; then
		echo "manpage: '$page': no section for 'tillid $cmd'"
		status=1
		continue
	fi
	for opt in $("$build/tillid" "$cmd" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		[ "$opt" = --help ] && continue # documented once, for every command
		# groff writes the option as \-\-name (in an ERE: \\-\\-name); it must
		# stand whole: followed by the end, a font change or a non-letter
		# (--out is not --output)
		ere=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		if ! printf '%s\n' "$section" | grep -qE -- "$ere(\$|\\\\f|[^a-z\\\\])"; then
			echo "manpage: '$page': 'tillid $cmd --help' lists $opt, its section of the man page does not"
			status=1
		fi
	done
done
if ! grep -q -- '^\.BR \\-h ", " \\-\\-help' "$page"; then
	echo "manpage: '$page': does not say that every command takes -h, --help"
	status=1
fi
exit $status
