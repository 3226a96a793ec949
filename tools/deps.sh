#!/bin/sh
# deps.sh: make sure the Debian packages tillid builds and tests with are installed.
# Usage: tools/deps.sh [build|check|crosscheck]
#   build: compiler libraries and fonts (what `make report` needs)
#   check: also poppler-utils (PDF text checks), python3-openpyxl (reads the
#          tables workbook back), valgrind, time (make bench),
#          man-db and groff-base (the man page check), and R for the
#          cross-check against R (R only when CI is set or TILLID_WITH_R=1,
#          because it is a large install);
#   crosscheck: what check needs, R always (`make crosscheck`).
# As root the missing packages are installed with apt-get; otherwise the
# script prints the one command to run and fails.
set -eu
what=${1:-build}

need=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
want() { have_pkg "$1" || need="$need $1"; }

for p in build-essential pkg-config libcsv-dev libgsl-dev libcairo2-dev libpango1.0-dev \
         libcmocka-dev libinih-dev libssl-dev libpng-dev libzip-dev libexpat1-dev \
         libglpk-dev libqpdf-dev libxlsxwriter-dev libdeflate-dev libutf8proc-dev fonts-dejavu-core; do
	want "$p"
done
if [ "$what" = check ] || [ "$what" = crosscheck ]; then
	want poppler-utils
	want python3-openpyxl
	want valgrind
	want time
	want man-db
	want groff-base
	if [ "$what" = crosscheck ] || [ -n "${CI:-}" ] || [ "${TILLID_WITH_R:-0}" = 1 ]; then
		want r-base-core
	fi
fi

[ -z "$need" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "deps: installing:$need"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >/dev/null 2>&1; then
		apt-get update -q >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >/dev/null
	fi
	exit 0
fi
echo "deps: these Debian packages are missing:$need" >&2
echo "deps: install them with:" >&2
echo "  sudo sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$need'" >&2
exit 2
