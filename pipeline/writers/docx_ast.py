"""The model as a pandoc document (JSON AST) in the house styles of templates/docx, for the DOCX writer."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline import model as m
from pipeline import transforms

# Paragraph and character styles of templates/docx/reference.docx, by the names editors see in Word.
NUMBERED_PARAGRAPH = "Numbered Paragraph"
NUMBERED_PARAGRAPH_CONTINUED = "Numbered Paragraph Continued"
TITLE_BLOCK = ("Document Symbol", "Document Title", "Document Date", "Document Type")
ANNEX_NUMBER, ANNEX_TITLE = "Annex Number", "Annex Title"
EDITORIAL_NOTE = "Editorial Note"
LIST_PARAGRAPH = "List Paragraph"  # the items of Word lists; the list itself sets their indent
DEPTHS = 3  # "List Continue", "List Continue 2", "List Continue 3"; deeper lists use the last


def list_continue(depth: int) -> str:
    return "List Continue" + (f" {min(depth, DEPTHS)}" if depth > 1 else "")


def list_as_written(depth: int) -> str:
    return "List Item Numbered As Written" + (f" {min(depth, DEPTHS)}" if depth > 1 else "")


# ---------------------------------------------------------------- pandoc constructors

TAB = {"t": "RawInline", "c": ["openxml", "<w:r><w:tab/></w:r>"]}  # a real Word tab, not a tab character
SOFT_HYPHEN = {"t": "RawInline", "c": ["openxml", "<w:r><w:softHyphen/></w:r>"]}


def attr(ident: str = "", style: str | None = None, **pairs: str) -> list:
    keys = ([["custom-style", style]] if style else []) + [[k, v] for k, v in pairs.items()]
    return [ident, [], keys]


def para(inlines: list) -> dict:
    return {"t": "Para", "c": inlines}


def div(blocks: list, ident: str = "", style: str | None = None) -> dict:
    return {"t": "Div", "c": [attr(ident, style), blocks]}


def styled_para(style: str, inlines: list, ident: str = "") -> dict:
    return div([para(inlines)], ident, style)


def text(value: str) -> list:
    """Words and spaces; a word in a right-to-left script is marked so Word sets it as such. Soft hyphens are
    written as Word's own (pandoc drops one that ends a word)."""
    out: list = []
    for i, word in enumerate(re.split(r"[ \t\n\r]+", value)):
        if i:
            out.append({"t": "Space"})
        for j, part in enumerate(word.split("\u00ad")):
            if j:
                out.append(SOFT_HYPHEN)
            if part:
                out.append(_word(part))
    return out


def _word(word: str) -> dict:
    node = {"t": "Str", "c": word}
    return {"t": "Span", "c": [attr(dir="rtl"), [node]]} if _rtl(word) else node


def _rtl(word: str) -> bool:
    if word.isascii():  # most words: no right-to-left letter can be in them (and this is 20 times faster)
        return False
    strong = [unicodedata.bidirectional(ch) for ch in word if unicodedata.bidirectional(ch) in ("L", "R", "AL")]
    return bool(strong) and all(kind in ("R", "AL") for kind in strong)


def bookmark(eid: str) -> str:
    """A Word bookmark name for an eId: the eId itself when Word allows it (a letter, then up to 39 letters,
    digits or underscores), else a name made from it with a short hash, so it stays unique."""
    if re.fullmatch(r"[A-Za-z]\w{0,39}", eid, flags=re.ASCII):
        return eid
    base = re.sub(r"\W", "_", eid, flags=re.ASCII)[:30]
    return f"{'' if base[:1].isalpha() else 'x'}{base}_{hashlib.sha1(eid.encode()).hexdigest()[:8]}"


# ---------------------------------------------------------------- list numbering


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


_FORMATS = {
    "Decimal": str,
    "LowerRoman": _roman,
    "UpperRoman": lambda n: _roman(n).upper(),
    "LowerAlpha": lambda n: chr(96 + n) if n <= 26 else "",
    "UpperAlpha": lambda n: chr(64 + n) if n <= 26 else "",
}
_DELIMITERS = {"Period": "{}.", "OneParen": "{})", "TwoParens": "({})"}


@functools.cache
def _first_numbers() -> dict[str, list[tuple[int, str, str]]]:
    """Each first number a Word list can write (up to 99), with the lowest start that writes it in each numbering
    style and delimiter, in the order of _FORMATS and _DELIMITERS: made once, not once per list."""
    table: dict[str, list[tuple[int, str, str]]] = {}
    for style, fmt in _FORMATS.items():
        for delim, pattern in _DELIMITERS.items():
            seen = set()
            for start in range(1, 100):
                label = pattern.format(fmt(start))
                if label not in seen:
                    seen.add(label)
                    table.setdefault(label, []).append((start, style, delim))
    return table


