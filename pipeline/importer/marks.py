"""Paragraph marks: two private-use characters put at the start of every paragraph before pandoc reads the draft,
so that each block pandoc gives back is tied to the paragraph of the draft it came from, and to what Word knew
of that paragraph. The characters come from the supplementary private use planes, which no draft can show."""

from __future__ import annotations

import re

from lxml import etree

from pipeline.importer.word import w

_HIGH, _LOW, _SPAN = 0xF0000, 0x100000, 0xFFFE
MARK = re.compile("[\U000F0000-\U000FFFFD][\U00100000-\U0010FFFD]")
PRIVATE = re.compile("[\U000F0000-\U0010FFFF]")


def encode(index: int) -> str:
    return chr(_HIGH + index // _SPAN) + chr(_LOW + index % _SPAN)


def decode(mark: str) -> int:
    return (ord(mark[0]) - _HIGH) * _SPAN + (ord(mark[1]) - _LOW)


def split(text: str) -> tuple[str, list[int]]:
    """Text without its marks, and the paragraphs the marks name."""
    found = [decode(m.group()) for m in MARK.finditer(text)]
    return (MARK.sub("", text), found) if found else (text, [])


def mark(paragraph: etree._Element, index: int) -> None:
    """Put the mark of paragraph `index` first in the paragraph, in a run of its own, without formatting."""
    run = etree.Element(w("r"))
    text = etree.SubElement(run, w("t"))
    text.text = encode(index)
    properties = paragraph.find(w("pPr"))
    paragraph.insert(0 if properties is None else paragraph.index(properties) + 1, run)
