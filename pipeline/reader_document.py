"""A whole file as a Document: the document type's parts (front matter, body, back matter) in order, its attachments
and components as annexes, the title that heads it, and its notes in the order of their calls."""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from pipeline import ids as id_map
from pipeline import kinds, reader_meta, walk
from pipeline import model as m
from pipeline.reader import Reader, local
from pipeline.schema import AKN_NS
from pipeline.transforms import label, plain

FRONT = frozenset({"coverPage", "preface", "preamble", "header"})
BACK = frozenset({"conclusions"})
ANNEXES = frozenset({"attachments", "components"})
#: Words that name the title of a document in its front matter, the first found heading the edition.
TITLES = ("docTitle", "shortTitle")


def read(name: str, tree: etree._ElementTree) -> m.Document:
    """The model of a schema-valid tree."""
    root = tree.getroot()
    ids = id_map.collect(root)
    notes = {ids_eid: note for note in root.iter(f"{{{AKN_NS}}}note")
             if (ids_eid := note.get("eId")) and note.getparent() is not None and local(note.getparent()) == "notes"}
    reader = Reader(ids, notes, label_join=reader_meta.LABEL_JOINS.get(
        reader_meta.language_of(id_map.scopes(root)[0])[1].split("-")[0], ": "))
    scopes = id_map.scopes(root)
    main = scopes[0]
    front, body, back, annexes = _parts(reader, main, 1)
    for component in scopes[1:]:  # components that follow the document at the top: annexes of it
        annexes += _annex(reader, component, 1)
    front, title, title_id = _titled(front, body)
    if title is None:
        body, title, title_id = _titled_body(body)
    meta = reader_meta.metadata(main, title or reader_meta.fallback_title(main))
    return m.Document(name, meta, front, body, back, tuple(annexes), tuple(reader.notes), title_id)


def _parts(reader: Reader, document: etree._Element, level: int):
    """(front, body, back, annexes) of a document element, each read in document order."""
    front: list[m.Block] = []
    body: list[m.Block] = []
    back: list[m.Block] = []
    annexes: list[m.Annex] = []
    for part in document:
        name = local(part)
        if not name or name == "meta":
            continue
        if name in ANNEXES:
            for container in part:
                if local(container) in ("attachment", "component"):
                    annexes.extend(_annex(reader, container, level))
        elif name in FRONT:
            front.extend(reader.block(part))
        elif name in BACK:
            back.extend(reader.block(part))
        else:
            body.extend(reader.block(part))
    return tuple(front), tuple(body), tuple(back), annexes


def _annex(reader: Reader, container: etree._Element, level: int) -> list[m.Annex]:
    """An attachment or component, with the annexes of the document it holds after it (one level down)."""
    head = reader.head(container)
    heading = tuple(head[n] for n in ("num", "heading", "subheading") if n in head)
    blocks: list[m.Block] = []
    nested: list[m.Annex] = []
    documents = [c for c in container if local(c) in kinds.DOCUMENTS]
    for index, child in enumerate(c for c in container if local(c)):
        if index < len(head):
            continue
        if local(child) in kinds.DOCUMENTS:
            front, body, back, inner = _parts(reader, child, level + 1)
            if not heading:
                heading, front = _heading_from(front)
            blocks.extend((*front, *body, *back))
            nested.extend(inner)
        else:
            blocks.extend(reader.block(child))
    label = reader.label_join.join(_text(p) for p in heading if _text(p)) or _fallback(container, documents)
    attr = reader.attr(container)
    if attr.id is None:
        attr = replace(attr, id=reader.ids.fresh(f"annex_{len(reader.ids.used)}"))
    return [m.Annex(attr, heading, tuple(blocks), level, label), *nested]


def _heading_from(front: tuple[m.Block, ...]) -> tuple[tuple[m.Para, ...], tuple[m.Block, ...]]:
    """An annex's heading from its own preface, when the preface is a few lines of text ("Annex I", a title)."""
    if front and isinstance(front[0], m.Group) and front[0].attr.name == "preface":
        lines = front[0].blocks
        if 0 < len(lines) <= 3 and all(isinstance(b, m.Para) for b in lines):
            return tuple(lines), front[1:]
    return (), front


def _fallback(container: etree._Element, documents: list[etree._Element]) -> str:
    """A name for an annex whose source gives it no heading: its document's title, as the metadata has it."""
    if documents:
        return reader_meta.fallback_title(documents[0])
    return container.get("showAs") or local(container)


def _text(para: m.Para) -> str:
    return " ".join(plain(para.inlines).split())


def _titled(front: tuple[m.Block, ...], body: tuple[m.Block, ...]
            ) -> tuple[tuple[m.Block, ...], str | None, str | None]:
    """(front matter, title, id of the paragraph that holds it). The title is the front matter's docTitle, else its
    shortTitle, else its long title, else its first line; that paragraph is marked (id "title" if it has none) and
    the editions set it as the page's heading. Without front matter, the first heading of the body names the
    document (the editions then write a heading of their own) and no paragraph is marked."""
    paragraphs = [b for b in walk.blocks(front) if isinstance(b, m.Para)]
    for name in TITLES:
        for para in paragraphs:
            phrase = next((n for n in walk.inlines(para.inlines) if isinstance(n, m.Phrase) and n.attr.name == name
                           and plain(n.children).strip()), None)
            if phrase is not None:
                return _mark(front, para, plain(phrase.children))
    long_titles = [b for b in walk.blocks(front) if isinstance(b, m.Group) and b.attr.name == "longTitle"]
    candidates = [p for g in long_titles for p in walk.blocks(g.blocks) if isinstance(p, m.Para)] + paragraphs
    for para in candidates:
        if plain(para.inlines).strip():
            return _mark(front, para, plain(para.inlines))
    return front, None, None


def _titled_body(body: tuple[m.Block, ...]) -> tuple[tuple[m.Block, ...], str | None, str | None]:
    """Without a title in the front matter (a portion of an act, say), the first heading of the body is the
    document's title, and the editions set it as the page's heading."""
    unit = next((b for b in walk.blocks(body) if isinstance(b, m.Hier) and b.heading is not None and label(b)), None)
    if unit is None:
        return body, None, None
    heading = unit.heading if unit.heading.attr.id else replace(unit.heading, attr=replace(unit.heading.attr, id="title"))
    changed = walk.map_blocks(body, lambda b: None, lambda p: heading if p is unit.heading else p)
    return changed, label(unit), heading.attr.id


def _mark(front: tuple[m.Block, ...], target: m.Para, title: str):
    title = " ".join(title.split())
    if target.attr.id is not None:
        return front, title, target.attr.id
    marked = replace(target, attr=replace(target.attr, id="title"))

    def change(block: m.Block):
        return (marked,) if block is target else None

    return walk.map_blocks(front, change, lambda p: marked if p is target else p), title, "title"
