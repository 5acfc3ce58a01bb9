"""The results: the targets of the issue checked against them, a table for people and build/bench/results.json."""

from __future__ import annotations

import json
from pathlib import Path

#: (size, format) -> the limit of our time over the first baseline's: on the seed within 2× pandoc (1.10× WeasyPrint
#: alone for the PDF); at 50 and 500 pages no worse than the figures before warm validation, DOCX at 50 within 1.2×.
RATIO_LIMITS = {
    ("seed", "html"): 2.0, ("seed", "epub"): 2.0, ("seed", "docx"): 2.0, ("seed", "pdf"): 1.10,
    ("50 pages", "html"): 0.78, ("50 pages", "epub"): 0.54, ("50 pages", "docx"): 1.2, ("50 pages", "pdf"): 1.14,
    ("500 pages", "html"): 0.23, ("500 pages", "epub"): 0.19, ("500 pages", "docx"): 1.03, ("500 pages", "pdf"): 1.02,
}
GROWTH_LIMIT = 12.0        # the 500-page document against the 50-page one, in every format
LONG_PDF_MEMORY_MB = 1024  # peak memory of the 500-page PDF
NOOP_LIMIT_S = 0.5         # a no-op make
SPEEDUP_LIMIT = 1.8        # make -j2 against -j1 on the corpus
CORPUS_LIMIT = 1.15        # make -j2 of the corpus against the engines alone doing the same conversions, two at a time
PREVIEW_LIMITS_MS = {"seed": 100, "50 pages": 500}  # a warm rebuild of the preview


def _met(value: float, limit: float, sign: str) -> bool:
    return {"<": value < limit, "≤": value <= limit, "≥": value >= limit}[sign]


def _target(name: str, value: float | None, limit: float, sign: str) -> dict:
    return {"target": name, "value": None if value is None else round(value, 3), "limit": f"{sign} {limit:g}",
            "met": None if value is None else _met(value, limit, sign)}


def targets(results: dict) -> list[dict]:
    """Every target of the issue with the measured value and whether it is met (None: not measured)."""
    out = []
    by = {(row["size"], row["stage"]): row for row in results.get("stages", [])}
    for (size, stage), row in by.items():
        if (size, stage) in RATIO_LIMITS and row["baselines"]:
            first = row["baselines"][0]
            out.append(_target(f"{stage} vs {first['label']} ({size})", first["ratio"], RATIO_LIMITS[size, stage], "≤"))
    for stage in ("html", "pdf", "epub", "docx"):
        growth = None
        if ("50 pages", stage) in by and ("500 pages", stage) in by:
            growth = by[("500 pages", stage)]["ours"]["median_s"] / by[("50 pages", stage)]["ours"]["median_s"]
        out.append(_target(f"{stage}: 500 pages / 50 pages", growth, GROWTH_LIMIT, "≤"))
    long_pdf = by.get(("500 pages", "pdf"))
    out.append(_target("peak memory of the 500-page PDF (MB)", long_pdf["ours"]["peak_mb"] if long_pdf else None,
                       LONG_PDF_MEMORY_MB, "<"))
    make = results.get("make", {})
    noop = make.get("noop")
    out.append(_target("no-op make (s)", noop["median_s"] if noop and "median_s" in noop else None,
                       NOOP_LIMIT_S, "<"))
    jobs = make.get("jobs")
    out.append(_target("make -j2 speed-up over -j1", jobs["speedup"] if jobs and "speedup" in jobs else None,
                       SPEEDUP_LIMIT, "≥"))
    out.append(_target("make -j2 of the corpus / the engines alone, two at a time",
                       jobs.get("versus_engines") if jobs else None, CORPUS_LIMIT, "≤"))
    for label, limit in PREVIEW_LIMITS_MS.items():
        found = results.get("preview", {}).get(label)
        out.append(_target(f"preview: warm rebuild ({label}, ms)", found["median_ms"] if found else None, limit, "<"))
    return out


def _mark(met: bool | None) -> str:
    return {True: "met", False: "NOT met", None: "not measured"}[met]


