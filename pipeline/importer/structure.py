"""Finding a draft's structure: the title block, annexes, headings and their numbers, numbered paragraphs, lists
(numbered by Word or typed as "(a)", "(i)", bullets) with what continues them, tables. Order is never changed."""

from __future__ import annotations

import re

from pipeline.importer import dates, roles
from pipeline.importer.draft import Break, Editorial, Grid, Image, Items, Link, NoteRef, Para, Styled, Text, plain
from pipeline.importer.outline import (Annex, Cell, Field, Item, List, Numbered, Outline, P, Section, Table,
                                       TitleBlock)
from pipeline.importer.report import Report

SYMBOL = re.compile(r"^[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.()\-]+)+(?: \(\d{4}\))?$")
TITLE_LENGTH = 300  # a title-like paragraph is shorter than this
_TITLE_ROLES = ("symbol", "title", "date", "type", "subtitle")


def text_of(para: Para) -> str:
    return " ".join(plain(para.inlines).split())


def strip_prefix(inlines: list, count: int) -> list:
    """Inlines without their first `count` characters of text (a number typed before the text), and without the
    white space that followed it."""
    out, left = [], count

    def cut(nodes: list) -> list:
        nonlocal left
        kept = []
        for node in nodes:
            if left <= 0:
                kept.append(node)
            elif isinstance(node, Text):
                if len(node.text) > left:
                    kept.append(Text(node.text[left:]))
                left = max(0, left - len(node.text))
            elif isinstance(node, (Styled, Editorial, Link)):
                children = cut(node.children)
                if children:
                    kept.append(type(node)(**{**node.__dict__, "children": children}))
            elif isinstance(node, Break):
                left -= 1
            else:
                kept.append(node)
        return kept

    out = cut(inlines)
    while out and isinstance(out[0], Text) and not out[0].text.strip():
        out = out[1:]
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    return out


def _leading(inlines: list) -> int:
    """How many characters of white space open the inlines' text (the match is made on stripped text)."""
    text = plain(inlines)
    return len(text) - len(text.lstrip())


def _without(para: Para, prefix: str) -> list:
    return strip_prefix(para.inlines, _leading(para.inlines) + len(prefix))


def title_like(para: Para) -> bool:
    facts = para.facts
    text = text_of(para)
    return bool(text) and len(text) <= TITLE_LENGTH and facts is not None and (facts.bold or facts.centered) \
        and not any(isinstance(n, (NoteRef, Image)) for n in para.inlines)


