"""The one traversal of the model: the children of each kind of node, every node in reading order, and a rebuild
of the tree with some blocks replaced. Analyses and transforms use these rather than recursing themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from pipeline import model as m

Node = m.Block | m.Inline | m.Item | m.Cell


def child_blocks(block: m.Block | m.Item | m.Cell) -> Iterator[m.Block]:
    """The blocks directly inside a block, in reading order (a list's introduction before its items, a unit's
    heading before its blocks)."""
    if isinstance(block, m.Hier):
        yield from (p for p in (block.num, block.heading, block.subheading) if p is not None)
        yield from block.blocks
    elif isinstance(block, (m.Group, m.Quoted, m.Item, m.Cell)):
        if isinstance(block, m.Item):
            yield from (p for p in (block.num, block.heading) if p is not None)
        yield from block.blocks
    elif isinstance(block, m.ItemList):
        if block.intro is not None:
            yield block.intro
        for item in block.items:
            yield from child_blocks(item)
        if block.wrap_up is not None:
            yield block.wrap_up
    elif isinstance(block, m.Table):
        if block.caption is not None:
            yield block.caption
        for row in block.rows:
            for cell in row:
                yield from child_blocks(cell)


def blocks(nodes: tuple[m.Block, ...]) -> Iterator[m.Block]:
    """Every block, depth first, in reading order: the paragraphs that are parts of a block (numbers, headings,
    captions) included."""
    for node in nodes:
        yield node
        yield from blocks(tuple(child_blocks(node)))


def inline_children(node: m.Inline) -> tuple[m.Inline, ...]:
    if isinstance(node, (m.Styled, m.Phrase, m.Link)):
        return node.children
    return ()


def inlines(nodes: tuple[m.Inline, ...]) -> Iterator[m.Inline]:
    """Every inline node, depth first (the blocks of a BlockRun are not entered)."""
    for node in nodes:
        yield node
        yield from inlines(inline_children(node))


def document_blocks(doc: m.Document, *, notes: bool = True) -> Iterator[m.Block]:
    """Every block of a document, in reading order: front, body, back, annexes (their headings first), notes."""
    yield from blocks(doc.front + doc.body + doc.back)
    for annex in doc.annexes:
        yield from blocks(annex.heading + annex.blocks)
    if notes:
        for note in doc.notes:
            yield from blocks(note.blocks)


def ids(doc: m.Document) -> set[str]:
    """Every id a block, an item, a cell or an inline of the document carries, the annexes' and notes' included."""
    found = {a.id for a in doc.annexes if a.id}
    found.update(n.id for n in doc.notes)
    found.update(ids_in(doc.front + doc.body + doc.back))
    for annex in doc.annexes:
        found.update(ids_in(annex.heading + annex.blocks))
    for note in doc.notes:
        found.update(ids_in(note.blocks))
    return found


def ids_in(nodes: tuple[m.Block, ...]) -> set[str]:
    """The ids of these blocks, of everything in them, and of the notes called from them."""
    found: set[str] = set()
    for block in blocks(nodes):
        found.update(x.attr.id for x in (block, *_entries(block)) if x.attr.id)
        if isinstance(block, m.Para):
            for node in inlines(block.inlines):
                if isinstance(node, (m.Phrase, m.Link, m.Break, m.Image)) and node.attr.id:
                    found.add(node.attr.id)
                elif isinstance(node, m.NoteCall):
                    found.add(node.note_id)
    return found


def calls(nodes: tuple[m.Block, ...]) -> Iterator[m.NoteCall]:
    """The footnote calls in these blocks, in reading order."""
    for block in blocks(nodes):
        if isinstance(block, m.Para):
            yield from (n for n in inlines(block.inlines) if isinstance(n, m.NoteCall))


def _entries(block: m.Block) -> tuple:
    if isinstance(block, m.ItemList):
        return block.items
    if isinstance(block, m.Table):
        return tuple(cell for row in block.rows for cell in row)
    return ()


Change = Callable[[m.Block], "tuple[m.Block, ...] | None"]
Part = Callable[[m.Para], m.Para]


def map_blocks(nodes: tuple[m.Block, ...], change: Change, part: Part = lambda p: p) -> tuple[m.Block, ...]:
    """The blocks rebuilt bottom-up: `change` sees each block of a sequence (its children already rebuilt) and
    returns what stands in its place, or None to keep it; `part` makes each paragraph that is a part of a block
    (a number, a heading, a caption, a list's introduction) anew."""
    out: list[m.Block] = []
    for node in nodes:
        node = _rebuild(node, change, part)
        changed = change(node)
        out.extend((node,) if changed is None else changed)
    return tuple(out)


def _rebuild(node: m.Block, change: Change, part: Part) -> m.Block:
    def para(p: m.Para | None) -> m.Para | None:
        return None if p is None else part(p)

    def sub(nodes: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        return map_blocks(nodes, change, part)

    if isinstance(node, m.Hier):
        return replace(node, num=para(node.num), heading=para(node.heading), subheading=para(node.subheading),
                       blocks=sub(node.blocks))
    if isinstance(node, (m.Group, m.Quoted)):
        return replace(node, blocks=sub(node.blocks))
    if isinstance(node, m.ItemList):
        items = tuple(replace(i, num=para(i.num), heading=para(i.heading), blocks=sub(i.blocks)) for i in node.items)
        return replace(node, intro=para(node.intro), wrap_up=para(node.wrap_up), items=items)
    if isinstance(node, m.Table):
        rows = tuple(tuple(replace(c, blocks=sub(c.blocks)) for c in row) for row in node.rows)
        return replace(node, caption=para(node.caption), rows=rows)
    return node
