"""The print profile of the HTML writer: the page WeasyPrint lays out, with every footnote floated at its call."""

from __future__ import annotations

from datetime import datetime, timezone

from lxml import etree

from pipeline import __version__
from pipeline import model as m
from pipeline.writers.htmlparts import (
    Context, Profile, annex_section, blocks, call_id, description, document_title, el, inlines, title_block,
)

#: Running heads, page numbers, the footnote area and the fonts are in templates/pdf/print.css.
STYLESHEET = "print.css"


def note_call(ctx: Context, note: m.Note) -> etree._Element:
    """A real link to the note (a Link in the tagged PDF), then the note itself, floated to the foot of the page.
    A word joiner keeps the call on the line of the word before it. Note paragraphs are spans shown as blocks:
    a <p> cannot sit inside the <p> that holds the call."""
    call = el("a", {"href": "#" + note.id, "id": call_id(note), "class": "noteref",
                    "aria-label": ctx.label["note_call"].format(n=note.number)}, str(note.number))
    paragraphs = [el("span", {"class": "note-p"}, *inlines(ctx, p.inlines)) for p in note.blocks]
    if not paragraphs:
        paragraphs = [el("span", {"class": "note-p"})]
    first = paragraphs[0]
    number = el("span", {"class": "note-num"}, str(note.number))
    number.tail, first.text = first.text, None
    first.insert(0, number)
    return el("span", {"class": "note-group"}, "\u2060", call,
              el("span", {"class": "footnote", "id": note.id, "role": "doc-footnote"}, *paragraphs))


PRINT = Profile("print", note_call=note_call)


def iso_date(epoch: int) -> str:
    """SOURCE_DATE_EPOCH as the W3C date WeasyPrint turns into the PDF's creation and modification dates."""
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _head(doc: m.Document, epoch: int) -> etree._Element:
    """What WeasyPrint reads into the document properties: title, author, subject, keywords, creator, dates."""
    meta = doc.meta
    fields = [
        ("author", "; ".join(a.name for a in meta.authors) or None),
        ("description", description(doc)),
        ("keywords", ", ".join(p for p in (meta.symbol, meta.doc_type) if p) or None),
        ("generator", f"pipeline {__version__}"),
        ("dcterms.created", iso_date(epoch)),
        ("dcterms.modified", iso_date(epoch)),
    ]
    return el("head", {},
              el("meta", {"charset": "utf-8"}),
              el("title", {}, document_title(doc)),
              *(el("meta", {"name": name, "content": value}) for name, value in fields if value))


def _label_headings(root: etree._Element, doc: m.Document) -> None:
    """Every heading that is a contents entry carries its label, for the PDF's bookmarks."""
    labels = {f"{entry.id}-heading": entry.label for entry in doc.contents}
    for heading in root.iter("h2", "h3", "h4", "h5", "h6"):
        if heading.get("id") in labels:
            heading.set("data-bookmark", labels[heading.get("id")])


def _plain_numbers(root: etree._Element) -> None:
    """Paragraph numbers link to themselves on the web; on paper they are text."""
    for number in root.iterfind(".//a[@class='num']"):
        number.tag = "span"
        for name in ("href", "aria-label"):
            number.attrib.pop(name, None)


def page(doc: m.Document, epoch: int = 0) -> etree._Element:
    """The print page: title block, the text, each annex on a new page. Notes stand at their calls."""
    ctx = Context(doc, PRINT)
    header = title_block(ctx)
    header.tag = "div"  # a tagged Div: nothing of the page stays outside the structure tree
    running = header.find("p[@class='symbol']")
    (running if running is not None else header.find("h1")).set("data-running", "")
    body = el("body", {},
              header,
              el("div", {"class": "body"}, *blocks(ctx, doc.body, 1)),
              *(annex_section(ctx, a) for a in doc.annexes))
    root = el("html", {"lang": doc.meta.lang, "dir": doc.meta.direction}, _head(doc, epoch), body)
    _label_headings(root, doc)
    _plain_numbers(root)
    return root


def serialize(root: etree._Element) -> str:
    """HTML5 text for WeasyPrint."""
    return etree.tostring(root, method="html", encoding="unicode", doctype="<!DOCTYPE html>")
