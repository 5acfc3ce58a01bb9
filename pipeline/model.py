"""The one document model every writer reads: small, typed, immutable. No writer sees the XML."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# ---------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    """Plain characters."""

    text: str


@dataclass(frozen=True)
class Styled:
    """A styled or semantic run: kind is b, i, u, sup, sub, span, organization, term or docTitle."""

    kind: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Abbr:
    """An abbreviation with its expansion."""

    title: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Date:
    """A date as written, with its ISO 8601 value."""

    iso: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Link:
    """A cross-reference: `target` is an eId for internal links, `href` an http(s) or mailto URL otherwise."""

    children: tuple["Inline", ...]
    target: str | None = None
    href: str | None = None


@dataclass(frozen=True)
class Editorial:
    """An editorial note of the publisher's, not text of the document (AKN omissis)."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class NoteCall:
    """A footnote call at its point of reference; the note itself is in Document.notes."""

    note_id: str
    number: int


Inline = Union[Text, Styled, Abbr, Date, Link, Editorial, NoteCall]

# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class P:
    """A paragraph of running text (AKN p, listIntroduction)."""

    inlines: tuple[Inline, ...]
    id: str | None = None


@dataclass(frozen=True)
class Item:
    """A list item with its number as the source writes it, e.g. "(a)"."""

    id: str | None
    num: str | None
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class List:
    """A list (AKN blockList) with an optional introduction."""

    id: str | None
    intro: P | None
    items: tuple[Item, ...]

    @property
    def numbered(self) -> bool:
        return any(item.num for item in self.items)


@dataclass(frozen=True)
class Cell:
    """A table cell; header cells have a scope ("col" or "row")."""

    header: bool
    blocks: tuple["Block", ...]
    scope: str | None = None


@dataclass(frozen=True)
class Table:
    """A table with a caption and rows of cells."""

    id: str | None
    caption: tuple[Inline, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def header_rows(self) -> int:
        """How many leading rows are all header cells (repeated on every printed page)."""
        count = 0
        for row in self.rows:
            if not all(cell.header for cell in row):
                break
            count += 1
        return count


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph (AKN paragraph with num)."""

    id: str
    num: str | None
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class Section:
    """A headed division of the body (AKN hcontainer); level 1 is the top."""

    id: str
    heading: tuple[Inline, ...]
    level: int
    blocks: tuple["Block", ...]


Block = Union[P, List, Table, Paragraph, Section]

# ---------------------------------------------------------------- document


@dataclass(frozen=True)
class Note:
    """A footnote: its number in reading order, its id, and its paragraphs."""

    id: str
    number: int
    blocks: tuple[P, ...]

    @property
    def marker(self) -> str:
        """What stands at the call and before the note."""
        return str(self.number)


@dataclass(frozen=True)
class Organization:
    """An organization named in the references (TLCOrganization)."""

    id: str
    name: str


@dataclass(frozen=True)
class Metadata:
    """What the document says about itself."""

    title: str
    doc_type: str | None
    date: str | None
    date_text: str | None
    symbol: str | None
    language: str  # ISO 639-2, as in the source: "eng"
    lang: str  # BCP 47, for outputs: "en"
    direction: str  # "ltr" or "rtl"
    work_uri: str
    expression_uri: str
    authors: tuple[Organization, ...]
    organizations: tuple[Organization, ...]
    publisher: Organization | None = None  # the source of the identification (identification/@source)


@dataclass(frozen=True)
class Annex:
    """An annex: its number ("Annex I"), its title and its body."""

    id: str
    number: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the table of contents: a heading or an annex."""

    id: str
    label: str
    level: int


@dataclass(frozen=True)
class Document:
    """A whole document, as every writer sees it."""

    name: str
    meta: Metadata
    body: tuple[Block, ...]
    annexes: tuple[Annex, ...]
    notes: tuple[Note, ...]
    contents: tuple[ContentsEntry, ...] = field(default=())

    def note(self, note_id: str) -> Note:
        return next(n for n in self.notes if n.id == note_id)
