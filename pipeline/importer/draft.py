"""The draft as read: pandoc's blocks and inlines, each paragraph tied to what Word knew of it. Structure (title
block, headings, numbered paragraphs, lists, annexes) is found later, in structure.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from pipeline.importer.word import Paragraph

# ---------------------------------------------------------------- inlines


@dataclass
class Text:
    text: str


@dataclass
class Styled:
    """b, i, u, sup or sub."""

    kind: str
    children: list


@dataclass
class Editorial:
    """Text in the DOCX edition's "Editorial Note" style: the publisher's, not the document's (AKN omissis)."""

    children: list


@dataclass
class Link:
    """A hyperlink: to an outside address (`href`), or to a bookmark of the draft."""

    children: list
    href: str | None = None
    bookmark: str | None = None


@dataclass
class NoteRef:
    note: "Note"


@dataclass
class Break:
    """A line break inside a paragraph."""


@dataclass
class Image:
    part: str
    alt: str


Inline = Union[Text, Styled, Editorial, Link, NoteRef, Break, Image]

# ---------------------------------------------------------------- blocks


@dataclass
class Para:
    """One paragraph of the draft; `heading` is pandoc's heading level, `role` a title-block role pandoc saw
    (title, subtitle, author, date, abstract)."""

    inlines: list
    facts: Paragraph | None = None
    heading: int | None = None
    role: str | None = None


@dataclass
class Entry:
    """An item of a list Word numbers itself; `label` is the number Word shows (None for bullets)."""

    label: str | None
    blocks: list


@dataclass
class Items:
    ordered: bool
    entries: list[Entry]


@dataclass
class Cell:
    header: bool
    rowspan: int
    colspan: int
    blocks: list


@dataclass
class Grid:
    """A table: rows of cells, the caption Word gave it, and the paragraph that caption came from."""

    caption: list
    rows: list[list[Cell]]
    caption_facts: Paragraph | None = None
    facts: Paragraph | None = None  # the first paragraph inside, to place the table in messages


@dataclass
class Note:
    """A footnote or an endnote, with its paragraphs."""

    kind: str
    blocks: list
    where: str | None = None


Block = Union[Para, Items, Grid]


@dataclass
class Draft:
    """The whole draft as read: its blocks in reading order."""

    blocks: list = field(default_factory=list)


def plain(inlines: list) -> str:
    """The text of inlines, notes left out, line breaks as spaces."""
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Break):
            out.append(" ")
        elif isinstance(node, (Styled, Editorial, Link)):
            out.append(plain(node.children))
    return "".join(out)


def has_content(inlines: list) -> bool:
    """Whether a paragraph holds anything: text, a picture or a note."""
    for node in inlines:
        if isinstance(node, Text) and node.text.strip():
            return True
        if isinstance(node, (Image, NoteRef)):
            return True
        if isinstance(node, (Styled, Editorial, Link)) and has_content(node.children):
            return True
    return False
