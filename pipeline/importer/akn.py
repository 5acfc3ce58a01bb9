"""The outline as Akoma Ntoso 3.0, built with lxml: meta (FRBR, references), preface, mainBody, attachments; eIds by
the AKN naming convention; every element remembered with the Word paragraph it came from, for messages."""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from pipeline.importer import draft, outline as o
from pipeline.importer.metadata import Identity
from pipeline.importer.report import Report
from pipeline.importer.word import Paragraph
from pipeline.schema import AKN_NS

_ALIASES = {"paragraph": "para", "blockList": "list", "attachment": "att", "listIntroduction": "intro"}
_STYLED = {"b", "i", "u", "sup", "sub"}
ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
#: Elements that hold only other elements: the only ones given line breaks and indentation.
_STRUCTURAL = {"akomaNtoso", "doc", "meta", "identification", "FRBRWork", "FRBRExpression", "FRBRManifestation",
               "references", "preface", "mainBody", "attachments", "attachment", "hcontainer", "paragraph",
               "content", "blockList", "item", "table", "tr", "th", "td"}
_PUNCTUATION = re.compile(r"[\s\u2000-\u206f\u2e00-\u2e7f!\"#$%&'()*+,\-./:;<=>?@\[\]^_`{|}~]+")


def _element(parent: etree._Element | None, name: str, attributes: dict | None = None,
             text: str | None = None) -> etree._Element:
    tag = f"{{{AKN_NS}}}{name}"
    element = etree.SubElement(parent, tag) if parent is not None else etree.Element(tag, nsmap={None: AKN_NS})
    for key, value in (attributes or {}).items():
        if value is not None:
            element.set(key, value)
    if text is not None:
        element.text = text
    return element


def clean_num(num: str) -> str:
    """A num as the naming convention puts it in an eId: "(a)" → "a", "1.2." → "1-2", "I." → "I"."""
    return _PUNCTUATION.sub("-", num).strip("-")


