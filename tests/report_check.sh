#!/bin/sh
# report_check.sh: checks the finished PDFs as a reader gets them, with poppler's tools.
# Usage: tests/report_check.sh BUILD_DIR
#   Writes the reports of the hand-built test study (tests/unit/test_report.c) twice
#   and checks page count, A4, metadata, outline, embedded fonts, the Danish and
#   English headings and key sentences, suppression, non-blank pages and
#   byte-identical output. When tillid has the ingest, stats and report
#   commands, runs the sample study too and checks its key numbers against
#   its results.csv.
set -u
build=${1:-build}
fails=0
tmp=$(mktemp -d /tmp/tillid-report-check.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() { echo "report_check: FAIL: $*"; fails=$((fails + 1)); }
ok() { :; }

for tool in pdftotext pdfinfo pdftoppm pdffonts; do
	command -v $tool >/dev/null 2>&1 || { echo "report_check: $tool is missing (poppler-utils; tools/deps.sh check installs it)"; exit 1; }
done
[ -x "$build/tests/test_report" ] || { echo "report_check: $build/tests/test_report is not built"; exit 1; }

# The text of a PDF as one line, so that checks do not depend on line breaks.
flat() { pdftotext "$1" - 2>/dev/null | tr '\n\f' '  ' | tr -s ' '; }
# The text with its layout, one line per table row, spaces squeezed.
rows() { pdftotext -layout "$1" - 2>/dev/null | tr -s ' '; }

has() { # has FILE.pdf TEXT
	flat "$1" | grep -F -q -- "$2" || fail "'$2' is not in $(basename "$1")"
}
hasnt() {
	flat "$1" | grep -F -q -- "$2" && fail "'$2' must not be in $(basename "$1")"
}

# one_mark FILE: a number the report does not show reads "skjult" /
# "hidden" wherever it is missing, whether the group was below the minimum,
# hidden to protect one, or nobody answered: no label, sentence or chart
# tells the kinds apart ("færre end 5 svar", "ikke beregnet", a dash
# before "(skjult)").
one_mark() {
	t=$(flat "$1")
	for bad in "færre end 5 svar ved" "for få svar om" "ikke beregnet" "kan ikke beregnes" \
		"fewer than 5 answers in" "too few answers on" "not computed" "cannot be computed" \
		"→ –" "– →" "(skjult)" "(hidden)" "vises ikke (»skjult«)" "are not shown (“hidden”)"; do
		case $t in *"$bad"*) fail "$(basename "$1") tells a hidden number by '$bad'" ;; esac
	done
	# a table cell (set off by two spaces) that is only "færre end N svar"
	pdftotext -layout "$1" - 2>/dev/null | grep -E -q '(^|  )(færre end [0-9]+( svar)?|fewer than [0-9]+( answers)?) *$' &&
		fail "$(basename "$1") labels a cell 'færre end N svar' where the others say 'skjult'"
}

# The structure tree as poppler reads it (pdfinfo -struct-text): tagged;
# headings start at H1 and never skip a level going down; tables with
# header cells, lists, paragraphs and figures are there; and the catalog
# declares the language LANG (tests/unit/test_report.c reads the language
# and every figure's alternative text with libqpdf).
check_struct() { # check_struct FILE LANG
	f=$1
	pdfinfo "$f" | grep -q '^Tagged: *yes' || fail "$(basename "$f") is not tagged"
	tree=$(pdfinfo -struct-text "$f" 2>/dev/null)
	echo "$tree" | head -n 1 | grep -q '^Document' || fail "$(basename "$f"): the structure tree has no Document root"
	bad=$(echo "$tree" | sed -n 's/^ *H\([1-6]\) .*/\1/p' |
		awk 'NR == 1 && $1 != 1 { print "the first heading is H" $1; exit }
		     $1 > prev + 1 { print "H" prev " is followed by H" $1; exit } { prev = $1 }')
	[ -z "$bad" ] || fail "$(basename "$f"): heading order: $bad"
	for tag in H1 H2 P Table TH TD L LI Figure; do
		echo "$tree" | grep -q "^ *$tag\( \|\$\)" || fail "$(basename "$f"): no $tag in the structure tree"
	done
	grep -a -q "/Lang ($2)" "$f" || fail "$(basename "$f") does not declare its language ($2)"
}

# check_chart_pdf FILE LANG: a chart file's PDF is tagged (Document, H1,
# P, the counts' P when there is one, one Figure), declares LANG and has a
# title the viewer shows.
check_chart_pdf() {
	f=$1 name=$(basename "$(dirname "$1")")/$(basename "$1")
	pdfinfo "$f" 2>/dev/null | grep -q '^Tagged: *yes' || fail "$name is not tagged"
	pdfinfo "$f" 2>/dev/null | grep -q '^Title: *.' || fail "$name has no title"
	tree=$(pdfinfo -struct-text "$f" 2>/dev/null | awk '/^ *[A-Z][A-Za-z0-9]*( |$)/ { print $1 }' | paste -sd' ' -)
	case $tree in
	"Document H1 P Figure" | "Document H1 P P Figure") ;;
	*) fail "$name: the structure tree is '$tree', not 'Document H1 P [P] Figure'" ;;
	esac
	grep -a -q "/Lang ($2)" "$f" || fail "$name does not declare its language ($2)"
	grep -a -q "/DisplayDocTitle true" "$f" || fail "$name does not show its title in the viewer"
}

