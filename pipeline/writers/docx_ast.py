"""The model as a pandoc document (JSON AST) in the house styles of templates/docx, for the DOCX writer."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace

from pipeline import model as m
from pipeline import walk
from pipeline.transforms import plain
from pipeline.roles import editorial, removed, sole_phrase, split_front

# Paragraph and character styles of templates/docx/reference.docx, by the names editors see in Word.
NUMBERED_PARAGRAPH = "Numbered Paragraph"
NUMBERED_PARAGRAPH_CONTINUED = "Numbered Paragraph Continued"
DOCUMENT_TITLE = "Document Title"
#: The lines of the title block, by the one element they hold; any other line of it is Front Matter.
TITLE_LINES = {"docNumber": "Document Symbol", "docketNumber": "Document Symbol", "docDate": "Document Date",
               "docType": "Document Type"}
FRONT_MATTER = "Front Matter"
ANNEX_NUMBER, ANNEX_TITLE = "Annex Number", "Annex Title"
EDITORIAL_NOTE = "Editorial Note"
#: Inline elements that say nothing of their text: no character style of their own.
PLAIN = frozenset({"span"})
#: Paragraph styles of the paragraphs some elements make; every other paragraph is Body Text.
PARAGRAPH_STYLES = {"crossHeading": "Cross Heading", "subheading": "Subheading", "from": "Speaker"}
LIST_PARAGRAPH = "List Paragraph"  # the items of Word lists; the list itself sets their indent
#: The items of lists the source leaves Word to number or bullet itself (ol, ul, toc): Word's own style names, so
#: that an import of the file knows them again.
NATIVE_ITEMS = {"ol": "List Number", "ul": "List Bullet", "toc": "List Bullet"}
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
    """Builds the pandoc blocks of one document; `targets` are the ids that links point to."""

    doc: m.Document
    targets: set[str] = field(default_factory=set)
    calls: list[str] = field(default_factory=list)
    nested: list[m.Note] = field(default_factory=list)  # notes called from a note: Word cannot nest them
    in_note: bool = False

    def anchor(self, ident: str | None) -> str:
        return bookmark(ident) if ident and ident in self.targets else ""

    def wrap(self, blocks: list, ident: str | None) -> list:
        """Blocks in a Div named after the id if a link points to it: pandoc writes a bookmark around it."""
        anchor = self.anchor(ident)
        return [div(blocks, anchor)] if anchor else blocks

    # inlines

    def inlines(self, nodes: tuple[m.Inline, ...]) -> list:
        return [out for node in nodes for out in self.inline(node)]

    def inline(self, node: m.Inline) -> list:
        if isinstance(node, m.Text):
            return text(node.text)
        if isinstance(node, m.NoteCall):
            note = self.doc.note(node.note_id)
            if self.in_note:  # a note in a note: its marker here, its text after the note that calls it
                self.nested.append(note)
                return [{"t": "Superscript", "c": text(note.marker)}]
            self.calls.append(note.marker)
            return [{"t": "Note", "c": self.note_blocks(note)}]
        if isinstance(node, m.Break):
            return [{"t": "LineBreak"}] if node.attr.name == "br" else []  # eol, eop: the original's lines
        if isinstance(node, m.Image):  # relative: pandoc finds it by --resource-path, and writes no folder into the file
            return [{"t": "Image", "c": [attr(), text(node.alt), [node.src, ""]]}]
        children = self.inlines(node.children)
        if isinstance(node, m.Styled):
            kind = {"b": "Strong", "i": "Emph", "u": "Underline", "sup": "Superscript", "sub": "Subscript"}
            return [{"t": kind[node.kind], "c": children}]
        if removed(node.attr):
            children = [{"t": "Strikeout", "c": children}]
        if isinstance(node, m.Link):
            if node.target is not None or node.href is not None:
                url = f"#{bookmark(node.target)}" if node.target is not None else node.href
                return [{"t": "Link", "c": [attr(), children, [url, ""]]}]
            return [{"t": "Span", "c": [attr(style=node.attr.name), children]}]
        if isinstance(node, m.Phrase):
            style = EDITORIAL_NOTE if editorial(node.attr) else None if node.attr.name in PLAIN else node.attr.name
            return [{"t": "Span", "c": [attr(style=style), children]}]
        raise TypeError(f"the DOCX writer does not know the inline {type(node).__name__}")

    def note_blocks(self, note: m.Note) -> list:
        """A footnote's blocks, and after them the notes it calls (Word has no footnote in a footnote)."""
        outer, self.in_note = self.in_note, True
        out = self.blocks(note.blocks) or [para([])]
        while self.nested and not outer:
            inner = self.nested.pop(0)
            first = self.blocks(inner.blocks) or [para([])]
            out += [para([{"t": "Superscript", "c": text(inner.marker)}, {"t": "Space"}])] + first
        self.in_note = outer
        return out

    # blocks

    def blocks(self, blocks: tuple[m.Block, ...], depth: int = 0, offset: int = 0) -> list:
        return [out for block in blocks for out in self.block(block, depth, offset)]

    def block(self, block: m.Block, depth: int, offset: int) -> list:
        if isinstance(block, m.Para):
            return self.p(block, PARAGRAPH_STYLES.get(block.attr.name))
        if isinstance(block, m.Hier):
            return self.hier(block, depth, offset)
        if isinstance(block, m.Group):
            return self.wrap(self.blocks(block.blocks, depth, offset), block.attr.id)
        if isinstance(block, m.ItemList):
            return self.list(block, depth, offset, list_continue(depth) if depth else None)
        if isinstance(block, m.Table):
            return self.table(block)
        if isinstance(block, m.Quoted):
            return self.wrap([{"t": "BlockQuote", "c": self.blocks(block.blocks, depth, offset)}], block.attr.id)
        raise TypeError(f"the DOCX writer does not know the block {type(block).__name__}")

    def p(self, block: m.Para, style: str | None, prefix: list | None = None) -> list:
        inlines = (prefix or []) + self.inlines(block.inlines)
        if removed(block.attr):
            inlines = [{"t": "Strikeout", "c": inlines}]
        ident = self.anchor(block.attr.id)
        return [styled_para(style, inlines, ident) if style or ident else para(inlines)]

    def hier(self, block: m.Hier, depth: int, offset: int) -> list:
        """A headed unit is a Word heading (its number and heading in one); a unit with a number only is a
        numbered paragraph; any other unit is its blocks."""
        if block.headed and not self.in_note:
            parts = [p for p in (block.num, block.heading or block.subheading) if p is not None]
            inlines: list = []
            for part in parts:
                inlines += ([{"t": "Space"}] if inlines else []) + self.inlines(part.inlines)
            if block.heading is not None and block.heading.attr.id == self.doc.title_id:
                out = [styled_para(DOCUMENT_TITLE, inlines, self.anchor(block.attr.id))]
            else:
                level = min(block.level + offset, 9)
                out = [{"t": "Header", "c": [level, attr(self.anchor(block.attr.id)), inlines]}]
            if block.heading is not None and block.subheading is not None:
                out += self.p(block.subheading, PARAGRAPH_STYLES["subheading"])
            return out + self.blocks(block.blocks, depth, offset)
        if block.headed:  # in a note: the heading as a line of text
            heads = [p for p in (block.num, block.heading, block.subheading) if p is not None]
            return [out for p in heads for out in self.p(p, None)] + self.blocks(block.blocks, depth, offset)
        if block.num is not None:
            return self.numbered(block.attr.id, block.num, block.blocks, NUMBERED_PARAGRAPH,
                                 NUMBERED_PARAGRAPH_CONTINUED, depth, offset)
        return self.wrap(self.blocks(block.blocks, depth, offset), block.attr.id)

    def numbered(self, ident, num: m.Para | None, blocks, style, continued, depth, offset) -> list:
        """A block numbered in its text ("1." and a tab, then the text), in a style with a hanging indent."""
        rest = list(blocks)
        while rest and isinstance(rest[0], m.Group) and not self.anchor(rest[0].attr.id):  # content, intro …
            rest[:1] = rest[0].blocks
        if num is None:
            return self.wrap(self.blocks(tuple(rest), depth, offset), ident)
        number = self.inlines(num.inlines) + [TAB]
        if rest and isinstance(rest[0], m.Para):
            out = self.p(rest.pop(0), style, number)
        elif rest and isinstance(rest[0], m.ItemList) and rest[0].intro is not None:
            first = rest.pop(0)
            out = self.p(first.intro, style, number)
            rest.insert(0, replace(first, intro=None))
        else:
            out = [styled_para(style, self.inlines(num.inlines))]
        for block in rest:
            out += self.p(block, continued) if isinstance(block, m.Para) else self.block(block, depth, offset)
        return self.wrap(out, ident)

    def list(self, block: m.ItemList, depth: int, offset: int, intro_style: str | None) -> list:
        out = self.p(block.intro, intro_style) if block.intro else []
        nums = [" ".join(plain(item.num.inlines).split()) if item.num else None for item in block.items]
        attributes = numbering(nums) if any(nums) else None
        if block.attr.name == "ol" and not any(nums):
            attributes = [1, {"t": "Decimal"}, {"t": "Period"}]
        style = NATIVE_ITEMS.get(block.attr.name, LIST_PARAGRAPH) if not any(nums) else LIST_PARAGRAPH
        if attributes is not None:  # a Word list that numbers itself exactly as the source does
            items = [self.item_blocks(item, depth + 1, offset, style) for item in block.items]
            out.append({"t": "OrderedList", "c": [attributes, items]})
        elif block.attr.name in ("ul", "toc") and not any(nums):
            out.append({"t": "BulletList", "c": [self.item_blocks(item, depth + 1, offset, style)
                                                 for item in block.items]})
        else:  # numbers as written, or none: styled paragraphs
            for item in block.items:
                content = (*((item.heading,) if item.heading is not None else ()), *item.blocks)
                if item.num is not None:
                    out += self.numbered(item.attr.id, item.num, content, list_as_written(depth + 1),
                                         list_continue(depth + 1), depth + 1, offset)
                else:
                    out += self.item_unnumbered(replace(item, blocks=content), depth + 1, offset)
        if block.wrap_up is not None:
            out += self.p(block.wrap_up, list_continue(depth) if depth else None)
        return self.wrap(out, block.attr.id)

    def item_blocks(self, item: m.Item, depth: int, offset: int, style: str = LIST_PARAGRAPH) -> list:
        """The blocks of an item of a Word list: its paragraphs take their indent from the list."""
        out = self.p(item.heading, None) if item.heading is not None else []
        for block in item.blocks:
            if isinstance(block, m.Para):
                out += self.p(block, None)
            elif isinstance(block, m.ItemList):
                out += self.list(block, depth, offset, None)
            else:
                out += self.block(block, depth, offset)
        return [div(out or [para([])], self.anchor(item.attr.id), style)]

    def item_unnumbered(self, item: m.Item, depth: int, offset: int) -> list:
        out = []
        for block in item.blocks:
            out += self.p(block, list_continue(depth)) if isinstance(block, m.Para) else self.block(block, depth, offset)
        return self.wrap(out, item.attr.id)

    def table(self, block: m.Table) -> list:
        """A Word table: every row as wide as the widest (empty cells added to a short row: Word, like pandoc's
        model, has no ragged rows), the header rows repeated on every page."""
        width, lacking = m.grid(block.rows)

        def row(cells: tuple[m.Cell, ...], index: int) -> list:
            out = [[attr(), {"t": "AlignDefault"}, c.rowspan, c.colspan, self.cell(c)] for c in cells]
            out += [[attr(), {"t": "AlignDefault"}, 1, 1, []] for _ in range(lacking[index])]
            return [attr(), out]

        heads = block.header_rows
        caption = [{"t": "Plain", "c": self.inlines(block.caption.inlines)}] if block.caption is not None else []
        table = {"t": "Table", "c": [
            attr(),
            [None, caption],
            [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(max(width, 1))],
            [attr(), [row(r, i) for i, r in enumerate(block.rows[:heads])]],
            [[attr(), 0, [], [row(r, heads + i) for i, r in enumerate(block.rows[heads:])]]],
            [attr(), []],
        ]}
        return self.wrap([table], block.attr.id)

    def cell(self, cell: m.Cell) -> list:
        if len(cell.blocks) == 1 and isinstance(cell.blocks[0], m.Para):
            return [{"t": "Plain", "c": self.inlines(cell.blocks[0].inlines)}]
        return self.blocks(cell.blocks)

    def front(self) -> list:
        """The front matter: the title block's lines in the house styles, the rest as text."""
        title, rest = split_front(self.doc)
        out = [] if self.doc.title_id is not None else [styled_para(DOCUMENT_TITLE, text(self.doc.meta.title))]
        for block in title:
            out += self.title_lines(block)
        return out + self.blocks(rest)

    def title_lines(self, block: m.Block) -> list:
        if isinstance(block, m.Para):
            if block.attr.id is not None and block.attr.id == self.doc.title_id:
                return self.p(block, DOCUMENT_TITLE)
            return self.p(block, TITLE_LINES.get(sole_phrase(block) or "", FRONT_MATTER))
        if isinstance(block, m.Group):
            return self.wrap([out for b in block.blocks for out in self.title_lines(b)], block.attr.id)
        return self.block(block, 0, 0)

    def annex(self, annex: m.Annex) -> list:
        lines = annex.heading or (m.Para(m.Attr(""), (m.Text(annex.label),)),)
        out = [styled_para(ANNEX_NUMBER, self.inlines(lines[0].inlines), self.anchor(annex.id))]
        for line in lines[1:]:
            out += self.p(line, ANNEX_TITLE)
        return out + self.blocks(annex.blocks, 0, annex.level)


