"""Shared transforms every format agrees on: contents, plain text, and the text units used for parity checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from pipeline import model as m


def plain(inlines: tuple[m.Inline, ...], *, calls: bool = False) -> str:
    """The text of inlines; footnote calls are left out unless `calls` asks for their numbers."""
    out = []
    for node in inlines:
        if isinstance(node, m.Text):
            out.append(node.text)
        elif isinstance(node, m.NoteCall):
            if calls:
                out.append(str(node.number))
        else:
            out.append(plain(node.children, calls=calls))
    return "".join(out)


def walk(blocks: tuple[m.Block, ...]) -> Iterator[m.Block]:
    """Every block, depth first, in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, (m.Paragraph, m.Section)):
            yield from walk(block.blocks)
        elif isinstance(block, m.List):
            if block.intro:
                yield block.intro
            for item in block.items:
                yield from walk(item.blocks)
        elif isinstance(block, m.Table):
            for row in block.rows:
                for cell in row:
                    yield from walk(cell.blocks)


def contents(doc: m.Document) -> tuple[m.ContentsEntry, ...]:
    """The table of contents: every heading of the body, then every annex."""
    entries = [
        m.ContentsEntry(b.id, plain(b.heading), b.level) for b in walk(doc.body) if isinstance(b, m.Section)
    ]
    for annex in doc.annexes:
        label = f"{annex.number}: {annex.title}" if annex.title else annex.number
        entries.append(m.ContentsEntry(annex.id, label, 1))
        entries.extend(
            m.ContentsEntry(b.id, plain(b.heading), b.level + 1) for b in walk(annex.blocks) if isinstance(b, m.Section)
        )
    return tuple(entries)


def prepare(doc: m.Document) -> m.Document:
    """Apply the shared transforms, in order. Footnote numbers are assigned by the reader in reading order."""
    return replace(doc, contents=contents(doc))


def _units(blocks: tuple[m.Block, ...], calls: bool, items: bool = True) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, m.P):
            yield plain(block.inlines, calls=calls)
        elif isinstance(block, m.Paragraph):
            yield block.num or ""
            yield from _units(block.blocks, calls, items)
        elif isinstance(block, m.Section):
            yield plain(block.heading, calls=calls)
            yield from _units(block.blocks, calls, items)
        elif isinstance(block, m.List):
            if block.intro:
                yield plain(block.intro.inlines, calls=calls)
            for item in block.items:
                yield (item.num or "") if items else ""
                yield from _units(item.blocks, calls, items)
        elif isinstance(block, m.Table):
            yield plain(block.caption, calls=calls)
            for row in block.rows:
                for cell in row:
                    yield from _units(cell.blocks, calls, items)


def text_units(doc: m.Document, *, calls: bool = False, item_numbers: bool = True) -> list[str]:
    """Every unit of text outside the footnotes, in reading order: title block, headings, numbers,
    paragraphs, list items, cells, captions, annex numbers and titles. Every output holds each, in order.
    With `calls`, footnote calls stand in the text as their numbers, as they do in print. Without
    `item_numbers`, list numbers are left out, for editions that generate them (Word lists)."""
    meta = doc.meta
    units = [meta.symbol or "", meta.title, meta.date_text or "", meta.doc_type or ""]
    units.extend(_units(doc.body, calls, item_numbers))
    for annex in doc.annexes:
        units.extend((annex.number, annex.title))
        units.extend(_units(annex.blocks, calls, item_numbers))
    return _clean(units)


def note_units(doc: m.Document) -> list[str]:
    """The paragraphs of every footnote, in the order of their numbers."""
    return _clean([plain(p.inlines) for note in doc.notes for p in note.blocks])


def _clean(units: list[str]) -> list[str]:
    return [u for u in (" ".join(u.split()) for u in units) if u]
