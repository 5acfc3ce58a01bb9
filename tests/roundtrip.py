"""Comparing a source with the source imported back from its DOCX edition: text units, footnotes, list numbers,
tables and annexes; and the expected text taken from the DOCX's own XML, not from pandoc's reading of it."""

from __future__ import annotations

from pathlib import Path

from pipeline import model as m
from pipeline import parity, sourcetext, walk
from pipeline.cli import main
from pipeline.extract import _word_text, docx_text
from pipeline.loader import load
from pipeline.transforms import plain
from pipeline.writers import Options
from pipeline.writers import docx as writer


def _clean(units: list[str]) -> list[str]:
    """Soft hyphens are dropped on import, by design."""
    return [u.replace("\u00ad", "") for u in units if u.replace("\u00ad", "").strip()]


def _blocks(doc: m.Document) -> list[tuple[m.Block, ...]]:
    return [doc.front + doc.body + doc.back] + [a.blocks for a in doc.annexes]


def list_numbers(doc: m.Document) -> list[list[str | None]]:
    return [[plain(item.num.inlines) if item.num else None for item in block.items]
            for blocks in _blocks(doc) for block in walk.blocks(blocks) if isinstance(block, m.ItemList)]


def numbers(doc: m.Document) -> list[str]:
    """Every number as written of a numbered paragraph or a list item, in reading order, whatever holds it: a
    source's point (a) may come back as a list's item (a). (A heading's number stays in its heading's text.)"""
    out = []
    for blocks in _blocks(doc):
        for block in walk.blocks(blocks):
            if isinstance(block, m.Hier) and block.num is not None and not block.headed:
                out.append(_words(plain(block.num.inlines)))
            elif isinstance(block, m.ItemList):
                out.extend(_words(plain(i.num.inlines)) for i in block.items if i.num is not None)
    return out


def _words(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def tables(doc: m.Document) -> list:
    """Each table's caption and cells, each cell with whether it is a header. Word knows header rows, not header
    cells in the other rows (a row's own label): those are compared as cells."""
    def cell(c: m.Cell, head: bool) -> tuple:
        return head, " ".join(_words(plain(b.inlines)) for b in walk.blocks(c.blocks) if isinstance(b, m.Para))

    return [(_words(plain(t.caption.inlines)) if t.caption else "",
             [[cell(c, i < t.header_rows) for c in row] for i, row in enumerate(t.rows)])
            for blocks in _blocks(doc) for t in walk.blocks(blocks) if isinstance(t, m.Table)]


def differences(original: Path, imported: Path) -> list[str]:
    """Everything the import changed that it must not, read from the two sources: empty when the round trip holds."""
    before, after = sourcetext.read(original), sourcetext.read(imported)
    a, b = _clean(before.body()), _clean(after.body())
    problems = [f"text: {p}" for p in parity.problems(a, " ".join(b))]
    problems += [f"text (extra): {p}" for p in parity.problems(b, " ".join(a))]
    if _clean(before.note_units()) != _clean(after.note_units()):
        problems.append(f"footnotes: {before.note_units()} != {after.note_units()}")
    if before.markers() != after.markers():
        problems.append("footnote markers differ")
    first, second = load(original), load(imported)
    if numbers(first) != numbers(second):
        problems.append(f"numbers: {numbers(first)} != {numbers(second)}")
    if tables(first) != tables(second):
        problems.append(f"tables: {tables(first)} != {tables(second)}")
    if [_words(a.label) for a in first.annexes] != [_words(a.label) for a in second.annexes]:
        problems.append("annexes differ")
    return problems


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def draft_text(docx: bytes) -> tuple[str, str]:
    """The body's text and the notes' text (footnotes and endnotes, in the order of their references), read from
    the draft's XML with lxml: w:t, tabs, breaks."""
    import io
    import zipfile

    from lxml import etree

    body, _ = docx_text(docx)
    parts = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        for kind in ("footnote", "endnote"):
            if f"word/{kind}s.xml" in archive.namelist():
                root = etree.fromstring(archive.read(f"word/{kind}s.xml"))
                parts[kind] = {n.get(f"{W}id"): n for n in root.iter(f"{W}{kind}")}
    notes = []
    for ref in document.iter(f"{W}footnoteReference", f"{W}endnoteReference"):
        kind = "footnote" if ref.tag == f"{W}footnoteReference" else "endnote"
        note = parts.get(kind, {}).get(ref.get(f"{W}id"))
        if note is not None:
            notes.append(_word_text(note.iter(f"{W}p")))
    return body, " ".join(notes)


def oracle(docx: bytes, imported: Path) -> list[str]:
    """The imported source against the DOCX's own text (w:t, in the body and in the notes, read with lxml, with the
    list numbers Word draws): every unit of the source in the draft's text, in order, once."""
    body, notes = draft_text(docx)
    body, notes = body.replace("\u00ad", ""), notes.replace("\u00ad", "")
    text = sourcetext.read(imported)
    return parity.problems(_clean(text.body()), body) + \
        [f"footnotes: {p}" for p in parity.problems(_clean(text.note_units()), notes)]


def docx_of(doc: m.Document, source_dir: Path) -> bytes:
    return writer.render(doc, Options(source_dir=source_dir, epoch=0))


def import_back(docx: bytes, folder: Path, *options: str) -> tuple[int, Path]:
    draft = folder / "draft.docx"
    draft.write_bytes(docx)
    target = folder / "imported" / "document.xml"
    return main(["import", str(draft), "-o", str(target), "-q", "--force", *options]), target


def round_trip(doc: m.Document, source_dir: Path, folder: Path) -> tuple[bytes, Path]:
    """The DOCX edition of a document, and the source imported back from it."""
    data = docx_of(doc, source_dir)
    status, target = import_back(data, folder)
    assert status == 0
    return data, target