# n_note FILE: the sentence of a chart file's caption that gives the
# answers behind each plotted number, as one line.
n_note() {
	pdftotext "$1" - 2>/dev/null | awk '/^(Antal svar bag hvert gennemsnit|Answers behind each mean|Grundlag for hver ændring|Basis of each change)/ { on = 1 }
		on { printf "%s ", $0 } on && /\.$/ { exit }'
}

# check_n_notes DIR MIN: every dumbbell and interval chart in DIR gives the
# answers behind its numbers, and no count there is under MIN (a hidden one
# reads "skjult"/"hidden").
check_n_notes() {
	for f in "$1"/*-dumbbell-*.pdf "$1"/changes-overview.pdf "$1"/effect-sizes.pdf; do
		[ -f "$f" ] || continue
		note=$(n_note "$f")
		name=$(basename "$1")/$(basename "$f")
		case $note in
		*"Antal svar bag hvert gennemsnit"* | *"Answers behind each mean"* | *"Grundlag for hver ændring"* | *"Basis of each change"*) ;;
		*) fail "$name: the caption does not give the answers behind its numbers" ;;
		esac
		low=$(echo "$note" | grep -o '[0-9][0-9.]*' | tr -d . | awk -v min="$2" '$1 < min' | head -n 1)
		[ -z "$low" ] || fail "$name: the caption gives a count under the minimum ($low)"
	done
}

# foot_tables FILE: tables continued on the next page whose first page holds
# fewer than three lines of rows after the header (a table begun at a page foot).
foot_tables() {
	pdftotext -layout "$1" - 2>/dev/null | awk '
		BEGIN { RS = "\f" }
		{
			n = split($0, l, "\n"); k = 0
			for (i = 1; i <= n; i++) {
				s = l[i]; gsub(/^ +| +$/, "", s); gsub(/  +/, " ", s)
				if (s == "" || s ~ /^(Side|Page) [0-9]+ (af|of) [0-9]+$/) continue
				line[NR, ++k] = s
			}
			cnt[NR] = k
		}
		END {
			for (p = 1; p < NR; p++) {
				# the first line after the running header of the next page
				first = line[p + 1, 2]
				last = 0
				for (i = 1; i <= cnt[p]; i++) if (line[p, i] == first) last = i
				if (!last) continue
				# the lines of the header (it may wrap), then the rows under it
				for (h = 0; last + h <= cnt[p] && line[p, last + h] == line[p + 1, 2 + h]; h++) ;
				if (cnt[p] - last - h + 1 < 3) print "page " p ": " first
			}
		}'
}

# thin_pages FILE: pages that hold no more than a heading and a line or two
# (running header and footer included, at most five lines of text).
thin_pages() {
	pdftotext -layout "$1" - 2>/dev/null | awk 'BEGIN { RS = "\f" }
		{ n = split($0, l, "\n"); k = 0; for (i = 1; i <= n; i++) if (l[i] ~ /[^ ]/) k++
		  if (k > 0 && k <= 5) printf "%d ", NR }'
}

# Pages, A4, metadata, outline, fonts, non-blank pages, structure.
check_pdf() { # check_pdf FILE MIN_PAGES LANG
	f=$1
	info=$(pdfinfo "$f" 2>&1) || { fail "pdfinfo cannot read $f"; return; }
	pages=$(echo "$info" | sed -n 's/^Pages: *//p')
	[ "${pages:-0}" -ge "$2" ] || fail "$(basename "$f") has ${pages:-0} pages, expected at least $2"
	echo "$info" | grep -q '^Page size: *595.276 x 841.89 pts (A4)' || fail "$(basename "$f") is not A4"
	echo "$info" | grep -q '^Title: *Samskabt' || fail "$(basename "$f") has no title"
	echo "$info" | grep -q '^Author: *tillid' || fail "$(basename "$f") has no author"
	echo "$info" | grep -q '^Subject: *.' || fail "$(basename "$f") has no subject"
	grep -a -q '/Outlines' "$f" || fail "$(basename "$f") has no outline"
	fonts=$(pdffonts "$f" 2>/dev/null | tail -n +3)
	[ -n "$fonts" ] || fail "$(basename "$f") has no fonts"
	echo "$fonts" | awk '$0 !~ /DejaVu/ {bad=1} {if ($(NF-4) != "yes") bad=1} END {exit bad}' ||
		fail "$(basename "$f") has a font that is not DejaVu or not embedded"
	check_struct "$f" "$3"
	# Every page rendered has ink.
	rm -f "$tmp"/pg-*
	pdftoppm -r 20 -gray "$f" "$tmp/pg"
	for p in "$tmp"/pg-*.pgm; do
		hdr=$(head -n 3 "$p" | wc -c)
		dark=$(tail -c +$((hdr + 1)) "$p" | od -An -v -tu1 | tr -s ' ' '\n' | awk '$1 != "" && $1 < 220 {n++} END {print n + 0}')
		[ "$dark" -gt 20 ] || fail "$(basename "$f"): page $(basename "$p") is blank"
	done
}

