"""Builds the document model from a checked AKN tree: one reader per kind of element (pipeline/kinds.py), the element's
name and attributes kept. Nothing of the text is left out: comments and processing instructions are not text, the
text around them is; metadata is read by reader_meta and never printed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from pipeline import kinds
from pipeline import model as m
from pipeline.ids import Ids
from pipeline.schema import AKN_NS

_SPACE = re.compile(r"[ \t\n\r]+")  # XML white space only: a no-break space is text
#: Link targets a reader may follow; anything else prints as text, with the reference kept.
SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HEAD = ("num", "heading", "subheading")


def local(element: etree._Element) -> str:
    if not isinstance(element.tag, str):
        return ""
    name = etree.QName(element)
    return name.localname if name.namespace == AKN_NS else ""


def nfc(text: str) -> str:
    """Text in Unicode Normalization Form C, as the web expects: canonically equivalent, nothing lost."""
    return unicodedata.normalize("NFC", text)


@dataclass
class Reader:
    """Reads one file: its ids, and the notes its calls collect in the order of the calls."""

    ids: Ids
    note_elements: dict[str, etree._Element]  # eId of a note of meta/notes -> the note
    notes: list[m.Note] = field(default_factory=list)
    label_join: str = ": "  # between an annex's number and title in its label, as the document's language joins them

    # ------------------------------------------------------------ attributes

    def attr(self, element: etree._Element, name: str | None = None) -> m.Attr:
        attrs = {etree.QName(k).localname: v for k, v in element.attrib.items() if k != "eId"}
        return m.Attr(name if name is not None else local(element), self.ids.of(element), attrs)

    # ------------------------------------------------------------ inlines

    def inlines(self, element: etree._Element) -> tuple[m.Inline, ...]:
        """The mixed content of an element, white space collapsed; text on both sides of a comment is one text."""
        out: list[m.Inline] = []
        text = element.text or ""
        for child in element:
            if isinstance(child.tag, str):
                out.append(m.Text(text))
                out.extend(self.inline(child))
                text = ""
            text += child.tail or ""
        out.append(m.Text(text))
        return _normalize(out)

    def inline(self, element: etree._Element) -> list[m.Inline]:
        name = local(element)
        kind = kinds.kind(name) if name else "foreign"
        if kind == "styled":
            return [m.Styled(name, self.inlines(element))]
        if kind == "phrase":
            return [m.Phrase(self.attr(element), self.inlines(element))]
        if kind == "link":
            return self.link(element)
        if kind in ("note", "noteref"):
            return [self.note(element)]
        if kind == "break":
            return [m.Break(self.attr(element))]
        if kind == "image":
            return [m.Image(self.attr(element), element.get("src", ""), nfc(element.get("alt", "")))]
        if kind == "meta":
            return []
        if kind == "blockrun":
            return [m.BlockRun(self.attr(element), self.blocks(element))]
        # a block where the schema allows running text to hold one (a sub-flow's parts): kept as blocks
        return [m.BlockRun(self.attr(element, ""), self.block(element))]

    def link(self, element: etree._Element) -> list[m.Inline]:
        """A reference: to an element of this edition, to an address on the web, or printed as text with the
        reference kept. A link holds no link and no footnote call: those stand after it."""
        attr = self.attr(element)
        reference = element.get("href") or element.get("from") or ""
        children, after = _unlinked(self.inlines(element))
        target = self.ids.resolve(element, reference) if reference else None
        scheme = _SCHEME.match(reference)
        href = reference if target is None and scheme and scheme.group(1).lower() in SAFE_SCHEMES else None
        return [m.Link(attr, children, target, href), *after]

    def note(self, element: etree._Element) -> m.NoteCall:
        """A footnote call; the note joins the notes in the order of the calls. A note called twice is printed
        twice, once at each call, as Word and print require."""
        number = len(self.notes) + 1
        if local(element) == "noteRef":
            note = self.note_elements.get(element.get("href", "")[1:])
            marker = element.get("marker") or (note.get("marker") if note is not None else None)
        else:
            note, marker = element, element.get("marker")
        own = self.ids.of(note) if note is not None else None
        if own is not None and not any(n.id == own for n in self.notes):
            note_id = own
        else:
            note_id = self.ids.fresh(f"{own or 'note'}_{number}")
        placeholder = m.Note(note_id, number, nfc(marker or str(number)), ())
        self.notes.append(placeholder)
        if note is not None:
            self.notes[number - 1] = m.Note(note_id, number, placeholder.marker, self.blocks(note))
        return m.NoteCall(note_id, placeholder.marker)

    # ------------------------------------------------------------ blocks

    def blocks(self, element: etree._Element, skip: int = 0) -> tuple[m.Block, ...]:
        """The children of an element as blocks, but for the first `skip` elements (read already); running text
        among them (a list item's, say) becomes a paragraph of its own, so nothing is dropped."""
        out: list[m.Block] = []
        run: list[m.Inline] = [m.Text(element.text or "")]
        for child in element:
            if not isinstance(child.tag, str):
                run.append(m.Text(child.tail or ""))
                continue
            name = local(child)
            kind = kinds.kind(name) if name else "foreign"
            if skip:
                skip -= 1
            elif kind == "meta":
                pass
            elif kind in kinds.INLINE:
                run.extend(self.inline(child))
            else:
                _flush(run, out)
                out.extend(self.block(child))
            run.append(m.Text(child.tail or ""))
        _flush(run, out)
        return tuple(out)

    def block(self, element: etree._Element) -> tuple[m.Block, ...]:
        name = local(element)
        kind = kinds.kind(name) if name else "foreign"
        if kind == "hier":
            return (self.hier(element),)
        if kind in ("group", "document"):
            return (m.Group(self.attr(element), self.blocks(element)),)
        if kind == "para":
            return (self.para(element),)
        if kind == "list":
            return (self.item_list(element),)
        if kind == "table":
            return (self.table(element),)
        if kind == "foreign":
            text = nfc(_SPACE.sub(" ", "".join(element.itertext())).strip(" "))
            return (m.Para(self.attr(element, "foreign"), (m.Text(text),) if text else ()),)
        if kind == "meta":
            return ()
        if kind == "blockrun":
            return (m.Quoted(self.attr(element), self.blocks(element)),)
        if name in ("num", "heading", "subheading", "listIntroduction", "listWrapUp", "caption", "tocItem"):
            return (self.para(element),)
        return (m.Group(self.attr(element), self.blocks(element)),)  # tr, th, td … where a sub-flow holds them

    def para(self, element: etree._Element) -> m.Para:
        name = local(element)
        inlines = self.inlines(element)
        if name in ("documentRef", "componentRef"):  # a reference to a document: its name, linked if it is here
            reference = element.get("href") or element.get("src") or ""
            target = self.ids.resolve(element, reference) if reference else None
            shown = nfc(element.get("showAs") or reference)
            inlines = (m.Link(self.attr(element), (m.Text(shown),) if shown else (), target, None),)
            return m.Para(m.Attr(name, None, {}), inlines)
        if name == "tocItem" and element.get("href"):
            target = self.ids.resolve(element, element.get("href", ""))
            children, after = _unlinked(inlines)
            inlines = (m.Link(m.Attr("tocItem"), children, target, None), *after) if target else inlines
        return m.Para(self.attr(element), _strip(inlines))

    def head(self, element: etree._Element) -> dict[str, m.Para]:
        """The num, heading and subheading that open an element, each optional and in that order."""
        head: dict[str, m.Para] = {}
        for child in element.iterchildren("{%s}*" % AKN_NS):
            name = local(child)
            if name not in _HEAD or name in head or any(_HEAD.index(name) < _HEAD.index(h) for h in head):
                break
            head[name] = self.para(child)
        return head

    def hier(self, element: etree._Element) -> m.Hier:
        """num, heading and subheading first; then the blocks (intro, content, units, wrapUp …)."""
        head = self.head(element)
        return m.Hier(self.attr(element), head.get("num"), head.get("heading"), head.get("subheading"),
                      self.blocks(element, skip=len(head)))

    def item_list(self, element: etree._Element) -> m.ItemList:
        intro = wrap_up = None
        items = []
        for child in element:
            name = local(child)
            if name == "listIntroduction":
                intro = self.para(child)
            elif name == "listWrapUp":
                wrap_up = self.para(child)
            elif name in ("item", "li"):
                items.append(self.item(child))
            elif name == "tocItem":
                entry = self.para(child)
                items.append(m.Item(entry.attr, None, None, (m.Para(m.Attr(""), entry.inlines),)))
        return m.ItemList(self.attr(element), intro, tuple(items), wrap_up)

    def item(self, element: etree._Element) -> m.Item:
        if local(element) == "li":
            value = element.get("value")
            num = m.Para(m.Attr("num"), (m.Text(nfc(value)),)) if value else None
            return m.Item(self.attr(element), num, None, self.blocks(element))
        unit = self.hier(element)
        if unit.subheading is not None:  # an item with a subheading: the subheading starts its blocks
            return m.Item(unit.attr, unit.num, unit.heading, (unit.subheading, *unit.blocks))
        return m.Item(unit.attr, unit.num, unit.heading, unit.blocks)

    def table(self, element: etree._Element) -> m.Table:
        caption = None
        rows: list[list[m.Cell]] = []
        for child in element:
            if local(child) == "caption":
                caption = self.para(child)
            elif local(child) == "tr":
                rows.append([self.cell(cell) for cell in child if local(cell) in ("th", "td")])
        scoped, in_header = [], True
        for row in rows:  # header rows label columns; a header cell that starts a body row labels its row
            in_header = in_header and bool(row) and all(c.header for c in row)
            scoped.append(tuple(
                m.Cell(c.attr, c.header, c.blocks, ("col" if in_header else "row") if c.header else None, c.colspan,
                       c.rowspan) for c in row))
        return m.Table(self.attr(element), caption, tuple(scoped))

    def cell(self, element: etree._Element) -> m.Cell:
        def span(name: str) -> int:
            value = element.get(name, "1")
            return int(value) if value.isdigit() and int(value) > 0 else 1

        return m.Cell(self.attr(element), local(element) == "th", self.blocks(element), None, span("colspan"),
                      span("rowspan"))


def _flush(run: list[m.Inline], out: list[m.Block]) -> None:
    """Running text between blocks, as a paragraph of its own if it holds anything but white space."""
    inlines = _strip(_normalize(run))
    if inlines:
        out.append(m.Para(m.Attr(""), inlines))
    run.clear()


def _normalize(inlines: list[m.Inline]) -> tuple[m.Inline, ...]:
    merged: list[m.Inline] = []
    for node in inlines:
        if isinstance(node, m.Text):
            text = _SPACE.sub(" ", node.text)
            if merged and isinstance(merged[-1], m.Text):
                merged[-1] = m.Text(_SPACE.sub(" ", merged[-1].text + text))
                continue
            node = m.Text(text)
        merged.append(node)
    return tuple(m.Text(nfc(n.text)) if isinstance(n, m.Text) else n
                 for n in merged if not (isinstance(n, m.Text) and n.text == ""))


def _strip(inlines: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """Trim the white space at both ends of a block of text."""
    items = list(inlines)
    if items and isinstance(items[0], m.Text):
        items[0] = m.Text(items[0].text.lstrip(" "))
    if items and isinstance(items[-1], m.Text):
        items[-1] = m.Text(items[-1].text.rstrip(" "))
    return tuple(n for n in items if not (isinstance(n, m.Text) and n.text == ""))


def _unlinked(inlines: tuple[m.Inline, ...]) -> tuple[tuple[m.Inline, ...], list[m.Inline]]:
    """The children of a link without links (kept as their text) and without footnote calls and blocks, which
    follow the link instead: a link cannot hold another, and a call is a link of its own."""
    kept: list[m.Inline] = []
    after: list[m.Inline] = []
    for node in inlines:
        if isinstance(node, (m.NoteCall, m.BlockRun)):
            after.append(node)
        elif isinstance(node, m.Link):
            inner, more = _unlinked(node.children)
            kept.append(m.Phrase(node.attr, inner))
            after.extend(more)
        elif isinstance(node, (m.Styled, m.Phrase)):
            inner, more = _unlinked(node.children)
            kept.append(m.Styled(node.kind, inner) if isinstance(node, m.Styled) else m.Phrase(node.attr, inner))
            after.extend(more)
        else:
            kept.append(node)
    return tuple(kept), after
