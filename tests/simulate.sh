#!/bin/sh
# simulate.sh: plant a known change in a scale mean many times and measure how often tillid's 95 % intervals cover it.
# Usage: tests/simulate.sh BUILD_DIR
# Environment: REPS (default 1000), N respondents per wave (default 150),
# SHIFT latent change (default 0.3), PAIR_RATE (default 0.6), RESAMPLES
# bootstrap resamples per run (default 1000), SEED first dataset seed
# (default 1000).
#
# Each run draws two fresh datasets with tillid-synth (one group, no
# missing answers, so the population change of the scale "tillid" is known
# exactly, see tools/tillid-synth.c) and runs tillid stats on both:
#   A: PAIR_RATE of the later respondents answered the baseline too; the
#      paired intervals (t: mean_diff_ci_*, bootstrap percentile and BCa)
#      are checked, and the independent ones for information: they ignore
#      the overlap, so they are conservative when the waves share people;
#   B: no respondent answers twice (two independent samples); the
#      independent intervals (Welch: welch_ci_*, bootstrap) are checked.
# The t-based intervals must cover the true change 94-96 % of the time; the
# bootstrap's coverage is printed for information.
set -eu
build=${1:-build}
reps=${REPS:-1000}
n=${N:-150}
shift_=${SHIFT:-0.3}
pair_rate=${PAIR_RATE:-0.6}
resamples=${RESAMPLES:-1000}
seed0=${SEED:-1000}
synth=$build/tillid-synth
tillid=$build/tillid
for b in "$synth" "$tillid"; do
	[ -x "$b" ] || { echo "simulate: $b is missing; run make first" >&2; exit 2; }
done
dir=$build/simulate
rm -rf "$dir"
mkdir -p "$dir"

truth=$("$synth" --seed 1 --respondents 0 --groups 1 --shift "$shift_" --truth |
	awk '$2 == "tillid" && $3 == "efter" { print $4 }')
echo "simulate: $reps datasets of $n respondents per wave, pair rate $pair_rate, true change of the tillid mean $truth"

extract() {
	awk -F, -v run="$2" -v design="$3" '
		$1 == "tillid" && $3 == "all" && $5 == "foer..efter" && $6 == design && $9 == "ok" { v[$7] = $8 }
		END {
			t = design == "paired" ? "mean_diff_ci" : "welch_ci"
			printf "%s %s %s %s %s %s %s %s\n", run, design, v[t "_low"], v[t "_high"],
				v["boot_pct_ci_low"], v["boot_pct_ci_high"], v["boot_bca_ci_low"], v["boot_bca_ci_high"]
		}' "$1"
}

i=1
while [ "$i" -le "$reps" ]; do
	"$synth" --seed $((seed0 + i)) --respondents "$n" --out "$dir/a" --groups 1 --municipalities 0 \
		--missing 0 --nonsubst 0 --pair-rate "$pair_rate" --shift "$shift_"
	"$tillid" stats --data "$dir/a/clean.tds" --out "$dir/a/results.csv" --resamples "$resamples"
	"$synth" --seed $((seed0 + reps + i)) --respondents "$n" --out "$dir/b" --groups 1 --municipalities 0 \
		--missing 0 --nonsubst 0 --pair-rate 0 --shift "$shift_"
	"$tillid" stats --data "$dir/b/clean.tds" --out "$dir/b/results.csv" --resamples "$resamples"
	{
		extract "$dir/a/results.csv" "$i" paired | sed 's/ paired / A-paired /'
		extract "$dir/a/results.csv" "$i" independent | sed 's/ independent / A-independent /'
		extract "$dir/b/results.csv" "$i" independent | sed 's/ independent / B-independent /'
	} >>"$dir/intervals.txt"
	i=$((i + 1))
done

awk -v truth="$truth" '
	{
		split("t percentile BCa", kind, " ")
		for (j = 0; j < 3; j++) {
			key = $2 " " kind[j + 1]
			if (!(key in n)) order[++nk] = key
			lo = $(3 + 2 * j); hi = $(4 + 2 * j)
			n[key] += 0
			if (lo == "" || hi == "") { missing[key]++; continue }
			n[key]++
			if (lo + 0 <= truth && truth <= hi + 0) hit[key]++
		}
	}
	END {
		bad = 0
		for (i = 1; i <= nk; i++) {
			key = order[i]
			cov = n[key] ? 100 * hit[key] / n[key] : 0
			label = key
			sub(/^A-paired/, "paired (overlapping waves)", label)
			sub(/^A-independent/, "independent (overlapping waves)", label)
			sub(/^B-independent/, "independent (separate samples)", label)
			printf "simulate: %-42s covers %6.2f %% of %d", label, cov, n[key]
			if (missing[key]) printf " (%d runs without an interval)", missing[key]
			if (key == "A-paired t" || key == "B-independent t") {
				ok = cov >= 94 && cov <= 96 && !missing[key]
				printf "  %s", ok ? "ok (94-96 %)" : "OUTSIDE 94-96 %"
				if (!ok) bad = 1
			}
			printf "\n"
		}
		exit bad
	}' "$dir/intervals.txt"
