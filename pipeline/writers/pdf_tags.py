"""Finishing WeasyPrint's tagged PDF with pikepdf where the engine falls short: running heads and page numbers become
artifacts, footnotes become Note elements (with an ID, their paragraphs P, their number Lbl), and every link gets a
description a person can understand. Each change is checked against what the document says should be there;
anything unexpected raises instead of producing a wrong tag tree.
"""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from pipeline import model as m
from pipeline import walk
from pipeline.transforms import plain
from pipeline.writers.htmlparts import labels

#: How WeasyPrint 70 (through pydyf) opens a marked-content sequence for a run of text.
_MARKED = re.compile(rb"/Span\n<</MCID (\d+)>>\nBDC")
_ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"


class TaggingError(RuntimeError):
    """The tag tree is not shaped as expected: nothing is guessed."""


def _kids(element: Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _document(pdf: pikepdf.Pdf) -> Dictionary:
    kids = _kids(pdf.Root.StructTreeRoot)
    if len(kids) != 1 or kids[0].get("/S") != Name.Document:
        raise TaggingError("the structure tree has no single Document element")
    return kids[0]


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _artifacts(pdf: pikepdf.Pdf, document: Dictionary, tree: dict[int, pikepdf.Object]) -> int:
    """Marked content whose structure element hangs outside the tree (WeasyPrint's margin boxes: running heads
    and page numbers) is re-marked as a pagination artifact and leaves the parent tree. Returns how many."""
    document_id = document.objgen
    top = {kid.objgen for kid in _kids(document)}
    reachable: dict[tuple[int, int], bool] = {}

    def in_tree(element: Dictionary) -> bool:
        chain = []
        while element.objgen not in reachable:
            parent = element.get("/P")
            if parent is None:
                reachable[element.objgen] = False
                break
            if parent.objgen == document_id:
                reachable[element.objgen] = element.objgen in top
                break
            chain.append(element)
            element = parent
        verdict = reachable[element.objgen]
        for node in chain:
            reachable[node.objgen] = verdict
        return verdict

    total = 0
    for index, page in enumerate(pdf.pages):
        marks = tree.get(index)
        if marks is None:
            continue
        outside = {mcid for mcid, element in enumerate(marks)
                   if isinstance(element, Dictionary) and not in_tree(element)}
        if not outside:
            continue
        content = page.obj.Contents
        if isinstance(content, Array):
            raise TaggingError(f"page {index + 1} has several content streams")
        data = content.read_bytes()
        found: set[int] = set()

        def remark(match: re.Match) -> bytes:
            mcid = int(match.group(1))
            if mcid in outside:
                found.add(mcid)
                return _ARTIFACT
            return match.group(0)

        data = _MARKED.sub(remark, data)
        if found != outside:
            raise TaggingError(f"page {index + 1}: marked content {sorted(outside - found)} not found")
        content.write(data)  # compressed again on save
        for mcid in outside:
            marks[mcid] = None
        while len(marks) and marks[len(marks) - 1] is None:
            del marks[len(marks) - 1]
        total += len(outside)
    return total


def _destination_pages(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Named destination -> page index."""
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    return {str(name): pages[dest[0].objgen] for name, dest in pikepdf.NameTree(names.Dests).items()}


def _retag(element: Dictionary, tag: Name) -> None:
    element.S = tag


def _notes(pdf: pikepdf.Pdf, document: Dictionary, doc: m.Document) -> int:
    """Each footnote, a Span in an untyped group at the foot of its page, becomes a Note with its ID;
    its paragraphs become P and its number Lbl. Returns how many notes were tagged."""
    if not doc.notes:
        return 0
    pages = _destination_pages(pdf)
    by_page: dict[int, list[m.Note]] = {}
    for note in doc.notes:
        if note.id not in pages:
            raise TaggingError(f"footnote {note.number} has no destination in the PDF")
        by_page.setdefault(pages[note.id], []).append(note)
    page_index = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    areas = {}
    for kid in _kids(document):
        if kid.get("/S") == Name.NonStruct and "/Pg" in kid:
            areas.setdefault(page_index[kid.Pg.objgen], []).append(kid)
    tagged = 0
    for index, notes in sorted(by_page.items()):
        candidates = [area for area in areas.get(index, []) if len(_kids(area)) == len(notes)]
        if len(candidates) != 1:
            raise TaggingError(f"page {index + 1}: no footnote area holding its {len(notes)} note(s)")
        for element, note in zip(_kids(candidates[0]), notes):
            _note(element, note)
            tagged += 1
    return tagged


def _note(element: Dictionary, note: m.Note) -> None:
    """Span(note) -> Note; its empty marker wrapper goes; Span(paragraph) -> P; the number -> Lbl."""
    if element.get("/S") != Name.Span:
        raise TaggingError(f"footnote {note.number} is tagged {element.get('/S')}, not a Span")
    element.S = Name.Note
    element.ID = String(note.id)
    kids = [kid for kid in _kids(element) if not _empty(kid)]
    expected = len(note.blocks) + (not note.blocks or not isinstance(note.blocks[0], m.Para))
    if len(kids) != expected:
        raise TaggingError(f"footnote {note.number}: {len(kids)} parts for {expected} block(s)")
    element.K = Array(kids)
    for paragraph in kids:
        _retag(paragraph, Name.P)
    number = _kids(kids[0])[0]
    if number.get("/S") != Name.Span:
        raise TaggingError(f"footnote {note.number}: no number at the start of the note")
    _retag(number, Name.Lbl)


def _empty(element) -> bool:
    """A structure element with no content anywhere below it (WeasyPrint's empty ::footnote-marker)."""
    if not isinstance(element, Dictionary):
        return False
    if element.get("/Type") == Name.OBJR:
        return False
    return all(_empty(kid) for kid in _kids(element))


def link_descriptions(doc: m.Document) -> dict[str, str]:
    """What each internal target is, for the Contents of the links that lead there."""
    label = labels(doc.meta.lang)
    out = {note.id: label["note_call"].format(n=note.marker) for note in doc.notes}
    for block in walk.document_blocks(doc, notes=False):
        if isinstance(block, m.Hier) and block.num is not None and not block.headed and block.attr.id:
            out[block.attr.id] = label["paragraph"].format(num=" ".join(plain(block.num.inlines).split()))
    out.update({entry.id: entry.label for entry in doc.contents})
    return out


def _links(pdf: pikepdf.Pdf, doc: m.Document) -> int:
    """Link annotations: WeasyPrint describes them by their raw target ("fn_3"); say where they lead."""
    described = link_descriptions(doc)
    label = labels(doc.meta.lang)
    count = 0
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != Name.Link:
                continue
            if "/Dest" in annotation:
                target = str(annotation.Dest)
                annotation.Contents = String(described.get(target, label["go_to"].format(target=target)))
            elif "/A" in annotation and "/URI" in annotation.A:
                annotation.Contents = String(label["link_to"].format(url=annotation.A.URI))
            count += 1
    return count


def apply(pdf: pikepdf.Pdf, doc: m.Document) -> None:
    """The finishing, in place on an open PDF (the print master goes on finishing it)."""
    if "/StructTreeRoot" in pdf.Root:
        document = _document(pdf)
        _artifacts(pdf, document, _parent_tree(pdf))
        _notes(pdf, document, doc)
    _links(pdf, doc)


def finish(data: bytes, doc: m.Document) -> bytes:
    """The finished PDF; the same input gives the same bytes."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        apply(pdf, doc)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True)
        return out.getvalue()
