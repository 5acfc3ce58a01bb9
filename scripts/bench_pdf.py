#!/usr/bin/env python3
"""Benchmark of the PDF edition on a long generated document: seconds and peak memory of `pipeline build`
against WeasyPrint alone (its command line) on the same print HTML and stylesheets, each run in its own process,
alternately, best of --repeat; then where our build spends its time, step by step; and (with --footnotes)
misplaced footnotes with and without the correction. Prints figures; asserts nothing about time.

    .venv/bin/python scripts/bench_pdf.py [--paragraphs 1500 --notes 450] [--repeat 2] [--footnotes]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import synth  # noqa: E402


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def phases(source: Path) -> None:
    """Our build, step by step, in this process: what is WeasyPrint's work and what is ours."""
    started = time.perf_counter()
    import weasyprint

    from pipeline.loader import load
    from pipeline.writers import Options, pdf, pdf_layout, pdf_tags

    steps = {"import": time.perf_counter() - started}

    def step(name, function, *args):
        begin = time.perf_counter()
        result = function(*args)
        steps[name] = time.perf_counter() - begin
        return result

    doc = step("load and validate (ours)", load, source)
    options = Options(source_dir=source.parent)
    html = step("print HTML (ours)", pdf.print_html, doc, options)

    def lay_out():
        with pdf_layout.footnotes_kept():
            return weasyprint.HTML(string=html, base_url=str(pdf.FOLDER)).render(
                stylesheets=pdf.stylesheets(options.paper))

    document = step("layout (WeasyPrint)", lay_out)
    step("footnote count (ours)", pdf.report_misplaced, document, doc)
    data = step("write PDF (WeasyPrint)", pdf.engine_pdf, document, doc, options)
    del document
    step("finishing with pikepdf (ours)", pdf_tags.finish, data, doc)
    for name, seconds in steps.items():
        print(f"    {name:<32} {seconds:7.2f} s")
    ours = sum(seconds for name, seconds in steps.items() if "(ours)" in name)
    engine = sum(seconds for name, seconds in steps.items() if "(WeasyPrint)" in name)
    print(f"    ours {ours:.2f} s against WeasyPrint's {engine:.2f} s: {100 * ours / engine:.1f} % overhead "
          "(steady; whole-process times above move by several seconds between runs on a shared machine)")


def footnote_matrix(source: Path) -> None:
    """Notes on another page than their call: engine as is / corrected, footnote-policy auto / line."""
    from weasyprint import CSS, HTML

    from pipeline.loader import load
    from pipeline.writers import Options, pdf, pdf_layout

    doc = load(source)
    options = Options(source_dir=source.parent)
    html = pdf.print_html(doc, options)
    for policy in ("auto", "line"):
        for keep in (False, True):
            extra = CSS(string=f".footnote {{ footnote-policy: {policy}; }}")
            with pdf_layout.footnotes_kept(keep):
                document = HTML(string=html, base_url=str(pdf.FOLDER)).render(
                    stylesheets=pdf.stylesheets(options.paper) + [extra])
            misplaced = pdf_layout.misplaced(document, doc)
            lost = sum(1 for _, _, page in misplaced if page == 0)
            print(f"  footnote-policy {policy:<4}  correction {'on ' if keep else 'off'}  "
                  f"{len(document.pages)} pages  misplaced {len(misplaced)} of {len(doc.notes)}"
                  f" ({100 * len(misplaced) / max(len(doc.notes), 1):.1f} %), lost {lost}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=1500)
    parser.add_argument("--notes", type=int, default=450)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each command; the best time counts")
    parser.add_argument("--footnotes", action="store_true", help="also count misplaced notes, with and without the fix")
    parser.add_argument("--phases-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases_of:
        phases(args.phases_of)
        return 0
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = work / "long.xml"
        source.write_text(synth.generate(args.paragraphs, args.notes), encoding="utf-8")
        html = work / "long.html"
        subprocess.run([python, "-c", (
            "import sys; from pathlib import Path; from pipeline.loader import load; "
            "from pipeline.writers import Options, pdf; doc = load(sys.argv[1]); "
            "Path(sys.argv[2]).write_text(pdf.print_html(doc, Options(source_dir=Path('.'))), encoding='utf-8')"),
            str(source), str(html)], cwd=ROOT, check=True)
        ours = [python, "-m", "pipeline", "build", str(source), "--to", "pdf", "-q", "-o", str(work / "ours.pdf")]
        alone = [python, "-m", "weasyprint", "--pdf-variant", "pdf/ua-1", "-q",
                 "-s", str(ROOT / "templates/pdf/print.css"), "-s", str(ROOT / "templates/pdf/paper-a4.css"),
                 "-u", str(ROOT / "templates/pdf") + "/", str(html), str(work / "alone.pdf")]
        print(f"long document: {args.paragraphs} paragraphs, {args.notes} footnotes; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
        runs: dict[str, list[tuple[float, float]]] = {"weasyprint alone": [], "pipeline build": []}
        for run in range(args.repeat):
            for name, command in (("weasyprint alone", alone), ("pipeline build", ours)):
                runs[name].append(measure(command))
                print(f"  run {run + 1}  {name:<17} {runs[name][-1][0]:7.1f} s  peak {runs[name][-1][1]:6.0f} MB",
                      flush=True)
        import pikepdf
        with pikepdf.open(work / "ours.pdf") as pdf:
            pages = len(pdf.pages)
        best = {name: (min(t for t, _ in values), max(m for _, m in values)) for name, values in runs.items()}
        ratio = best["pipeline build"][0] / best["weasyprint alone"][0]
        memory = best["pipeline build"][1] / best["weasyprint alone"][1]
        print(f"  {pages} pages. Best times: ours {best['pipeline build'][0]:.1f} s, WeasyPrint alone "
              f"{best['weasyprint alone'][0]:.1f} s: ratio {ratio:.3f} ({100 * (ratio - 1):+.1f} %); "
              f"peak memory ratio {memory:.3f}", flush=True)
        print("  our build, step by step:", flush=True)
        subprocess.run([python, str(Path(__file__).resolve()), "--phases-of", str(source)], cwd=ROOT, check=True)
        if args.footnotes:
            footnote_matrix(source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