class Writer:
    """Writes one source; `bookmarks` name the Word paragraph each bookmark marks, `images` the file each
    picture part is saved as."""

    def __init__(self, identity: Identity, bookmarks: dict[str, int], images: dict[str, str], report: Report,
                 marks: list[str | None] | None = None):
        self.identity = identity
        self.marks = marks or []  # Word's custom marks of the notes, in the order of the calls
        self.calls = 0
        self.bookmarks = bookmarks
        self.images = images
        self.report = report
        self.counters: Counter = Counter()
        self.used: set[str] = set()
        self.notes = {"footnote": 0, "endnote": 0}
        self.marker = 0
        self.owners: dict[int, str] = {}  # Word paragraph → the eId of what shows it
        self.links: list[tuple[etree._Element, str, Paragraph | None]] = []
        self.origins: list[tuple[etree._Element, Paragraph | None]] = []

    # ------------------------------------------------------------ identifiers

    def eid(self, prefix: str, name: str, num: str | None = None) -> str:
        base = f"{prefix}__{_ALIASES.get(name, name)}" if prefix else _ALIASES.get(name, name)
        cleaned = clean_num(num) if num else ""
        if cleaned:
            candidate = f"{base}_{cleaned}"
        else:
            self.counters[base] += 1
            candidate = f"{base}_{self.counters[base]}"
        unique, n = candidate, 1
        while unique in self.used:
            n += 1
            unique = f"{candidate}_{n}"
        self.used.add(unique)
        return unique

    def owns(self, source: Paragraph | None, eid: str, element: etree._Element) -> None:
        self.origins.append((element, source))
        if source is not None:
            self.owners.setdefault(source.index, eid)

    # ------------------------------------------------------------ the document

    def document(self, outline: o.Outline, comment: str) -> etree._ElementTree:
        root = _element(None, "akomaNtoso")
        root.append(etree.Comment(f" {comment} "))
        doc = _element(root, "doc", {"name": self.identity.name})
        meta = _element(doc, "meta")
        self.identification(meta, "main")
        references = _element(meta, "references", {"source": f"#{self.identity.author_id}"})
        _element(references, "TLCOrganization", {
            "eId": self.identity.author_id, "showAs": self.identity.author,
            "href": f"/akn/ontology/organizations/un/{self.identity.author_id}"})
        self.preface(doc, outline.title)
        body = _element(doc, "mainBody")
        self.blocks(body, outline.body, "")
        if outline.annexes:
            attachments = _element(doc, "attachments")
            for number, annex in enumerate(outline.annexes, start=1):
                self.annex(attachments, annex, number)
        self.resolve_links()
        indent(root, 0)
        return root.getroottree()

    def identification(self, meta: etree._Element, part: str) -> None:
        i = self.identity
        author = f"#{i.author_id}"
        ident = _element(meta, "identification", {"source": author})
        levels = (("FRBRWork", i.work, i.work), ("FRBRExpression", i.expression, i.expression),
                  ("FRBRManifestation", f"{i.expression}/!{part}.xml", f"{i.expression}.akn"))
        for name, base, uri in levels:
            level = _element(ident, name)
            this = f"{base}/!{part}" if name != "FRBRManifestation" else base
            _element(level, "FRBRthis", {"value": this})
            _element(level, "FRBRuri", {"value": uri})
            _element(level, "FRBRdate", {"date": i.date, "name": i.date_name})
            _element(level, "FRBRauthor", {"href": author})
            if name == "FRBRWork":
                _element(level, "FRBRcountry", {"value": "un"})
            if name == "FRBRExpression":
                _element(level, "FRBRlanguage", {"language": i.language})

    def preface(self, doc: etree._Element, title: o.TitleBlock) -> None:
        preface = _element(doc, "preface")
        fields = [("symbol", "docNumber", title.symbol), ("title", "docTitle", title.title),
                  ("date", "docDate", title.date), ("type", "docType", title.doc_type)]
        # in the order of the draft, which the editions keep; fields that come from elsewhere (the properties) last
        fields.sort(key=lambda f: f[2].source.index if f[2] is not None and f[2].source is not None else 10 ** 9)
        for css, name, field in fields:
            if field is None or not field.text:
                continue
            p = _element(preface, "p", {"class": css})
            element = _element(p, name, {"date": title.date_iso} if name == "docDate" else None, field.text)
            self.origins.append((element, field.source))

    def annex(self, attachments: etree._Element, annex: o.Annex, number: int) -> None:
        eid = self.eid("", "attachment")
        attachment = _element(attachments, "attachment", {"eId": eid})
        self.owns(annex.source, eid, attachment)
        doc = _element(attachment, "doc", {"name": "annex"})
        meta = _element(doc, "meta")
        self.identification(meta, f"annex_{number}")
        preface = _element(doc, "preface")
        _element(_element(preface, "p", {"class": "number"}), "docNumber", None, annex.number)
        if annex.title:
            _element(_element(preface, "p", {"class": "title"}), "docTitle", None, annex.title)
        body = _element(doc, "mainBody")
        if not annex.blocks:
            self.report.refuse(f"{annex.number} has nothing in it but its heading: a source's annex needs text",
                               annex.source.where if annex.source else None)
        self.blocks(body, annex.blocks, eid)

    # ------------------------------------------------------------ blocks

    def blocks(self, parent: etree._Element, blocks: list, prefix: str) -> None:
        for block in blocks:
            self.block(parent, block, prefix)

    def block(self, parent: etree._Element, block, prefix: str) -> None:
        if isinstance(block, o.Section):
            self.section(parent, block, prefix)
        elif isinstance(block, o.Numbered):
            eid = self.eid(prefix, "paragraph", block.num)
            element = _element(parent, "paragraph", {"eId": eid})
            self.owns(block.source, eid, element)
            if block.num:
                _element(element, "num", None, block.num)
            self.blocks(_element(element, "content"), block.blocks, eid)
        elif isinstance(block, o.P):
            self.p(parent, block, prefix)
        elif isinstance(block, o.List):
            self.list(parent, block, prefix)
        elif isinstance(block, o.Table):
            self.table(parent, block, prefix)

    def section(self, parent: etree._Element, section: o.Section, prefix: str) -> None:
        eid = self.eid(prefix, "hcontainer", section.num)
        element = _element(parent, "hcontainer", {"eId": eid, "name": "section" if section.level > 1 else "chapter"})
        self.owns(section.source, eid, element)
        if section.num:
            _element(element, "num", None, section.num)
        heading = _element(element, "heading")
        self.inlines(heading, _single_line(section.heading), section.source)
        if any(isinstance(b, (o.Section, o.Numbered)) for b in section.blocks):
            self.blocks(element, section.blocks, eid)
        elif section.blocks:
            self.blocks(_element(element, "content"), section.blocks, eid)

    def p(self, parent: etree._Element, block: o.P, prefix: str, name: str = "p") -> etree._Element:
        eid = self.eid(prefix, name)
        element = _element(parent, name, {"eId": eid})
        self.owns(block.source, eid, element)
        self.inlines(element, block.inlines, block.source)
        return element

    def list(self, parent: etree._Element, block: o.List, prefix: str) -> None:
        if block.kind in ("ol", "ul") and all(isinstance(b, o.P) or (isinstance(b, o.List) and b.kind != "blockList")
                                              for item in block.items for b in item.blocks):
            return self.native_list(parent, block, prefix)  # an li holds paragraphs and lists of its kind only
        eid = self.eid(prefix, "blockList")
        element = _element(parent, "blockList", {"eId": eid})
        self.origins.append((element, block.source))
        if block.intro is not None:
            self.p(element, block.intro, eid, "listIntroduction")
        for item in block.items:
            item_eid = self.eid(eid, "item", item.num)
            entry = _element(element, "item", {"eId": item_eid})
            self.owns(item.source, item_eid, entry)
            if item.num:
                _element(entry, "num", None, item.num)
            self.blocks(entry, item.blocks or [o.P([], item.source)], item_eid)

    def native_list(self, parent: etree._Element, block: o.List, prefix: str) -> None:
        """A list Word numbers or bullets itself: ol or ul, its items li holding their paragraphs; the line that
        introduces it a paragraph before it (an ol has no introduction of its own)."""
        if block.intro is not None:
            self.p(parent, block.intro, prefix)
        eid = self.eid(prefix, block.kind)
        element = _element(parent, block.kind, {"eId": eid})
        self.origins.append((element, block.source))
        for item in block.items:
            item_eid = self.eid(eid, "li")
            entry = _element(element, "li", {"eId": item_eid})
            self.owns(item.source, item_eid, entry)
            self.blocks(entry, item.blocks or [o.P([], item.source)], item_eid)

    def table(self, parent: etree._Element, block: o.Table, prefix: str) -> None:
        eid = self.eid(prefix, "table")
        element = _element(parent, "table", {"eId": eid})
        self.owns(block.source, eid, element)
        if block.caption_source is not None:
            self.owners.setdefault(block.caption_source.index, eid)
        if block.caption:
            self.inlines(_element(element, "caption"), _single_line(block.caption), block.caption_source)
        for row in block.rows:
            tr = _element(element, "tr")
            for cell in row:
                spans = {"rowspan": str(cell.rowspan) if cell.rowspan > 1 else None,
                         "colspan": str(cell.colspan) if cell.colspan > 1 else None}
                td = _element(tr, "th" if cell.header else "td", spans)
                self.blocks(td, cell.blocks or [o.P([])], eid)

    # ------------------------------------------------------------ inlines

    def inlines(self, parent: etree._Element, inlines: list, source: Paragraph | None) -> None:
        for node in inlines:
            self.inline(parent, node, source)

    def text(self, parent: etree._Element, text: str) -> None:
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def inline(self, parent: etree._Element, node, source: Paragraph | None) -> None:
        if isinstance(node, draft.Text):
            self.text(parent, node.text)
        elif isinstance(node, draft.Styled):
            self.inlines(_element(parent, node.kind), node.children, source)
        elif isinstance(node, draft.Editorial):
            self.inlines(_element(parent, "omissis"), node.children, source)
        elif isinstance(node, draft.Break):
            _element(parent, "br")
        elif isinstance(node, draft.Image):
            element = _element(parent, "img", {"src": self.images.get(node.part, node.part), "alt": node.alt})
            self.origins.append((element, source))
        elif isinstance(node, draft.NoteRef):
            self.note(parent, node.note, source)
        elif isinstance(node, draft.Link):
            self.link(parent, node, source)

    def link(self, parent: etree._Element, node: draft.Link, source: Paragraph | None) -> None:
        notes = [n for n in node.children if isinstance(n, draft.NoteRef)]  # a link cannot hold a note
        children = [n for n in node.children if not isinstance(n, draft.NoteRef)]
        if node.href is not None and not node.href.lower().startswith(ALLOWED_SCHEMES):
            self.report.warn(f"a link to {node.href[:60]!r} is kept as text: a source links only to its own parts "
                             "and to http, https and mailto addresses", source and source.where,
                             source and source.text)
            self.inlines(parent, children, source)
        else:
            ref = _element(parent, "ref", {"href": node.href})
            self.inlines(ref, children, source)
            if node.bookmark is not None:
                self.links.append((ref, node.bookmark, source))
        for note in notes:
            self.note(parent, note.note, source)

    def note(self, parent: etree._Element, note: draft.Note, source: Paragraph | None) -> None:
        mark = self.marks[self.calls] if self.calls < len(self.marks) else None
        self.calls += 1
        self.marker += mark is None  # a note with a mark of its own is outside Word's count
        self.notes[note.kind] += 1
        eid = f"{'fn' if note.kind == 'footnote' else 'en'}_{self.notes[note.kind]}"
        self.used.add(eid)
        attributes = {"marker": mark or str(self.marker), "eId": eid}
        attributes.update({"placement": "bottom"} if note.kind == "footnote" else {"class": "endnote"})
        element = _element(parent, "authorialNote", attributes)
        self.origins.append((element, source))
        paragraphs = _note_paragraphs(note.blocks)
        for para in paragraphs or [draft.Para([])]:
            p = _element(element, "p")
            self.origins.append((p, para.facts))
            self.inlines(p, para.inlines, para.facts)

    def resolve_links(self) -> None:
        """Links to bookmarks point to the element made of the bookmarked paragraph; links to places the source
        does not keep lose their link, never their text."""
        for ref, bookmark, source in self.links:
            target = self.bookmarks.get(bookmark)
            eid = self.owners.get(target) if target is not None else None
            if eid is not None:
                ref.set("href", f"#{eid}")
                continue
            self.report.warn(f"a link to a place in the draft that the source does not keep (bookmark {bookmark!r}) "
                             "is kept as text", source and source.where, source and source.text)
            _unwrap(ref)