class Builder:
    """Turns the draft's blocks into an outline, reporting what it cannot keep."""

    def __init__(self, report: Report):
        self.report = report

    # ------------------------------------------------------------ title block and annexes

    def outline(self, blocks: list, given_title: str | None, property_title: str | None) -> Outline:
        title, rest = self.title_block(blocks)
        if title.title is None:
            title.title, rest = self.heading_as_title(rest) if given_title is None else (Field(given_title), rest)
        if title.title is None and property_title:
            title.title = Field(property_title)
            self.report.warn(f"the title {property_title!r} is taken from the document's properties (File > Info): "
                             "the draft has no paragraph in a title style")
        if title.title is None:
            self.report.refuse("the draft has no title: give its title paragraph Word's Title style (or "
                               "\"Document Title\"), or import with --title \"...\"")
        body, annexes = self.annexes(rest)
        return Outline(title, self.build(body), [Annex(n, t, self.build(b), s) for n, t, b, s in annexes])

    def _plain_field(self, para: Para, what: str) -> Field:
        if any(isinstance(n, (NoteRef, Image)) for n in _walk(para.inlines)):
            where = para.facts.where if para.facts else None
            self.report.refuse(f"the {what} holds a footnote or a picture, which a title block cannot keep: move it "
                               "into the text", where, text_of(para))
        return Field(text_of(para), para.facts)

    def title_block(self, blocks: list) -> tuple[TitleBlock, list]:
        """The leading paragraphs that are the symbol, title, date and type, by style or by how they read."""
        found = TitleBlock()
        at = 0
        while at < len(blocks) and isinstance(blocks[at], Para):
            para = blocks[at]
            role = roles.style_role(para.facts)
            role = role if role in _TITLE_ROLES else para.role if para.role in ("title", "subtitle", "date") else None
            text = text_of(para)
            if role is None and roles.heading_level(para.facts, para.heading) is None:
                if found.symbol is None and SYMBOL.match(text):
                    role = "symbol"
                elif found.date is None and dates.parse(text):
                    role = "date"
                elif found.title is None and title_like(para) and not roles.annex_heading(text):
                    role = "title"
            if role == "subtitle":
                role = "type" if found.doc_type is None else None
            if role is None or (role != "title" and getattr(found, {"type": "doc_type"}.get(role, role))):
                break
            if role == "title" and found.title is not None:  # a title set in two paragraphs
                found.title = Field(f"{found.title.text} {text}", found.title.source)
            elif role == "date":
                found.date, found.date_iso = self._plain_field(para, "date"), dates.parse(text)
                if found.date_iso is None:
                    self.report.refuse("a paragraph in a date style is not a date the importer can read: "
                                       "write it as \"15 January 2026\" or 2026-01-15", para.facts and para.facts.where, text)
            else:
                setattr(found, {"type": "doc_type"}.get(role, role), self._plain_field(para, role))
            at += 1
        return found, blocks[at:]

    def heading_as_title(self, blocks: list) -> tuple[Field | None, list]:
        """A draft that opens with the only heading of its top level: that heading is the title."""
        levels = [(i, roles.heading_level(b.facts, b.heading)) for i, b in enumerate(blocks) if isinstance(b, Para)]
        levels = [(i, level) for i, level in levels if level is not None]
        if not levels or levels[0][0] != 0:
            return None, blocks
        top = min(level for _, level in levels)
        if levels[0][1] != top or sum(1 for _, level in levels if level == top) != 1:
            return None, blocks
        if roles.annex_heading(text_of(blocks[0])) or (blocks[0].facts and blocks[0].facts.label):
            return None, blocks
        return self._plain_field(blocks[0], "title"), blocks[1:]

    def annexes(self, blocks: list) -> tuple[list, list]:
        """The body, and each annex as (number, title, blocks, source), split at every annex heading."""
        body: list = []
        annexes: list = []
        at = 0
        while at < len(blocks):
            block = blocks[at]
            heading = roles.annex_heading(text_of(block)) if isinstance(block, Para) else None
            if isinstance(block, Para) and (heading or roles.style_role(block.facts) == "annex"):
                number, title = heading or (text_of(block), "")
                self._plain_field(block, "annex heading")
                following = blocks[at + 1] if at + 1 < len(blocks) else None
                if not title and isinstance(following, Para) and not roles.annex_heading(text_of(following)) and (
                        roles.style_role(following.facts) == "annex title" or title_like(following)
                        or roles.heading_level(following.facts, following.heading) is not None):
                    title = self._plain_field(following, "annex title").text
                    at += 1
                annexes.append((number, title, [], block.facts))
            elif annexes:
                annexes[-1][2].append(block)
            else:
                body.append(block)
            at += 1
        return body, annexes

    # ------------------------------------------------------------ the body of a document or annex

    def build(self, blocks: list) -> list:
        """Headings nest by level; what lies between them becomes numbered paragraphs, lists, tables, text."""
        root = Section(None, [], 0)
        stack = [root]
        segment: list = []
        for block in blocks:
            level = self.heading(block)
            if level is None:
                segment.append(block)
                continue
            stack[-1].blocks.extend(self.content(segment))
            segment = []
            num, heading = self.split_heading(block)
            while len(stack) > 1 and stack[-1].level >= level:
                stack.pop()
            section = Section(num, heading, level, [], block.facts)
            stack[-1].blocks.append(section)
            stack.append(section)
        stack[-1].blocks.extend(self.content(segment))
        return finish(root.blocks, section=False)

    def heading(self, block) -> int | None:
        if not isinstance(block, Para):
            return None
        if roles.style_role(block.facts) in ("numbered", "continued", "as written", "list continue", "caption"):
            return None
        return roles.heading_level(block.facts, block.heading)

    def split_heading(self, para: Para) -> tuple[str | None, list]:
        """A heading's number, from Word's numbering or as typed ("I. Introduction"), and its text."""
        if para.facts is not None and para.facts.label:
            return para.facts.label, para.inlines
        text = text_of(para)
        found = roles.HEADING_NUMBER.match(text)
        if found and text[found.end():].strip():
            return found.group(1), _without(para, found.group(1))
        return None, para.inlines

    def content(self, blocks: list, top: bool = True) -> list:
        """Blocks between headings (`top`), or inside a list item or a table cell, where there are no numbered
        paragraphs."""
        out: list = []
        typed = TypedLists(out)
        for block in blocks:
            if isinstance(block, Grid):
                typed.close()
                out.append(self.table(block))
            elif isinstance(block, Items):
                typed.close()
                out.extend(self.word_list(block, top))
            else:
                self.paragraph(block, out, typed, top)
        typed.close()
        return out

    def paragraph(self, para: Para, out: list, typed: "TypedLists", top: bool) -> None:
        role = roles.style_role(para.facts)
        text = text_of(para)
        if role == "continued" and out and isinstance(out[-1], Numbered):
            typed.close()
            out[-1].blocks.append(P(para.inlines, para.facts))
            return
        if role == "list continue":
            block, depth = P(para.inlines, para.facts), roles.style_depth(para.facts)
            if typed.levels:
                if not typed.follow(block, depth):
                    typed.add(None, block, depth, para.facts)
            elif out and isinstance(out[-1], List) and out[-1].items and out[-1].items[-1].num is not None:
                out[-1].items[-1].blocks.append(block)
            else:
                typed.add(None, block, depth, para.facts)
            return
        number = roles.item_number(text)
        if number is None and not top:  # "1." in a cell or a list item numbers an item, not a paragraph
            found = roles.PARAGRAPH_NUMBER.match(text)
            number = found.group(1) if found else None
        bullet = roles.BULLET.match(text)
        if number or bullet or role == "as written":
            prefix = number or (bullet.group(1) if bullet else "")
            depth = roles.style_depth(para.facts) if role == "as written" else None
            typed.add(number, P(_without(para, prefix), para.facts), depth, para.facts, bullet=bullet is not None)
            return
        typed.close()
        found = roles.PARAGRAPH_NUMBER.match(text)
        if found:
            out.append(Numbered(found.group(1), [P(_without(para, found.group(1)), para.facts)], para.facts))
        elif role == "numbered" and para.facts is not None and para.facts.label:
            out.append(Numbered(para.facts.label, [P(para.inlines, para.facts)], para.facts))
        else:
            out.append(P(para.inlines, para.facts))

    def word_list(self, items: Items, top: bool) -> list:
        """A list Word numbers itself: a list with the numbers Word shows, or numbered paragraphs when its
        paragraphs are in a paragraph-numbering style."""
        first = next((b for e in items.entries for b in e.blocks if isinstance(b, Para)), None)
        labels = [e.label for e in items.entries]
        if top and items.ordered and roles.style_role(first.facts if first else None) == "numbered" \
                and all(label and roles.PARAGRAPH_NUMBER.match(label + " ") for label in labels):
            return [Numbered(e.label, self.content(e.blocks, False), _source(e.blocks)) for e in items.entries]
        native = NATIVE.get(first.facts.style_name if first and first.facts else "")
        return [List(None, [Item(None if native else e.label, self.content(e.blocks, False), _source(e.blocks))
                            for e in items.entries], first.facts if first else None, native or "blockList")]

    def table(self, grid: Grid) -> Table:
        rows = [[Cell(c.header, c.rowspan, c.colspan, finish(self.content(c.blocks, False), section=False))
                 for c in row]
                for row in grid.rows]
        return Table(grid.caption, rows, grid.facts, grid.caption_facts)


