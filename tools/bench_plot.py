#!/usr/bin/env python3
# bench_plot.py: the growth table and plot of docs/performance.md from the figures tools/bench.sh left.
#
# Usage: tools/bench_plot.py BUILD OUT.svg      (from the top of the source tree)
#
# Reads BUILD/bench/nN/{ingest,stats,report,whole}.time (one line each,
# "wall user sys maxrss_kib", as tools/bench.sh writes them) for every N
# found, prints a Markdown table of user CPU time, wall time and peak
# memory per stage against N, and draws OUT.svg: two log-log panels, user
# CPU seconds and peak MB against respondents per wave, one line per stage.
# Plain SVG, no plotting library: the figures are a few points.
import glob
import math
import os
import sys

STAGES = ["ingest", "stats", "report", "whole"]
COLOURS = {"ingest": "#1b6ca8", "stats": "#c0392b", "report": "#27ae60", "whole": "#333333"}


def read_runs(build):
    runs = {}
    for d in glob.glob(os.path.join(build, "bench", "n*")):
        try:
            n = int(os.path.basename(d)[1:])
        except ValueError:
            continue
        row = {}
        for st in STAGES:
            try:
                with open(os.path.join(d, st + ".time")) as f:
                    w, u, s, m = f.read().split()[:4]
                row[st] = (float(w), float(u), float(s), float(m) / 1024)
            except (OSError, ValueError):
                pass
        if len(row) == len(STAGES):
            runs[n] = row
    return dict(sorted(runs.items()))


def table(runs):
    print("| respondents per wave | " + " | ".join(STAGES) + " |")
    print("|---:|" + "---:|" * len(STAGES))
    for n, row in runs.items():
        cells = ["%.2f s (%.2f s) %.0f MB" % (row[st][1], row[st][0], row[st][3]) for st in STAGES]
        print("| %s | %s |" % (format(n, ",").replace(",", " "), " | ".join(cells)))
    print()
    print("Each cell: user CPU seconds (wall seconds in brackets) and peak memory (RSS).")


def panel(x0, title, runs, value, unit):
    """One log-log panel at x offset x0; value(row, stage) gives the y."""
    w, h, left, top = 420, 300, 60, 40
    ns = list(runs)
    ys = [value(runs[n], st) for n in ns for st in STAGES]
    ys = [y for y in ys if y > 0]
    lx0, lx1 = math.log10(min(ns)), math.log10(max(ns))
    ly0, ly1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if lx1 == lx0:
        lx1 = lx0 + 1
    if ly1 == ly0:
        ly1 = ly0 + 1

    def px(n):
        return x0 + left + (math.log10(n) - lx0) / (lx1 - lx0) * (w - left - 20)

    def py(y):
        return top + (ly1 - math.log10(y)) / (ly1 - ly0) * (h - top - 50)

    out = ['<text x="%d" y="20" font-size="14" font-weight="bold">%s</text>' % (x0 + left, title)]
    for e in range(int(ly0), int(ly1) + 1):
        y = py(10 ** e)
        out.append('<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (px(min(ns)), px(max(ns)), y, y))
        out.append('<text x="%.1f" y="%.1f" font-size="11" text-anchor="end">%g %s</text>' % (x0 + left - 5, y + 4, 10 ** e, unit))
    for n in ns:
        out.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#ddd"/>' % (px(n), px(n), top, h - 50))
        out.append('<text x="%.1f" y="%d" font-size="11" text-anchor="middle">%s</text>' % (px(n), h - 35, format(n, ",").replace(",", " ")))
    out.append('<text x="%.1f" y="%d" font-size="11" text-anchor="middle">respondents per wave</text>' % (x0 + w / 2, h - 15))
    for st in STAGES:
        pts = [(px(n), py(value(runs[n], st))) for n in ns if value(runs[n], st) > 0]
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (COLOURS[st], " ".join("%.1f,%.1f" % p for p in pts)))
        for x, y in pts:
            out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (x, y, COLOURS[st]))
    return out


def plot(runs, path):
    body = panel(0, "user CPU time", runs, lambda r, st: r[st][1], "s")
    body += panel(440, "peak memory", runs, lambda r, st: r[st][3], "MB")
    for i, st in enumerate(STAGES):
        body.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (60 + i * 110, 310, COLOURS[st]))
        body.append('<text x="%d" y="%d" font-size="12">%s</text>' % (76 + i * 110, 321, st if st != "whole" else "whole job"))
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="880" height="330" font-family="sans-serif">',
           '<rect width="880" height="330" fill="white"/>'] + body + ["</svg>"]
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: tools/bench_plot.py BUILD OUT.svg")
    runs = read_runs(sys.argv[1])
    if not runs:
        sys.exit("bench_plot: no complete runs under '%s/bench'; run make bench-scale first" % sys.argv[1])
    table(runs)
    plot(runs, sys.argv[2])


if __name__ == "__main__":
    main()
