#!/usr/bin/python3
# tables_check.py: checks a tables workbook (tillid tables) against the PDF report it mirrors.
#
# Usage: tables_check.py [--selftest] WORKBOOK.xlsx REPORT.pdf
#
# Reads the workbook with openpyxl (an independent reader) and the report's
# text with `pdftotext -layout` (one line per table row), then checks that
#   - every cell that shows a number holds a number (never text such as
#     "3,37"), with a number format;
#   - every row of every table, shown as Excel shows it in the report's
#     language (the number format applied, Danish or English marks), holds
#     its numbers and its suppression marks in the order of one line of the
#     report: the same numbers, and a mark exactly where the report has one;
#   - the workbook holds at least one number.
# With --selftest it also changes one number, and turns one mark into a
# number, in a copy of the workbook in memory, and fails unless the check
# then finds each change: the check can fail.
import re
import subprocess
import sys

import openpyxl

MARKS = {"da": "skjult", "en": "hidden"}


def split_sections(fmt):
    out, cur, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def show(v, fmt, lang):
    """v as Excel shows it with number format fmt in lang (the formats tillid writes)."""
    secs = split_sections(fmt)
    if len(secs) >= 3 and v == 0:
        sec, av = secs[2], 0.0
    elif len(secs) >= 2 and v < 0:
        sec, av = secs[1], -v
    else:
        sec, av = secs[0], v
    literal = "".join(re.findall(r'"([^"]*)"', sec))
    bare = re.sub(r'"[^"]*"', "", sec)
    m = re.search(r"[#0,]*0(?:\.(0+))?", bare)
    dec = len(m.group(1)) if m and m.group(1) else 0
    pct = "%" in bare
    x = av * 100 if pct else av
    s = "{:,.{}f}".format(x, dec)
    if lang == "da":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    # the literal text and the signs, in the order the section has them
    before = bare[: m.start()] if m else ""
    after = bare[m.end():] if m else ""
    sign = before.replace("#", "").strip()
    text = literal + sign + s + after.replace("%", "").rstrip() + ("%" if pct else "")
    return text


def norm(s):
    # one space, the hyphen for the minus, and no space before "%" (the
    # no-break space of "42 %" comes out of pdftotext with or without it)
    s = s.replace("\u00a0", " ").replace("\u2212", "-").replace("\u200b", "")
    return re.sub(r"\s*%", "%", s)


def row_tokens(row, lang, problems, where, title_col):
    """The row as the report's line shows it: numbers and marks, and the
    labels short enough not to wrap (paths, which wrap, and the column naming each table of a
    block aside: the report has it as a heading). [] for a row without
    numbers or marks (a title or a header)."""
    toks, any_number = [], False
    for c in row:
        if c.value is None:
            continue
        if isinstance(c.value, str) and c.value != MARKS[lang]:
            # paths break after each "/" in the report
            if c.column != title_col and len(c.value) <= 25 and "/" not in c.value and \
                    not re.fullmatch(r"[\u2212+-]?[0-9][0-9.,]*( ?%)?", norm(c.value)):
                toks.append(norm(c.value).split()[0]) # a label may wrap after its first word
        else:
            any_number = True
        if isinstance(c.value, (int, float)):
            if c.number_format == "General":
                problems.append("%s%s: number without a number format" % (where, c.coordinate))
            toks.append(norm(show(c.value, c.number_format, lang)))
        elif isinstance(c.value, str):
            if c.value == MARKS[lang]:
                toks.append(c.value)
            elif re.fullmatch(r"[\u2212+-]?[0-9][0-9.,]*( ?%)?", norm(c.value)):
                problems.append("%s%s: the number %r is stored as text" % (where, c.coordinate, c.value))
    return toks if any_number else []


def in_order(line, toks):
    """Do toks stand in line in this order, each whole (no digit or decimal
    mark glued to either side)?"""
    pos = 0
    for t in toks:
        m = re.compile(r"(?<![0-9.,])" + re.escape(t) + r"(?![0-9]|[.,][0-9])").search(line, pos)
        if not m:
            return False
        pos = m.end()
    return True


def check(wb, lines, lang):
    """The problems found; the rows are looked for in the report's order
    (the sheets, blocks and rows stand as the report lays them out), each on
    a line after the previous row's, so that a row cannot borrow the line
    of a chart or another table."""
    problems, numbers, pos = [], 0, 0
    for ws in wb.worksheets:
        title_col = None
        for row in ws.iter_rows(min_row=2):
            if row[0].value in ("Tabel", "Table"):
                title_col = 1
            toks = row_tokens(row, lang, problems, ws.title + "!", title_col)
            numbers += sum(isinstance(c.value, (int, float)) for c in row)
            if not toks:
                continue
            # the line of the row: its numbers, marks and labels in order,
            # and as many marks as the row has, no more
            marks = toks.count(MARKS[lang])
            at = next((i for i in range(pos, len(lines))
                       if in_order(lines[i], toks) and lines[i].count(MARKS[lang]) == marks), None)
            if at is None:
                problems.append("%s!row %d: %s is on no line of the report after line %d"
                                % (ws.title, row[0].row, " ".join(toks), pos))
            else:
                pos = at + 1
    if numbers == 0:
        problems.append("the workbook holds no number")
    return problems


def main(argv):
    selftest = "--selftest" in argv
    args = [a for a in argv if a != "--selftest"]
    if len(args) != 2:
        print("usage: tables_check.py [--selftest] WORKBOOK.xlsx REPORT.pdf", file=sys.stderr)
        return 2
    xlsx, pdf = args
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True).stdout.decode()
    lines = [norm(l) for l in text.splitlines()]
    wb = openpyxl.load_workbook(xlsx)
    lang = "en" if "hidden" in text and "skjult" not in text else "da"
    problems = check(wb, lines, lang)
    for p in problems:
        print("tables_check: %s: %s" % (xlsx, p))
    if problems:
        return 1
    if selftest:
        cells = [c for ws in wb.worksheets for r in ws.iter_rows(min_row=2) for c in r]
        num = next(c for c in cells if isinstance(c.value, (int, float)) and c.value > 10)
        num.value = num.value + 7
        if not check(wb, lines, lang):
            print("tables_check: selftest: a changed number %s went unnoticed" % num.coordinate)
            return 1
        num.value = num.value - 7
        mark = next((c for c in cells if c.value == MARKS[lang]), None)
        if mark is not None:
            mark.value = 12
            mark.number_format = "#,##0"
            if not check(wb, lines, lang):
                print("tables_check: selftest: a mark turned number %s went unnoticed" % mark.coordinate)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
