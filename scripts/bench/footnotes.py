"""Footnotes on another page than their call, in a long generated document: WeasyPrint as is and with our
correction (pipeline/writers/pdf_layout.py), each under `footnote-policy: auto` and `line`. Counts, not times.

    python -m scripts.bench.footnotes [--paragraphs 1500] [--notes 450]    (four layouts: a few minutes)
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from pipeline import synth


def matrix(source: Path) -> list[dict]:
    from weasyprint import CSS, HTML

    from pipeline.loader import load
    from pipeline.writers import Options, pdf, pdf_layout

    doc = load(source)
    options = Options(source_dir=source.parent)
    html = pdf.print_html(doc, options)
    rows = []
    for policy in ("auto", "line"):
        for keep in (False, True):
            extra = CSS(string=f".footnote {{ footnote-policy: {policy}; }}")
            with pdf_layout.footnotes_kept(keep):
                document = HTML(string=html, base_url=str(pdf.FOLDER)).render(
                    stylesheets=pdf.stylesheets(options.paper) + [extra])
            misplaced = pdf_layout.misplaced(document, doc)
            rows.append({"policy": policy, "correction": keep, "pages": len(document.pages), "notes": len(doc.notes),
                         "misplaced": len(misplaced), "lost": sum(1 for _, _, page in misplaced if page == 0)})
            row = rows[-1]
            print(f"  footnote-policy {policy:<4}  correction {'on ' if keep else 'off'}  {row['pages']} pages  "
                  f"misplaced {row['misplaced']} of {row['notes']} "
                  f"({100 * row['misplaced'] / max(row['notes'], 1):.1f} %), lost {row['lost']}", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench.footnotes", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=1500)
    parser.add_argument("--notes", type=int, default=450)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "long.xml"
        source.write_text(synth.generate(args.paragraphs, args.notes), encoding="utf-8")
        print(f"generated document: {args.paragraphs} paragraphs, {args.notes} footnotes", flush=True)
        matrix(source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
