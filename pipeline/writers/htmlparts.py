"""The HTML building blocks shared by the web, print (PDF) and EPUB profiles: one function per kind of node, the
element's name kept as a class (akn-NAME) and its semantics as the tag where HTML has one. Trees are built with
lxml, never strings."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from pipeline import TEMPLATES
from pipeline import model as m
from pipeline.roles import editorial, removed, sole_phrase, split_front
from pipeline.transforms import plain

Element = etree._Element

#: Inline elements that HTML has a tag for; every other one is a span. Each keeps its name as akn-NAME.
PHRASE_TAGS = {"abbr": "abbr", "date": "time", "time": "time", "docTitle": "cite", "def": "dfn", "ins": "ins",
               "del": "del"}  # not q for quotedText: the source writes its quotation marks itself
#: Block quotations of the source (other block runs are divisions).
QUOTATIONS = frozenset({"quotedStructure", "embeddedStructure"})
STYLED = {"b": "b", "i": "i", "u": "u", "sup": "sup", "sub": "sub"}
#: The class of words the edition writes where the source has none (a title taken from the metadata): they are no
#: text of the source, and the parity checks leave them out.
GENERATED = "generated"


@lru_cache(maxsize=None)
def labels(lang: str) -> dict[str, str]:
    """Interface words (Contents, Notes, Footnote 1 …) in the document's language, English as fallback."""
    table = json.loads((TEMPLATES / "labels.json").read_text(encoding="utf-8"))
    return {**table["en"], **table.get(lang.split("-")[0], {})}


def language_name(lang: str) -> str:
    """A language's name in itself (Français, العربية …), or its tag when the labels do not know it."""
    table = json.loads((TEMPLATES / "labels.json").read_text(encoding="utf-8"))
    return table.get(lang.split("-")[0], {}).get("language_name", lang)


def template(*parts: str) -> bytes:
    """A file of templates/, as bytes."""
    return (TEMPLATES.joinpath(*parts)).read_bytes()


@dataclass(frozen=True)
class Profile:
    """What differs between the profiles: where an internal target lives, what stands at a footnote call, where a
    picture is read from."""

    name: str
    href: Callable[[str], str] = lambda target: "#" + target
    note_call: Callable[["Context", m.Note], Element] | None = None
    picture: Callable[[str], str] = lambda src: src


@dataclass
class Context:
    """The document being written, the profile writing it, and where in it the writing is."""

    doc: m.Document
    profile: Profile
    offset: int = 1  # heading level of a unit of level 1, less one: h2 in the body of a page whose h1 is the title
    in_note: bool = False
    unnamed_tables: list[int] = field(default_factory=lambda: [0])  # shared by the contexts of one page
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


def classes(attr: m.Attr, *extra: str | None) -> str | None:
    """akn-NAME, the extra classes, and what the element's status says."""
    names = [f"akn-{attr.name}"] if attr.name else []
    names += [e for e in extra if e]
    if removed(attr):
        names.append("removed")
    return " ".join(names) or None


def _data(attr: m.Attr) -> dict[str, str | None]:
    """Source attributes worth keeping in the page: what an element refers to, its status, and the language of a
    passage in another language than the document's (xml:lang), which a screen reader then pronounces as such."""
    return {"data-refers-to": attr.get("refersTo"), "data-status": attr.get("status"), "lang": attr.get("lang")}


# ---------------------------------------------------------------- inlines


def inlines(ctx: Context, nodes: tuple[m.Inline, ...]) -> list[Element | str]:
    """HTML for a run of inlines."""
    return [inline(ctx, node) for node in nodes]


def inline(ctx: Context, node: m.Inline) -> Element | str:
    if isinstance(node, m.Text):
        return node.text
    if isinstance(node, m.Styled):
        return el(STYLED[node.kind], {}, *inlines(ctx, node.children))
    if isinstance(node, m.Phrase):
        return phrase(ctx, node)
    if isinstance(node, m.Link):
        return link(ctx, node)
    if isinstance(node, m.NoteCall):
        note = ctx.doc.note(node.note_id)
        return (ctx.profile.note_call or note_call)(ctx, note)
    if isinstance(node, m.Break):
        if node.attr.name != "br":  # the end of a line or page of the original (eol, eop): a mark, not a break
            return el("span", {"class": classes(node.attr), "id": node.attr.id})
        return el("br", {"class": classes(node.attr), "id": node.attr.id})
    if isinstance(node, m.Image):
        return el("img", {"src": ctx.profile.picture(node.src), "alt": node.alt, "class": classes(node.attr),
                          "id": node.attr.id})
    raise TypeError(f"no HTML for inline {type(node).__name__}")