def numbering(nums: list[str | None]) -> list | None:
    """pandoc ListAttributes that make Word write exactly these numbers, or None when no Word list can."""
    if not nums or any(n is None for n in nums):
        return None
    found = []
    for start, style, delim in _first_numbers().get(nums[0], ()):
        fmt, pattern = _FORMATS[style], _DELIMITERS[delim]
        if [pattern.format(fmt(start + i)) for i in range(len(nums))] == nums:
            found.append((start, style, delim))
    if not found:
        return None
    start, style, delim = min(found, key=lambda f: f[0])  # "(i)" alone is roman one, not the ninth letter
    return [start, {"t": style}, {"t": delim}]


# ---------------------------------------------------------------- the document


@dataclass
class Builder:
    """Builds the pandoc blocks of one document; `targets` are the eIds that links point to."""

    doc: m.Document
    targets: set[str] = field(default_factory=set)
    calls: list[int] = field(default_factory=list)

    def anchor(self, ident: str | None) -> str:
        return bookmark(ident) if ident and ident in self.targets else ""

    def wrap(self, blocks: list, ident: str | None) -> list:
        """Blocks in a Div named after the eId if a link points to it: pandoc writes a bookmark around it."""
        anchor = self.anchor(ident)
        return [div(blocks, anchor)] if anchor else blocks

    # inlines

    def inlines(self, nodes: tuple[m.Inline, ...]) -> list:
        return [out for node in nodes for out in self.inline(node)]

    def inline(self, node: m.Inline) -> list:
        if isinstance(node, m.Text):
            return text(node.text)
        if isinstance(node, m.NoteCall):
            self.calls.append(node.number)
            note = self.doc.note(node.note_id)
            return [{"t": "Note", "c": [para(self.inlines(p.inlines)) for p in note.blocks]}]
        children = self.inlines(node.children)
        if isinstance(node, m.Styled):
            kind = {"b": "Strong", "i": "Emph", "u": "Underline", "sup": "Superscript", "sub": "Subscript"}
            return [{"t": kind[node.kind], "c": children}] if node.kind in kind else children
        if isinstance(node, m.Link):
            url = f"#{bookmark(node.target)}" if node.target is not None else node.href
            return [{"t": "Link", "c": [attr(), children, [url, ""]]}]
        if isinstance(node, m.Editorial):
            return [{"t": "Span", "c": [attr(style=EDITORIAL_NOTE), children]}]
        if isinstance(node, (m.Abbr, m.Date)):
            return children
        raise TypeError(f"the DOCX writer does not know the inline {type(node).__name__}")

    # blocks

    def blocks(self, blocks: tuple[m.Block, ...], depth: int = 0, annex: bool = False) -> list:
        return [out for block in blocks for out in self.block(block, depth, annex)]

    def block(self, block: m.Block, depth: int, annex: bool) -> list:
        if isinstance(block, m.P):
            return self.p(block, None)
        if isinstance(block, m.Section):
            level = block.level + (1 if annex else 0)
            header = {"t": "Header", "c": [level, attr(self.anchor(block.id)), self.inlines(block.heading)]}
            return [header] + self.blocks(block.blocks, depth, annex)
        if isinstance(block, m.Paragraph):
            return self.numbered(block.id, block.num, block.blocks, NUMBERED_PARAGRAPH,
                                 NUMBERED_PARAGRAPH_CONTINUED, depth, annex)
        if isinstance(block, m.List):
            return self.list(block, depth, annex, list_continue(depth) if depth else None)
        if isinstance(block, m.Table):
            return self.table(block)
        raise TypeError(f"the DOCX writer does not know the block {type(block).__name__}")

    def p(self, block: m.P, style: str | None, prefix: list | None = None) -> list:
        inlines = (prefix or []) + self.inlines(block.inlines)
        ident = self.anchor(block.id)
        return [styled_para(style, inlines, ident) if style or ident else para(inlines)]

    def numbered(self, ident, num, blocks, style, continued, depth, annex) -> list:
        """A block numbered in its text ("1." and a tab, then the text), in a style with a hanging indent."""
        out: list = []
        rest = list(blocks)
        if num is None:
            out = self.blocks(tuple(rest), depth, annex)
        elif rest and isinstance(rest[0], m.P):
            out = self.p(rest.pop(0), style, text(num) + [TAB])
        elif rest and isinstance(rest[0], m.List) and rest[0].intro is not None:
            first = rest.pop(0)
            out = self.p(first.intro, style, text(num) + [TAB])
            rest.insert(0, m.List(first.id, None, first.items))
        else:
            out = [styled_para(style, text(num))]
        for block in rest if num is not None else ():
            out += self.p(block, continued) if isinstance(block, m.P) else self.block(block, depth, annex)
        return self.wrap(out, ident)

    def list(self, block: m.List, depth: int, annex: bool, intro_style: str | None) -> list:
        out = self.p(block.intro, intro_style) if block.intro else []
        attributes = numbering([item.num for item in block.items])
        if attributes is not None:  # a Word list that numbers itself exactly as the source does
            items = [self.item_blocks(item, depth + 1, annex) for item in block.items]
            out.append({"t": "OrderedList", "c": [attributes, items]})
        else:  # numbers as written, or none: styled paragraphs
            for item in block.items:
                out += self.numbered(item.id, item.num, item.blocks, list_as_written(depth + 1),
                                     list_continue(depth + 1), depth + 1, annex) if item.num else \
                    self.item_unnumbered(item, depth + 1, annex)
        return self.wrap(out, block.id)

    def item_blocks(self, item: m.Item, depth: int, annex: bool) -> list:
        """The blocks of an item of a Word list: its paragraphs take their indent from the list."""
        out = []
        for block in item.blocks:
            if isinstance(block, m.P):
                out += self.p(block, None)
            elif isinstance(block, m.List):
                out += self.list(block, depth, annex, None)
            else:
                out += self.block(block, depth, annex)
        return [div(out, self.anchor(item.id), LIST_PARAGRAPH)]

    def item_unnumbered(self, item: m.Item, depth: int, annex: bool) -> list:
        out = []
        for block in item.blocks:
            out += self.p(block, list_continue(depth)) if isinstance(block, m.P) else self.block(block, depth, annex)
        return self.wrap(out, item.id)

    def table(self, block: m.Table) -> list:
        width = max(len(row) for row in block.rows)

        def row(cells: tuple[m.Cell, ...]) -> list:
            return [attr(), [[attr(), {"t": "AlignDefault"}, 1, 1, self.cell(cell)] for cell in cells]]

        heads = block.header_rows
        table = {"t": "Table", "c": [
            attr(),
            [None, [{"t": "Plain", "c": self.inlines(block.caption)}] if block.caption else []],
            [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(width)],
            [attr(), [row(r) for r in block.rows[:heads]]],
            [[attr(), 0, [], [row(r) for r in block.rows[heads:]]]],
            [attr(), []],
        ]}
        return self.wrap([table], block.id)

    def cell(self, cell: m.Cell) -> list:
        if len(cell.blocks) == 1 and isinstance(cell.blocks[0], m.P):
            return [{"t": "Plain", "c": self.inlines(cell.blocks[0].inlines)}]
        return self.blocks(cell.blocks, 0, False)

    def title_block(self) -> list:
        meta = self.doc.meta
        fields = (meta.symbol, meta.title, meta.date_text, meta.doc_type)
        return [styled_para(style, text(value)) for style, value in zip(TITLE_BLOCK, fields) if value]

    def annex(self, annex: m.Annex) -> list:
        out = [styled_para(ANNEX_NUMBER, text(annex.number), self.anchor(annex.id))]
        if annex.title:
            out.append(styled_para(ANNEX_TITLE, text(annex.title)))
        return out + self.blocks(annex.blocks, 0, True)


