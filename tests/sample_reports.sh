#!/bin/sh
# sample_reports.sh: the reports of the Åben Dialog and advisory-board samples say what was planted in them.
# Usage: tests/sample_reports.sh BUILD_DIR
#   Runs ingest, stats and report (Danish and English) on
#   sample-data/foraeldreraad and sample-data/aaben-dialog in a temporary
#   directory and checks with pdftotext: the advisory board's trend page of
#   the planted scale shows its four waves, and its key findings name the
#   planted change between the second and third quarter of 2026 with the
#   means of results.csv, and no sure latest change in the other scales;
#   the Åben Dialog report gives the Net Promoter Score and the share
#   answering yes, and its overview the yes share's change in percentage
#   points (sample-data/README.md says what was planted).
set -u
build=${1:-build}
tillid=$build/tillid
fails=0
tmp=$(mktemp -d /tmp/tillid-sample-reports.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "sample_reports: FAIL: $*"; fails=$((fails + 1)); }
LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
[ -x "$tillid" ] || { echo "sample_reports: $tillid is not built"; exit 1; }
command -v pdftotext >/dev/null 2>&1 || { echo "sample_reports: pdftotext is missing (poppler-utils)"; exit 1; }

# The text of a PDF (or of page $2 alone) as one line.
flat() {
	if [ $# -gt 1 ]; then pdftotext -f "$2" -l "$2" "$1" - 2>/dev/null; else pdftotext "$1" - 2>/dev/null; fi |
		tr '\n\f' '  ' | tr -s ' '
}

# run INI OUT: the study through ingest, stats and both reports.
run() {
	if ! { "$tillid" ingest --quiet --out "$2" "$1" >"$2.log" 2>&1 &&
		"$tillid" stats --data "$2/clean.tds" >>"$2.log" 2>&1 &&
		"$tillid" report --no-charts --out "$2" "$1" >>"$2.log" 2>&1 &&
		"$tillid" report --lang en --no-charts --out "$2" "$1" >>"$2.log" 2>&1; }; then
		cat "$2.log"
		fail "$1 did not run through ingest, stats and report"
		return 1
	fi
}

# The advisory board: the planted change is information's, from k2_2026 to k3_2026.
out=$tmp/raad
if run sample-data/foraeldreraad/foraeldreraad.ini "$out"; then
	res=$out/results.csv
	pdf=$out/rapport.pdf
	# the trend page of information: its heading and the four waves' labels
	pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
	trend=
	p=1
	while [ "$p" -le "$pages" ]; do
		flat "$pdf" "$p" | grep -F -q "Information over tid" && { trend=$p; break; }
		p=$((p + 1))
	done
	if [ -z "$trend" ]; then
		fail "rapport.pdf has no page 'Information over tid'"
	else
		for w in "4. kvartal 2025" "1. kvartal 2026" "2. kvartal 2026" "3. kvartal 2026"; do
			flat "$pdf" "$trend" | grep -F -q "$w" || fail "the trend page (page $trend) does not show the wave '$w'"
		done
	fi
	# the latest change of information, in the design the report leads with
	pair=k2_2026..k3_2026
	lead=$(awk -F, -v p=$pair '$1=="information" && $3=="all" && $5==p && $6=="paired" && $7=="paired_leads" { print $8 }' "$res")
	design=independent
	[ "$lead" = 1 ] && design=paired
	mean() { awk -F, -v p=$pair -v d=$design -v s="$1" '$1=="information" && $3=="all" && $5==p && $6==d && $7==s { printf "%.1f", $8 }' "$res"; }
	a=$(mean mean_base)
	b=$(mean mean_later)
	verdict=$(awk -F, -v p=$pair -v d=$design '$1=="information" && $3=="all" && $5==p && $6==d && $7=="verdict" { print $8 }' "$res")
	[ "$verdict" = 1 ] || fail "results.csv: information $pair ($design) is not a sure rise (verdict '$verdict')"
	if [ -n "$a" ] && [ -n "$b" ]; then
		da=$(echo "$a" | tr . ,)
		db=$(echo "$b" | tr . ,)
		flat "$pdf" | grep -E -q "fra 2\. kvartal 2026 til 3\. kvartal 2026: [^:;]*information steg fra $da til $db" ||
			fail "rapport.pdf does not say that information rose from $da to $db from 2. to 3. kvartal 2026"
		flat "$out/report-en.pdf" | grep -E -q "from Q2 2026 to Q3 2026: [^:;]*information rose from $a to $b" ||
			fail "report-en.pdf does not say that information rose from $a to $b from Q2 to Q3 2026"
	else
		fail "results.csv has no means of information for $pair"
	fi
	# no other scale has a sure latest change
	flat "$pdf" | grep -E -q "til 3\. kvartal 2026: [^:;]*(inddragelse|tillid) (steg|faldt) fra" &&
		fail "rapport.pdf names a sure latest change in a scale where none was planted"
fi

# Åben Dialog: the recommend question as an NPS, the yes/no question as a share.
out=$tmp/aaben
if run sample-data/aaben-dialog/aaben-dialog.ini "$out"; then
	flat "$out/rapport.pdf" | grep -F -q "Net Promoter Score (andelen, der svarer 9 eller 10, minus andelen, der svarer 0 til 6)" ||
		fail "the Åben Dialog report does not give the Net Promoter Score"
	flat "$out/rapport.pdf" | grep -E -q "andelen, der svarer ja, (steg|faldt|gik) fra [0-9]+ % til [0-9]+ %" ||
		fail "the Åben Dialog report does not give the share answering yes"
	# a yes share "about unchanged" says its margin, in percentage points
	same=$(flat "$out/rapport.pdf" | grep -o "andelen, der svarer ja, var stort set uændret" | wc -l)
	said=$(flat "$out/rapport.pdf" | grep -o "andelen, der svarer ja, var stort set uændret: [^;.]* efter; ændringen er med sikkerhed mindre end 20 procentpoint" | wc -l)
	[ "$same" -gt 0 ] && [ "$same" = "$said" ] ||
		fail "of $same yes shares called about unchanged, $said say the margin of 20 percentage points"
	# the overview gives the yes/no item's change in percentage points (the
	# change of the design the report leads with), not on the scale 1-2
	res=$out/results.csv
	pair=opstart..seks_mdr
	lead=$(awk -F, -v p=$pair '$1=="igen" && $3=="all" && $5==p && $6=="paired" && $7=="paired_leads" { print $8 }' "$res")
	design=independent
	[ "$lead" = 1 ] && design=paired
	pp=$(awk -F, -v p=$pair -v d=$design '$1=="igen" && $3=="all" && $5==p && $6==d && $7=="mean_diff" { printf "%+.0f", 100 * $8 }' "$res")
	pdftotext -layout -f 2 -l 2 "$out/rapport.pdf" - 2>/dev/null | grep -E -q "netværksmøde igen\? +▲ \\$pp " ||
		fail "the Åben Dialog overview does not give the yes share's change as '$pp' percentage points"
fi

if [ "$fails" -gt 0 ]; then
	echo "sample_reports: $fails problem(s)"
	exit 1
fi
exit 0
