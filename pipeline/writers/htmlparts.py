"""The HTML building blocks shared by the web, print (PDF) and EPUB profiles. Trees are built with lxml, never strings."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from pipeline import TEMPLATES
from pipeline import model as m
from pipeline.transforms import plain

Element = etree._Element


@lru_cache(maxsize=None)
def labels(lang: str) -> dict[str, str]:
    """Interface words (Contents, Notes, Footnote 1 …) in the document's language, English as fallback."""
    table = json.loads((TEMPLATES / "labels.json").read_text(encoding="utf-8"))
    return {**table["en"], **table.get(lang.split("-")[0], {})}


def template(*parts: str) -> bytes:
    """A file of templates/, as bytes."""
    return (TEMPLATES.joinpath(*parts)).read_bytes()


@dataclass(frozen=True)
class Profile:
    """What differs between the profiles: where an internal target lives, and what stands at a footnote call."""

    name: str
    href: Callable[[str], str] = lambda target: "#" + target
    note_call: Callable[["Context", m.Note], Element] | None = None


@dataclass
class Context:
    """The document being written and the profile writing it."""

    doc: m.Document
    profile: Profile
    label: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.label = labels(self.doc.meta.lang)


def el(tag: str, attrs: dict[str, str | None] | None = None, *children: Element | str | None) -> Element:
    """An element with attributes (None values left out) and children (strings become text)."""
    element = etree.Element(tag, {k: v for k, v in (attrs or {}).items() if v is not None})
    append(element, *children)
    return element


def append(parent: Element, *children: Element | str | None) -> Element:
    """Append elements and text to parent, keeping lxml's text/tail model right."""
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + child
            else:
                parent.text = (parent.text or "") + child
        else:
            parent.append(child)
    return parent


# ---------------------------------------------------------------- inlines

_TAGS = {"b": "b", "i": "i", "u": "u", "sup": "sup", "sub": "sub", "span": "span",
         "organization": "span", "term": "span", "docTitle": "cite"}


def inlines(ctx: Context, nodes: tuple[m.Inline, ...]) -> list[Element | str]:
    """HTML for a run of inlines."""
    return [inline(ctx, node) for node in nodes]


def inline(ctx: Context, node: m.Inline) -> Element | str:
    if isinstance(node, m.Text):
        return node.text
    if isinstance(node, m.Styled):
        css = node.kind.lower() if _TAGS[node.kind] in ("span", "cite") and node.kind != "span" else None
        return el(_TAGS[node.kind], {"class": css}, *inlines(ctx, node.children))
    if isinstance(node, m.Abbr):
        return el("abbr", {"title": node.title or None}, *inlines(ctx, node.children))
    if isinstance(node, m.Date):
        return el("time", {"datetime": node.iso}, *inlines(ctx, node.children))
    if isinstance(node, m.Editorial):
        return el("span", {"class": "editorial-note"}, *inlines(ctx, node.children))
    if isinstance(node, m.Link):
        href = ctx.profile.href(node.target) if node.target else node.href
        return el("a", {"href": href}, *inlines(ctx, node.children))
    if isinstance(node, m.NoteCall):
        note = ctx.doc.note(node.note_id)
        return (ctx.profile.note_call or note_call)(ctx, note)
    raise TypeError(f"no HTML for inline {type(node).__name__}")


def call_id(note: m.Note) -> str:
    """The id of a footnote's call, so the note can link back to it."""
    return f"ref-{note.id}"


def note_call(ctx: Context, note: m.Note) -> Element:
    """A footnote call: a link to the note, named "Footnote N" for screen readers."""
    return el("a", {"href": ctx.profile.href(note.id), "id": call_id(note), "class": "noteref",
                    "role": "doc-noteref", "aria-label": ctx.label["note_call"].format(n=note.number)},
              el("sup", {}, str(note.number)))


# ---------------------------------------------------------------- blocks


def blocks(ctx: Context, nodes: tuple[m.Block, ...], level: int) -> list[Element]:
    """HTML for a run of blocks; `level` is the heading level of the enclosing section."""
    return [block(ctx, node, level) for node in nodes]


def block(ctx: Context, node: m.Block, level: int) -> Element:
    if isinstance(node, m.P):
        return el("p", {"id": node.id}, *inlines(ctx, node.inlines))
    if isinstance(node, m.Paragraph):
        number = None
        if node.num:
            number = el("a", {"class": "num", "href": "#" + node.id,
                              "aria-label": ctx.label["paragraph"].format(num=node.num)}, node.num)
        return el("div", {"class": "paragraph", "id": node.id}, number,
                  el("div", {"class": "paragraph-content"}, *blocks(ctx, node.blocks, level)))
    if isinstance(node, m.Section):
        heading_level = min(level + 1, 6)
        heading_id = f"{node.id}-heading"
        return el("section", {"id": node.id, "aria-labelledby": heading_id},
                  el(f"h{heading_level}", {"id": heading_id}, *inlines(ctx, node.heading)),
                  *blocks(ctx, node.blocks, heading_level))
    if isinstance(node, m.List):
        return list_block(ctx, node, level)
    if isinstance(node, m.Table):
        return table(ctx, node, level)
    raise TypeError(f"no HTML for block {type(node).__name__}")


def list_block(ctx: Context, node: m.List, level: int) -> Element:
    """A list keeps the source's numbers ("(a)", "(i)") as text, so every format shows the same."""
    items = [
        el("li", {"id": item.id},
           el("span", {"class": "num"}, item.num) if item.num else None,
           el("div", {"class": "item-content"}, *blocks(ctx, item.blocks, level)))
        for item in node.items
    ]
    kind = "ol" if node.numbered else "ul"
    intro = el("p", {"class": "list-intro", "id": node.intro.id}, *inlines(ctx, node.intro.inlines)) if node.intro else None
    return el("div", {"class": f"block-list {'numbered' if node.numbered else 'plain'}", "id": node.id},
              intro, el(kind, {}, *items))


