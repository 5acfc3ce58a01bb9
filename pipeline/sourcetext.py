"""The text every edition must hold, read from the source XML itself: the independent oracle of the parity checks.

It never uses the reader or the model, so text that the loader drops is missing from the editions and still
expected here. The rules of what the editions print, and where:
- everything in <meta> is metadata and is not printed, except a <note> that a <noteRef> calls: it is a footnote;
- attributes are not text; comments and processing instructions are not text, but the text after them is;
- text is taken in document order, one unit per run of running text: the text of an element of an inline kind
  (pipeline/kinds.py, the schema's own groups) joins the text around it; any other element, and a footnote call,
  ends the run; a line break (br) is a space, the ends of the original's lines and pages (eol, eop) are nothing;
  XML white space is collapsed, the text is in Unicode NFC;
- a footnote (an <authorialNote>, or the <note> a <noteRef> calls) is not running text: its text goes to the
  notes, in the order of the calls; at the call, print shows the footnote's marker;
- a footnote's marker is its `marker` attribute as written, else its number in the order of the calls.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline import kinds, safexml
from pipeline.schema import AKN_NS

_SPACE = re.compile(r"[ \t\n\r]+")


@dataclass(frozen=True)
class Unit:
    """One unit of running text; `call` marks a footnote call, whose text is the footnote's marker."""

    text: str
    call: bool = False


@dataclass(frozen=True)
class Note:
    """A footnote as the source has it: its marker and its units of text (the calls of the notes it calls among
    them, as print shows them)."""

    marker: str
    parts: tuple[Unit, ...]

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(u.text for u in self.parts if not u.call)

    def text(self, *, calls: bool = False) -> list[str]:
        return [u.text for u in self.parts if calls or not u.call]


@dataclass(frozen=True)
class SourceText:
    """The running text and the footnotes of a source document."""

    running: tuple[Unit, ...]
    notes: tuple[Note, ...]

    def body(self, *, calls: bool = False) -> list[str]:
        """The units of running text in reading order; with `calls`, the markers at the calls as print shows them."""
        return [u.text for u in self.running if calls or not u.call]

    def note_units(self) -> list[str]:
        """The units of every footnote, in the order of the calls."""
        return [unit for note in self.notes for unit in note.units]

    def markers(self) -> list[str]:
        """The marker of each footnote, in the order of the calls."""
        return [note.marker for note in self.notes]


def _local(element: etree._Element) -> str | None:
    if not isinstance(element.tag, str):
        return None
    name = etree.QName(element)
    return name.localname if name.namespace == AKN_NS else None


def _clean(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", _SPACE.sub(" ", text or "")).split())


#: Elements whose text runs on with the text around them.
_RUNNING = frozenset(n for n, k in kinds.ELEMENTS.items() if k in kinds.INLINE and k not in ("blockrun", "note",
                                                                                            "noteref"))


@dataclass
class _Reader:
    notes_by_id: dict[str, etree._Element]
    running: list[Unit] = field(default_factory=list)
    notes: list[tuple[str, list[Unit]]] = field(default_factory=list)

    def end(self, run: list[str], into: list[Unit]) -> None:
        """The run of text so far, as one unit."""
        cleaned = _clean("".join(run))
        if cleaned:
            into.append(Unit(cleaned))
        run.clear()

    def element(self, element: etree._Element, run: list[str], into: list) -> None:
        name = _local(element)
        if name == "meta":
            return
        if name in ("authorialNote", "noteRef"):
            self.end(run, into)
            note = element if name == "authorialNote" else self.notes_by_id.get(element.get("href", "")[1:])
            units: list[Unit] = []
            marker = element.get("marker") or (note.get("marker") if note is not None else None)
            self.notes.append((marker or str(len(self.notes) + 1), units))
            into.append(Unit(self.notes[-1][0], call=True))
            if note is not None:
                self.children(note, [], units)
            return
        if not isinstance(element.tag, str):
            return
        if name == "br":  # a line break parts the words on either side (eol and eop mark the original's lines)
            run.append(" ")
        if name in _RUNNING:
            self.children(element, run, into)
        else:
            self.end(run, into)
            self.children(element, [], into)

    def children(self, element: etree._Element, run: list[str], into: list) -> None:
        """The text and elements inside an element, added to the run of text it is part of."""
        run.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                self.element(child, run, into)
            run.append(child.tail or "")
        if _local(element) not in _RUNNING:
            self.end(run, into)


def from_tree(tree: etree._ElementTree) -> SourceText:
    """The text of a parsed source."""
    root = tree.getroot()
    notes = {n.get("eId"): n for n in root.iter(f"{{{AKN_NS}}}note") if n.get("eId")}
    reader = _Reader(notes)
    reader.children(root, [], reader.running)
    return SourceText(tuple(reader.running), tuple(Note(marker, tuple(units)) for marker, units in reader.notes))


def read(path: Path | str) -> SourceText:
    """The text of a source file (parsed safely: no DTD, no entities, no network)."""
    shown = str(path)
    return from_tree(safexml.parse(shown, safexml.decode(shown, safexml.read_source(Path(path)))))
