"""pandoc's document (JSON AST) → the draft: blocks and inlines, each paragraph found again by its mark and
given what Word knew of it; footnotes told from endnotes; pictures given their part and alt text."""

from __future__ import annotations

import posixpath

from pipeline.importer import marks
from pipeline.importer.draft import (Break, Cell, Editorial, Entry, Grid, Image, Items, Link, Note, NoteRef, Para,
                                     Styled, Text, has_content, plain)
from pipeline.importer.inventory import Picture
from pipeline.importer.numbering import FORMATS
from pipeline.importer.report import Report
from pipeline.importer.word import Paragraph

_STYLED = {"Strong": "b", "Emph": "i", "Underline": "u", "Superscript": "sup", "Subscript": "sub"}
_DROPPED_SPANS = {"footnote reference", "endnote reference", "annotation reference"}
EDITORIAL_STYLE = "Editorial Note"  # the DOCX edition's character style for omissis
_PANDOC_FORMATS = {"Decimal": "decimal", "LowerRoman": "lowerRoman", "UpperRoman": "upperRoman",
                   "LowerAlpha": "lowerLetter", "UpperAlpha": "upperLetter", "DefaultStyle": "decimal",
                   "Example": "decimal"}
_PANDOC_DELIMITERS = {"Period": "{}.", "OneParen": "{})", "TwoParens": "({})", "DefaultDelim": "{}."}
_META_ROLES = ("title", "subtitle", "author", "date", "abstract")


def _attributes(attr: list) -> dict[str, str]:
    return dict(attr[2])


class Converter:
    """Walks pandoc's blocks; `paragraphs` are Word's facts by mark, `pictures` the draft's by part name."""

    def __init__(self, paragraphs: dict[int, Paragraph], pictures: dict[str, Picture], main_part: str,
                 report: Report):
        self.paragraphs = paragraphs
        self.pictures = pictures
        self.folder = posixpath.dirname(main_part)
        self.report = report
        self.seen: list[int] = []  # marks met in the paragraph being read
        self.struck: set[str] = set()

    # ------------------------------------------------------------ blocks

    def document(self, document: dict) -> list:
        blocks = self.blocks(document["blocks"])
        return _place(self.meta(document.get("meta", {})), blocks)

    def meta(self, meta: dict) -> list[Para]:
        """Paragraphs in Word's Title, Subtitle, Author, Date and Abstract styles, which pandoc takes out of the
        text into its metadata."""
        out = []
        for role in _META_ROLES:
            value = meta.get(role)
            values = value["c"] if value and value["t"] == "MetaList" else [value] if value else []
            for item in values:
                if item["t"] == "MetaInlines":
                    out += [self.para(item["c"], role=role)]
                elif item["t"] == "MetaBlocks":
                    out += [b for b in self.blocks(item["c"]) if isinstance(b, Para)]
                    for block in out:
                        block.role = block.role or role
        return [p for p in out if p.facts is not None or has_content(p.inlines)]

    def blocks(self, blocks: list) -> list:
        return [out for block in blocks for out in self.block(block)]

    def block(self, block: dict) -> list:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            return self.keep(self.para(content))
        if kind == "Header":
            return self.keep(self.para(content[2], heading=content[0]))
        if kind in ("Div", "BlockQuote"):
            return self.blocks(content[1] if kind == "Div" else content)
        if kind == "Figure":
            return self.blocks(content[2]) + self.blocks(content[1][1])
        if kind in ("OrderedList", "BulletList"):
            return [self.items(content, kind == "OrderedList")]
        if kind == "Table":
            return [self.table(content)]
        if kind == "DefinitionList":
            return [b for term, definitions in content
                    for b in self.keep(self.para(term)) + [x for d in definitions for x in self.blocks(d)]]
        if kind == "LineBlock":
            lines = [inline for i, line in enumerate(content) for inline in ([{"t": "LineBreak"}] if i else []) + line]
            return self.keep(self.para(lines))
        if kind == "CodeBlock":
            return self.keep(Para([Text(content[1])]))
        return []  # HorizontalRule; raw blocks never come from a Word draft

    def keep(self, para: Para) -> list:
        return [para] if para.facts is not None or has_content(para.inlines) else []

    def para(self, inlines: list, heading: int | None = None, role: str | None = None) -> Para:
        outer, self.seen = self.seen, []
        converted = self.inlines(inlines)
        found, self.seen = self.seen, outer
        facts = next((self.paragraphs[i] for i in found if i in self.paragraphs), None)
        para = Para(_trim(converted), facts, heading, role)
        return para if has_content(para.inlines) else Para([], None, heading, role)

    def items(self, content: list, ordered: bool) -> Items:
        attributes, entries = (content[0], content[1]) if ordered else (None, content)
        out = []
        for number, blocks in enumerate(entries):
            converted = self.blocks(blocks)
            first = next((b for b in converted if isinstance(b, Para) and b.facts is not None), None)
            label = first.facts.label if first is not None and first.facts.label else None
            if label is None and ordered:
                start, style, delimiter = attributes[0], attributes[1]["t"], attributes[2]["t"]
                fmt = FORMATS.get(_PANDOC_FORMATS.get(style, "decimal"), str)
                label = _PANDOC_DELIMITERS.get(delimiter, "{}.").format(fmt(start + number))
            out.append(Entry(label if ordered or (first and first.facts.label) else None, converted))
        return Items(ordered, out)

    def table(self, content: list) -> Grid:
        _, caption, _, head, bodies, foot = content
        caption_paras = [b for b in self.blocks(caption[1]) if isinstance(b, Para)]
        rows = [self.row(r, header=True) for r in head[1]]
        for body in bodies:
            row_heads = body[1]
            rows += [self.row(r, header=True) for r in body[2]]
            rows += [self.row(r, header=False, row_heads=row_heads) for r in body[3]]
        rows += [self.row(r, header=False) for r in foot[1]]
        caption_inlines = [x for i, p in enumerate(caption_paras) for x in ([Text(" ")] if i else []) + p.inlines]
        first = next((b.facts for row in rows for cell in row for b in cell.blocks
                      if isinstance(b, Para) and b.facts is not None), None)
        return Grid(caption_inlines, rows, caption_paras[0].facts if caption_paras else None, first)

    def row(self, row: list, header: bool, row_heads: int = 0) -> list[Cell]:
        return [Cell(header or at < row_heads, cell[2], cell[3], self.blocks(cell[4]))
                for at, cell in enumerate(row[1])]

    # ------------------------------------------------------------ inlines

    def inlines(self, inlines: list) -> list:
        out: list = []
        for inline in inlines:
            out.extend(self.inline(inline))
        return out

    def inline(self, inline: dict) -> list:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            text, found = marks.split(content)
            self.seen.extend(found)
            return [Text(text.replace("\u00ad", ""))] if text else []
        if kind in ("Space", "SoftBreak"):
            return [Text(" ")]
        if kind == "LineBreak":
            return [Break()]
        if kind in _STYLED:
            return [Styled(_STYLED[kind], self.inlines(content))]
        if kind == "Strikeout":
            self.struck.add(plain(self.inlines(content)))
            return self.inlines(content)
        if kind in ("SmallCaps", "Cite"):
            return self.inlines(content[1] if kind == "Cite" else content)
        if kind == "Quoted":
            marks_ = ("\u201c", "\u201d") if content[0]["t"] == "DoubleQuote" else ("\u2018", "\u2019")
            return [Text(marks_[0]), *self.inlines(content[1]), Text(marks_[1])]
        if kind == "Code":
            return [Text(content[1])]
        if kind == "Math":
            return [Text(content[1])]  # refused already (inventory.equations); kept so the text is not lost
        if kind == "Link":
            url = content[2][0]
            children = self.inlines(content[1])
            return [Link(children, bookmark=url[1:])] if url.startswith("#") else [Link(children, href=url)]
        if kind == "Image":
            return [self.image(content)]
        if kind == "Note":
            return [NoteRef(self.note(content))]
        if kind == "Span":
            return self.span(content)
        return []  # RawInline never comes from a Word draft

    def span(self, content: list) -> list:
        attributes, classes = _attributes(content[0]), content[0][1]
        style = attributes.get("custom-style")
        if style in _DROPPED_SPANS or "anchor" in classes:
            self.inlines(content[1])  # a mark may sit in it
            return []
        children = self.inlines(content[1])
        return [Editorial(children)] if style == EDITORIAL_STYLE else children

    def image(self, content: list) -> Image:
        url = content[2][0]
        part = posixpath.normpath(posixpath.join(self.folder, url)) if not url.startswith("/") else url[1:]
        picture = self.pictures.get(part) or self.pictures.get(url)
        alt = picture.alt if picture else " ".join(plain(self.inlines(content[1])).split())
        return Image(picture.part if picture else part, alt)

    def note(self, blocks: list) -> Note:
        outer, self.seen = self.seen, []
        converted = self.blocks(blocks)
        self.seen = outer
        facts = next((b.facts for b in _paras(converted) if b.facts is not None and b.facts.note), None)
        kind = facts.note[0] if facts else "endnote" if _endnote_style(blocks) else "footnote"
        return Note(kind, converted, facts.where if facts else None)


