#!/bin/sh
# crosscheck.sh: tillid stats against R 4.2 on random datasets: synthesise, analyse, recompute in R, compare.
# Usage: tests/crosscheck.sh BUILD_DIR
# Writes the studies under BUILD_DIR/crosscheck/ (kept for inspection) and
# exits non-zero, with a diff of the disagreeing numbers, when tillid and R
# disagree on any value or status.  The studies span tiny samples (ties,
# zeros, constant answers, n = 0..2), one to four groups, zero to three
# municipalities with units, two to four waves, no pairs to all pairs, and
# minimum group sizes 0 to 5.  Studies 55-66 add 0-10 items (an NPS item and
# a 0-10 scale) and yes/no items (--numeric, --yesno): all yes, all no, all
# promoters (--constant), everyone at one end in the later waves (--shift
# 5 and -5), four waves, no pairs and all pairs.
set -eu
build=${1:-build}
synth=$build/tillid-synth
tillid=$build/tillid
dir=$build/crosscheck
for b in "$synth" "$tillid"; do
	[ -x "$b" ] || { echo "crosscheck: $b is missing; run make first" >&2; exit 2; }
done
command -v Rscript >/dev/null 2>&1 || { echo "crosscheck: Rscript is not installed" >&2; exit 2; }
rm -rf "$dir"
mkdir -p "$dir"

