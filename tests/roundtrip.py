"""Comparing a source with the source imported back from its DOCX edition: text units, footnotes, list numbers,
tables and annexes; and the expected text taken from the DOCX's own XML, not from pandoc's reading of it."""

from __future__ import annotations

from pathlib import Path

from pipeline import model as m
from pipeline import parity
from pipeline.cli import main
from pipeline.extract import _word_text, docx_text
from pipeline.loader import load
from pipeline.transforms import note_units, plain, text_units, walk
from pipeline.writers import Options
from pipeline.writers import docx as writer


def _clean(units: list[str]) -> list[str]:
    """Soft hyphens are dropped on import, by design."""
    return [u.replace("\u00ad", "") for u in units if u.replace("\u00ad", "").strip()]


def _blocks(doc: m.Document) -> list[tuple[m.Block, ...]]:
    return [doc.body] + [a.blocks for a in doc.annexes]


def list_numbers(doc: m.Document) -> list[list[str | None]]:
    return [[item.num for item in block.items] for blocks in _blocks(doc) for block in walk(blocks)
            if isinstance(block, m.List)]


def _words(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def tables(doc: m.Document) -> list:
    def cell(c: m.Cell) -> tuple:
        return c.header, " ".join(_words(plain(b.inlines)) for b in walk(c.blocks) if isinstance(b, m.P))

    return [(_words(plain(t.caption)), [[cell(c) for c in row] for row in t.rows])
            for blocks in _blocks(doc) for t in walk(blocks) if isinstance(t, m.Table)]


def differences(original: m.Document, imported: m.Document) -> list[str]:
    """Everything the import changed that it must not: empty when the round trip holds."""
    a, b = _clean(text_units(original)), _clean(text_units(imported))
    problems = [f"text: {p}" for p in parity.problems(a, " ".join(b))]
    problems += [f"text (extra): {p}" for p in parity.problems(b, " ".join(a))]
    if _clean(note_units(original)) != _clean(note_units(imported)):
        problems.append(f"footnotes: {note_units(original)} != {note_units(imported)}")
    if [n.number for n in original.notes] != [n.number for n in imported.notes]:
        problems.append("footnote numbers differ")
    if list_numbers(original) != list_numbers(imported):
        problems.append(f"list numbers: {list_numbers(original)} != {list_numbers(imported)}")
    if tables(original) != tables(imported):
        problems.append(f"tables: {tables(original)} != {tables(imported)}")
    def annexes(doc: m.Document) -> list[tuple[str, str]]:
        return [(" ".join(x.number.split()), " ".join(x.title.replace("\u00ad", "").split())) for x in doc.annexes]

    if annexes(original) != annexes(imported):
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


def oracle(docx: bytes, imported: m.Document) -> list[str]:
    """The imported source against the DOCX's own text (w:t, in the body and in the notes, read with lxml):
    every unit of the source in the draft's text, in order, once. Word draws list numbers itself."""
    body, notes = draft_text(docx)
    body, notes = body.replace("\u00ad", ""), notes.replace("\u00ad", "")
    return parity.problems(_clean(text_units(imported, item_numbers=False)), body) + \
        [f"footnotes: {p}" for p in parity.problems(_clean(note_units(imported)), notes)]


def docx_of(doc: m.Document, source_dir: Path) -> bytes:
    return writer.render(doc, Options(source_dir=source_dir, epoch=0))


def import_back(docx: bytes, folder: Path, *options: str) -> tuple[int, Path]:
    draft = folder / "draft.docx"
    draft.write_bytes(docx)
    target = folder / "imported" / "document.xml"
    return main(["import", str(draft), "-o", str(target), "-q", "--force", *options]), target


def round_trip(doc: m.Document, source_dir: Path, folder: Path) -> tuple[bytes, m.Document]:
    data = docx_of(doc, source_dir)
    status, target = import_back(data, folder)
    assert status == 0
    return data, load(target)