def _links(doc: m.Document) -> Iterator[str]:
    def inlines(nodes: tuple[m.Inline, ...]) -> Iterator[str]:
        for node in nodes:
            if isinstance(node, m.Link) and node.target:
                yield node.target
            if hasattr(node, "children"):
                yield from inlines(node.children)

    every = [doc.body] + [a.blocks for a in doc.annexes] + [n.blocks for n in doc.notes]
    for blocks in every:
        for block in transforms.walk(blocks):
            for part in (getattr(block, "inlines", ()), getattr(block, "heading", ()), getattr(block, "caption", ())):
                yield from inlines(part)


def metadata(doc: m.Document) -> dict:
    """Title, subject, creator and language for Word's document properties; the rest become custom ones."""
    meta = doc.meta

    def string(value: str) -> dict:
        return {"t": "MetaString", "c": value}

    out = {"title": string(meta.title), "lang": string(meta.lang),
           "author": {"t": "MetaList", "c": [string(a.name) for a in meta.authors]}}
    if meta.doc_type:
        out["subject"] = string(meta.doc_type)
    if meta.symbol:
        out["Document Symbol"] = string(meta.symbol)
    out["Akoma Ntoso Expression"] = string(meta.expression_uri)
    if meta.direction == "rtl":
        out["dir"] = string("rtl")
    return out


def document(doc: m.Document, api_version: list[int]) -> dict:
    """The whole pandoc document: title block, body, then each annex on a new page."""
    builder = Builder(doc, targets=set(_links(doc)))
    blocks = builder.title_block() + builder.blocks(doc.body)
    for annex in doc.annexes:
        blocks += builder.annex(annex)
    if builder.calls != [n.number for n in doc.notes] or builder.calls != list(range(1, len(doc.notes) + 1)):
        raise ValueError(f"Word numbers footnotes 1, 2, 3 … in the order of their calls, but the calls "
                         f"are numbered {builder.calls}")
    return {"pandoc-api-version": api_version, "meta": metadata(doc), "blocks": blocks}
