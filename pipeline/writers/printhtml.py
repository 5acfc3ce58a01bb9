"""The print profile of the HTML writer: the page WeasyPrint lays out, with every footnote floated at its call."""

from __future__ import annotations

from datetime import datetime, timezone

from lxml import etree

from pipeline import __version__
from pipeline import model as m
from pipeline.writers.htmlparts import (
    Context, Profile, annex_section, blocks, call_id, description, document_title, el, front_text, note_blocks,
    title_block,
)

#: Running heads, page numbers, the footnote area and the fonts are in templates/pdf/print.css.
STYLESHEET = "print.css"


#: How each HTML element of a note shows in print, where a note is a span inside the paragraph of its call.
NOTE_DISPLAY = {"p": "note-p", "div": "note-div", "section": "note-div", "blockquote": "note-quote",
                "ul": "note-list", "ol": "note-list", "li": "note-li", "table": "note-table", "caption": "note-caption",
                "thead": "note-rows", "tbody": "note-rows", "tr": "note-tr", "th": "note-cell", "td": "note-cell",
                "h1": "note-p", "h2": "note-p", "h3": "note-p", "h4": "note-p", "h5": "note-p", "h6": "note-p"}


def _inline_blocks(element: etree._Element) -> etree._Element:
    """A block of a note as spans that print.css sets as blocks: a <p> cannot sit inside the <p> of the call."""
    for node in element.iter():
        if node.tag in NOTE_DISPLAY:
            extra = node.get("class")
            node.set("class", f"{NOTE_DISPLAY[node.tag]} {extra}" if extra else NOTE_DISPLAY[node.tag])
            node.tag = "span"
    return element


def note_call(ctx: Context, note: m.Note) -> etree._Element:
    """A real link to the note (a Link in the tagged PDF), then the note itself, floated to the foot of the page.
    A word joiner keeps the call on the line of the word before it."""
    call = el("a", {"href": "#" + note.id, "id": call_id(note), "class": "noteref",
                    "aria-label": ctx.label["note_call"].format(n=note.marker)}, note.marker)
    paragraphs = [_inline_blocks(b) for b in note_blocks(ctx, note)]
    if not paragraphs or paragraphs[0].get("class", "").split()[0] != "note-p":
        paragraphs.insert(0, el("span", {"class": "note-p"}))
    first = paragraphs[0]
    number = el("span", {"class": "note-num"}, note.marker)
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
    """Every heading that is a contents entry carries its label, for the PDF's bookmarks; no other heading makes
    one."""
    labels = {f"{entry.id}-heading": entry.label for entry in doc.contents}
    deeper = [e for e in root.iter() if e.get("role") == "heading"]  # below h6: print.css sets their bookmark level
    for heading in [*root.iter("h2", "h3", "h4", "h5", "h6"), *deeper]:
        if heading.get("id") in labels:
            heading.set("data-bookmark", labels[heading.get("id")])
        else:
            heading.set("class", " ".join(filter(None, (heading.get("class"), "no-bookmark"))))


def _running_head(root: etree._Element) -> None:
    """The running head is the symbol, else the title: the docTitle in the page's h1, or the h1 itself."""
    header = next(e for e in root.iter("div") if e.get("class") == "title-block")
    symbol = next((e for e in header.iter() if "only-docNumber" in (e.get("class") or "").split()), None)
    title = next(root.iter("h1"), None)
    cite = next(title.iter("cite"), None) if title is not None else None
    running = symbol if symbol is not None else cite if cite is not None else title
    if running is not None:
        running.set("data-running", "")


def _plain_numbers(root: etree._Element) -> None:
    """Paragraph numbers link to themselves on the web; on paper they are text."""
    for number in root.iterfind(".//a[@class='num']"):
        number.tag = "span"
        for name in ("href", "aria-label"):
            number.attrib.pop(name, None)


def page(doc: m.Document, epoch: int = 0, picture=None) -> etree._Element:
    """The print page: title block, the text, each annex on a new page. Notes stand at their calls."""
    profile = PRINT if picture is None else Profile("print", note_call=note_call, picture=picture)
    ctx = Context(doc, profile)
    header = title_block(ctx)
    header.tag = "div"  # a tagged Div: nothing of the page stays outside the structure tree
    body = el("body", {},
              header,
              el("div", {"class": "body"}, *front_text(ctx), *blocks(ctx, doc.body), *blocks(ctx, doc.back)),
              *(annex_section(ctx, a) for a in doc.annexes))
    root = el("html", {"lang": doc.meta.lang, "dir": doc.meta.direction}, _head(doc, epoch), body)
    _running_head(root)
    _label_headings(root, doc)
    _plain_numbers(root)
    return root


def serialize(root: etree._Element) -> str:
    """HTML5 text for WeasyPrint."""
    return etree.tostring(root, method="html", encoding="unicode", doctype="<!DOCTYPE html>")
