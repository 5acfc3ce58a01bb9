"""Shared transforms every format agrees on, applied in order after reading: blocks out of running text, links only
to what the editions show, heading levels, contents. Plain text of inlines for labels."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from pipeline import model as m
from pipeline import walk


def plain(inlines: tuple[m.Inline, ...], *, calls: bool = False) -> str:
    """The text of inlines; footnote calls are left out unless `calls` asks for their markers."""
    out = []
    for node in inlines:
        if isinstance(node, m.Text):
            out.append(node.text)
        elif isinstance(node, m.NoteCall):
            if calls:
                out.append(node.marker)
        elif isinstance(node, m.BlockRun):
            out.append(" ".join(plain(b.inlines, calls=calls) for b in walk.blocks(node.blocks)
                                if isinstance(b, m.Para)))
        else:
            out.append(plain(walk.inline_children(node), calls=calls))
    return "".join(out)


# ---------------------------------------------------------------- 1. blocks out of running text


def _split(inlines: tuple[m.Inline, ...]) -> list[tuple[m.Inline, ...] | m.BlockRun]:
    """Running text cut around the blocks it holds, at any depth: runs of inlines and BlockRuns, in order. An
    element the cut goes through is repeated on each side (without its id on the second)."""
    out: list = [[]]
    for node in inlines:
        if isinstance(node, m.BlockRun):
            out += [node, []]
        elif isinstance(node, (m.Styled, m.Phrase, m.Link)) and any(
                isinstance(n, m.BlockRun) for n in walk.inlines(node.children)):
            for index, piece in enumerate(_split(node.children)):
                if isinstance(piece, m.BlockRun):
                    out += [piece, []]
                elif piece:
                    out[-1].append(_with_children(node, piece, keep_id=index == 0))
        else:
            out[-1].append(node)
    return [tuple(p) if isinstance(p, list) else p for p in out if not isinstance(p, list) or p]


def _with_children(node, children: tuple[m.Inline, ...], keep_id: bool):
    if isinstance(node, m.Styled):
        return replace(node, children=children)
    return replace(node, children=children, attr=node.attr if keep_id else replace(node.attr, id=None))


def _hoisted(block: m.Block) -> tuple[m.Block, ...] | None:
    """A paragraph holding blocks, split: the text before, the blocks (quoted), the text after (continued)."""
    if not isinstance(block, m.Para) or not any(isinstance(n, m.BlockRun) for n in walk.inlines(block.inlines)):
        return None
    out: list[m.Block] = []
    for index, piece in enumerate(_split(block.inlines)):
        if isinstance(piece, m.BlockRun):
            out.append(m.Quoted(piece.attr, hoist(piece.blocks)))
        else:
            out.append(m.Para(block.attr if index == 0 else replace(block.attr, id=None), piece, continued=index > 0))
    return tuple(out)


def _flattened(para: m.Para) -> m.Para:
    """A number, heading or caption holding blocks keeps their text in its own line: it cannot be cut."""
    def flat(nodes: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        out = []
        for node in nodes:
            if isinstance(node, m.BlockRun):
                out.append(m.Phrase(node.attr, (m.Text(plain((node,))),)))
            elif isinstance(node, (m.Styled, m.Phrase, m.Link)):
                out.append(replace(node, children=flat(node.children)))
            else:
                out.append(node)
        return tuple(out)

    return replace(para, inlines=flat(para.inlines))


def hoist(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    return walk.map_blocks(blocks, _hoisted, _flattened)


# ---------------------------------------------------------------- 2. links only to what is shown


def _each_para(blocks: tuple[m.Block, ...], inlines: Callable[[tuple[m.Inline, ...]], tuple[m.Inline, ...]]
               ) -> tuple[m.Block, ...]:
    """The blocks with the inlines of every paragraph remade, those that are a part of a block too (a number, a
    heading, a caption, a cell's paragraphs)."""
    def para(p: m.Para) -> m.Para:
        return replace(p, inlines=inlines(p.inlines))

    return walk.map_blocks(blocks, lambda b: (para(b),) if isinstance(b, m.Para) else None, para)


def _unlink(blocks: tuple[m.Block, ...], shown: set[str]) -> tuple[m.Block, ...]:
    def inlines(nodes: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        out = []
        for node in nodes:
            if isinstance(node, m.Link):
                target = node.target if node.target in shown else None
                out.append(replace(node, target=target, children=inlines(node.children)))
            elif isinstance(node, (m.Styled, m.Phrase)):
                out.append(replace(node, children=inlines(node.children)))
            else:
                out.append(node)
        return tuple(out)

    return _each_para(blocks, inlines)


# ---------------------------------------------------------------- 3. the typography of the language

#: French spaces: a space typed before ; ! ? becomes a narrow no-break space, before : and inside « » a no-break
#: space, so that no line starts with the mark. A mark written with no space before it is left as written (a
#: time, a ratio or an address: nothing is inserted into the source's text).
_FRENCH = ((re.compile(r" +([;!?])"), "\u202f\\1"), (re.compile(r" +(:|»)"), "\u00a0\\1"),
           (re.compile(r"« +"), "«\u00a0"))


def french_spaces(text: str) -> str:
    for pattern, spaced in _FRENCH:
        text = pattern.sub(spaced, text)
    return text


def _map_text(blocks: tuple[m.Block, ...], change: Callable[[str], str], lang: str) -> tuple[m.Block, ...]:
    """Every text of the blocks changed, but in passages of another language (xml:lang)."""
    def inlines(nodes: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        out = []
        for node in nodes:
            if isinstance(node, m.Text):
                out.append(replace(node, text=change(node.text)))
            elif isinstance(node, m.Styled) or (isinstance(node, (m.Phrase, m.Link)) and
                                                (node.attr.get("lang") or lang).split("-")[0] == lang):
                out.append(replace(node, children=inlines(node.children)))
            else:
                out.append(node)
        return tuple(out)

    return _each_para(blocks, inlines)


def typography(doc: m.Document) -> m.Document:
    """The spacing rules of the document's language, in every edition alike: French spaces before ; : ! ? and
    inside « » (annex labels are joined as the language does by the reader: reader_meta.LABEL_JOINS)."""
    lang = doc.meta.lang.split("-")[0]
    if lang != "fr":
        return doc

    def fix(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        return _map_text(blocks, french_spaces, lang)

    return replace(doc, front=fix(doc.front), body=fix(doc.body), back=fix(doc.back),
                   annexes=tuple(replace(a, blocks=fix(a.blocks), heading=fix(a.heading), label=french_spaces(a.label))
                                 for a in doc.annexes),
                   notes=tuple(replace(n, blocks=fix(n.blocks)) for n in doc.notes))


# ---------------------------------------------------------------- 4. heading levels


def _levels(blocks: tuple[m.Block, ...], level: int, title: str | None = None) -> tuple[m.Block, ...]:
    """Each unit with a heading gets the level of its heading: one below the nearest headed unit around it. A
    unit whose heading is the document's title (a portion of an act, say) is the page's heading: what it holds
    starts at the first level."""
    out = []
    for block in blocks:
        if isinstance(block, m.Hier):
            is_title = block.heading is not None and title is not None and block.heading.attr.id == title
            inner = level + 1 if block.headed and not is_title else level
            block = replace(block, level=level if block.headed else 0, blocks=_levels(block.blocks, inner, title))
        elif isinstance(block, (m.Group, m.Quoted)):
            block = replace(block, blocks=_levels(block.blocks, level, title))
        elif isinstance(block, m.ItemList):
            block = replace(block, items=tuple(replace(i, blocks=_levels(i.blocks, level, title))
                                               for i in block.items))
        elif isinstance(block, m.Table):
            block = replace(block, rows=tuple(tuple(replace(c, blocks=_levels(c.blocks, level, title)) for c in row)
                                              for row in block.rows))
        out.append(block)
    return tuple(out)


# ---------------------------------------------------------------- 5. contents


def label(hier: m.Hier) -> str:
    """What names a headed unit in the contents: its number and heading ("I. Introduction")."""
    parts = [plain(p.inlines) for p in (hier.num, hier.heading or hier.subheading) if p is not None]
    return " ".join(" ".join(p.split()) for p in parts if p.strip())


def contents(doc: m.Document) -> tuple[m.ContentsEntry, ...]:
    """The table of contents: every headed unit of the body, then every annex with its own headed units."""
    entries = [m.ContentsEntry(b.attr.id, label(b), b.level) for b in walk.blocks(doc.body)
               if isinstance(b, m.Hier) and b.headed and b.attr.id and label(b)
               and not (b.heading is not None and b.heading.attr.id == doc.title_id)]  # the page's own title
    for annex in doc.annexes:
        entries.append(m.ContentsEntry(annex.id, annex.label, annex.level))
        entries.extend(m.ContentsEntry(b.attr.id, label(b), b.level + annex.level) for b in walk.blocks(annex.blocks)
                       if isinstance(b, m.Hier) and b.headed and b.attr.id and label(b))
    return tuple(entries)


def prepare(doc: m.Document) -> m.Document:
    """The shared transforms, in order."""
    doc = replace(
        doc, front=hoist(doc.front), body=hoist(doc.body), back=hoist(doc.back),
        annexes=tuple(replace(a, blocks=hoist(a.blocks), heading=tuple(_flattened(p) for p in a.heading))
                      for a in doc.annexes),
        notes=tuple(replace(n, blocks=hoist(n.blocks)) for n in doc.notes))
    shown = walk.ids(doc) | {doc.title_id or "title"}
    doc = replace(
        doc, front=_unlink(doc.front, shown), body=_unlink(doc.body, shown), back=_unlink(doc.back, shown),
        annexes=tuple(replace(a, blocks=_unlink(a.blocks, shown), heading=_unlink(a.heading, shown))
                      for a in doc.annexes),
        notes=tuple(replace(n, blocks=_unlink(n.blocks, shown)) for n in doc.notes))
    doc = typography(doc)
    doc = replace(doc, front=_levels(doc.front, 1), body=_levels(doc.body, 1, doc.title_id), back=_levels(doc.back, 1),
                  annexes=tuple(replace(a, blocks=_levels(a.blocks, 1)) for a in doc.annexes),
                  notes=tuple(replace(n, blocks=_levels(n.blocks, 1)) for n in doc.notes))
    return replace(doc, contents=contents(doc))
