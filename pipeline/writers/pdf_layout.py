"""Footnotes on the page of their call: a one-line correction to WeasyPrint 70's line layout, and the count that proves it.

WeasyPrint 70 lets a line that overflows the page stay on it by moving footnotes already placed on the page to the
next one, when orphans and widows forbid breaking before that line (`_linebox_layout` in layout/block.py). A printer
does the opposite: the paragraph goes to the next page and every note stays under its call. The correction turns
that one decision off, so the engine breaks the paragraph (or moves it whole) as orphans and widows say. Notes whose
own call line cannot stay with them are handled by `footnote-policy: line` in print.css, which moves the line.

Measured on a generated document of 310 pages and 450 notes (python -m scripts.bench.footnotes), notes on another
page than their call: 55 with the engine as is (one of them lost altogether), 24 with `footnote-policy: line` alone,
24 with the correction alone, 0 with both.

The correction is applied only to the exact WeasyPrint version and source it was written for; anything else is
rendered unpatched, and `misplaced` tells how many notes that cost.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import weasyprint
from weasyprint.layout import block

from pipeline import model as m
from pipeline.writers.htmlparts import call_id

#: The version, and the sha256 of `_linebox_layout`'s source, the correction was written for and tested on.
PATCHED_VERSION = "70.0"
SOURCE_SHA256 = "e07bbe000974787ee370be1f419a01a21b327a1a1e3025a65afd47589060883d"
ORIGINAL = "report = not context.in_column and can_break_now and not could_break_before"
CORRECTED = "report = False  # keep every footnote on the page of its call"


def source_matches() -> bool:
    """Whether the installed WeasyPrint is the one the correction was written for."""
    source = inspect.getsource(block._linebox_layout)
    return (weasyprint.__version__ == PATCHED_VERSION
            and hashlib.sha256(source.encode()).hexdigest() == SOURCE_SHA256
            and source.count(ORIGINAL) == 1)


@lru_cache(maxsize=1)
def _corrected():
    """`_linebox_layout` with the one decision changed, compiled in WeasyPrint's own module namespace."""
    if not source_matches():
        return None
    source = inspect.getsource(block._linebox_layout).replace(ORIGINAL, CORRECTED)
    namespace: dict = {}
    exec(compile(source, f"{block.__file__} (footnotes kept with their calls)", "exec"), vars(block), namespace)
    return namespace["_linebox_layout"]


@contextmanager
def footnotes_kept(enabled: bool = True) -> Iterator[bool]:
    """Within this block, WeasyPrint lays out lines with the correction; yields whether it is in force.
    The switch is process-wide: do not lay out other documents in other threads meanwhile."""
    corrected = _corrected() if enabled else None
    if corrected is None:
        yield False
        return
    original = block._linebox_layout
    block._linebox_layout = corrected
    try:
        yield True
    finally:
        block._linebox_layout = original


def note_pages(document, doc: m.Document) -> list[tuple[int, int, int]]:
    """For each note of a rendered WeasyPrint document: (number, page of its call, page of the note), from 1."""
    where: dict[str, int] = {}
    for index, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            where.setdefault(anchor, index)
    return [(note.number, where.get(call_id(note), 0), where.get(note.id, 0)) for note in doc.notes]


def misplaced(document, doc: m.Document) -> list[tuple[int, int, int]]:
    """The notes not on the page of their call (or missing), as (number, call page, note page)."""
    return [entry for entry in note_pages(document, doc) if entry[1] != entry[2] or not entry[1]]