def phrase(ctx: Context, node: m.Phrase) -> Element:
    attr = node.attr
    tag = PHRASE_TAGS.get(attr.name, "span")
    attrs = {"class": classes(attr, "editorial-note" if editorial(attr) else None), "id": attr.id, **_data(attr)}
    if tag == "abbr":
        attrs["title"] = attr.get("title") or None
    elif tag == "time":
        attrs["datetime"] = attr.get("date") or attr.get("time") or None
    return el(tag, attrs, *inlines(ctx, node.children))


def link(ctx: Context, node: m.Link) -> Element:
    attr = node.attr
    if node.target is not None:
        href = ctx.profile.href(node.target)
    elif node.href is not None:
        href = node.href
    else:  # a reference to what is not in this edition: its text, with the reference kept
        return el("span", {"class": classes(attr, "reference"), "id": attr.id,
                           "data-href": attr.get("href") or attr.get("src") or attr.get("from")},
                  *inlines(ctx, node.children))
    return el("a", {"href": href, "class": classes(attr), "id": attr.id}, *inlines(ctx, node.children))


def call_id(note: m.Note) -> str:
    """The id of a footnote's call, so the note can link back to it."""
    return f"ref-{note.id}"


def note_call(ctx: Context, note: m.Note) -> Element:
    """A footnote call: a link to the note, named "Footnote N" for screen readers."""
    return el("a", {"href": ctx.profile.href(note.id), "id": call_id(note), "class": "noteref",
                    "role": "doc-noteref", "aria-label": ctx.label["note_call"].format(n=note.marker)},
              el("sup", {}, note.marker))


# ---------------------------------------------------------------- blocks


def blocks(ctx: Context, nodes: tuple[m.Block, ...]) -> list[Element]:
    """HTML for a run of blocks."""
    return [block(ctx, node) for node in nodes]


def block(ctx: Context, node: m.Block) -> Element:
    if isinstance(node, m.Para):
        return para(ctx, node)
    if isinstance(node, m.Hier):
        return hier(ctx, node)
    if isinstance(node, m.Group):
        return el("div", {"class": classes(node.attr), "id": node.attr.id, **_data(node.attr)},
                  *blocks(ctx, node.blocks))
    if isinstance(node, m.ItemList):
        return item_list(ctx, node)
    if isinstance(node, m.Table):
        return table(ctx, node)
    if isinstance(node, m.Quoted):
        tag = "blockquote" if node.attr.name in QUOTATIONS else "div"
        return el(tag, {"class": classes(node.attr, "quoted"), "id": node.attr.id}, *blocks(ctx, node.blocks))
    raise TypeError(f"no HTML for block {type(node).__name__}")


def is_title(ctx: Context, node: m.Para | None) -> bool:
    """Whether a paragraph is the one the page's h1 is made of."""
    return node is not None and node.attr.id is not None and node.attr.id == ctx.doc.title_id and not ctx.in_note


def para(ctx: Context, node: m.Para, tag: str = "p") -> Element:
    attr = node.attr
    if tag == "p" and is_title(ctx, node):
        tag = "h1"
    only = sole_phrase(node)
    return el(tag, {"class": classes(attr, "continued" if node.continued else None, f"only-{only}" if only else None),
                    "id": attr.id, **_data(attr)}, *inlines(ctx, node.inlines))


def heading_tag(ctx: Context, level: int) -> tuple[str, dict[str, str]]:
    """h2 … h6 for a heading of this level; deeper levels are headings by their role."""
    rank = level + ctx.offset
    if ctx.in_note:
        return "p", {}
    if rank <= 6:
        return f"h{rank}", {}
    return "p", {"role": "heading", "aria-level": str(rank)}


