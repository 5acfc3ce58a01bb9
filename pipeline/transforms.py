"""Shared transforms every format agrees on: contents and plain text."""

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
