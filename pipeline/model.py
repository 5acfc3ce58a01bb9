"""The one document model every writer reads: a few generic kinds that carry the AKN element's name. No writer sees
the XML. Every AKN element that shows text becomes one of these kinds (pipeline/kinds.py says which)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Attr:
    """What every node carries from its element: the AKN name, the eId (made unique in the edition), and every
    other attribute as the source has it (class, refersTo, status, date …)."""

    name: str
    id: str | None = None
    attrs: Mapping[str, str] = field(default_factory=dict)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrs.get(key, default)

    def __hash__(self) -> int:
        return hash((self.name, self.id, tuple(sorted(self.attrs.items()))))


# ---------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    """Plain characters."""

    text: str


@dataclass(frozen=True)
class Styled:
    """Bold, italic, underline, superscript or subscript (AKN b, i, u, sup, sub): native in every format."""

    kind: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Phrase:
    """Any other inline element, keeping its name and attributes: term, organization, date, abbr, docTitle, ins,
    del, omissis, remark, span, inline … An empty one (AKN marker) is an anchor."""

    attr: Attr
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Link:
    """A reference: `target` is an element of this edition, `href` an http(s) or mailto address; with neither,
    the text stands alone and the reference is kept in attr (an AKN URI to another document, say)."""

    attr: Attr
    children: tuple["Inline", ...]
    target: str | None = None
    href: str | None = None


@dataclass(frozen=True)
class NoteCall:
    """A footnote call at its point of reference; the note itself is in Document.notes."""

    note_id: str
    marker: str


@dataclass(frozen=True)
class Break:
    """A line break (AKN br, eol) or the end of a printed page of the original (eop)."""

    attr: Attr


@dataclass(frozen=True)
class Image:
    """A picture from the document's own folder, with the text that stands for it."""

    attr: Attr
    src: str
    alt: str


@dataclass(frozen=True)
class BlockRun:
    """Blocks that sit inside running text (AKN quotedStructure, embeddedStructure, subFlow): the transforms
    move them out of their paragraph, which is split around them."""

    attr: Attr
    blocks: tuple["Block", ...]


Inline = Union[Text, Styled, Phrase, Link, NoteCall, Break, Image, BlockRun]

# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Para:
    """A block of running text: p, block, listIntroduction, tocItem, from, crossHeading, a num or a heading …
    `continued` marks the rest of a paragraph that a block inside it interrupted."""

    attr: Attr
    inlines: tuple[Inline, ...]
    continued: bool = False


@dataclass(frozen=True)
class Hier:
    """A unit with a number, a heading and a subheading, each optional, and blocks: the hierarchy (section, article,
    chapter, paragraph, hcontainer …), speech sections, speeches, recitals, tblock … `level` is the heading level
    (1 for the first headed level of the body), set by the transforms."""

    attr: Attr
    num: Para | None
    heading: Para | None
    subheading: Para | None
    blocks: tuple["Block", ...]
    level: int = 0

    @property
    def headed(self) -> bool:
        return self.heading is not None or self.subheading is not None


@dataclass(frozen=True)
class Group:
    """A container of blocks that shows no number or heading of its own: content, intro, wrapUp, preface, preamble,
    coverPage, conclusions, container, div, formula, a document inside another …"""

    attr: Attr
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class Item:
    """A list entry with its number as the source writes it ("(a)"), if any."""

    attr: Attr
    num: Para | None
    heading: Para | None
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class ItemList:
    """A list: blockList (with its introduction and wrap-up), ul, ol, toc."""

    attr: Attr
    intro: Para | None
    items: tuple[Item, ...]
    wrap_up: Para | None = None

    @property
    def numbered(self) -> bool:
        return self.attr.name == "ol" or any(item.num for item in self.items)


