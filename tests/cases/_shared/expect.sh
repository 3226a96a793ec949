# expect.sh: helpers for the cases' expect scripts, which source it
# (. ../_shared/expect.sh); each fails by returning non-zero.

# fails_with MESSAGE ARG...: tillid ARG... exits 2 and prints the line
# MESSAGE, whole, on stderr.
fails_with() {
	msg=$1
	shift
	rc=0
	"$TILLID" "$@" 2>"$WORK/err" || rc=$?
	[ "$rc" = 2 ] || { echo "tillid $*: exit status $rc, expected 2"; return 1; }
	grep -qxF -- "$msg" "$WORK/err" || { echo "tillid $*: no line '$msg' in: $(cat "$WORK/err")"; return 1; }
}

# The PDF checks need poppler's pdfinfo and pdftotext.
need_poppler() {
	for tool in pdfinfo pdftotext; do
		command -v $tool >/dev/null 2>&1 ||
			{ echo "$tool is missing (poppler-utils; 'sh tools/deps.sh check' installs it)" >&2; return 1; }
	done
}

# info FILE.pdf KEY: the value pdfinfo gives for KEY (dates as ISO 8601).
info() {
	need_poppler || return 1
	pdfinfo -isodates "$1" | sed -n "s/^$2: *//p"
}

# has FILE.pdf PHRASE...: every PHRASE is in the text of FILE.pdf, read as one
# line so that a phrase may span a line break.
has() {
	need_poppler || return 1
	f=$1
	shift
	pdftotext "$f" - | tr '\n\f' '  ' | tr -s ' ' >"$WORK/pdf-text"
	for p; do
		grep -qF -- "$p" "$WORK/pdf-text" || { echo "'$p' is not in $f"; return 1; }
	done
}

# hasnt FILE.pdf STRING...: no STRING is in the text of FILE.pdf.
hasnt() {
	need_poppler || return 1
	f=$1
	shift
	pdftotext "$f" - >"$WORK/pdf-text"
	for p; do
		! grep -qF -- "$p" "$WORK/pdf-text" || { echo "'$p' must not be in $f"; return 1; }
	done
}

# flip_byte FILE OFFSET: change the byte at OFFSET of FILE (add 1, modulo
# 256), the file's length and every other byte kept: damage as a bad disk
# or a careless edit leaves it. Used from setup too (sh -c '. ../_shared/expect.sh; ...').
flip_byte() {
	b=$(od -An -tu1 -j "$2" -N 1 "$1" | tr -d ' ')
	[ -n "$b" ] || { echo "flip_byte: '$1' has no byte $2"; return 1; }
	printf "\\$(printf %o $(((b + 1) % 256)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