# One study per line: seed, then tillid-synth options.
studies() {
	cat <<'EOF'
1 --respondents 60
2 --respondents 1 --min-group-size 0
3 --respondents 2 --min-group-size 1 --pair-rate 1
4 --respondents 3 --min-group-size 1 --groups 1 --municipalities 0 --pair-rate 1
5 --respondents 6 --min-group-size 2 --constant --pair-rate 1
6 --respondents 8 --min-group-size 1 --missing 0.3 --nonsubst 0.2
7 --respondents 10 --min-group-size 2 --waves 3 --pair-rate 0.7
8 --respondents 12 --min-group-size 3 --groups 3 --municipalities 3 --units 2
9 --respondents 15 --min-group-size 5 --shift 0
10 --respondents 20 --pair-rate 0 --min-group-size 2
11 --respondents 25 --groups 1 --municipalities 1 --units 1 --min-group-size 2
12 --respondents 30 --waves 4 --min-group-size 3 --pair-rate 0.9
13 --respondents 40 --constant --min-group-size 2
14 --respondents 45 --shift 1.5 --min-group-size 2
15 --respondents 48 --pair-rate 1 --missing 0 --nonsubst 0 --min-group-size 2
16 --respondents 55 --groups 4 --municipalities 2 --units 3
17 --respondents 70 --waves 3 --shift -0.4
18 --respondents 80 --pair-rate 0.2 --missing 0.2
19 --respondents 100 --groups 3 --municipalities 3 --units 2 --min-group-size 3
20 --respondents 120 --pair-rate 0.95 --shift 0.1
21 --respondents 150 --no-unit-rows 0.3
22 --respondents 200 --waves 2 --groups 2 --municipalities 1 --units 3
23 --respondents 300 --pair-rate 0.6 --groups 2 --municipalities 0
24 --respondents 5 --min-group-size 5 --pair-rate 1
25 --respondents 4 --min-group-size 2 --constant --groups 1 --municipalities 0 --pair-rate 1
26 --respondents 7 --min-group-size 1 --waves 3 --pair-rate 0.5 --missing 0.5
27 --respondents 9 --min-group-size 2 --shift 3
28 --respondents 11 --min-group-size 0 --groups 2 --municipalities 2 --units 2
29 --respondents 13 --min-group-size 2 --shift -3
30 --respondents 16 --min-group-size 4 --nonsubst 0.4
31 --respondents 18 --min-group-size 2 --missing 0 --nonsubst 0 --group-effect 2
32 --respondents 22 --min-group-size 3 --waves 4 --groups 1 --municipalities 2
33 --respondents 26 --min-group-size 2 --pair-rate 1 --constant
34 --respondents 33 --min-group-size 5 --no-unit-rows 0
35 --respondents 36 --min-group-size 2 --groups 4 --municipalities 3 --units 3
36 --respondents 42 --min-group-size 1 --missing 0.45
37 --respondents 47 --min-group-size 2 --pair-rate 0.4 --shift 0.8
38 --respondents 49 --min-group-size 2 --pair-rate 1 --missing 0 --nonsubst 0
39 --respondents 51 --min-group-size 2 --pair-rate 1 --missing 0 --nonsubst 0
40 --respondents 58 --min-group-size 3 --waves 3 --group-effect -1
41 --respondents 64 --min-group-size 5 --groups 3 --municipalities 2
42 --respondents 75 --min-group-size 2 --shift 0 --pair-rate 0.8
43 --respondents 90 --min-group-size 5 --municipalities 3 --units 1 --no-unit-rows 0.2
44 --respondents 110 --min-group-size 5 --waves 3 --pair-rate 0.5
45 --respondents 130 --min-group-size 5 --groups 1 --municipalities 0 --pair-rate 0.9
46 --respondents 160 --min-group-size 5 --missing 0.1 --nonsubst 0.1
47 --respondents 180 --min-group-size 5 --shift 0.05 --pair-rate 0.7
48 --respondents 250 --min-group-size 5 --groups 2 --municipalities 2 --units 2
49 --respondents 3 --min-group-size 2 --waves 2 --pair-rate 0
50 --respondents 0 --min-group-size 0
51 --respondents 14 --min-group-size 1 --constant --waves 3 --pair-rate 1
52 --respondents 24 --min-group-size 2 --shift 0 --missing 0 --nonsubst 0 --pair-rate 1
53 --respondents 400 --shift 5 --groups 1 --municipalities 0 --missing 0 --nonsubst 0 --pair-rate 0.8
54 --respondents 1500 --shift 4 --groups 1 --municipalities 1 --units 1 --pair-rate 0.5
55 --respondents 40 --numeric --yesno --municipalities 1 --units 2
56 --respondents 6 --min-group-size 1 --numeric --yesno --pair-rate 1 --groups 1 --municipalities 0
57 --respondents 3 --min-group-size 0 --numeric --yesno --pair-rate 0.5
58 --respondents 12 --min-group-size 2 --numeric --yesno --constant --pair-rate 1 --groups 1 --municipalities 1
59 --respondents 20 --min-group-size 2 --numeric --yesno --waves 4 --pair-rate 0.8 --municipalities 1 --units 1
60 --respondents 30 --min-group-size 2 --numeric --yesno --shift 5 --groups 1 --municipalities 0 --pair-rate 0.9
61 --respondents 25 --min-group-size 2 --numeric --yesno --shift -5 --waves 3 --pair-rate 0.6 --groups 1 --municipalities 1
62 --respondents 50 --min-group-size 3 --numeric --pair-rate 0 --groups 3 --municipalities 1 --units 1
63 --respondents 45 --min-group-size 2 --yesno --pair-rate 1 --missing 0 --nonsubst 0
64 --respondents 100 --min-group-size 5 --numeric --yesno --groups 1 --municipalities 1 --units 1 --pair-rate 0.7
65 --respondents 8 --min-group-size 2 --numeric --yesno --waves 3 --missing 0.3 --nonsubst 0.2 --municipalities 0
66 --respondents 40 --min-group-size 1 --numeric --yesno --municipalities 2 --units 1
EOF
}

