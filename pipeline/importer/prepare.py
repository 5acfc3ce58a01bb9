"""The draft made ready for pandoc: revisions and comments checked (and resolved when asked), what pandoc would
lose made plain, every paragraph's Word facts and number taken, and every paragraph marked."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from pipeline.importer import inventory, marks, review
from pipeline.importer.numbering import Numbering, number_paragraphs
from pipeline.importer.package import Package
from pipeline.importer.places import Places, references
from pipeline.importer.report import Refused, Report
from pipeline.importer.word import Paragraph, Styles, facts, languages, w


@dataclass
class Prepared:
    """The prepared draft (bytes for pandoc) and what Word knew that pandoc will not say."""

    data: bytes
    paragraphs: dict[int, Paragraph]
    pictures: dict[str, inventory.Picture]
    bookmarks: dict[str, int]  # bookmark name → the paragraph it marks
    languages: Counter
    styles: Styles
    body_paragraphs: int = 0
    headers_with_text: list[str] = field(default_factory=list)
    marks: list[str | None] = field(default_factory=list)  # each note's custom mark ("*"), in the order of the calls


def _parts(package: Package) -> dict[str, str | None]:
    main = package.main
    return {kind: package.related(main, f"/{kind}")
            for kind in ("footnotes", "endnotes", "comments", "styles", "numbering")}


def prepare(package: Package, track_changes: str | None, report: Report) -> Prepared:
    from pipeline.importer.reading import repack

    main = package.main
    document = package.xml(main)
    body = document.find(w("body"))
    if body is None:
        raise Refused(f"{main} has no body: the file is damaged")
    parts = _parts(package)
    notes = {"footnote": package.xml(parts["footnotes"]) if parts["footnotes"] else None,
             "endnote": package.xml(parts["endnotes"]) if parts["endnotes"] else None}
    places = Places(body, notes, references(body))
    custom = _custom_marks(body)
    stories = [document] + [root for root in notes.values() if root is not None]
    comments = package.xml(parts["comments"]) if parts["comments"] else None
    review.check(stories, comments, places, track_changes, report)
    if track_changes:
        review.resolve(stories, track_changes)
        review.drop_comments(stories)
    for part in stories:
        inventory.alternate_content(part)
        inventory.simple_fields(part)
        inventory.fields(part, places, report)
        inventory.hidden_text(part, places, report)
        inventory.text_boxes(part, places, report)
        inventory.shapes(part, places, report)
        inventory.equations(part, places, report)
        inventory.chunks(part, places, report)
    pictures = inventory.pictures(package, main, document, places, report)
    for kind, root in notes.items():
        if root is not None:
            pictures.update(inventory.pictures(package, parts[f"{kind}s"], root, places, report))
    _private_characters(stories, places, report)

    styles_root = package.xml(parts["styles"]) if parts["styles"] else None
    styles = Styles(styles_root)
    numbering_root = package.xml(parts["numbering"]) if parts["numbering"] else None
    paragraphs: dict[int, Paragraph] = {}
    index = 0
    story: list[tuple[etree._Element, Paragraph]] = []
    for paragraph in body.iter(w("p")):
        index += 1
        story.append((paragraph, facts(styles, paragraph, index, places.names.get(paragraph, "a paragraph"))))
    number_paragraphs(Numbering(numbering_root, styles, styles_root), [f for _, f in story])
    bookmarks = _bookmarks(body, {p: f for p, f in story})
    for kind, root in notes.items():
        numbering = Numbering(numbering_root, styles, styles_root)  # notes number their own lists
        for note in root.iter(w(kind)) if root is not None else ():
            if note.get(w("type")) not in (None, "normal"):
                continue
            in_note = []
            for paragraph in note.iter(w("p")):
                index += 1
                found = facts(styles, paragraph, index, places.names.get(paragraph, kind))
                found.note = (kind, note.get(w("id"), ""))
                in_note.append(found)
                story.append((paragraph, found))
            number_paragraphs(numbering, in_note)
    for paragraph, found in story:
        paragraphs[found.index] = found
        marks.mark(paragraph, found.index)
    changed = {main: document}
    changed.update({parts[f"{k}s"]: root for k, root in notes.items() if root is not None})
    return Prepared(repack(package, changed), paragraphs, pictures, bookmarks, languages(styles, body), styles,
                    places.body_count, marks=custom)


def _custom_marks(body: etree._Element) -> list[str | None]:
    """Each note reference's custom mark (Word's customMarkFollows: the mark is the text after the reference),
    taken out of the text, where it is no word of the document; None for a note Word numbers itself."""
    out: list[str | None] = []
    for reference in body.iter(w("footnoteReference"), w("endnoteReference")):
        mark = None
        if reference.get(w("customMarkFollows")) in ("1", "true", "on"):
            following = reference.getnext()
            if following is None and reference.getparent() is not None:  # the mark in the next run
                run = reference.getparent().getnext()
                following = run.find(w("t")) if run is not None else None
            if following is not None and following.tag == w("t") and (following.text or "").strip():
                mark = following.text.strip()
                following.getparent().remove(following)
        out.append(mark)
    return out


def _bookmarks(body: etree._Element, by_paragraph: dict[etree._Element, Paragraph]) -> dict[str, int]:
    """Each bookmark's paragraph: the one it starts in, or the next one when it starts between paragraphs."""
    out: dict[str, int] = {}
    waiting: list[str] = []
    for node in body.iter(w("p"), w("bookmarkStart")):
        if node.tag == w("p"):
            for name in waiting:
                out.setdefault(name, by_paragraph[node].index)
            waiting = []
            continue
        name = node.get(w("name"), "")
        paragraph = next(node.iterancestors(w("p")), None)
        if paragraph is not None and paragraph in by_paragraph:
            out.setdefault(name, by_paragraph[paragraph].index)
        else:
            waiting.append(name)
    return out


def _private_characters(stories: list[etree._Element], places: Places, report: Report) -> None:
    """Characters of the supplementary private use planes: no font shows them, and the marks use them."""
    for part in stories:
        for text in part.iter(w("t")):
            if text.text and marks.PRIVATE.search(text.text):
                where, context = places.of(text)
                report.refuse(f"a private-use character U+{ord(marks.PRIVATE.search(text.text).group()):05X}, "
                              "which no font can show: replace it by the character it stands for", where, context)
