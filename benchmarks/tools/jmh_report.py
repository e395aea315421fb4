#!/usr/bin/env python3
"""Turns JMH JSON results into Markdown tables (medians and ratios) and SVG bar charts.

Usage:
    python3 benchmarks/tools/jmh_report.py RESULT.json [RESULT.json ...] --charts docs/charts > tables.md

Rows are grouped by benchmark method and every parameter except the competitor parameter (the first
parameter whose values include "cirrus", e.g. impl = {cirrus, esdk, jdk}); columns are the competitors,
each the median of all measurement iterations, then the ratio of every competitor to Cirrus in
Cirrus's favour (higher is better for Cirrus: throughput cirrus/other, time other/cirrus).
Allocation per operation (gc.alloc.rate.norm, from -prof gc) is shown where present.
With --ratios only the benchmarks that have a Cirrus competitor are shown, without allocation: the
table ./bench prints after JMH's.

A benchmark without a Cirrus competitor that is listed in REFERENCES (raw AES-GCM per provider and frame
length) gets its own table, with or without --ratios: each row's median and its ratio to the fastest
reference row of the same method (throughput row/reference, time reference/row; 1.00x is the fastest
one-call row, below 1x slower), so no row reads as a Cirrus win or loss.

A floor (FLOORS below: a baseline that does a subset of Cirrus's work, such as raw JDK AES-GCM under the
message format) cannot honestly be slower than Cirrus. When a floor measures more than FLOOR_SLACK times
slower, it did not reach its steady state (on JDK 17 one 1 MiB AES-GCM call can stay on a slow path
through short warm-ups), and its ratio is shown as "n/c" (not comparable) with a note, never as a win.
Only the Python standard library is used.
"""
import argparse
import html
import json
import os
import statistics
from collections import OrderedDict

HIGHER_IS_BETTER = ("ops/", "op/")
# Benchmark class -> competitors that are floors: they do part of Cirrus's work, never more.
FLOORS = {
    "EnvelopeEncryptionBenchmark": ("jdk", "jdkFramed"),
    "RetryCallBenchmark": ("direct",),
    "DataKeyCacheBenchmark": ("caffeine",),
    "DynamoItemCacheBenchmark": ("caffeine",),
}
FLOOR_SLACK = 1.5
# Benchmark class without a Cirrus competitor -> (parameter, value): every row is shown against the fastest
# row of the same method with that parameter value, e.g. each provider and frame length of raw AES-GCM
# against the fastest one-call (frameBytes=1048576) row.
REFERENCES = {
    "AesGcmBaselineBenchmark": ("frameBytes", "1048576"),
}
NOT_COMPARABLE = ("n/c: the floor measured slower than Cirrus, which does the floor's work and more, so the "
                  "floor had not reached its steady state (e.g. JDK 17 AES-GCM in one 1 MiB call); "
                  "not comparable. Compare with the framed floor, or use the recorded-run settings.")


def load(paths):
    runs = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            runs.extend(json.load(f))
    return runs


def median_of(metric):
    raw = [v for fork in metric.get("rawData", []) for v in fork]
    return statistics.median(raw) if raw else metric["score"]


def competitor_param(params):
    for k, v in params.items():
        if str(v).lower().startswith("cirrus"):
            return k
    return None


def short(name):
    parts = name.split(".")
    return ".".join(parts[-2:])