#: Word's own list styles, which the DOCX edition gives to the items of lists the source leaves unnumbered or
#: bulleted (AKN ol and ul): their numbers are Word's, not text of the source.
NATIVE = {"List Number": "ol", "List Bullet": "ul"}


def _source(blocks: list):
    return next((b.facts for b in blocks if isinstance(b, Para) and b.facts is not None), None)


def _walk(inlines: list):
    for node in inlines:
        yield node
        if isinstance(node, (Styled, Editorial, Link)):
            yield from _walk(node.children)


class TypedLists:
    """Lists typed by hand ("(a)", "(i)", "–"): nested by how their numbers run, or by the depth a style names."""

    def __init__(self, out: list):
        self.out = out
        self.levels: list[tuple[tuple, int, List]] = []  # (format, last value, list) from the outside in

    def close(self) -> None:
        self.levels = []

    def follow(self, block, depth: int) -> bool:
        """Add a block to the open item at a depth (a "List Continue" paragraph); False when none is open."""
        if not self.levels:
            return False
        level = self.levels[min(depth, len(self.levels)) - 1]
        if level[2].items and level[2].items[-1].num is None:
            return False  # items without numbers: each paragraph is an item of its own
        level[2].items[-1].blocks.append(block)
        del self.levels[min(depth, len(self.levels)):]
        return True

    def add(self, number: str | None, block, depth: int | None, source, bullet: bool = False) -> None:
        kinds = _kinds(number) if number else [(("bullet",), 1)] if bullet else [(("none",), 1)]
        at = self._level(kinds, depth)
        if at is None:  # a new list, nested in the last item of the deepest open one (or at the top)
            target = self.levels[-1][2].items[-1].blocks if self.levels else self.out
            new = List(None, [], source)
            target.append(new)
            self.levels.append((kinds[0][0], kinds[0][1] - 1, new))
            at = len(self.levels) - 1
        fmt, last, lst = self.levels[at]
        value = next((v for f, v in kinds if f == fmt), last + 1)
        self.levels[at] = (fmt, value, lst)
        del self.levels[at + 1:]
        lst.items.append(Item(number, [block], source))

    def _level(self, kinds: list, depth: int | None) -> int | None:
        if depth is not None:
            if depth <= len(self.levels):
                return depth - 1
            return None
        for at in range(len(self.levels) - 1, -1, -1):  # the next number of an open level
            fmt, last, _ = self.levels[at]
            if any(f == fmt and v == last + 1 for f, v in kinds):
                return at
        if any(v == 1 for _, v in kinds):  # a first number opens a nested list
            return None
        for at in range(len(self.levels) - 1, -1, -1):  # numbers that skip: the level of the same format
            if any(f == self.levels[at][0] for f, _ in kinds):
                return at
        return None


