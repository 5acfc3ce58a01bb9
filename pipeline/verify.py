"""`make verify`: content parity. Every text unit of each source is in each of its four editions and its print
master, in order, exactly once, and the footnote numbers agree across the editions.

Usage: python -m pipeline.verify [--build build] [DOCUMENT.xml ...]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline import extract, model, parity, sourcetext
from pipeline.errors import InvalidDocument
from pipeline.loader import document_name, load

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Edition:
    """How to read one edition back: where it is, and what it holds (parity problems, the numbers shown at the
    footnote calls and on the footnotes)."""

    format: str
    path: Callable[[Path, str], Path]
    read: Callable[[Path, model.Document, sourcetext.SourceText], tuple[list[str], list[str], list[str]]]


def problems(source: sourcetext.SourceText, body: str, notes: str) -> list[str]:
    """Parity of an edition's body and footnote texts with the text of the source (not of the model)."""
    return (parity.problems(source.body(), body)
            + [f"footnotes: {p}" for p in parity.problems(source.note_units(), notes)])


def _reader(text: Callable[[bytes], tuple[str, str]], calls: Callable[[bytes], tuple[list[str], list[str]]]):
    def read(path: Path, doc: model.Document, source: sourcetext.SourceText):
        data = path.read_bytes()
        return (problems(source, *text(data)), *calls(data))

    return read


def _pdf(path: Path, doc: model.Document, source: sourcetext.SourceText):
    """The calls are the links that lead to notes, in page order; the notes are those pdftotext finds whole,
    each starting with its marker, in order at the foot of the pages."""
    import pikepdf

    from pipeline.checks import pdf

    marker = {note.id: note.marker for note in doc.notes}
    with pikepdf.open(path) as opened:
        calls = [marker[str(a.Dest)] for page in opened.pages for a in page.obj.get("/Annots", [])
                 if a.get("/Subtype") == pikepdf.Name.Link and str(a.get("/Dest", "")) in marker]
    if doc.meta.direction == "rtl":  # read back by letters, its notes by the structure tree (checks/rtltext.py)
        from pipeline.checks import rtltext

        found, _ = rtltext.problems(path, doc, source)
        return found, calls, [marker[n] for n in pdf.facts(path).note_ids if n in marker]
    found, counts = pdf.reading_problems(path, doc, source)
    return found, calls, source.markers()[:counts["notes at page feet"]]


EDITIONS = (
    Edition("html", lambda b, n: b / n / "html" / "index.html", _reader(extract.html_text, extract.html_calls)),
    Edition("pdf", lambda b, n: b / n / f"{n}.pdf", _pdf),
    Edition("print", lambda b, n: b / n / f"{n}.print.pdf", _pdf),
    Edition("epub", lambda b, n: b / n / f"{n}.epub", _reader(extract.epub_text, extract.epub_calls)),
    Edition("docx", lambda b, n: b / n / f"{n}.docx", _reader(extract.docx_text, extract.docx_calls)),
)


def verify(source: Path, build: Path) -> dict[str, list[str]]:
    """Problems per edition of one document; an empty list means the edition is complete."""
    doc = load(source)
    text = sourcetext.read(source)
    name = document_name(source)
    expected = text.markers()
    report = {}
    for edition in EDITIONS:
        path = edition.path(build, name)
        if not path.exists():
            report[edition.format] = [f"{path} is missing: run make first"]
            continue
        found, calls, notes = edition.read(path, doc, text)
        if calls != expected:
            found.append(f"footnote calls are numbered {calls}, the source has {expected}")
        if notes != expected:
            found.append(f"footnotes are numbered {notes}, the source has {expected}")
        report[edition.format] = found
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.verify", description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    args = parser.parse_args(argv)
    sources = args.sources or sorted((ROOT / "documents").glob("*/document.xml"))
    failed = False
    for source in sources:
        try:
            report = verify(source, args.build)
        except InvalidDocument as exc:
            print(exc, file=sys.stderr)
            return 1
        for fmt, problems in report.items():
            status = "ok" if not problems else f"{len(problems)} problem(s)"
            print(f"  VERIFY {document_name(source):<28} {fmt:<5} {status}")
            for problem in problems:
                print(f"    {problem}")
            failed = failed or bool(problems)
    if failed:
        print("verify: error: an edition differs from its source", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