def _paras(blocks: list) -> list[Para]:
    out = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(block)
        elif isinstance(block, Items):
            out += [p for entry in block.entries for p in _paras(entry.blocks)]
        elif isinstance(block, Grid):
            out += [p for row in block.rows for cell in row for p in _paras(cell.blocks)]
    return out


def _endnote_style(blocks: list) -> bool:
    return any(b["t"] == "Div" and _attributes(b["c"][0]).get("custom-style") == "endnote text" for b in blocks)


def _trim(inlines: list) -> list:
    """No space at the start or the end of a paragraph (a note's reference mark leaves one)."""
    while inlines and isinstance(inlines[0], Text) and not inlines[0].text.strip():
        inlines = inlines[1:]
    while inlines and isinstance(inlines[-1], Text) and not inlines[-1].text.strip():
        inlines = inlines[:-1]
    if inlines and isinstance(inlines[0], Text):
        inlines = [Text(inlines[0].text.lstrip()), *inlines[1:]]
    if inlines and isinstance(inlines[-1], Text):
        inlines = [*inlines[:-1], Text(inlines[-1].text.rstrip())]
    return inlines


def _first_index(block) -> int:
    """The draft paragraph a block begins with, for putting title paragraphs back in their place."""
    for para in _paras([block]):
        if para.facts is not None:
            return para.facts.index
    return 1 << 30


def _place(meta: list[Para], blocks: list) -> list:
    """Paragraphs pandoc took out into its metadata go back where they stood in the draft."""
    out = list(blocks)
    for para in sorted(meta, key=_first_index, reverse=True):
        at = _first_index(para)
        position = next((i for i, b in enumerate(out) if _first_index(b) > at), len(out))
        out.insert(position, para)
    return out
