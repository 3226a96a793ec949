#!/bin/sh
# bench.sh: times tillid's whole job side by side with the R and Python peers on the benchmark study.
#
# Usage: tools/bench.sh BUILD N...        (from the top of the source tree)
#
# For each N: make (or reuse) the benchmark study of N respondents per wave
# with ../shared/bench/make_big.py in BUILD/bench/nN (cached: the generator
# is seeded, so the same N gives the same bytes), then run, one after the
# other on the same files:
#   tillid ingest, tillid stats, tillid report (the project report in Danish),
#   the R peer (data.table + ggplot2) and the Python peer (pandas + scipy +
#   matplotlib) from ../shared/bench,
# each as a whole process under /usr/bin/time, and print one table: wall,
# user and system time and peak memory (RSS) per stage, for the whole job
# (times summed, memory the largest stage's), for each peer, and the ratio
# of each peer's wall time to tillid's whole job.
# With more than one N it then prints how each stage grows from one N to
# the next (make bench-scale).
#
# The peers' Debian packages are installed on demand when run as root; when
# they cannot be installed, the peer's row says so and the rest still runs.
# Environment: SHARED (default ../shared), BENCH_PEERS=0 skips the peers.
set -eu

build=$1; shift
shared=${SHARED:-../shared}
# absolute: the programs run from inside the study's folder
case $shared in /*) ;; *) shared=$(pwd)/$shared ;; esac
tillid=$(pwd)/$build/tillid
bench_ini=$(pwd)/tools/bench/bench.ini
make_big=$shared/bench/make_big.py
peers=${BENCH_PEERS:-1}
# From BENCH_FAST_MIN respondents per wave on (default 2 000 000), the study
# is written by tillid-benchgen (the CSV shape of make_big.py, with 50 items
# as a study of Denmark's adult population would have), since make_big.py
# takes hours there; its own bench.ini is used, and the peers are skipped.
fast_min=${BENCH_FAST_MIN:-2000000}
fast_items=50
benchgen=$(pwd)/$build/tillid-benchgen

die() { echo "bench: $*" >&2; exit 2; }
[ -x "$tillid" ] || die "'$tillid' is missing: run make first"
[ -x "$benchgen" ] || die "'$benchgen' is missing: run make first"
[ -f "$make_big" ] || die "'$make_big' is missing: set SHARED to the folder that holds bench/make_big.py"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: install the Debian package 'time'"
# The peers are Debian's python3 and R with Debian's packages, whatever
# python3 comes first on PATH.
py=/usr/bin/python3

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
peer_pkgs="r-base-core r-cran-data.table r-cran-ggplot2 python3-pandas python3-scipy python3-matplotlib"
if [ "$peers" = 1 ]; then
	need=""
	for p in $peer_pkgs; do have_pkg "$p" || need="$need $p"; done
	if [ -n "$need" ]; then
		if [ "$(id -u)" = 0 ]; then
			echo "bench: installing the peers' packages:$need"
			if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >/dev/null 2>&1; then
				apt-get update -q >/dev/null
				DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >/dev/null
			fi
		else
			echo "bench: the peers need:$need (install them as root; the peers are skipped)" >&2
			peers=0
		fi
	fi
fi

# run NAME LOG CMD...: time CMD as a whole process; its figures go to
# $dir/NAME.time as "wall user sys maxrss_kib", its output to LOG.
run() {
	name=$1; log=$2; shift 2
	if /usr/bin/time -f '%e %U %S %M' -o "$dir/$name.time" "$@" >"$log" 2>&1; then
		return 0
	fi
	echo "bench: '$name' failed; its output is in '$log'" >&2
	tail -5 "$log" >&2
	echo "failed" > "$dir/$name.time"
	return 0
}

# row LABEL FILE: one table row from a .time file.
row() {
	if [ ! -f "$2" ] || grep -q failed "$2"; then
		printf "%-22s %10s\n" "$1" "failed"
		return
	fi
	read -r w u s m < "$2"
	printf "%-22s %9.2fs %9.2fs %9.2fs %9.0f MB\n" "$1" "$w" "$u" "$s" "$(mb "$m")"
}

div() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > 0 ? a / b : 0) }'; }
mb() { div "$1" 1024; }
wall() { [ -f "$1" ] && ! grep -q failed "$1" && cut -d' ' -f1 "$1" || echo ""; }

# targets DIR MB PEERS: the figures of the run in DIR against the targets
# the benchmark is for (docs/performance.md), each with "met" or "not met":
# the whole job at least 40 times faster than the faster peer (when the
# peers ran) and within 200 MB; ingest at least 150 MB of CSV a second.
targets() {
	tdir=$1; csv_mb=$2; with_peers=$3
	tw=$(wall "$tdir/whole.time")
	iw=$(wall "$tdir/ingest.time")
	[ -n "$tw" ] && [ -n "$iw" ] || return 0
	verdict() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { print ((c == ">=" ? a >= b : a <= b) ? "met" : "not met") }'; }
	echo "targets (wall time):"
	if [ "$with_peers" = 1 ]; then
		fast=""
		for p in peer-r peer-py; do
			pw=$(wall "$tdir/$p.time")
			[ -n "$pw" ] || continue
			if [ -z "$fast" ] || [ "$(awk -v a="$pw" -v b="$fast" 'BEGIN { print (a < b) }')" = 1 ]; then
				fast=$pw
			fi
		done
		if [ -n "$fast" ]; then
			x=$(div "$fast" "$tw")
			printf "  whole job vs the faster peer  %6.1f×  (at least 40×: %s)\n" "$x" "$(verdict "$x" 40 ">=")"
		fi
	fi
	peak=$(mb "$(cut -d' ' -f4 "$tdir/whole.time")")
	printf "  whole job's peak memory    %6.0f MB  (at most 200 MB: %s)\n" "$peak" "$(verdict "$peak" 200 "<=")"
	rate=$(div "$csv_mb" "$iw")
	printf "  ingest                   %6.0f MB/s  (at least 150 MB/s: %s)\n" "$rate" "$(verdict "$rate" 150 ">=")"
}

summary=""
for n in "$@"; do
	dir=$(pwd)/$build/bench/n$n
	mkdir -p "$dir"
	stamp=$n
	[ "$n" -lt "$fast_min" ] || stamp="$n tillid-benchgen $fast_items items"
	if [ ! -f "$dir/made" ] || [ "$(cat "$dir/made")" != "$stamp" ]; then
		echo "bench: making the benchmark study of $n respondents per wave in '$dir'"
		rm -f "$dir/made"
		if [ "$n" -lt "$fast_min" ]; then
			"$py" "$make_big" "$n" "$dir" >/dev/null
		else
			"$benchgen" --out "$dir" --respondents "$n" --items "$fast_items" >/dev/null
		fi
		echo "$stamp" > "$dir/made"
	fi
	[ "$n" -ge "$fast_min" ] || cp "$bench_ini" "$dir/bench.ini"
	peers_n=$peers
	if [ "$n" -ge "$fast_min" ] && [ "$peers" = 1 ]; then
		echo "bench: the peers are not run on $n respondents per wave (they are written for 30 items, and R's would need more memory than the machine has)"
		peers_n=0
	fi
	rm -f "$dir/peer-r.pdf" "$dir/peer-py.pdf"
	size=$(du -ck "$dir/foer.csv" "$dir/efter.csv" | tail -1 | awk '{ printf "%.1f", $1 / 1024 }')
	echo "bench: n = $n per wave ($size MB of CSV)"
	# The study just written may still be going to disk: let the kernel
	# finish that first, so that its writeback is not timed as part of
	# whichever program runs first.
	sync

	(cd "$dir" && run ingest "$dir/ingest.log" "$tillid" ingest bench.ini)
	(cd "$dir" && run stats "$dir/stats.log" "$tillid" stats bench.ini)
	(cd "$dir" && run report "$dir/report.log" "$tillid" report bench.ini)
	awk '$1 != "failed" { w += $1; u += $2; s += $3; if ($4 > m) m = $4; n++ }
	     END { if (n == 3) print w, u, s, m; else print "failed" }' \
		"$dir/ingest.time" "$dir/stats.time" "$dir/report.time" > "$dir/whole.time"
	if [ "$peers_n" = 1 ]; then
		(cd "$dir" && run peer-r "$dir/peer-r.log" Rscript "$shared/bench/peer.R" "$dir" "$dir/peer-r.pdf")
		(cd "$dir" && run peer-py "$dir/peer-py.log" "$py" "$shared/bench/peer.py" "$dir" "$dir/peer-py.pdf")
	fi

	echo
	printf "%-22s %10s %10s %10s %12s\n" "n = $n per wave" "wall" "user" "system" "peak memory"
	row "tillid ingest" "$dir/ingest.time"
	row "tillid stats" "$dir/stats.time"
	row "tillid report" "$dir/report.time"
	row "tillid whole job" "$dir/whole.time"
	if [ "$peers_n" = 1 ]; then
		row "R peer" "$dir/peer-r.time"
		row "Python peer" "$dir/peer-py.time"
		tw=$(wall "$dir/whole.time")
		for p in peer-r peer-py; do
			pw=$(wall "$dir/$p.time")
			if [ -n "$tw" ] && [ -n "$pw" ]; then
				printf "%-22s %9.1f×\n" "$p / tillid" "$(div "$pw" "$tw")"
			fi
		done
	fi
	# the targets are set for the benchmark of 10⁶ respondents per wave
	[ "$n" != 1000000 ] || targets "$dir" "$size" "$peers_n"
	echo
	summary="$summary $n"
done

set -- $summary
[ $# -gt 1 ] || exit 0
echo "growth of each stage (wall seconds, peak MB; × = ratio to the previous n)"
printf "%-12s" "n"
for st in ingest stats report whole; do printf " %18s" "$st"; done
echo
prev=""
for n in "$@"; do
	printf "%-12s" "$n"
	for st in ingest stats report whole; do
		f=$(pwd)/$build/bench/n$n/$st.time
		w=$(wall "$f")
		if [ -z "$w" ]; then printf " %18s" failed; continue; fi
		m=$(cut -d' ' -f4 "$f")
		if [ -n "$prev" ] && [ -n "$(wall "$(pwd)/$build/bench/n$prev/$st.time")" ]; then
			pw=$(wall "$(pwd)/$build/bench/n$prev/$st.time")
			printf " %7.2fs %4.0fMB %4.1f×" "$w" "$(mb "$m")" "$(div "$w" "$pw")"
		else
			printf " %7.2fs %4.0fMB      " "$w" "$(mb "$m")"
		fi
	done
	echo
	prev=$n
done
