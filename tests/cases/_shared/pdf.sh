# pdf.sh: reads a PDF for the report cases' expect scripts, which source it
# (. ../_shared/pdf.sh) and then check pages, metadata and texts.
for tool in pdfinfo pdftotext; do
	command -v $tool >/dev/null 2>&1 ||
		{ echo "$tool is missing (poppler-utils; 'sh tools/deps.sh check' installs it)"; exit 1; }
done

# info FILE.pdf KEY: the value pdfinfo gives for KEY (dates as ISO 8601).
info() { pdfinfo -isodates "$1" | sed -n "s/^$2: *//p"; }

# has FILE.pdf PHRASE...: every PHRASE is in the text of FILE.pdf, read as one
# line so that a phrase may span a line break.
has() {
	f=$1
	shift
	pdftotext "$f" - | tr '\n\f' '  ' | tr -s ' ' >"$WORK/pdf-text"
	for p; do
		grep -qF -- "$p" "$WORK/pdf-text" || { echo "'$p' is not in $f"; return 1; }
	done
}

# hasnt FILE.pdf STRING...: no STRING is in the text of FILE.pdf.
hasnt() {
	f=$1
	shift
	pdftotext "$f" - >"$WORK/pdf-text"
	for p; do
		! grep -qF -- "$p" "$WORK/pdf-text" || { echo "'$p' must not be in $f"; return 1; }
	done
}
