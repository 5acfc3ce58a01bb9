"""The print master against the screen PDF: `pipeline build --to pdf` with and without `--variant print`, in fresh
processes taking turns, on the seed, the specimen and a generated document of about 300 pages; and the preflight
alone. Figures are reported (and written to build/bench/print/results.json), never asserted.

    python -m scripts.bench.printmaster [--runs 3] [--long-runs 1] [--no-long]     (make bench-print)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline import synth

from .measure import interleaved
from .subjects import ROOT

OUT = ROOT / "build" / "bench" / "print"
#: The generated document of the print tests: about 300 pages, 450 footnotes.
LONG = (1500, 450)


def documents(no_long: bool) -> dict[str, Path]:
    found = {"seed": ROOT / "documents" / "chairmans-summary-2011" / "document.xml",
             "specimen": ROOT / "documents" / "specimen" / "document.xml"}
    if not no_long:
        source = OUT / "pages-300" / "document.xml"
        text = synth.generate(*LONG)
        source.parent.mkdir(parents=True, exist_ok=True)
        if not source.is_file() or source.read_text(encoding="utf-8") != text:
            source.write_text(text, encoding="utf-8")
        found["300 pages"] = source
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench.printmaster", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each build on the seed and the specimen")
    parser.add_argument("--long-runs", type=int, default=2, help="runs of each build on 300 pages")
    parser.add_argument("--no-long", action="store_true", help="leave out the 300-page document")
    args = parser.parse_args(argv)
    python = sys.executable
    results = {}
    print("wall time (median) and CPU time of a build in a fresh process")
    print(f"{'document':<10} {'screen PDF':>16} {'print master':>16} {'ratio':>6} {'preflight':>10}  pages")
    for label, source in documents(args.no_long).items():
        folder = OUT / label.replace(" ", "-")
        folder.mkdir(parents=True, exist_ok=True)
        screen, master = folder / "screen.pdf", folder / "print.pdf"
        build = [python, "-m", "pipeline", "build", str(source), "--to", "pdf", "-q", "-o"]
        runs = args.long_runs if label == "300 pages" else args.runs
        timed = interleaved([build + [str(screen)], build + [str(master), "--variant", "print"]], runs, ROOT)
        check = interleaved([[python, "-m", "pipeline.checks.preflight", str(master)]], runs, ROOT)[0]
        import pikepdf

        with pikepdf.open(master) as pdf:
            pages = len(pdf.pages)
        results[label] = {"screen": timed[0].as_dict(), "print": timed[1].as_dict(), "preflight": check.as_dict(),
                          "pages": pages}
        print(f"{label:<10} {timed[0].median:>7.2f}s ({timed[0].cpu:>5.2f}s) {timed[1].median:>7.2f}s "
              f"({timed[1].cpu:>5.2f}s) {timed[1].cpu / timed[0].cpu:>6.2f} {check.median:>9.2f}s  {pages}")
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
