"""The text of a right-to-left PDF, read back letter by letter.

pdftotext cannot give a right-to-left page back in logical order: it splits lines around diacritics, wraps runs in
bidi controls and reads the lam-alef ligature back reversed. What it does give back is every letter. So the PDF of
a right-to-left document is checked by its letters: every letter, digit and mark of punctuation of the source, as
often as the source has it (nothing lost), and no more beside it than the running heads and page numbers account
for (nothing repeated). Order is checked where it can be read: the HTML, EPUB and DOCX editions of the same
document are compared unit by unit, and the PDF's notes by its structure tree (Note elements in order)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

from pipeline import model as m
from pipeline.checks.pdf import pdftotext_pages
from pipeline.sourcetext import SourceText

HYPHEN = "\u2010"  # the layout's own, at the end of a hyphenated line (print.css)
#: Letters read back beside the source's that are not a repeat: a shaped cluster that holds a mark (tanwin on an
#: alef) can be mapped back with its base letter twice. A repeated word or line is more than this.
TOLERANCE = 0.005


def letters(text: str) -> Counter:
    """The letters, digits, punctuation and symbols of a text, each counted: compatibility forms decomposed (the
    presentation forms of shaped Arabic become its letters), combining marks, controls and spaces left out."""
    decomposed = unicodedata.normalize("NFKD", text)
    return Counter(c for c in decomposed if unicodedata.category(c)[0] in "LNPS" and c != HYPHEN)


def _shown(count: Counter) -> str:
    return " ".join(f"{c!r}×{n}" for c, n in sorted(count.items())[:12]) + (" …" if len(count) > 12 else "")


def problems(path: Path, doc: m.Document, source: SourceText) -> tuple[list[str], dict[str, int]]:
    """What the PDF lacks or repeats of the source's text, by letters; and how many pages it has."""
    pages = pdftotext_pages(path)
    found = letters("".join(pages))
    expected = letters("".join(source.body(calls=True)))
    expected += letters("".join(note.marker + "".join(note.text(calls=True)) for note in source.notes))
    furniture = Counter()
    head = doc.meta.symbol or doc.meta.title  # the running head (writers/printhtml.py), on pages after the first
    for number in range(1, len(pages) + 1):
        furniture += letters((head if number > 1 else "") + str(number))
    out = []
    missing = expected - found
    if missing:
        out.append(f"letters missing from the PDF ({sum(missing.values())}): {_shown(missing)}")
    extra = found - expected - furniture
    if sum(extra.values()) > TOLERANCE * sum(expected.values()):
        out.append(f"letters the source does not have ({sum(extra.values())}): {_shown(extra)}")
    return out, {"pages": len(pages)}