# --- The test study ------------------------------------------------------------
mkdir -p "$tmp/a" "$tmp/b"
TILLID_REPORT_OUT="$tmp/a" "$build/tests/test_report" >"$tmp/a.log" 2>&1 || { cat "$tmp/a.log"; fail "test_report failed"; }
TILLID_REPORT_OUT="$tmp/b" "$build/tests/test_report" >"$tmp/b.log" 2>&1 || fail "test_report failed (second run)"

da="$tmp/a/rapport.pdf"
en="$tmp/a/report-en.pdf"
if [ -f "$da" ] && [ -f "$en" ]; then
	check_pdf "$da" 10 da
	check_pdf "$en" 10 en
	check_pdf "$tmp/a/rapport-slagelse.pdf" 8 da

	for h in "Hovedresultater" "Tillid" "Spørgsmålene enkeltvis" "Effektstørrelser" "Svarprocent og antal" \
		"Sådan læses rapporten" "Data" "Hvor tallene er for få" "Side 2 af"; do
		has "$da" "$h"
	done
	# The key sentence, in Danish number format.
	has "$da" "De pårørendes tillid steg fra 3,1 til 3,6 på en skala fra 1 til 5; stigningen er statistisk sikker"
	has "$da" "Borgernes vurdering af »at blive hørt«"
	has "$da" "1. marts – 15. april 2021"
	has "$da" "skjult"
	has "$da" "128 (32 %)"
	has "$da" "2.000"
	has "$da" "+0,50"
	has "$da" "−0,"
	# Suppression. After, Borgere in Odder (3) and Haderslev (4) are below
	# the minimum and Pårørende there (8 and 139) hidden to protect them:
	# both marked alike, so that a reader cannot tell which is the small
	# group, no hidden count printed, and the totals over them shown (the
	# stats stage made them safe).
	for f in "$da" "$en" "$tmp/a/rapport-odder.pdf" "$tmp/a/rapport-haderslev.pdf"; do
		flat "$f" | grep -w -q 139 && fail "the hidden count 139 appears in $(basename "$f")"
	done
	rows "$da" | grep -q '^Odder skjult skjult 12 23$' ||
		fail "rapport.pdf: Odder after is not 'skjult' (Borgere), 'skjult' (Pårørende), 12, 23"
	rows "$da" | grep -q '^Haderslev skjult skjult 15 158$' ||
		fail "rapport.pdf: Haderslev after is not 'skjult', 'skjult', 15, 158"
	rows "$da" | grep -q '^Alle kommuner 102 217 87 406$' || fail "rapport.pdf: the totals after are not shown"
	has "$da" "Hvor et tal mangler, står der »skjult«: skjult for at beskytte en lille gruppe eller fordi ingen svarede. Det gælder:"
	has "$da" "• Borgere, Eftermåling: Odder, Haderslev • Pårørende, Eftermåling: Odder, Haderslev"
	odder="$tmp/a/rapport-odder.pdf"
	has "$odder" "Borgere: tallene om »Tillid« i Odder er »skjult« for at beskytte en lille gruppe eller fordi ingen svarede."
	has "$odder" "Pårørende: tallene om »Tillid« i Odder er »skjult« for at beskytte en lille gruppe eller fordi ingen svarede."
	for f in "$tmp"/a/*.pdf; do one_mark "$f"; done
	hasnt "$da" "3.1 "

	for h in "Key findings" "The questions one by one" "Effect sizes" "Response rates and numbers" \
		"How to read this report" "Page 2 of"; do
		has "$en" "$h"
	done
	has "$en" "Relatives' trust rose from 3.1 to 3.6 on a scale from 1 to 5; the rise is statistically sure"
	has "$en" "128 (32%)"
	rows "$en" | grep -q '^Odder hidden hidden 12 23$' ||
		fail "report-en.pdf: Odder after is not 'hidden' (Citizens), 'hidden' (Relatives), 12, 23"
	has "$en" "Where a number is missing it says “hidden”: hidden to protect a small group or because nobody answered."
	hasnt "$en" "Hovedresultater"

	has "$tmp/a/rapport-slagelse.pdf" "Rapport for Slagelse"
	has "$tmp/a/rapport-slagelse.pdf" "Hele projektet"

	# Same inputs, same bytes: the PDF and every chart file.
	cmp -s "$tmp/a/rapport.pdf" "$tmp/b/rapport.pdf" || fail "two runs give different rapport.pdf"
	for f in "$tmp"/a/charts/*.pdf "$tmp"/a/charts/*.png "$tmp"/a/charts/*.svg; do
		cmp -s "$f" "$tmp/b/charts/$(basename "$f")" || fail "two runs give different charts/$(basename "$f")"
	done
	n=$(ls "$tmp"/a/charts/*.svg 2>/dev/null | wc -l)
	[ "$n" -ge 10 ] || fail "only $n SVG charts"
	for f in "$tmp"/a/charts/*.svg; do
		grep -q '<svg' "$f" || fail "$(basename "$f") is not SVG"
		grep -q '<text ' "$f" || fail "$(basename "$f") has no text elements"
		grep -q 'glyph' "$f" && fail "$(basename "$f") draws its text as glyph outlines"
	done
	# Every chart PDF is tagged as the report is: a Document holding the
	# caption (a heading and a paragraph) and one Figure, the language
	# declared and the title shown (its alternative text: test_report).
	for dl in charts:da charts-en:en; do
		for f in "$tmp/a/${dl%:*}"/*.pdf; do
			check_chart_pdf "$f" "${dl#*:}"
		done
	done
	# The answers behind each mean and change, per group, place and wave:
	# Borgere's tillid 128 and 102 (the test study's results.csv), in Odder
	# 12 before and after below the minimum, so "skjult".
	for d in "$tmp"/a/charts*; do check_n_notes "$d" 5; done
	n_note "$tmp/a/charts/tillid-dumbbell-municipality.pdf" | grep -F -q "Borgere · Alle kommuner: 128 → 102;" ||
		fail "charts/tillid-dumbbell-municipality.pdf: the caption does not give Borgere's 128 → 102 answers"
	n_note "$tmp/a/charts/tillid-dumbbell-municipality.pdf" | grep -F -q "Borgere · Odder: 12 → skjult;" ||
		fail "charts/tillid-dumbbell-municipality.pdf: the caption does not give Borgere in Odder as 12 → skjult"
else
	fail "test_report wrote no reports"
fi

# check_response PDF RESULTS HIDDEN HEADING: the rows of the response
# tables after HEADING (one per municipality and wave: each group, then the
# municipality) are the respondents of results.csv, with HIDDEN in place of
# every suppressed count, of either kind.
check_response() {
	want=$(awk -F, -v hidden="$3" '
		$1 == "*" && $7 == "respondents" && ($3 == "municipality" || $3 == "municipality_group") {
			lab[NR] = $9 == "ok" ? $8 : hidden
			bd[NR] = $3; bv[NR] = $4; wv[NR] = $5; n = NR
		}
		END {
			for (i = 1; i <= n; i++) {
				if (bd[i] != "municipality") continue
				line = bv[i]
				for (j = 1; j <= n; j++)
					if (bd[j] == "municipality_group" && wv[j] == wv[i] && index(bv[j], bv[i] "|") == 1)
						line = line " " lab[j]
				print line " " lab[i]
			}
		}' "$2")
	munis=$(awk -F, '$1 == "*" && $7 == "respondents" && $3 == "municipality" { print $4 }' "$2" | sort -u | paste -sd'|')
	got=$(pdftotext -layout "$1" - 2>/dev/null | awk -v h="$4" '$0 == h { on = 1 } on' |
		sed 's/ ([0-9]* \{0,1\}%)//g' | tr -s ' ' | sed 's/^ //; s/ $//' | grep -E "^($munis) ")
	[ -n "$want" ] && [ "$got" = "$want" ] ||
		fail "$(basename "$1"): the response tables are not what results.csv says; want:
$want
got:
$got"
}

# check_verdicts OUT RESULTS: the verdict model (docs/statistics.md, the
# verdict) holds over the sample study.
#  - every verdict row of results.csv agrees with its adjusted interval and
#    the smallest change: 1 <=> low > 0, -1 <=> high < 0, 0 <=> inside +-delta;
#  - every row of every change table in the report: the verdict word agrees
#    with the interval printed beside it (a sure word <=> the interval
#    excludes 0, with its sign; "stort set uændret" <=> inside +-delta);
#  - the planted changes of sample-data/README.md are on Hovedresultater
#    with the right direction and verdict;
#  - no sentence says a change is "so small that it may be chance";
#  - a municipality's report opens with the municipality as a whole.
check_verdicts() {
	out=$1 res=$2
	bad=$(awk -F, '$7 == "smallest_change" { delta = $8 }
		$7 == "verdict_ci_low" && $9 == "ok" { lo[$1 FS $3 FS $4 FS $5 FS $6] = $8 }
		$7 == "verdict_ci_high" && $9 == "ok" { hi[$1 FS $3 FS $4 FS $5 FS $6] = $8 }
		$7 == "verdict" && $9 == "ok" { v[$1 FS $3 FS $4 FS $5 FS $6] = $8; n++ }
		END {
			for (k in v) {
				l = lo[k] + 0; h = hi[k] + 0
				want = l > 0 ? 1 : h < 0 ? -1 : (l > -delta && h < delta) ? 0 : 2
				if (v[k] != want) { print k; bad++ }
			}
			if (n < 100) print "only " n " verdicts"
		}' "$res")
	[ -z "$bad" ] || fail "verdicts that disagree with their intervals in results.csv: $bad"
	delta=$(awk -F, '$7 == "smallest_change" { print $8 }' "$res")
	rows=$(rows "$out/rapport.pdf" | grep -E '\[[−+]?[0-9]+,[0-9]+; [−+]?[0-9]+,[0-9]+\].*(sikker stigning|sikkert fald|stort set uændret|kan ikke afgøres) *$')
	n=$(echo "$rows" | grep -c .)
	[ "$n" -ge 80 ] || fail "only $n change-table rows with a verdict in rapport.pdf"
	wrong=$(echo "$rows" | sed 's/−/-/g' | awk -v delta="$delta" '{
		match($0, /\[[-+]?[0-9]+,[0-9]+; [-+]?[0-9]+,[0-9]+\]/)
		iv = substr($0, RSTART + 1, RLENGTH - 2); gsub(",", ".", iv); split(iv, b, "; ")
		lo = b[1] + 0; hi = b[2] + 0
		word = $0 ~ /sikker stigning/ ? 1 : $0 ~ /sikkert fald/ ? -1 : $0 ~ /stort set uændret/ ? 0 : 2
		# the interval is printed to 2 decimals: a bound within 0.005 of 0 or
		# of delta is not decided by the text
		if ((word == 1) != (lo > 0) && lo != 0) print
		else if ((word == -1) != (hi < 0) && hi != 0) print
		else if (word == 0 && !(lo >= -delta && hi <= delta)) print
		else if (word == 2 && (lo > 0.005 || hi < -0.005 || (lo > -delta + 0.005 && hi < delta - 0.005))) print
	}')
	[ -z "$wrong" ] || fail "change-table rows whose verdict disagrees with the interval beside it: $wrong"
	for f in "$out"/rapport*.pdf "$out"/report-en*.pdf; do
		hasnt "$f" "så lille, at den kan skyldes tilfældet"
		hasnt "$f" "so small that it may be due to chance"
	done
	# the planted changes (sample-data/README.md)
	da="$out/rapport.pdf"
	flat "$da" | grep -E -q "De pårørendes tillid steg fra [0-9,]+ til [0-9,]+ på en skala fra 1 til 5; stigningen er statistisk sikker" ||
		fail "rapport.pdf: the rise in De pårørendes tillid is not sure"
	flat "$da" | grep -E -q "Borgernes vurdering af »at blive hørt« steg fra [0-9,]+ til [0-9,]+ på en skala fra 1 til 5; stigningen er statistisk sikker" ||
		fail "rapport.pdf: the rise in Borgernes vurdering af »at blive hørt« is not sure"
	flat "$da" | grep -E -q "Medarbejdernes vurdering af »koordinering og roller« var stort set uændret" ||
		fail "rapport.pdf: Medarbejdernes koordinering is not about unchanged"
	flat "$da" | grep -E -q "Alle svarpersoners tilfredshed steg fra [0-9,]+ til [0-9,]+ på en skala fra 1 til 5; stigningen er statistisk sikker" ||
		fail "rapport.pdf: the overall rise in satisfaction is not sure"
	flat "$da" | grep -E -q "Alle svarpersoners tillid i Haderslev faldt fra [0-9,]+ til [0-9,]+ på en skala fra 1 til 5; faldet er statistisk sikkert" ||
		fail "rapport.pdf: Haderslev's fall in trust is not sure"
	# the reverse-worded tillid_3 is turned: pårørende's rise in trust is an
	# improvement of the item too, in results.csv and in its change table
	awk -F, '$1 == "tillid_3" && $3 == "all" && $7 == "reversed" { r = $8 }
		$1 == "tillid_3" && $4 == "paaroerende" && $6 == "paired" && $7 == "mean_diff" { d = $8 }
		END { exit !(r == 1 && d > 0) }' "$res" || fail "results.csv: tillid_3 is not turned, or pårørende's change in it is not positive"
	rows "$da" | awk '/^Jeg er ofte i tvivl om, hvorvidt/ { on++ } on && /^Pårørende Alle kommuner/ { print; exit }' |
		grep -q ' +0,[0-9]* .*sikker stigning' || fail "rapport.pdf: tillid_3's change for Pårørende is not a sure rise"
	# one definition of a positive answer: a scale's top-2 share is its top
	# two bins of the answer distribution, in every cell and wave
	awk -F, '$2 == "scale" && $6 == "" && $9 == "ok" { k = $1 FS $3 FS $4 FS $5 }
		$2 == "scale" && $6 == "" && $9 == "ok" && ($7 == "pct_bin_4" || $7 == "pct_bin_5") { b[k] += $8 }
		$2 == "scale" && $6 == "" && $9 == "ok" && $7 == "top2" { t[k] = $8 * 100 }
		END { for (k in t) { n++; d = b[k] - t[k]; if (d < -1e-9 || d > 1e-9) bad++ } exit !(n > 100 && !bad) }' "$res" ||
		fail "results.csv: a scale's top-2 share is not its top two bins"
	# the overview page: as many rises and falls as results.csv has sure
	# verdicts for the scales in all, each group and each municipality
	want=$(awk -F, '$2 == "scale" && ($3 == "all" || $3 == "group" || $3 == "municipality") {
			k = $1 FS $3 FS $4
			if ($6 == "paired" && $7 == "paired_leads") lead[k] = ($9 == "ok" && $8 == 1)
			if ($7 == "verdict" && $9 == "ok") v[k FS $6] = $8
		}
		END { for (k in lead) { d = lead[k] ? "paired" : "independent"
			if (v[k FS d] == 1) up++; if (v[k FS d] == -1) down++ }
			print up + 0, down + 0 }' "$res")
	ov=$(pdftotext -f 2 -l 2 "$da" - | awk '{ n += gsub(/▲/, ""); m += gsub(/▼/, "") } END { print n - 1, m - 1 }')
	pdftotext -f 2 -l 2 "$da" - | grep -q '^Overblik$' || fail "rapport.pdf: page 2 is not the overview"
	[ "$ov" = "$want" ] || fail "rapport.pdf: the overview has rises/falls '$ov', results.csv '$want'"
	# a municipality's report opens its findings with the municipality as a whole
	h="$out/rapport-haderslev.pdf"
	if [ -f "$h" ]; then
		first=$(pdftotext "$h" - | awk '/^Hovedresultater$/ { n++ } n >= 2 && /^(Haderslev som helhed|Borgere|Pårørende|Medarbejdere)$/ { print; exit }')
		[ "$first" = "Haderslev som helhed" ] || fail "rapport-haderslev.pdf: the findings open with '$first', not 'Haderslev som helhed'"
		has "$h" "Alle svarpersoners tillid i Haderslev faldt fra"
		# its overview is the whole project's, and says so; its key
		# findings speak of Haderslev, not of every cell of the overview
		has "$h" "Ændringen fra Førmåling til Eftermåling i hele projektet:"
		has "$h" "Hovedresultaterne på de næste sider siger med ord, hvad der gælder for Haderslev."
		hasnt "$h" "siger det samme med ord"
	else
		fail "no rapport-haderslev.pdf"
	fi
}

# --- The sample study, when every stage is there ---------------------------------
# In a sanitizer build the program's fontconfig caches, kept until exit,
# would count as leaks (the test programs suppress them themselves).
LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
tillid="$build/tillid"
if [ -x "$tillid" ] && [ -f sample-data/fremfaerd.ini ] && "$tillid" report --help >/dev/null 2>&1 &&
	"$tillid" stats --help >/dev/null 2>&1 && "$tillid" ingest --help >/dev/null 2>&1; then
	out="$tmp/sample"
	if "$tillid" ingest --quiet --out "$out" sample-data/fremfaerd.ini >"$tmp/s.log" 2>&1 &&
		"$tillid" stats --data "$out/clean.tds" >>"$tmp/s.log" 2>&1 &&
		"$tillid" report --per-municipality --out "$out" sample-data/fremfaerd.ini >>"$tmp/s.log" 2>&1 &&
		"$tillid" report --lang en --no-charts --out "$out" sample-data/fremfaerd.ini >>"$tmp/s.log" 2>&1; then
		check_pdf "$out/rapport.pdf" 10 da
		check_pdf "$out/report-en.pdf" 10 en
		# Pårørendes tillid: the means of the design the report leads with, in Danish format.
		res="$out/results.csv"
		lead=$(awk -F, '$1=="tillid" && $3=="group" && $4=="paaroerende" && $6=="paired" && $7=="paired_leads" {print $8}' "$res")
		design=independent
		[ "$lead" = 1 ] && design=paired
		a=$(awk -F, -v d=$design '$1=="tillid" && $3=="group" && $4=="paaroerende" && $6==d && $7=="mean_base" {printf "%.1f", $8}' "$res" | tr . ,)
		b=$(awk -F, -v d=$design '$1=="tillid" && $3=="group" && $4=="paaroerende" && $6==d && $7=="mean_later" {printf "%.1f", $8}' "$res" | tr . ,)
		if [ -n "$a" ] && [ -n "$b" ]; then
			flat "$out/rapport.pdf" | grep -E -q "De pårørendes tillid (steg|faldt|gik) fra $a til $b|De pårørendes tillid var stort set uændret: $a før og $b efter" ||
				fail "the sample report does not say De pårørendes tillid $a -> $b"
		else
			fail "no Pårørende tillid change in the sample results"
		fi
		has "$out/rapport.pdf" "Hovedresultater"
		has "$out/report-en.pdf" "Key findings"
		# The counts behind the key sentence are printed.
		np=$(awk -F, '$1=="tillid" && $3=="group" && $4=="paaroerende" && $6=="paired" && $7=="n_pairs" && $9=="ok" {print $8}' "$res")
		[ "$lead" = 1 ] && [ -n "$np" ] && has "$out/rapport.pdf" "Grundlag: de samme $np personer, som svarede begge gange."
		# The response tables say of every municipality what results.csv says:
		# the count or "skjult" (either kind of suppression), in both
		# languages; and every report of the sample study marks every
		# number it does not show alike.
		check_response "$out/rapport.pdf" "$res" skjult "Svarprocent og antal"
		check_verdicts "$out" "$res"
		check_response "$out/report-en.pdf" "$res" hidden "Response rates and numbers"
		# The chart files' captions give the counts of results.csv.
		min=$(awk -F, '$7 == "min_group_size" { print $8 }' "$res")
		for d in "$out"/charts*; do check_n_notes "$d" "$min"; done
		nb=$(awk -F, '$1 == "tillid" && $3 == "group" && $4 == "paaroerende" && $5 == "foer" && $7 == "n" { print $8 }' "$res")
		nl=$(awk -F, '$1 == "tillid" && $3 == "group" && $4 == "paaroerende" && $5 == "efter" && $7 == "n" { print $8 }' "$res")
		n_note "$out/charts/tillid-dumbbell-municipality.pdf" | grep -F -q "Pårørende · Alle kommuner: $nb → $nl" ||
			fail "charts/tillid-dumbbell-municipality.pdf: the caption does not give Pårørende's $nb → $nl answers"
		if [ "$lead" = 1 ]; then
			n_note "$out/charts-haderslev/changes-overview.pdf" | grep -F -q "Pårørende · Tillid · Hele projektet: $np par" ||
				fail "charts-haderslev/changes-overview.pdf: the caption does not give Pårørende's $np pairs"
		fi
		for f in "$out"/*.pdf; do one_mark "$f"; done
		# No sentence says a mean "went from 2,8 to 2,8".
		for f in "$out"/*.pdf; do
			flat "$f" | grep -E -q "(steg|faldt|gik) fra ([0-9]+,[0-9]+) til \2 |(rose|fell|went) from ([0-9]+\.[0-9]+) to \4 " &&
				fail "$(basename "$f"): a sentence says a mean went from a number to the same number"
		done
		# A file name in the data section breaks after a '/', never before
		# its extension ("foer/structure." over "csv").
		pdftotext -layout "$out/rapport.pdf" - | grep -E '^ *[A-Za-z0-9_.-]*/[A-Za-z0-9_./-]*\.( |$)' &&
			fail "rapport.pdf: a file name in the data section breaks before its extension"
		# No page holds a heading and a sentence alone (a section of one
		# sentence after a chart that filled the page before).
		for f in "$out"/*.pdf; do
			tp=$(thin_pages "$f")
			[ -z "$tp" ] || fail "$(basename "$f"): pages with a line or two only: $tp"
		done
		# No table starts at a page foot with a row or two (docs/report.md).
		for f in "$out"/*.pdf "$tmp"/a/*.pdf; do
			ft=$(foot_tables "$f")
			[ -z "$ft" ] || fail "$(basename "$f"): a table starts at a page foot: $ft"
		done
		# The tables workbook of each language holds the rows of its
		# report's tables, number for number and mark for mark.
		py=/usr/bin/python3
		[ -x "$py" ] || py=python3
		for l in "da tabeller.xlsx rapport.pdf" "en tables-en.xlsx report-en.pdf"; do
			set -- $l
			"$tillid" tables --lang "$1" --out "$out" sample-data/fremfaerd.ini >>"$tmp/s.log" 2>&1 ||
				fail "tillid tables --lang $1 failed on the sample study"
			"$py" tests/tables_check.py --selftest "$out/$2" "$out/$3" || fail "$2 does not match $3"
		done
	else
		cat "$tmp/s.log"
		fail "the sample study did not run through ingest, stats and report"
	fi
fi

if [ "$fails" -gt 0 ]; then
	echo "report_check: $fails problem(s)"
	exit 1
fi
exit 0