def _unwrap(element: etree._Element) -> None:
    """Put an element's text and children in its place, keeping every character."""
    parent = element.getparent()
    previous = element.getprevious()
    if element.text:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.text
        else:
            parent.text = (parent.text or "") + element.text
    for child in list(element):
        element.addprevious(child)  # a child's tail moves with it
    last = element.getprevious()
    if element.tail:
        if last is not None:
            last.tail = (last.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    element.tail = None
    parent.remove(element)


def _single_line(inlines: list) -> list:
    """Headings and captions are one line: a line break in them is a space."""
    out = []
    for node in inlines:
        if isinstance(node, draft.Break):
            out.append(draft.Text(" "))
        elif isinstance(node, (draft.Styled, draft.Editorial, draft.Link)):
            node.children = _single_line(node.children)
            out.append(node)
        else:
            out.append(node)
    return out


def _note_paragraphs(blocks: list) -> list[draft.Para]:
    """A note holds paragraphs: lists and tables in it are written out as paragraphs, numbers kept as text."""
    out: list[draft.Para] = []
    for block in blocks:
        if isinstance(block, draft.Para):
            out.append(block)
        elif isinstance(block, draft.Items):
            for entry in block.entries:
                paragraphs = _note_paragraphs(entry.blocks)
                if paragraphs and entry.label:
                    paragraphs[0] = draft.Para([draft.Text(entry.label + " "), *paragraphs[0].inlines],
                                               paragraphs[0].facts)
                out += paragraphs
        elif isinstance(block, draft.Grid):
            out += [p for row in block.rows for cell in row for p in _note_paragraphs(cell.blocks)]
    return [p for p in out if draft.has_content(p.inlines)]


def indent(element: etree._Element, depth: int) -> None:
    """Line breaks and indentation between the children of structural elements only: never inside text."""
    name = etree.QName(element).localname
    if name not in _STRUCTURAL or not len(element) or (element.text or "").strip():
        return
    inner = "\n" + "  " * (depth + 1)
    element.text = inner
    for child in element:
        if not isinstance(child.tag, str):
            continue
        indent(child, depth + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * depth