def _cell_content(ctx: Context, cell: m.Cell, level: int) -> list[Element | str]:
    if len(cell.blocks) == 1 and isinstance(cell.blocks[0], m.P):
        return inlines(ctx, cell.blocks[0].inlines)
    return blocks(ctx, cell.blocks, level)


def table(ctx: Context, node: m.Table, level: int) -> Element:
    """A table with caption, header cells with scope, and a focusable scrolling wrapper for narrow screens."""
    caption_id = f"{node.id}-caption" if node.id else None
    rows = [
        el("tr", {}, *(el("th" if c.header else "td", {"scope": c.scope}, *_cell_content(ctx, c, level)) for c in row))
        for row in node.rows
    ]
    head, body = rows[: node.header_rows], rows[node.header_rows:]
    element = el("table", {"id": node.id},
                 el("caption", {"id": caption_id}, *inlines(ctx, node.caption)) if node.caption else None,
                 el("thead", {}, *head) if head else None,
                 el("tbody", {}, *body) if body else None)
    if ctx.profile.name == "print":
        return element
    return el("div", {"class": "table-wrap", "role": "region", "tabindex": "0",
                      "aria-labelledby": caption_id if node.caption else None}, element)


# ---------------------------------------------------------------- parts of a page


def title_block(ctx: Context) -> Element:
    """The title block: symbol, title (the one h1), date, document type."""
    meta = ctx.doc.meta
    return el("header", {"class": "title-block"},
              el("p", {"class": "symbol"}, meta.symbol) if meta.symbol else None,
              el("h1", {"id": "title"}, meta.title),
              el("p", {"class": "date"}, el("time", {"datetime": meta.date}, meta.date_text)) if meta.date_text else None,
              el("p", {"class": "doc-type"}, meta.doc_type) if meta.doc_type else None)


def contents_list(ctx: Context, entries: tuple[m.ContentsEntry, ...]) -> Element:
    """Nested ordered lists of contents entries, by level."""
    root = el("ol", {})
    stack: list[tuple[int, Element]] = [(0, root)]  # (level, the li or root ol that takes children)
    for entry in entries:
        while stack[-1][0] >= entry.level:
            stack.pop()
        holder = stack[-1][1]
        if holder is not root:
            holder = holder.find("ol") if holder.find("ol") is not None else append(holder, el("ol", {}))[-1]
        item = el("li", {}, el("a", {"href": ctx.profile.href(entry.id)}, entry.label))
        holder.append(item)
        stack.append((entry.level, item))
    return root


def annex_heading(ctx: Context, annex: m.Annex, level: int = 2) -> Element:
    # The space keeps "Annex I Participants" apart where the stylesheet (which sets them as blocks) is not applied.
    return el(f"h{level}", {"id": f"{annex.id}-heading", "class": "annex-heading"},
              el("span", {"class": "annex-number"}, annex.number),
              " " if annex.title else None,
              el("span", {"class": "annex-title"}, annex.title) if annex.title else None)


def annex_section(ctx: Context, annex: m.Annex) -> Element:
    """An annex as a section with its own heading; its sections nest below it."""
    return el("section", {"class": "annex", "id": annex.id, "aria-labelledby": f"{annex.id}-heading"},
              annex_heading(ctx, annex), *blocks(ctx, annex.blocks, 2))


def note_item(ctx: Context, note: m.Note, tag: str = "li") -> Element:
    """One note: its number, its paragraphs, and a link back to its call."""
    back = el("a", {"href": ctx.profile.href(call_id(note)), "role": "doc-backlink", "class": "backlink",
                    "aria-label": ctx.label["back"].format(n=note.number)}, "\u21a9\ufe0e")
    number = el("span", {"class": "note-num"}, str(note.number))
    paragraphs = [el("p", {}, *inlines(ctx, p.inlines)) for p in note.blocks] or [el("p", {})]
    paragraphs[0] = el("p", {}, number, " ", *inlines(ctx, note.blocks[0].inlines) if note.blocks else ())
    append(paragraphs[-1], " ", back)
    return el(tag, {"id": note.id, "class": "note"}, *paragraphs)


def notes_section(ctx: Context, notes: tuple[m.Note, ...]) -> Element | None:
    """The notes after the text, each with its number and a back-link."""
    if not notes:
        return None
    return el("section", {"class": "notes", "role": "doc-endnotes", "aria-labelledby": "notes-heading"},
              el("h2", {"id": "notes-heading"}, ctx.label["notes"]),
              el("ol", {}, *(note_item(ctx, n) for n in notes)))


def description(doc: m.Document) -> str:
    """A one-sentence description for metadata: type, title, date."""
    meta = doc.meta
    parts = [p for p in (meta.doc_type, meta.title) if p]
    text = ": ".join(parts) if len(parts) == 2 else parts[0]
    return f"{text} ({meta.date_text})." if meta.date_text else f"{text}."


def document_title(doc: m.Document) -> str:
    """The title for <title> and document properties: type and title, with the symbol if any."""
    meta = doc.meta
    title = f"{meta.doc_type}: {meta.title}" if meta.doc_type else meta.title
    return f"{title} ({meta.symbol})" if meta.symbol else title


__all__ = ["Context", "Profile", "el", "append", "inlines", "blocks", "plain"]