def group(runs):
    """benchmark -> OrderedDict(rowkey -> {competitor: (median, unit, alloc)})"""
    groups = OrderedDict()
    comp_names = {}
    # find the competitor parameter per benchmark class (value 'cirrus*' anywhere in its runs)
    for r in runs:
        params = r.get("params") or {}
        cls = r["benchmark"].rsplit(".", 1)[0]
        k = competitor_param(params)
        if k:
            comp_names[cls] = k
    for r in runs:
        params = dict(r.get("params") or {})
        cls = r["benchmark"].rsplit(".", 1)[0]
        comp_key = comp_names.get(cls)
        comp = params.pop(comp_key) if comp_key and comp_key in params else "-"
        row = short(r["benchmark"]) + ("" if not params else " " + ", ".join(f"{k}={v}" for k, v in params.items()))
        if r.get("threads", 1) != 1:
            row += f" [{r['threads']} threads]"
        pm = r["primaryMetric"]
        alloc = None
        sec = r.get("secondaryMetrics") or {}
        for name, m in sec.items():
            if name.endswith("gc.alloc.rate.norm"):
                alloc = m["score"]
        groups.setdefault(cls, OrderedDict()).setdefault(row, {})[comp] = (median_of(pm), pm["scoreUnit"], alloc, r["mode"])
        # Figures a benchmark reports itself (e.g. goodput, throttled share, p99) get a row each.
        for name, m in sec.items():
            if "gc." in name or name.startswith("\u00b7"):
                continue
            groups[cls].setdefault(f"{row} : {name}", {})[comp] = (median_of(m), m["scoreUnit"], None, r["mode"])
    return groups


def fmt(x):
    if x is None:
        return ""
    if abs(x) < 0.01:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def ratio(cirrus, other, unit):
    if not cirrus or not other or unit == "#":  # a benchmark's own figures: direction unknown, no ratio
        return None
    higher = any(h in unit for h in HIGHER_IS_BETTER)
    return cirrus / other if higher else other / cirrus


def ratio_cell(cls, competitor, rt, notes):
    if rt is None:
        return ""
    if competitor in FLOORS.get(cls.rsplit(".", 1)[-1], ()) and rt > FLOOR_SLACK:
        notes.add(NOT_COMPARABLE)
        return f"n/c ({rt:.2f}x)"
    return f"{rt:.2f}x"


def markdown(groups, ratios_only=False, references=False):
    """references: reference_markdown has output for the same results (so an empty ratio table is not news)."""
    out = []
    notes = set()
    for cls, rows in groups.items():
        comps = []
        for cells in rows.values():
            for c in cells:
                if c not in comps:
                    comps.append(c)
        comps.sort(key=lambda c: (not str(c).startswith("cirrus"), str(c)))
        cirrus = next((c for c in comps if str(c).startswith("cirrus")), None)
        others = [c for c in comps if c != cirrus]
        if ratios_only and not cirrus:
            continue
        out.append(f"\n### {cls.rsplit('.', 1)[-1]}\n")
        header = ["benchmark", "unit"] + [("median" if c == "-" else f"{c} (median)") for c in comps]
        if cirrus:
            header += [f"cirrus vs {c}" for c in others]
        if not ratios_only and any(v[2] is not None for cells in rows.values() for v in cells.values()):
            header += [("B/op" if c == "-" else f"{c} B/op") for c in comps]
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
        has_alloc = header[-1].endswith("B/op")
        for row, cells in rows.items():
            unit = next(iter(cells.values()))[1]
            line = [row, unit] + [fmt(cells[c][0]) if c in cells else "" for c in comps]
            if cirrus:
                for c in others:
                    rt = ratio(cells.get(cirrus, (None,))[0], cells.get(c, (None,))[0], unit)
                    line.append(ratio_cell(cls, c, rt, notes))
            if has_alloc:
                line += [fmt(cells[c][2]) if c in cells else "" for c in comps]
            out.append("| " + " | ".join(line) + " |")
    if ratios_only and not out and not references:
        out.append("(no benchmark in these results has a Cirrus competitor)")
    for note in sorted(notes):
        out.append("\n" + note)
    return "\n".join(out) + "\n"


