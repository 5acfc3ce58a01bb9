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

from pipeline import extract, model, parity
from pipeline.errors import InvalidDocument
from pipeline.loader import document_name, load
from pipeline.transforms import note_units, text_units

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Edition:
    """How to read one edition back: where it is, its text, its footnote numbers."""

    format: str
    path: Callable[[Path, str], Path]
    text: Callable[[Path, model.Document], list[str]]  # the parity problems
    calls: Callable[[Path, model.Document], tuple[list[str], list[str]]]


def _problems(doc: model.Document, body: str, notes: str, *, item_numbers: bool = True) -> list[str]:
    """Parity of an edition's body and footnote texts with the source."""
    return (parity.problems(text_units(doc, item_numbers=item_numbers), body)
            + [f"footnotes: {p}" for p in parity.problems(note_units(doc), notes)])


def _html(path: Path, doc: model.Document) -> list[str]:
    return _problems(doc, *extract.html_text(path.read_bytes()))


def _epub(path: Path, doc: model.Document) -> list[str]:
    return _problems(doc, *extract.epub_text(path.read_bytes()))


def _docx(path: Path, doc: model.Document) -> list[str]:
    # Word draws list numbers from the list's numbering definition, not from text (tests/test_docx.py checks them).
    return _problems(doc, *extract.docx_text(path.read_bytes()), item_numbers=False)


def _pdf(path: Path, doc: model.Document) -> list[str]:
    from pipeline.checks import pdf

    problems, _ = pdf.reading_problems(path, doc)
    return problems


def _pdf_calls(path: Path, doc: model.Document) -> tuple[list[str], list[str]]:
    """The calls are the links that lead to notes, in page order; the notes are those pdftotext finds whole,
    each starting with its number, in order at the foot of the pages."""
    import pikepdf

    from pipeline.checks import pdf

    number = {note.id: str(note.number) for note in doc.notes}
    with pikepdf.open(path) as opened:
        calls = [number[str(a.Dest)] for page in opened.pages for a in page.obj.get("/Annots", [])
                 if a.get("/Subtype") == pikepdf.Name.Link and str(a.get("/Dest", "")) in number]
    _, counts = pdf.reading_problems(path, doc)
    return calls, [str(n) for n in range(1, counts["notes at page feet"] + 1)]


EDITIONS = (
    Edition("html", lambda b, n: b / n / "html" / "index.html", _html, lambda p, d: extract.html_calls(p.read_bytes())),
    Edition("pdf", lambda b, n: b / n / f"{n}.pdf", _pdf, _pdf_calls),
    Edition("print", lambda b, n: b / n / f"{n}.print.pdf", _pdf, _pdf_calls),
    Edition("epub", lambda b, n: b / n / f"{n}.epub", _epub, lambda p, d: extract.epub_calls(p.read_bytes())),
    Edition("docx", lambda b, n: b / n / f"{n}.docx", _docx, lambda p, d: extract.docx_calls(p.read_bytes())),
)


def verify(source: Path, build: Path) -> dict[str, list[str]]:
    """Problems per edition of one document; an empty list means the edition is complete."""
    doc = load(source)
    name = document_name(source)
    expected = [str(n.number) for n in doc.notes]
    report = {}
    for edition in EDITIONS:
        path = edition.path(build, name)
        if not path.exists():
            report[edition.format] = [f"{path} is missing: run make first"]
            continue
        problems = edition.text(path, doc)
        calls, notes = edition.calls(path, doc)
        if calls != expected:
            problems.append(f"footnote calls are numbered {calls}, the source has {expected}")
        if notes != expected:
            problems.append(f"footnotes are numbered {notes}, the source has {expected}")
        report[edition.format] = problems
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
