"""Tracked changes and comments: counted and placed, refused unless the author says how to resolve them, and then
resolved in the XML itself (accept or reject), so that pandoc reads a draft with no open revision left."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from lxml import etree

from pipeline.importer.places import Places
from pipeline.importer.report import Report
from pipeline.importer.word import w

_RUNS = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move"}
_PROPERTIES = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblGridChange", "trPrChange",
               "tcPrChange", "tblPrExChange", "numberingChange")
_CELLS = ("cellIns", "cellDel", "cellMerge")
_RANGES = ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
PLACES_SHOWN = 8


def _kind(element: etree._Element) -> str:
    name = etree.QName(element).localname
    parent = etree.QName(element.getparent()).localname if element.getparent() is not None else ""
    if name in _RUNS and parent == "rPr":
        return "paragraph mark"
    if name in _RUNS and parent == "trPr":
        return "table row"
    if name in _RUNS:
        return _RUNS[name]
    if name in _CELLS:
        return "table cell"
    return "formatting change"


def changes(parts: Iterable[etree._Element]) -> list[etree._Element]:
    """Every tracked change, in reading order, part by part."""
    names = [w(n) for n in (*_RUNS, *_PROPERTIES, *_CELLS)]
    return [e for part in parts for e in part.iter(*names)]


def _places(elements: list[etree._Element], places: Places) -> tuple[str, str | None]:
    where = list(dict.fromkeys(p for p in (places.of(e)[0] for e in elements) if p))
    shown = ", ".join(where[:PLACES_SHOWN]) + (f" and {len(where) - PLACES_SHOWN} more" if len(where) > PLACES_SHOWN else "")
    return shown, places.of(elements[0])[1] if elements else None


def check(parts: list[etree._Element], comments: etree._Element | None, places: Places, resolve: str | None,
          report: Report) -> None:
    """Refuse open revisions and comments, unless `resolve` ("accept" or "reject") says what to do; then say
    what was done."""
    found = changes(parts)
    notes = list(comments.iter(w("comment"))) if comments is not None else []
    anchors = [e for part in parts for e in part.iter(w("commentReference"))]
    if found:
        kinds = Counter(_kind(e) for e in found)
        summary = ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in kinds.most_common())
        shown, context = _places(found, places)
        if resolve is None:
            report.refuse(f"{len(found)} tracked change{'s' if len(found) > 1 else ''} ({summary}) at {shown}: "
                          "accept or reject them in Word, or import with --track-changes accept|reject",
                          context_text=context)
        else:
            report.warn(f"{len(found)} tracked change{'s' if len(found) > 1 else ''} ({summary}) "
                        f"{'accepted' if resolve == 'accept' else 'rejected'} at {shown}")
    if notes:
        shown, context = _places(anchors, places) if anchors else ("no place in the text", None)
        count = f"{len(notes)} comment{'s' if len(notes) > 1 else ''}"
        if resolve is None:
            report.refuse(f"{count} at {shown}: a source keeps no comments; resolve and delete them in Word, "
                          "or import with --track-changes accept|reject to leave them out", context_text=context)
        else:
            report.warn(f"{count} at {shown} left out: a source keeps no comments")


def _unwrap(element: etree._Element) -> None:
    """Put an element's children in its place."""
    parent = element.getparent()
    at = parent.index(element)
    for child in reversed(list(element)):
        parent.insert(at, child)
    _drop(element)


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _join_with_next(mark: etree._Element) -> None:
    """A paragraph whose mark is gone runs on into the next paragraph, which keeps its own properties."""
    paragraph = next(mark.iterancestors(w("p")), None)
    _drop(mark)
    if paragraph is None:
        return
    following = paragraph.getnext()
    if following is None or following.tag != w("p"):
        return
    content = [c for c in paragraph if c.tag != w("pPr")]
    at = 1 if following.find(w("pPr")) is not None else 0
    for child in reversed(content):
        following.insert(at, child)
    _drop(paragraph)


def _restore(change: etree._Element) -> None:
    """Reject a change of properties: the properties it recorded replace the current ones."""
    current = change.getparent()
    if etree.QName(change).localname == "numberingChange":  # records only the old number's text
        _drop(change)
        return
    old = change[0] if len(change) else None
    keep = {w("rPr"), w("sectPr")} if current.tag == w("pPr") else set()
    for child in list(current):
        if child is not change and child.tag not in keep:
            current.remove(child)
    _drop(change)
    if old is not None:
        for child in reversed(list(old)):
            current.insert(0, child)


def resolve(parts: list[etree._Element], how: str) -> None:
    """Accept or reject every tracked change in these parts, in place."""
    accept = how == "accept"
    for part in parts:
        for element in reversed(changes([part])):
            if element.getroottree().getroot() is not part:  # went with a row or paragraph already removed
                continue
            kind, name = _kind(element), etree.QName(element).localname
            kept = (name in ("ins", "moveTo")) == accept  # what the change leaves in the text
            if kind == "paragraph mark":
                _drop(element) if kept else _join_with_next(element)
            elif kind == "table row":
                row = next(element.iterancestors(w("tr")), None)
                _drop(element) if kept or row is None else _drop(row)
            elif kind == "table cell":
                cell = next(element.iterancestors(w("tc")), None)
                removed = (name == "cellIns" and not accept) or (name == "cellDel" and accept)
                _drop(cell) if removed and cell is not None else _drop(element)
            elif kind == "formatting change":
                _drop(element) if accept else _restore(element)
            elif kept:
                _unwrap(element)
            else:
                _drop(element)
        for deleted in list(part.iter(w("delText"), w("delInstrText"))):  # rejected deletions are text again
            deleted.tag = w("t") if deleted.tag == w("delText") else w("instrText")
        for marker in list(part.iter(*(w(n) for n in _RANGES))):
            _drop(marker)


def drop_comments(parts: list[etree._Element]) -> None:
    """Comment anchors and references, out of the text (pandoc would otherwise keep an empty span)."""
    for part in parts:
        for element in list(part.iter(w("commentRangeStart"), w("commentRangeEnd"), w("commentReference"))):
            run = element.getparent()
            _drop(element)
            if run is not None and run.tag == w("r") and not [c for c in run if c.tag != w("rPr")]:
                _drop(run)