def hier(ctx: Context, node: m.Hier) -> Element:
    """A headed unit is a section under its heading (number and heading together); a unit with a number only is a
    numbered block, its number hanging; any other unit is a division."""
    attr = node.attr
    content = blocks(ctx, node.blocks)
    if node.headed:
        tag, extra = ("h1", {}) if is_title(ctx, node.heading) else heading_tag(ctx, node.level)
        heading_id = f"{attr.id}-heading" if attr.id else None
        parts: list[Element | str] = []
        for part in (node.num, node.heading or node.subheading):
            if part is not None:
                if parts:
                    parts.append(" ")
                parts.append(para(ctx, part, "span"))
        heading = el(tag, {"id": heading_id, "class": "unit-heading", **extra}, *parts)
        sub = para(ctx, node.subheading) if node.heading is not None and node.subheading is not None else None
        if tag == "p":  # below h6, or in a note: a division, its heading a heading by role (a section needs an hN)
            return el("div", {"class": classes(attr), "id": attr.id, **_data(attr)}, heading, sub, *content)
        return el("section", {"class": classes(attr), "id": attr.id, "aria-labelledby": heading_id, **_data(attr)},
                  heading, sub, *content)
    if node.num is not None:
        number = el("span", {"class": "num", "id": node.num.attr.id}, *inlines(ctx, node.num.inlines))
        if attr.id and not ctx.in_note:
            number = el("a", {"class": "num", "id": node.num.attr.id, "href": "#" + attr.id,
                              "aria-label": ctx.label["paragraph"].format(num=plain(node.num.inlines).strip())},
                        *inlines(ctx, node.num.inlines))
        return el("div", {"class": classes(attr, "paragraph"), "id": attr.id, **_data(attr)}, number,
                  el("div", {"class": "paragraph-content"}, *content))
    return el("div", {"class": classes(attr), "id": attr.id, **_data(attr)}, *content)


def item_list(ctx: Context, node: m.ItemList) -> Element:
    """A list keeps the source's numbers ("(a)", "(i)") as text, so every format shows the same; an HTML-like
    ol numbers itself."""
    items = []
    for item in node.items:
        number = el("span", {"class": "num", "id": item.num.attr.id}, *inlines(ctx, item.num.inlines)) \
            if item.num is not None else None
        heading = para(ctx, item.heading) if item.heading is not None else None
        items.append(el("li", {"id": item.attr.id, "class": classes(item.attr), **_data(item.attr)}, number,
                        el("div", {"class": "item-content"}, heading, *blocks(ctx, item.blocks))))
    native = node.attr.name == "ol" and not any(item.num for item in node.items)
    kind = "ol" if node.numbered else "ul"
    listing = el(kind, {"class": "native" if native else None}, *items)
    shape = "native" if native else "numbered" if node.numbered else "plain"
    intro = para(ctx, node.intro) if node.intro else None
    if intro is not None:
        intro.set("class", " ".join(filter(None, ("list-intro", intro.get("class")))))
    wrap_up = para(ctx, node.wrap_up) if node.wrap_up else None
    return el("div", {"class": classes(node.attr, "block-list", shape), "id": node.attr.id}, intro, listing, wrap_up)


def _cell_content(ctx: Context, cell: m.Cell) -> list[Element | str]:
    if len(cell.blocks) == 1 and isinstance(cell.blocks[0], m.Para) and cell.blocks[0].attr.id is None:
        return inlines(ctx, cell.blocks[0].inlines)
    return blocks(ctx, cell.blocks)


