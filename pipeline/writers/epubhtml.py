"""The EPUB profile of the HTML writer: one XHTML content document per part, footnotes beside their calls, the navigation document."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from pipeline import model as m
from pipeline import walk
from pipeline.writers.htmlparts import (
    Context, Element, Profile, annex_heading, blocks, call_id, classes, contents_list, document_title, el,
    front_text, note_call, note_item, title_block,
)

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
EPUB_TYPE = f"{{{OPS_NS}}}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STYLESHEET = "style.css"
NAV = "nav.xhtml"
TITLE_ID = "title"  # the id htmlparts.title_block gives the document's h1


@dataclass(frozen=True)
class Part:
    """One content document of the spine: the main text (front matter, body, back matter), or one annex."""

    file: str
    title: str
    blocks: tuple[m.Block, ...]
    annex: m.Annex | None = None


def parts(doc: m.Document) -> list[Part]:
    """The spine in reading order: the main text, then each annex in its own file."""
    main = Part("body.xhtml", document_title(doc), doc.front + doc.body + doc.back)
    annexes = [Part(f"annex-{i}.xhtml", a.label, a.heading + a.blocks, a) for i, a in enumerate(doc.annexes, start=1)]
    return [main, *annexes]


def locations(doc: m.Document, spine: list[Part]) -> dict[str, str]:
    """The content document holding each target: every id, every note (with its call) and the title."""
    where = {doc.title_id or TITLE_ID: spine[0].file, TITLE_ID: spine[0].file}
    notes = {n.id: n for n in doc.notes}
    for part in spine:
        found = walk.ids_in(part.blocks) | ({part.annex.id} if part.annex else set())
        pending = [i for i in found if i in notes]
        while pending:  # the notes called from notes that stand here stand here too
            called = walk.ids_in(notes[pending.pop()].blocks) - found
            found |= called
            pending += [i for i in called if i in notes]
        found |= {call_id(notes[i]) for i in found if i in notes}
        where.update(dict.fromkeys(found, part.file))
    missing = [n.id for n in doc.notes if n.id not in where]
    if missing:
        raise ValueError(f"footnotes without a call in the text: {', '.join(missing)}")
    return where


def profile(file: str, where: dict[str, str]) -> Profile:
    """The EPUB profile for one content document: links cross files, calls are EPUB noterefs."""

    def href(target: str) -> str:
        if target not in where:
            raise ValueError(f"link to {target!r}, which no content document holds")
        return "#" + target if where[target] == file else f"{where[target]}#{target}"

    def noteref(ctx: Context, note: m.Note) -> Element:
        call = note_call(ctx, note)
        call.set(EPUB_TYPE, "noteref")
        return call

    return Profile("epub", href, noteref)


def footnote(ctx: Context, note: m.Note) -> Element:
    """A note as an EPUB footnote, so reading systems can show it as a pop-up; it links back to its call."""
    aside = note_item(ctx, note, "aside")
    aside.set(EPUB_TYPE, "footnote")
    aside.set("role", "doc-footnote")
    aside.set("aria-label", ctx.label["note_call"].format(n=note.number))  # each named, as landmarks must be
    return aside


def content_document(doc: m.Document, part: Part, where: dict[str, str]) -> Element:
    """One part as an XHTML page: one main landmark, one h1, and at its end the notes called in it."""
    ctx = Context(doc, profile(part.file, where))
    if part.annex is None:
        content = [title_block(ctx), el("div", {"class": "body"}, *front_text(ctx), *blocks(ctx, doc.body),
                                        *blocks(ctx, doc.back))]
    else:
        annex = part.annex
        inner = Context(doc, ctx.profile, offset=1, unnamed_tables=ctx.unnamed_tables)
        section = el("section", {"class": classes(annex.attr, "annex"), "id": annex.id, "role": "doc-appendix",
                                 "aria-labelledby": f"{annex.id}-heading"},
                     annex_heading(ctx, annex, 1), *blocks(inner, annex.blocks))
        section.set(EPUB_TYPE, "appendix")
        content = [section]
    notes = [footnote(ctx, n) for n in doc.notes if where[n.id] == part.file]
    main = el("main", {"id": "main"}, *content, el("div", {"class": "footnotes"}, *notes) if notes else None)
    body = el("body", {}, main)
    body.set(EPUB_TYPE, "bodymatter" if part.annex is None else "backmatter")
    title = part.title if part.annex is None else f"{part.title} – {document_title(doc)}"
    return page(doc, title, body)


def contents_entries(doc: m.Document, where: dict[str, str]) -> tuple[m.ContentsEntry, ...]:
    """The table of contents: the title (start of the main body) with its sections below it, then the annexes."""
    body_file = where[TITLE_ID]
    entries = [m.ContentsEntry(doc.title_id or TITLE_ID, doc.meta.title, 1)]
    for entry in doc.contents:
        level = entry.level + 1 if where[entry.id] == body_file else entry.level
        entries.append(m.ContentsEntry(entry.id, entry.label, level))
    return tuple(entries)


def nav_document(doc: m.Document, where: dict[str, str]) -> Element:
    """The navigation document: the contents and the landmarks, each nav named by its heading."""
    ctx = Context(doc, profile(NAV, where))
    label = ctx.label
    toc = el("nav", {"id": "toc", "role": "doc-toc", "aria-labelledby": "toc-heading"},
             el("h1", {"id": "toc-heading"}, label["contents"]), contents_list(ctx, contents_entries(doc, where)))
    toc.set(EPUB_TYPE, "toc")
    marks = [("bodymatter", where[TITLE_ID], label["start"])]  # the toc is no landmark: this page is not in the spine
    items = []
    for kind, href, text in marks:
        link = el("a", {"href": href}, text)
        link.set(EPUB_TYPE, kind)
        items.append(el("li", {}, link))
    landmarks = el("nav", {"id": "landmarks", "aria-labelledby": "landmarks-heading"},
                   el("h2", {"id": "landmarks-heading"}, label["landmarks"]), el("ol", {}, *items))
    landmarks.set(EPUB_TYPE, "landmarks")
    body = el("body", {}, el("main", {"id": "main", "class": "navigation"}, toc, landmarks))
    return page(doc, f"{label['contents']} – {document_title(doc)}", body)


def page(doc: m.Document, title: str, body: Element) -> Element:
    """An XHTML page around a body: language, direction, title and the stylesheet."""
    head = el("head", {}, el("meta", {"charset": "utf-8"}), el("title", {}, title),
              el("link", {"rel": "stylesheet", "type": "text/css", "href": STYLESHEET}))
    return to_xhtml(el("html", {"lang": doc.meta.lang, XML_LANG: doc.meta.lang, "dir": doc.meta.direction}, head, body))


def to_xhtml(tree: Element) -> Element:
    """A copy of an HTML tree built without a namespace, in the XHTML namespace with the epub prefix declared once."""
    root = etree.Element(f"{{{XHTML_NS}}}{tree.tag}", dict(tree.attrib), nsmap={None: XHTML_NS, "epub": OPS_NS})
    root.text = tree.text

    def copy(source: Element, target: Element) -> None:
        for child in source:
            if not isinstance(child.tag, str):
                raise TypeError(f"no XHTML for {child!r}")
            tag = child.tag if child.tag.startswith("{") else f"{{{XHTML_NS}}}{child.tag}"
            new = etree.SubElement(target, tag, dict(child.attrib))
            new.text, new.tail = child.text, child.tail
            copy(child, new)

    copy(tree, root)
    return root


#: Elements after which a line break changes nothing a reader sees or hears (never inside a line of text).
LINE_BREAK_AFTER = {"head", "meta", "title", "link", "body", "main", "header", "nav", "section", "aside", "div",
                    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "li", "table", "caption", "thead", "tbody",
                    "tr", "th", "td"}


def serialize(root: Element) -> bytes:
    """XHTML 5 serialisation: XML declaration, doctype, UTF-8, a line break after each block (for readable diffs
    and line numbers in validator messages) and no other added white space."""
    for element in root.iter(f"{{{XHTML_NS}}}*"):
        if not element.tail and etree.QName(element).localname in LINE_BREAK_AFTER:
            element.tail = "\n"
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>") + b"\n"
