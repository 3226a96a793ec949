#!/bin/sh
# layers.sh: checks the layer rule of docs/architecture.md over every #include "..." line.
# Usage: tests/layers.sh   (from the top of the source tree); exits 1 and
# names each include that breaks the rule:
#   core/                    includes core/ only
#   pipeline/ stats/ plots/  include core/ and their own folder only
#   cli/                     may include every layer
#   tools/                   include core/ and the stages' public headers
#                            (a header named *_internal.h is private to its folder);
#                            tools/NAME.c and tools/NAME/ may also include tools/NAME/
# An include names its layer ("core/util.h"); a bare name ("study.h") is a
# file of the including file's own folder, and must exist there.
set -u
status=0
found=$(mktemp "${TMPDIR:-/tmp}/tillid-layers.XXXXXX") || exit 2
trap 'rm -f "$found"' EXIT
for f in core/*.[ch] pipeline/*.[ch] stats/*.[ch] plots/*.[ch] cli/*.[ch] tools/*.c tools/*/*.[ch]; do
	[ -f "$f" ] || continue
	dir=${f%%/*}
	here=${f%/*} # the file's own folder, for a bare include
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/' |
	while read -r line inc; do
		case $inc in
		*/*) layer=${inc%%/*} ;;
		*)
			if [ "$here/$inc" != cli/git_version.h ] && [ ! -f "$here/$inc" ]; then
				echo "layers: '$f':$line: includes '$inc', which is not a file of $here/; name its folder (\"core/$inc\")"
				echo x
			fi
			continue
			;;
		esac
		ok=0
		case $dir in
		core) [ "$layer" = core ] && ok=1 ;;
		pipeline | stats | plots) { [ "$layer" = core ] || [ "$layer" = "$dir" ]; } && ok=1 ;;
		cli) ok=1 ;;
		tools)
			case $layer in
			core) ok=1 ;;
			pipeline | stats | plots) case $inc in *_internal.h) ok=0 ;; *) ok=1 ;; esac ;;
			tools)
				tool=${f#tools/}
				tool=${tool%%/*}
				tool=${tool%.c}
				case $inc in "tools/$tool/"*) ok=1 ;; esac
				;;
			esac
			;;
		esac
		[ -f "$inc" ] || { echo "layers: '$f':$line: includes '$inc', which does not exist"; echo x; continue; }
		if [ $ok = 0 ]; then
			echo "layers: '$f':$line: includes '$inc': $dir/ may not include $layer/ (docs/architecture.md, the layer rule)"
			echo x
		fi
	done
done >"$found"
grep -v '^x$' "$found"
grep -q '^x$' "$found" && status=1
exit $status
