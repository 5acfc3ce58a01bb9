"""The structure found in a draft, as the source will hold it: title block, sections, numbered paragraphs, lists,
tables and annexes. Inlines are the draft's (draft.py); `source` is the Word paragraph each part came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.importer.word import Paragraph


@dataclass
class P:
    inlines: list
    source: Paragraph | None = None


@dataclass
class Item:
    num: str | None
    blocks: list
    source: Paragraph | None = None


@dataclass
class List:
    intro: P | None
    items: list[Item]
    source: Paragraph | None = None
    kind: str = "blockList"  # ol or ul: a list Word numbers or bullets itself, its numbers no text of the source


@dataclass
class Cell:
    header: bool
    rowspan: int
    colspan: int
    blocks: list


@dataclass
class Table:
    caption: list
    rows: list[list[Cell]]
    source: Paragraph | None = None
    caption_source: Paragraph | None = None


@dataclass
class Numbered:
    """A numbered paragraph (AKN paragraph); num None for the unnumbered text that opens a section."""

    num: str | None
    blocks: list
    source: Paragraph | None = None


@dataclass
class Section:
    """A heading and what it heads (AKN hcontainer); `num` is the heading's number ("I.", "A.", "1.2")."""

    num: str | None
    heading: list
    level: int
    blocks: list = field(default_factory=list)
    source: Paragraph | None = None


@dataclass
class Field:
    """One entry of the title block: its text and the paragraph it came from."""

    text: str
    source: Paragraph | None = None


@dataclass
class TitleBlock:
    symbol: Field | None = None
    title: Field | None = None
    date: Field | None = None
    date_iso: str | None = None
    doc_type: Field | None = None


@dataclass
class Annex:
    number: str
    title: str
    blocks: list
    source: Paragraph | None = None


@dataclass
class Outline:
    title: TitleBlock
    body: list
    annexes: list[Annex]
