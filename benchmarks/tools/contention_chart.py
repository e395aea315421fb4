#!/usr/bin/env python3
"""Line charts (SVG) of the retry contention simulator's CSV: total calls and completion time per client count.

Usage:
    python3 benchmarks/tools/contention_chart.py retry-contention.csv OUT_DIR

The CSV has the columns variant, clients, calls, completion_ms, failed_clients (ContentionSimulator --csv).
Writes OUT_DIR/retry-contention-calls.svg and OUT_DIR/retry-contention-time.svg. Standard library only.
"""
import csv
import html
import os
import sys
from collections import OrderedDict

COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"]


def chart(series, column, title, unit, path):
    w, h, left, top, right, bottom = 720, 420, 70, 40, 200, 50
    xs = sorted({x for pts in series.values() for x, _ in pts})
    ymax = max(v for pts in series.values() for _, v in pts) or 1
    def px(x):
        return left + (x - xs[0]) / ((xs[-1] - xs[0]) or 1) * (w - left - right)
    def py(y):
        return top + (1 - y / ymax) * (h - top - bottom)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<text x="{left}" y="22" font-size="15" font-weight="bold">{html.escape(title)}</text>',
           f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="#000"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="#000"/>']
    for i in range(5):
        y = ymax * i / 4
        out.append(f'<text x="{left - 6}" y="{py(y) + 4}" text-anchor="end">{y:,.0f}</text>')
        out.append(f'<line x1="{left}" y1="{py(y)}" x2="{w - right}" y2="{py(y)}" stroke="#ddd"/>')
    for x in xs[:: max(1, len(xs) // 10)]:
        out.append(f'<text x="{px(x)}" y="{h - bottom + 16}" text-anchor="middle">{x}</text>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 10}" text-anchor="middle">clients</text>')
    out.append(f'<text x="14" y="{top - 8}">{html.escape(unit)}</text>')
    for i, (name, pts) in enumerate(series.items()):
        c = COLORS[i % len(COLORS)]
        d = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in sorted(pts))
        out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="{d}"/>')
        out.append(f'<rect x="{w - right + 12}" y="{top + i * 18}" width="12" height="12" fill="{c}"/>')
        out.append(f'<text x="{w - right + 30}" y="{top + i * 18 + 11}">{html.escape(name)}</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def main():
    src, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    calls, times = OrderedDict(), OrderedDict()
    with open(src, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            calls.setdefault(row["variant"], []).append((int(row["clients"]), float(row["calls"])))
            times.setdefault(row["variant"], []).append((int(row["clients"]), float(row["completion_ms"])))
    chart(calls, "calls", "Contention simulator: total calls until every client has written", "calls", os.path.join(out_dir, "retry-contention-calls.svg"))
    chart(times, "completion_ms", "Contention simulator: time until every client has written", "ms", os.path.join(out_dir, "retry-contention-time.svg"))


if __name__ == "__main__":
    main()