n=0
studies | while read -r seed opts; do
	out=$dir/s$seed
	# shellcheck disable=SC2086
	"$synth" --seed "$seed" --out "$out" $opts
	# every fifth study also gets Benjamini-Hochberg p-values (the marker tells R)
	adjust=holm
	if [ $((seed % 5)) = 0 ]; then
		adjust=bh
		: >"$out/bh"
	fi
	# stats audits what it writes and writes nothing when a suppressed
	# count can be recovered; the audit is run once more on the file itself
	"$tillid" stats --data "$out/clean.tds" --out "$out/results.csv" --adjust=$adjust 2>"$out/stats.log" ||
		{ cat "$out/stats.log" >&2; echo "crosscheck: tillid stats failed on study $seed" >&2; exit 1; }
	"$tillid" audit --quiet --results "$out/results.csv" >"$out/audit.log" ||
		{ cat "$out/audit.log" >&2; echo "crosscheck: the disclosure audit failed on study $seed" >&2; exit 1; }
done
# Same seed, same data -> byte-identical results (the bootstrap included).
"$tillid" stats --data "$dir/s1/clean.tds" --out "$dir/s1/again.csv"
if ! cmp -s "$dir/s1/results.csv" "$dir/s1/again.csv"; then
	echo "crosscheck: two runs with the same seed gave different results" >&2
	exit 1
fi

# The advisory-board sample (sample-data/foraeldreraad: one group, no
# municipality, four waves) as one more study: its clean data from ingest,
# its items.csv from the study file, every wave pair against R.
raad=$dir/sample-foraeldreraad
if ! { "$tillid" ingest --quiet --csv --out "$raad" sample-data/foraeldreraad/foraeldreraad.ini >"$dir/raad.log" 2>&1 &&
	"$tillid" stats --data "$raad/clean.tds" --out "$raad/results.csv" --adjust=holm >>"$dir/raad.log" 2>&1; }; then
	cat "$dir/raad.log" >&2
	echo "crosscheck: the advisory-board sample did not run" >&2
	exit 1
fi
awk -F' = ' '
	function add(list, v) { return list == "" ? v : list "\t" v }
	/^\[/ { split(substr($0, 2, length($0) - 2), sec, " "); kind = sec[1]; id = sec[2]
		if (kind == "item") items[++ni] = id
		if (kind == "scale") scales = add(scales, id)
		if (kind == "wave") waves = add(waves, id)
		if (kind == "group") groups = add(groups, id)
		next }
	kind == "study" && $1 == "min_group_size" { min = $2 }
	kind == "answers" && $1 == "points" { k[id] = $2 }
	kind == "answers" && $1 == "missing" { gsub(/ *\| */, "|", $2); miss[id] = $2 }
	kind == "item" && $1 == "scale" { scale[id] = $2 }
	kind == "item" && $1 == "reverse" { rev[id] = $2 == "yes" }
	kind == "item" && $1 == "answers" { ans[id] = $2 }
	END {
		print "item,scale,k,reverse,nonsubst"
		for (i = 1; i <= ni; i++) { it = items[i]
			print it "," scale[it] "," k[ans[it]] "," rev[it] + 0 "," miss[ans[it]] }
		print "# scales," scales; print "# waves," waves; print "# groups," groups
		print "# municipalities,"; print "# units,"; print "# min_group_size," min
	}' sample-data/foraeldreraad/foraeldreraad.ini >"$raad/items.csv"
Rscript tests/crosscheck.R "$raad" >"$dir/raad-r.log" 2>&1 ||
	{ cat "$dir/raad-r.log"; echo "crosscheck: the advisory-board sample disagrees with R" >&2; exit 1; }
cat "$dir/raad-r.log"

# Recompute in R, split over two processes (the machine has two cores).
list=$(studies | awk -v d="$dir" '{ print d "/s" $1 }')
half=$(echo "$list" | awk 'NR % 2 == 1')
rest=$(echo "$list" | awk 'NR % 2 == 0')
# shellcheck disable=SC2086
Rscript tests/crosscheck.R $half >"$dir/r1.log" 2>&1 &
pid=$!
rc2=0
# shellcheck disable=SC2086
Rscript tests/crosscheck.R $rest >"$dir/r2.log" 2>&1 || rc2=$?
rc1=0
wait $pid || rc1=$?
cat "$dir/r1.log" "$dir/r2.log"
[ "$rc1" = 0 ] && [ "$rc2" = 0 ]