def _kinds(number: str) -> list[tuple[tuple, int]]:
    """The formats a typed number can be read in, with its value in each: "(i)" is the ninth letter or
    Roman one."""
    from pipeline.importer.numbering import roman

    if "\u3220" <= number <= "\u3229":  # ㈠ ㈡ …: Chinese, one to ten
        return [(("cjk",), ord(number) - 0x321f)]
    if "\u2460" <= number <= "\u2473":  # ① ② …
        return [(("circled",), ord(number) - 0x245f)]
    if number.startswith("'") and number.endswith("'"):  # '1' '2' …: Arabic sub-items
        return [(("'", "decimal"), int(number[1:-1]))]
    if number[1:-1] in roles.ABJAD:  # (أ) (ب) …
        return [(("()", "abjad"), roles.ABJAD.index(number[1:-1]) + 1)]
    inner = number.strip("().")
    delimiter = "()" if number.startswith("(") else number[-1]
    out = []
    if inner.isdigit():
        out.append(((delimiter, "decimal"), int(inner)))
    lower = inner.lower()
    if roles.ROMAN.match(lower):
        value = next(n for n in range(1, 4000) if roman(n) == lower)
        out.append(((delimiter, "roman", inner.isupper()), value))
    if inner.isalpha() and inner == inner[0] * len(inner):
        out.append(((delimiter, "alpha", inner.isupper()), (ord(lower[0]) - 96) + 26 * (len(inner) - 1)))
    return out


def finish(nodes: list, section: bool) -> list:
    """What follows a numbered paragraph belongs to it (lists, tables; and, in a section of numbered
    paragraphs, any text, as a section holds either paragraphs or plain text); a paragraph ending with ":"
    introduces the list that follows it."""
    hierarchical = section and any(isinstance(n, (Numbered, Section)) for n in nodes)
    out: list = []
    for node in nodes:
        if isinstance(node, Section):
            node.blocks = finish(node.blocks, section=True)
            out.append(node)
            continue
        if isinstance(node, Numbered):
            node.blocks = _intros(node.blocks)
            out.append(node)
            continue
        previous = out[-1] if out else None
        if isinstance(previous, Numbered) and (hierarchical or isinstance(node, (List, Table))):
            previous.blocks = _intros(previous.blocks + [node])
        elif hierarchical:
            out.append(Numbered(None, [node], getattr(node, "source", None)))
        else:
            out.append(node)
    for node in out:
        if isinstance(node, List):
            for item in node.items:
                item.blocks = _intros(item.blocks)
    return _intros(out)


def _intros(nodes: list) -> list:
    out: list = []
    for node in nodes:
        previous = out[-1] if out else None
        if isinstance(node, List) and node.intro is None and isinstance(previous, P) \
                and plain(previous.inlines).rstrip().endswith(":") and not _has_breaks(previous.inlines):
            node.intro = out.pop()
        if isinstance(node, List):
            for item in node.items:
                item.blocks = _intros(item.blocks)
        if isinstance(node, Numbered):
            node.blocks = _intros(node.blocks)
        out.append(node)
    return out


def _has_breaks(inlines: list) -> bool:
    return any(isinstance(n, Break) for n in _walk(inlines))