def reference_markdown(runs):
    """One table per REFERENCES class: each row's median, its ratio to the fastest reference row of its method
    and to the reference row with the same other parameters (e.g. the same provider's one-call row)."""
    out = []
    classes = OrderedDict()
    for r in runs:
        cls = r["benchmark"].rsplit(".", 1)[0]
        if cls.rsplit(".", 1)[-1] in REFERENCES:
            classes.setdefault(cls, []).append(r)
    for cls, rs in classes.items():
        name = cls.rsplit(".", 1)[-1]
        param, value = REFERENCES[name]

        def others(r):
            return r["benchmark"], tuple(sorted((k, str(v)) for k, v in (r.get("params") or {}).items() if k != param))

        best, same = {}, {}
        for r in rs:
            if str((r.get("params") or {}).get(param)) == value:
                m, unit = median_of(r["primaryMetric"]), r["primaryMetric"]["scoreUnit"]
                old, rt = best.get(r["benchmark"]), ratio(m, best.get(r["benchmark"]), unit)
                if old is None or (rt is not None and rt > 1):
                    best[r["benchmark"]] = m
                same[others(r)] = m
        out.append(f"\n### {name} (each row against the {param}={value} rows of its method)\n")
        out.append(f"| benchmark | unit | median | vs fastest {param}={value} | vs {param}={value}, same other parameters |")
        out.append("|---|---|---|---|---|")
        for r in rs:
            pm, params = r["primaryMetric"], r.get("params") or {}
            row = short(r["benchmark"]) + ("" if not params else " " + ", ".join(f"{k}={v}" for k, v in params.items()))
            m = median_of(pm)
            cells = [ratio(m, ref, pm["scoreUnit"]) for ref in (best.get(r["benchmark"]), same.get(others(r)))]
            out.append(f"| {row} | {pm['scoreUnit']} | {fmt(m)} | "
                       + " | ".join("" if c is None else f"{c:.2f}x" for c in cells) + " |")
    return "\n".join(out) + ("\n" if out else "")


def svg_chart(title, rows, comps, path):
    """Horizontal grouped bars, one group per row, one bar per competitor, scaled per row to its max."""
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
    bar_h, gap, left, width = 16, 14, 330, 360
    height = 60 + len(rows) * (len(comps) * bar_h + gap) + 20 * len(comps)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 160}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<text x="10" y="20" font-size="15" font-weight="bold">{html.escape(title)}</text>',
             '<text x="10" y="38" fill="#555">bars scaled per row to the largest value; label = median and unit</text>']
    y = 55
    for row, cells in rows.items():
        vals = [cells[c][0] for c in comps if c in cells]
        top = max(vals) if vals else 1
        parts.append(f'<text x="10" y="{y + bar_h}" fill="#000">{html.escape(row[:48])}</text>')
        for i, c in enumerate(comps):
            if c not in cells:
                continue
            v, unit = cells[c][0], cells[c][1]
            w = 0 if top == 0 else max(1, int(width * v / top))
            parts.append(f'<rect x="{left}" y="{y}" width="{w}" height="{bar_h - 2}" fill="{colors[i % len(colors)]}"/>')
            parts.append(f'<text x="{left + w + 4}" y="{y + bar_h - 4}">{html.escape(fmt(v))} {html.escape(unit)}</text>')
            y += bar_h
        y += gap
    for i, c in enumerate(comps):
        parts.append(f'<rect x="10" y="{y + i * 18}" width="12" height="12" fill="{colors[i % len(colors)]}"/>')
        parts.append(f'<text x="28" y="{y + i * 18 + 11}">{html.escape(str(c))}</text>')
    parts.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="+")
    ap.add_argument("--charts", help="folder for one SVG chart per benchmark class")
    ap.add_argument("--ratios", action="store_true", help="only benchmarks with a Cirrus competitor, no allocation")
    args = ap.parse_args()
    runs = load(args.results)
    groups = group(runs)
    references = reference_markdown(runs)
    table = markdown(groups, ratios_only=args.ratios, references=bool(references))
    if table.strip():
        print(table)
    if references:
        print(references)
    if args.charts:
        os.makedirs(args.charts, exist_ok=True)
        for cls, rows in groups.items():
            comps = []
            for cells in rows.values():
                for c in cells:
                    if c not in comps:
                        comps.append(c)
            comps.sort(key=lambda c: (not str(c).startswith("cirrus"), str(c)))
            svg_chart(cls.rsplit(".", 1)[-1], rows, comps, os.path.join(args.charts, cls.rsplit(".", 1)[-1] + ".svg"))


if __name__ == "__main__":
    main()
