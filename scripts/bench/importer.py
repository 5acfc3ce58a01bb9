"""Import time of a Word draft of about 50 pages (and the seed's): the DOCX edition of pipeline/synth.py's generated
document, imported with `pipeline import` in fresh processes; the median counts. Then where the time goes, step by
step, in one process. Figures are printed, never asserted.

Usage: python -m scripts.bench.importer [--pages 50] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline import synth
from pipeline.loader import load
from pipeline.writers import Options
from pipeline.writers import docx as writer

ROOT = Path(__file__).resolve().parents[2]


def _draft(folder: Path, pages: int) -> Path:
    paragraphs = round(pages * synth.PARAGRAPHS_PER_PAGE)
    source = folder / "synthetic" / "document.xml"
    source.parent.mkdir(parents=True)
    source.write_text(synth.generate(paragraphs, round(paragraphs * synth.NOTES_PER_PARAGRAPH)), encoding="utf-8")
    draft = folder / f"draft-{pages}-pages.docx"
    draft.write_bytes(writer.render(load(source), Options(source_dir=source.parent)))
    return draft


def _timed(draft: Path, target: Path) -> tuple[float, int, str]:
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "pipeline", "import", str(draft), "-o", str(target), "--force", "-q"],
                         capture_output=True, text=True, cwd=ROOT)
    return time.monotonic() - started, run.returncode, run.stderr


def _steps(draft: Path) -> dict[str, float]:
    from pipeline.importer import akn, reading, structure
    from pipeline.importer.package import open_package
    from pipeline.importer.pandoc_ast import Converter
    from pipeline.importer.prepare import prepare
    from pipeline.importer.report import Report
    from pipeline.importer.run import Options as ImportOptions, convert
    from pipeline.schema import schema

    times: dict[str, float] = {}
    schema()  # compiled once per process, as in every command
    data = draft.read_bytes()
    report = Report()
    start = time.monotonic()
    package = open_package(draft.name, data)
    prepared = prepare(package, None, report)
    times["open and prepare (OOXML facts, marks)"] = time.monotonic() - start
    start = time.monotonic()
    document = reading.read(prepared.data)
    times["pandoc reads the draft"] = time.monotonic() - start
    start = time.monotonic()
    blocks = Converter(prepared.paragraphs, prepared.pictures, package.main, report).document(document)
    structure.Builder(report).outline(blocks, None, None)
    times["structure"] = time.monotonic() - start
    start = time.monotonic()
    result = convert(data, draft.name, ImportOptions(number="synthetic"), Report())
    times["the whole conversion again, AKN written"] = time.monotonic() - start
    del akn, result
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench.importer", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        drafts = {"seed": folder / "seed.docx", f"{args.pages} pages": _draft(folder, args.pages)}
        seed = ROOT / "documents" / "chairmans-summary-2011" / "document.xml"
        drafts["seed"].write_bytes(writer.render(load(seed), Options(source_dir=seed.parent)))
        for label, draft in drafts.items():
            runs = [_timed(draft, folder / "out" / label.replace(" ", "-") / "document.xml") for _ in range(args.runs)]
            seconds = [r[0] for r in runs]
            status = runs[-1][1]
            outcome = "valid source" if status == 0 else f"exit {status}: {runs[-1][2].strip().splitlines()[0][:160]}"
            print(f"  import {label:<9} ({draft.stat().st_size // 1024} kB)  median {statistics.median(seconds):.2f} s, "
                  f"fastest {min(seconds):.2f} s over {len(runs)} runs  -> {outcome}")
        print(f"  steps of the {args.pages}-page import, in one process:")
        for step, seconds in _steps(drafts[f"{args.pages} pages"]).items():
            print(f"    {step:<42} {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