def table(results: dict) -> str:
    """Our time, the baseline's and the ratio of the medians (and of the fastest runs) for each size and stage;
    then the make figures and the targets."""
    lines = [f"{'size':<10} {'pages':>5} {'stage':<5} {'ours s':>8} {'MB':>6}  {'baseline':<26} {'base s':>8} "
             f"{'MB':>6} {'ratio':>6} {'best':>6}"]
    pages = {s["label"]: s.get("pages") for s in results.get("sizes", [])}
    for row in results.get("stages", []):
        ours = row["ours"]
        first = f"{row['size']:<10} {pages.get(row['size']) or '':>5} {row['stage']:<5} {ours['median_s']:8.2f} " \
                f"{ours['peak_mb']:6.0f}"
        if not row["baselines"]:
            lines.append(first)
        for index, base in enumerate(row["baselines"]):
            lead = first if index == 0 else " " * len(first)
            best = base.get("best_ratio")
            lines.append(f"{lead}  {base['label']:<26} {base['median_s']:8.2f} {base['peak_mb']:6.0f} "
                         f"{base['ratio']:6.2f} {'' if best is None else format(best, '6.2f')}")
    make = results.get("make", {})
    if "noop" in make and "median_s" in make["noop"]:
        lines.append(f"\nno-op make: {make['noop']['median_s']:.3f} s (median)"
                     + ("" if make["noop"].get("nothing_to_do") else "  (make still found work: not a true no-op)"))
    if "jobs" in make and "speedup" in make["jobs"]:
        jobs = make["jobs"]
        lines.append(f"corpus of {jobs['documents']} documents, ~{jobs['pages_each']} pages each, {jobs['outputs']} "
                     f"outputs: make -j1 {jobs['j1']['median_s']:.1f} s, make -j2 {jobs['j2']['median_s']:.1f} s, "
                     f"speed-up {jobs['speedup']:.2f} (cores kept busy: -j1 {_busy(jobs['j1'])}, -j2 "
                     f"{_busy(jobs['j2'])}); no-op make of it {jobs['noop_corpus']['median_s']:.3f} s")
        if "engines_alone_s" in jobs:
            lines.append(f"the engines alone on the same corpus, two at a time: {jobs['engines_alone_s']:.1f} s; "
                         f"make -j2 / engines alone: {jobs['versus_engines']:.2f}")
    for label, found in results.get("preview", {}).items():
        lines.append(f"preview, warm rebuild of {label}: {found['median_ms']:.0f} ms (best {found['best_ms']:.0f} ms)")
    for name, error in make.get("errors", {}).items():
        lines.append(f"make {name}: failed: {error}")
    lines.append("\ntargets (reported, not asserted):")
    for target in results.get("targets", []):
        value = "—" if target["value"] is None else f"{target['value']:g}"
        lines.append(f"  {_mark(target['met']):<13} {target['target']:<52} {value:>9}  (target {target['limit']})")
    return "\n".join(lines)


def _busy(series: dict) -> str:
    """CPU seconds over wall seconds: how many cores a run kept busy (2.0 at best here)."""
    return f"{series['cpu_s'] / series['median_s']:.2f}" if series.get("cpu_s") else "?"


def phases_table(phases: dict) -> str:
    """Each build step by step: start-up, our code and the engine's share."""
    lines = []
    for size, formats in phases.items():
        for fmt, steps in formats.items():
            if isinstance(steps, str):
                lines.append(f"  {size:<10} {fmt:<5} phases unavailable: {steps}")
                continue
            total = {kind: sum(step["seconds"] for step in steps if step["kind"] == kind)
                     for kind in ("start", "ours", "engine")}
            detail = ", ".join(f"{s['step']} {s['seconds']:.2f}" for s in steps)
            share = f" ({100 * total['ours'] / total['engine']:.0f} % of it)" if total["engine"] >= 0.1 else ""
            lines.append(f"  {size:<10} {fmt:<5} imports {total['start']:.2f} s, ours {total['ours']:.2f} s, "
                         f"engine {total['engine']:.2f} s{share}\n      {detail}")
    return "\n".join(lines)


def write(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