@dataclass(frozen=True)
class Cell:
    """A table cell; header cells have a scope ("col" or "row")."""

    attr: Attr
    header: bool
    blocks: tuple["Block", ...]
    scope: str | None = None
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Table:
    """A table with a caption and rows of cells."""

    attr: Attr
    caption: Para | None
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def header_rows(self) -> int:
        """How many leading rows are all header cells (repeated on every printed page), and the rows a cell of
        those spans down into: a cell cannot reach from a table's head into its body."""
        count = 0
        for row in self.rows:
            if not row or not all(cell.header for cell in row):
                break
            count += 1
        reach = max((i + c.rowspan for i, row in enumerate(self.rows[:count]) for c in row), default=0)
        while count and reach > count and count < len(self.rows):
            count += 1
            reach = max(reach, max((count - 1 + c.rowspan for c in self.rows[count - 1]), default=0))
        return count


def grid(rows: tuple[tuple[Cell, ...], ...]) -> tuple[int, list[int]]:
    """(a table's width in columns, the cells each row lacks to be that wide): the columns its own cells take and
    those cells of rows above reach down into, the widest row setting the width. A ragged table (valid AKN) is
    made square by empty cells, as HTML and Word need."""
    reach: list[int] = []  # for each column taken from above, the row it is taken until
    taken = []
    for index, cells in enumerate(rows):
        reach = [until for until in reach if until > index]
        taken.append(len(reach) + sum(c.colspan for c in cells))
        reach += [index + c.rowspan for c in cells if c.rowspan > 1 for _ in range(c.colspan)]
    width = max(taken, default=1)
    return width, [width - t for t in taken]


@dataclass(frozen=True)
class Quoted:
    """Blocks moved out of running text (a quoted structure, an embedded structure, a sub-flow)."""

    attr: Attr
    blocks: tuple["Block", ...]


Block = Union[Para, Hier, Group, ItemList, Table, Quoted]

# ---------------------------------------------------------------- document


@dataclass(frozen=True)
class Note:
    """A footnote: its marker as shown (the source's, or its number in the order of the calls), its id and blocks."""

    id: str
    number: int
    marker: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Agent:
    """A person or organization named in the references (TLCOrganization, TLCPerson …)."""

    id: str
    name: str


@dataclass(frozen=True)
class Metadata:
    """What the document says about itself, as the editions need it."""

    doc_type_name: str  # the AKN document type: doc, act, bill, debate, judgment …
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
    authors: tuple[Agent, ...]
    publisher: Agent | None = None


@dataclass(frozen=True)
class Version:
    """One language version of a document (pipeline/versions.py): its BCP 47 tag and the name its editions are
    filed under in build/."""

    lang: str
    name: str
    current: bool = False


@dataclass(frozen=True)
class Annex:
    """An attachment or component: its heading (the lines that name it, such as "Annex I" and its title), its
    blocks, and its depth (1 for an annex of the document, 2 for an annex of an annex …)."""

    attr: Attr
    heading: tuple[Para, ...]
    blocks: tuple[Block, ...]
    level: int = 1
    label: str = ""  # what names it in contents and bookmarks

    @property
    def id(self) -> str:
        return self.attr.id or ""


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the table of contents: a heading or an annex."""

    id: str
    label: str
    level: int


@dataclass(frozen=True)
class Document:
    """A whole document, as every writer sees it: the front matter (cover page, preface, preamble …) whose first
    title is the page's title, the body, the back matter (conclusions), the annexes and the notes."""

    name: str
    meta: Metadata
    front: tuple[Block, ...]
    body: tuple[Block, ...]
    back: tuple[Block, ...]
    annexes: tuple[Annex, ...]
    notes: tuple[Note, ...]
    title_id: str | None = None  # the id of the block of the front matter that holds the title, if any
    contents: tuple[ContentsEntry, ...] = ()
    versions: tuple[Version, ...] = ()  # the document in its other languages, itself included; () when none

    def note(self, note_id: str) -> Note:
        return self._notes[note_id]

    @property
    def _notes(self) -> dict[str, Note]:
        cached = self.__dict__.get("_note_index")
        if cached is None:
            cached = {n.id: n for n in self.notes}
            object.__setattr__(self, "_note_index", cached)
        return cached
