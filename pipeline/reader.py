"""Builds the document model from a checked AKN tree. Strict dispatch: an element out of place is an error."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from pipeline import model as m
from pipeline.errors import Problem
from pipeline.schema import AKN_NS, column_of

_STYLED = {"b", "i", "u", "sup", "sub", "span", "organization", "term", "docTitle"}
_LANGUAGES = {  # ISO 639-2 (as FRBRlanguage has it) -> BCP 47, direction
    "eng": ("en", "ltr"), "fra": ("fr", "ltr"), "spa": ("es", "ltr"),
    "rus": ("ru", "ltr"), "ara": ("ar", "rtl"), "zho": ("zh", "ltr"),
}
_SPACE = re.compile(r"[ \t\n\r]+")  # XML white space only: a no-break space is text


@dataclass
class _Context:
    path: str
    lines: list[str]
    problems: list[Problem] = field(default_factory=list)
    notes: list[m.Note] = field(default_factory=list)
    in_note: bool = False

    def error(self, element: etree._Element, message: str) -> None:
        line = element.sourceline or 1
        self.problems.append(Problem(self.path, line, column_of(self.lines, line, _name(element)), message))


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element) -> list[etree._Element]:
    """Child elements; comments and processing instructions are dropped, they are not text."""
    return [c for c in element if isinstance(c.tag, str)]


def _find(element: etree._Element, path: str) -> etree._Element | None:
    return element.find(path.replace("{}", "{" + AKN_NS + "}"))


def _nfc(text: str) -> str:
    """Text in Unicode Normalization Form C, as the web expects: canonically equivalent, nothing lost."""
    return unicodedata.normalize("NFC", text)


def _text(element: etree._Element | None) -> str:
    return _nfc(_SPACE.sub(" ", "".join(element.itertext())).strip(" ")) if element is not None else ""


def _plain(ctx: _Context, element: etree._Element) -> str:
    """The text of an element that may hold only text (a number, a title): markup inside would be lost."""
    for child in _children(element):
        ctx.error(child, f"<{_name(child)}> is not supported inside <{_name(element)}>: it holds plain text only")
    return _text(element)


def _preface(ctx: _Context, preface: etree._Element | None, allowed: tuple[str, ...]) -> dict[str, etree._Element]:
    """The fields of a preface, each at most once, each in a <p> of its own; anything else is refused."""
    fields: dict[str, etree._Element] = {}
    for p in _children(preface) if preface is not None else []:
        if _name(p) != "p":
            ctx.error(p, f"<{_name(p)}> is not supported in a preface: use <p> holding one of {', '.join(allowed)}")
            continue
        _stray_text(ctx, p)
        for part in _children(p):
            name = _name(part)
            if name not in allowed:
                ctx.error(part, f"<{name}> is not supported here: a preface holds {', '.join(allowed)}")
            elif name in fields:
                ctx.error(part, f"a second <{name}> in the preface (the first is on line {fields[name].sourceline})")
            else:
                _plain(ctx, part)
                fields[name] = part
    return fields


def _stray_text(ctx: _Context, element: etree._Element) -> None:
    """Text directly inside a structural element would be lost: refuse it."""
    pieces = [element.text] + [c.tail for c in element]
    if any(p and p.strip(" \t\n\r") for p in pieces):
        ctx.error(element, f"text directly inside <{_name(element)}> is not supported: put it in a <p>")


# ---------------------------------------------------------------- inlines


def _inlines(ctx: _Context, element: etree._Element) -> tuple[m.Inline, ...]:
    """The mixed content of an element, whitespace collapsed."""
    out: list[m.Inline] = []
    if element.text:
        out.append(m.Text(element.text))
    for child in element:
        if isinstance(child.tag, str):
            out.extend(_inline(ctx, child))
        if child.tail:
            out.append(m.Text(child.tail))
    return _normalize(out)


def _normalize(inlines: list[m.Inline]) -> tuple[m.Inline, ...]:
    merged: list[m.Inline] = []
    for node in inlines:
        if isinstance(node, m.Text):
            text = _nfc(_SPACE.sub(" ", node.text))
            if merged and isinstance(merged[-1], m.Text):
                merged[-1] = m.Text(_nfc(_SPACE.sub(" ", merged[-1].text + text)))
                continue
            node = m.Text(text)
        merged.append(node)
    return tuple(n for n in merged if not (isinstance(n, m.Text) and n.text == ""))


def _strip(inlines: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """Trim the white space at both ends of a paragraph."""
    items = list(inlines)
    if items and isinstance(items[0], m.Text):
        items[0] = m.Text(items[0].text.lstrip(" "))
    if items and isinstance(items[-1], m.Text):
        items[-1] = m.Text(items[-1].text.rstrip(" "))
    return tuple(n for n in items if not (isinstance(n, m.Text) and n.text == ""))


def _inline(ctx: _Context, element: etree._Element) -> list[m.Inline]:
    name = _name(element)
    if name in _STYLED:
        return [m.Styled(name, _inlines(ctx, element))]
    if name == "abbr":
        return [m.Abbr(_nfc(element.get("title", "")), _inlines(ctx, element))]
    if name == "date":
        return [m.Date(element.get("date", ""), _inlines(ctx, element))]
    if name == "omissis":
        return [m.Editorial(_inlines(ctx, element))]
    if name == "ref":
        for nested in element.iterdescendants(f"{{{AKN_NS}}}ref", f"{{{AKN_NS}}}authorialNote"):
            ctx.error(nested, f"<{_name(nested)}> inside a <ref> is not supported: a link cannot hold it")
        href = element.get("href", "")
        if href.startswith("#"):
            return [m.Link(_inlines(ctx, element), target=href[1:])]
        return [m.Link(_inlines(ctx, element), href=href)]
    if name == "authorialNote":
        return [_note(ctx, element)]
    ctx.error(element, f"<{name}> is not allowed inside running text")
    return []


def _note(ctx: _Context, element: etree._Element) -> m.NoteCall:
    if ctx.in_note:
        ctx.error(element, "a footnote inside a footnote is not supported")
        return m.NoteCall("", 0)
    number = len(ctx.notes) + 1
    note_id = element.get("eId") or f"note_{number}"
    ctx.notes.append(m.Note(note_id, number, ()))  # reserve the number: notes inside are refused anyway
    ctx.in_note = True
    blocks = []
    for child in _children(element):
        if _name(child) == "p":
            blocks.append(_p(ctx, child))
        else:
            ctx.error(child, f"<{_name(child)}> is not supported in a footnote: use <p>")
    ctx.in_note = False
    _stray_text(ctx, element)
    ctx.notes[number - 1] = m.Note(note_id, number, tuple(blocks))
    return m.NoteCall(note_id, number)


# ---------------------------------------------------------------- blocks


def _p(ctx: _Context, element: etree._Element) -> m.P:
    return m.P(_strip(_inlines(ctx, element)), element.get("eId"))


def _blocks(ctx: _Context, elements: list[etree._Element], level: int) -> tuple[m.Block, ...]:
    out = []
    for element in elements:
        block = _block(ctx, element, level)
        if block is not None:
            out.append(block)
    return tuple(out)


def _block(ctx: _Context, element: etree._Element, level: int) -> m.Block | None:
    name = _name(element)
    if name == "p":
        return _p(ctx, element)
    if name == "blockList":
        return _list(ctx, element, level)
    if name == "table":
        return _table(ctx, element, level)
    if name == "paragraph":
        return _paragraph(ctx, element, level)
    if name == "hcontainer":
        return _section(ctx, element, level)
    ctx.error(element, f"<{name}> is not supported here")
    return None


def _list(ctx: _Context, element: etree._Element, level: int) -> m.List:
    _stray_text(ctx, element)
    intro, items = None, []
    for child in _children(element):
        if _name(child) == "listIntroduction":
            intro = _p(ctx, child)
        elif _name(child) == "item":
            _stray_text(ctx, child)
            parts = _children(child)
            num = _plain(ctx, parts[0]) if parts and _name(parts[0]) == "num" else None
            items.append(m.Item(child.get("eId"), num, _blocks(ctx, parts[1:] if num is not None else parts, level)))
        else:
            ctx.error(child, f"<{_name(child)}> is not supported in a list")
    return m.List(element.get("eId"), intro, tuple(items))


def _table(ctx: _Context, element: etree._Element, level: int) -> m.Table:
    _stray_text(ctx, element)
    caption: tuple[m.Inline, ...] = ()
    rows = []
    for child in _children(element):
        if _name(child) == "caption":
            caption = _strip(_inlines(ctx, child))
        elif _name(child) == "tr":
            _stray_text(ctx, child)
            cells = []
            for cell in _children(child):
                header = _name(cell) == "th"
                _stray_text(ctx, cell)
                cells.append(m.Cell(header, _blocks(ctx, _children(cell), level)))
            rows.append(cells)
    in_header = True
    scoped = []
    for row in rows:  # header rows label columns; a header cell that starts a body row labels its row
        in_header = in_header and all(c.header for c in row)
        scoped.append(tuple(
            m.Cell(c.header, c.blocks, ("col" if in_header else "row") if c.header else None) for c in row
        ))
    return m.Table(element.get("eId"), caption, tuple(scoped))


def _paragraph(ctx: _Context, element: etree._Element, level: int) -> m.Paragraph:
    _stray_text(ctx, element)
    num, blocks = None, ()
    for child in _children(element):
        if _name(child) == "num":
            num = _plain(ctx, child)
        elif _name(child) == "content":
            _stray_text(ctx, child)
            blocks = _blocks(ctx, _children(child), level)
        else:
            ctx.error(child, f"<{_name(child)}> is not supported in a paragraph: use <num> and <content>")
    return m.Paragraph(element.get("eId") or "", num, blocks)


def _section(ctx: _Context, element: etree._Element, level: int) -> m.Section:
    _stray_text(ctx, element)
    parts = _children(element)
    heading: tuple[m.Inline, ...] = ()
    if parts and _name(parts[0]) == "heading":
        before = len(ctx.notes)
        heading = _strip(_inlines(ctx, parts[0]))
        if len(ctx.notes) != before:
            ctx.error(parts[0], "a footnote in a heading is not supported: put it in the text below")
        parts = parts[1:]
    else:
        ctx.error(element, "<hcontainer> needs a <heading> first")
    if len(parts) == 1 and _name(parts[0]) == "content":  # a section of plain blocks rather than paragraphs
        _stray_text(ctx, parts[0])
        parts = _children(parts[0])
    return m.Section(element.get("eId") or "", heading, level + 1, _blocks(ctx, parts, level + 1))


# ---------------------------------------------------------------- document


def _metadata(ctx: _Context, doc: etree._Element) -> m.Metadata:
    language = (_find(doc, "{}meta/{}identification/{}FRBRExpression/{}FRBRlanguage").get("language"))
    if language not in _LANGUAGES:
        ctx.error(_find(doc, "{}meta/{}identification/{}FRBRExpression/{}FRBRlanguage"),
                  f"language {language!r} is not supported: use one of {', '.join(sorted(_LANGUAGES))}")
    lang, direction = _LANGUAGES.get(language, ("und", "ltr"))
    organizations = tuple(
        m.Organization(o.get("eId", ""), o.get("showAs", ""))
        for o in doc.iterfind(f"{{{AKN_NS}}}meta/{{{AKN_NS}}}references/{{{AKN_NS}}}TLCOrganization")
    )
    by_id = {o.id: o for o in organizations}
    authors = tuple(
        by_id[a.get("href", "")[1:]]
        for a in doc.iterfind(f"{{{AKN_NS}}}meta/{{{AKN_NS}}}identification/{{{AKN_NS}}}FRBRWork/{{{AKN_NS}}}FRBRauthor")
        if a.get("href", "")[1:] in by_id
    )
    identification = _find(doc, "{}meta/{}identification")
    publisher = by_id.get((identification.get("source") or "")[1:])
    fields = _preface(ctx, _find(doc, "{}preface"), ("docNumber", "docTitle", "docDate", "docType"))
    title = _text(fields.get("docTitle"))
    if not title:
        ctx.error(_find(doc, "{}preface") if _find(doc, "{}preface") is not None else doc,
                  "the preface needs a <docTitle>")
    date = fields.get("docDate")
    return m.Metadata(
        title=title,
        doc_type=_text(fields.get("docType")) or None,
        date=date.get("date") if date is not None else None,
        date_text=_text(date) or None,
        symbol=_text(fields.get("docNumber")) or None,
        language=language, lang=lang, direction=direction,
        work_uri=_find(doc, "{}meta/{}identification/{}FRBRWork/{}FRBRuri").get("value"),
        expression_uri=_find(doc, "{}meta/{}identification/{}FRBRExpression/{}FRBRuri").get("value"),
        authors=authors, organizations=organizations, publisher=publisher,
    )


def _annex(ctx: _Context, attachment: etree._Element, index: int) -> m.Annex:
    doc = _children(attachment)[0]
    body = _find(doc, "{}mainBody")
    if _find(doc, "{}attachments") is not None:
        ctx.error(_find(doc, "{}attachments"), "an annex with annexes of its own is not supported")
    fields = _preface(ctx, _find(doc, "{}preface"), ("docNumber", "docTitle"))
    number = _text(fields.get("docNumber"))
    if not number:
        ctx.error(attachment, "an annex needs a <docNumber> in its preface, such as 'Annex I'")
    return m.Annex(
        id=attachment.get("eId") or f"att_{index}",
        number=number,
        title=_text(fields.get("docTitle")),
        blocks=_blocks(ctx, _children(body), 0) if body is not None else (),
    )


def read(path: str, name: str, tree: etree._ElementTree, lines: list[str]) -> tuple[m.Document | None, list[Problem]]:
    """The model of a schema-valid, profile-checked tree, or the problems that stopped it."""
    ctx = _Context(path, lines)
    doc = _children(tree.getroot())[0]
    meta = _metadata(ctx, doc)
    body_element = _find(doc, "{}mainBody")
    body = _blocks(ctx, _children(body_element), 0) if body_element is not None else ()
    attachments = _find(doc, "{}attachments")
    annexes = tuple(
        _annex(ctx, a, i) for i, a in enumerate(_children(attachments) if attachments is not None else [], start=1)
    )
    if ctx.problems:
        return None, ctx.problems
    return m.Document(name, meta, body, annexes, tuple(ctx.notes)), []