def _links(doc: m.Document) -> set[str]:
    """Every id a link of the document points to."""
    return {node.target for block in walk.document_blocks(doc) if isinstance(block, m.Para)
            for node in walk.inlines(block.inlines) if isinstance(node, m.Link) and node.target}


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
    """The whole pandoc document: title block, the text, then each annex on a new page."""
    builder = Builder(doc, targets=_links(doc))
    blocks = builder.front() + builder.blocks(doc.body) + builder.blocks(doc.back)
    for annex in doc.annexes:
        blocks += builder.annex(annex)
    outer = [n.marker for n in doc.notes if n.marker in builder.calls]
    if len(builder.calls) != len(doc.notes) - len(_nested(doc)) or sorted(builder.calls) != sorted(outer):
        raise ValueError(f"the footnote calls {builder.calls} do not match the notes")
    return {"pandoc-api-version": api_version, "meta": metadata(doc), "blocks": blocks}


def markers(doc: m.Document) -> list[str]:
    """The markers of the footnotes Word holds, in the order of their calls (a note called from a note is inside
    the note that calls it)."""
    nested = _nested(doc)
    return [n.marker for n in doc.notes if n.id not in nested]


def _nested(doc: m.Document) -> set[str]:
    """The notes called from other notes."""
    return {c.note_id for note in doc.notes for c in walk.calls(note.blocks)}
