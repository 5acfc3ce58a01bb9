"""`make bench`: each stage of each document size timed in fresh processes against WeasyPrint alone and pandoc alone,
median of several runs and peak memory; then make itself (no-op, -j1 against -j2). Writes build/bench/results.json.

    python -m scripts.bench [--runs N] [--long-runs N] [--long-pdf-runs N] [--quick] [--sizes seed,pages-50]
                            [--stages html,pdf] [--no-phases] [--no-make] [--out FOLDER]

Settings also come from the environment: BENCH_RUNS (5), BENCH_LONG_RUNS (3), BENCH_LONG_PDF_RUNS (2), BENCH_QUICK=1
(no 500-page size), BENCH_MAKE_RUNS (1), BENCH_CORPUS (100 documents), BENCH_CORPUS_PAGES (0: 2 to 5 pages each).
Our commands run as make runs them, with the schema's verdict remembered (build/bench/schema-cache; the first
edition of a source pays the validation): BENCH_SCHEMA_CACHE=0 times them without.
Figures are reported, never asserted.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from . import makes, report, subjects
from .measure import CommandFailed, interleaved

OUT = subjects.ROOT / "build" / "bench"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else default


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=_env_int("BENCH_RUNS", 5),
                        help="runs of each command on the seed and 50 pages (the median counts)")
    parser.add_argument("--long-runs", type=int, default=_env_int("BENCH_LONG_RUNS", 3),
                        help="runs of each command on 500 pages, but the PDF")
    parser.add_argument("--long-pdf-runs", type=int, default=_env_int("BENCH_LONG_PDF_RUNS", 2),
                        help="runs of the 500-page PDF, ours and WeasyPrint's (about two minutes each)")
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1",
                        help="leave out the 500-page document")
    parser.add_argument("--make-runs", type=int, default=_env_int("BENCH_MAKE_RUNS", 1))
    parser.add_argument("--corpus", type=int, default=_env_int("BENCH_CORPUS", 100), help="documents in the corpus")
    parser.add_argument("--corpus-pages", type=int, default=int(os.environ.get("BENCH_CORPUS_PAGES") or 0),
                        help="pages of each corpus document (0: 2 to 5 in turn)")
    parser.add_argument("--sizes", type=_names, help="only these sizes: seed, pages-50, pages-500")
    parser.add_argument("--stages", type=_names, default=list(subjects.STAGES),
                        help=f"only these stages (default {','.join(subjects.STAGES)})")
    parser.add_argument("--no-phases", action="store_true", help="leave out the step-by-step breakdown")
    parser.add_argument("--no-make", action="store_true", help="leave out the make measurements")
    parser.add_argument("--no-preview", action="store_true", help="leave out the preview's rebuild latency")
    parser.add_argument("--out", type=Path, default=OUT, help="where results and generated documents go")
    args = parser.parse_args(argv)
    unknown = set(args.stages) - set(subjects.STAGES)
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(sorted(unknown))}")
    return args


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def machine() -> dict:
    from importlib.metadata import version

    from pipeline.writers import docx

    pandoc = subprocess.run([docx.pandoc(), "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return {"cpus": os.cpu_count(), "load_at_start": round(os.getloadavg()[0], 2), "python": platform.python_version(),
            "weasyprint": version("weasyprint"), "pandoc": pandoc, "platform": platform.platform(),
            "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


def say(text: str) -> None:
    print(text, flush=True)


def stages(args: argparse.Namespace, results: dict) -> None:
    python = sys.executable
    for size in subjects.sizes(args.out, args.quick, args.sizes):
        inputs = subjects.prepare(size, args.out)
        say(f"{size.label}: {_shown(size.source)}, {inputs.notes} footnotes")
        subprocess.run([python, "-m", "pipeline", "validate", "-q", str(size.source)], cwd=subjects.ROOT, check=True,
                       env={**os.environ})  # the verdict remembered, as by the first edition make builds
        for stage in args.stages:
            runs = args.runs
            if size.key == "pages-500":
                runs = args.long_pdf_runs if stage == "pdf" else args.long_runs
            ours = subjects.ours(python, size, inputs, stage)
            bases = subjects.baselines(python, inputs, stage)
            series = interleaved([ours] + [command for _, command in bases], runs, subjects.ROOT)
            row = {"size": size.label, "stage": stage, "ours": series[0].as_dict(), "baselines": []}
            for (label, _), base in zip(bases, series[1:]):
                row["baselines"].append({"label": label, **base.as_dict(),
                                         "ratio": round(series[0].median / base.median, 3),
                                         "best_ratio": round(series[0].best / base.best, 3)})
            results["stages"].append(row)
            versus = "; ".join(f"{b['label']} {b['median_s']:.2f} s (×{b['ratio']:.2f})" for b in row["baselines"])
            say(f"  {stage:<5} ours {series[0].median:7.2f} s {series[0].peak_mb:5.0f} MB   {versus}")
        printed = subjects.output(inputs, "ours", "pdf")
        pages = subjects.pdf_pages(printed) if "pdf" in args.stages and printed.is_file() else None
        results["sizes"].append({"key": size.key, "label": size.label, "source": _shown(size.source),
                                 "paragraphs": size.paragraphs, "notes": inputs.notes, "pages": pages})
        if pages:
            say(f"  {pages} pages in print")
        if not args.no_phases:
            results["phases"][size.label] = {fmt: phases(python, fmt, size.source)
                                             for fmt in ("html", "pdf", "epub", "docx")}


def _shown(path: Path) -> str:
    """A path relative to the project when it lies inside it."""
    return str(path.relative_to(subjects.ROOT)) if path.is_relative_to(subjects.ROOT) else str(path)


def phases(python: str, fmt: str, source) -> list | str:
    done = subprocess.run([python, "-m", "scripts.bench.phases", fmt, str(source)], cwd=subjects.ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
    return json.loads(done.stdout)


def preview(args: argparse.Namespace, results: dict) -> None:
    """The preview's rebuild in its warm process, as an author's edit triggers it: median of 10 after a first."""
    import statistics

    from pipeline.preview import Preview

    for size in subjects.sizes(args.out, True, args.sizes):
        warm = Preview(size.source)
        warm.rebuild()
        times = []
        for _ in range(10):
            warm.rebuild()
            times.append(warm.seconds * 1000)
        results["preview"][size.label] = {"median_ms": round(statistics.median(times), 1),
                                          "best_ms": round(min(times), 1)}
        say(f"preview {size.label}: warm rebuild {statistics.median(times):.0f} ms (best {min(times):.0f} ms)")


def make(args: argparse.Namespace, results: dict) -> None:
    measured = results["make"]
    for name, work in (("noop", lambda: makes.noop(subjects.ROOT, 5)),
                       ("jobs", lambda: makes.jobs(args.out, args.corpus, args.corpus_pages, args.make_runs))):
        try:
            measured[name] = work()
        except (CommandFailed, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", None) or str(exc)
            measured.setdefault("errors", {})[name] = (detail.decode(errors="replace") if isinstance(detail, bytes)
                                                       else detail)[-1000:]
        say(f"make {name}: done")


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    started = time.perf_counter()
    if os.environ.get("BENCH_SCHEMA_CACHE") != "0":
        os.environ["PIPELINE_SCHEMA_CACHE"] = str(args.out / "schema-cache")
    else:
        os.environ.pop("PIPELINE_SCHEMA_CACHE", None)
    settings = {**vars(args), "out": _shown(args.out),  # a remembered schema verdict changes our times
                "schema_cache": os.environ.get("PIPELINE_SCHEMA_CACHE") or None}
    results = {"machine": machine(), "settings": settings,
               "sizes": [], "stages": [], "phases": {}, "make": {}, "preview": {}}
    say(f"bench: {results['machine']['cpus']} CPUs, load {results['machine']['load_at_start']}, "
        f"{args.runs} runs each ({args.long_runs} on 500 pages, {args.long_pdf_runs} for its PDF)")
    stages(args, results)
    if not args.no_preview:
        preview(args, results)
    if not args.no_make:
        make(args, results)
    results["targets"] = report.targets(results)
    results["machine"]["load_at_end"] = round(os.getloadavg()[0], 2)
    results["machine"]["bench_seconds"] = round(time.perf_counter() - started, 1)
    say("")
    say(report.table(results))
    if results["phases"]:
        say("\nstep by step, in one process (seconds):")
        say(report.phases_table(results["phases"]))
    report.write(args.out / "results.json", results)
    say(f"\nwritten: {_shown(args.out / 'results.json')} ({results['machine']['bench_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