def table(ctx: Context, node: m.Table) -> Element:
    """A table with caption, header cells with scope, and a focusable scrolling wrapper for narrow screens."""
    tid = node.attr.id
    caption_id = f"{tid}-caption" if tid else None
    _, lacking = m.grid(node.rows)
    rows = [
        el("tr", {}, *(el("th" if c.header else "td", {
            "scope": c.scope, "colspan": str(c.colspan) if c.colspan > 1 else None,
            "rowspan": str(c.rowspan) if c.rowspan > 1 else None, "id": c.attr.id, "class": classes(c.attr)},
            *_cell_content(ctx, c)) for c in row), *(el("td", {}) for _ in range(lacking[index])))
        for index, row in enumerate(node.rows)
    ]
    heads = node.header_rows
    caption = None
    if node.caption is not None:
        caption = el("caption", {"id": caption_id, "class": classes(node.caption.attr)},
                     *inlines(ctx, node.caption.inlines))
    element = el("table", {"id": tid, "class": classes(node.attr)}, caption,
                 el("thead", {}, *rows[:heads]) if heads else None,
                 el("tbody", {}, *rows[heads:]) if rows[heads:] else None)
    if ctx.profile.name == "print":
        return element
    name = None
    if node.caption is None:  # a region needs a name of its own: "Table 2"
        ctx.unnamed_tables[0] += 1
        name = f"{ctx.label['table']} {ctx.unnamed_tables[0]}"
    return el("div", {"class": "table-wrap", "role": "region", "tabindex": "0",
                      "aria-labelledby": caption_id if node.caption is not None else None, "aria-label": name},
              element)


# ---------------------------------------------------------------- parts of a page


def title_block(ctx: Context) -> Element:
    """The title block: the cover page and preface as the source has them, the title line set as the page's h1
    (an h1 of the document's title when no line of the source holds it)."""
    title, _ = split_front(ctx.doc)
    generated = el("h1", {"id": "title", "class": GENERATED}, ctx.doc.meta.title) if ctx.doc.title_id is None else None
    return el("header", {"class": "title-block"}, generated, *blocks(ctx, title))


def front_text(ctx: Context) -> list[Element]:
    """The front matter that is not title block (a preamble, say), as text."""
    return blocks(ctx, split_front(ctx.doc)[1])


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
    """The heading of an annex: its lines ("Annex I", its title), each a span the stylesheet sets as a line; the
    name the edition gives it when the source gives none."""
    tag = f"h{min(level, 6)}"
    lines: list[Element | str] = []
    for index, line in enumerate(annex.heading):
        if index:
            lines.append(" ")  # keeps "Annex I Participants" apart where the stylesheet is not applied
        only = sole_phrase(line)
        lines.append(el("span", {"class": classes(line.attr, "annex-number" if index == 0 else "annex-title",
                                                  f"only-{only}" if only else None), "id": line.attr.id},
                        *inlines(ctx, line.inlines)))
    if not lines:
        lines = [el("span", {"class": f"annex-title {GENERATED}"}, annex.label)]
    return el(tag, {"id": f"{annex.id}-heading", "class": "annex-heading"}, *lines)


def annex_section(ctx: Context, annex: m.Annex) -> Element:
    """An annex as a section with its own heading; its units' headings nest below it."""
    inner = Context(ctx.doc, ctx.profile, offset=annex.level + 1, unnamed_tables=ctx.unnamed_tables)
    return el("section", {"class": classes(annex.attr, "annex"), "id": annex.id,
                          "aria-labelledby": f"{annex.id}-heading"},
              annex_heading(ctx, annex, annex.level + 1), *blocks(inner, annex.blocks))


def note_blocks(ctx: Context, note: m.Note) -> list[Element]:
    """A note's blocks, in the context of a note (no headings of the page's outline)."""
    return blocks(Context(ctx.doc, ctx.profile, ctx.offset, in_note=True, unnamed_tables=ctx.unnamed_tables),
                  note.blocks)


def note_item(ctx: Context, note: m.Note, tag: str = "li") -> Element:
    """One note: its marker, its blocks, and a link back to its call."""
    back = el("a", {"href": ctx.profile.href(call_id(note)), "role": "doc-backlink", "class": "backlink",
                    "aria-label": ctx.label["back"].format(n=note.marker)}, "\u21a9\ufe0e")
    number = el("span", {"class": "note-num"}, note.marker)
    parts = note_blocks(ctx, note)
    if parts and parts[0].tag == "p":
        first = parts[0]
        number.tail, first.text = " " + (first.text or ""), None
        first.insert(0, number)
    else:
        parts.insert(0, el("p", {}, number))
    last = parts[-1]
    if last.tag != "p":
        parts.append(el("p", {}))
        last = parts[-1]
    append(last, " ", back)
    return el(tag, {"id": note.id, "class": "note"}, *parts)


def notes_section(ctx: Context, notes: tuple[m.Note, ...]) -> Element | None:
    """The notes after the text, each with its marker and a back-link."""
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
