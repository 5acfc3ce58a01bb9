"""Round trip: every document's DOCX edition, imported back, gives the same text units, footnotes, list numbers,
tables and annexes; and the imported text is the DOCX's own (read from its XML, not through pandoc)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ALL_DOCUMENTS, ROOT
from pipeline.importer import roles
from pipeline.loader import load
from roundtrip import differences, docx_of, import_back, oracle, round_trip
from strategies import TEXT, documents

#: Cases whose structures Word cannot hold, so that a draft cannot give them back: a note in a note (Word prints it
#: after the note that calls it), ragged table rows (made square), a call to a note that does not exist.
NOT_IN_WORD = {"edge-structures"}
CASES = sorted(p for p in (ROOT / "tests" / "cases").glob("*.xml") if p.stem not in NOT_IN_WORD)
EXAMPLES = int(os.environ.get("IMPORT_EXAMPLES", "10"))


@pytest.mark.parametrize("source", ALL_DOCUMENTS + CASES, ids=lambda p: p.parent.name if p.name == "document.xml" else p.stem)
def test_round_trip_keeps_every_text_unit_note_list_number_table_and_annex(source, tmp_path):
    data, imported = round_trip(load(source), source.parent, tmp_path)
    assert differences(source, imported) == []
    assert oracle(data, imported) == []


def test_round_trip_keeps_the_title_block_and_metadata(specimen_doc, tmp_path):
    _, target = round_trip(specimen_doc, ROOT / "documents" / "specimen", tmp_path)
    meta, expected = load(target).meta, specimen_doc.meta
    assert (meta.symbol, meta.title, meta.date, meta.date_text, meta.doc_type, meta.language) == \
        (expected.symbol, expected.title, expected.date, expected.date_text, expected.doc_type, expected.language)
    assert meta.expression_uri == expected.expression_uri  # /akn/un/doc/specimen/2026-01-15/spec-2026-1/eng@
    assert [a.name for a in meta.authors] == ["Specimen Publishing Unit"]


def test_round_trip_keeps_cross_references_as_links_to_the_same_places(specimen_doc, tmp_path):
    """Word bookmarks become eIds again: each link points to the element made of the paragraph it pointed to."""
    from pipeline import model as m
    from pipeline import walk
    from pipeline.transforms import plain

    _, target = round_trip(specimen_doc, ROOT / "documents" / "specimen", tmp_path)
    imported = load(target)

    def links(doc):
        return [(plain(n.children), bool(n.target), n.href) for b in walk.document_blocks(doc) if isinstance(b, m.Para)
                for n in walk.inlines(b.inlines) if isinstance(n, m.Link)]

    assert links(imported) == links(specimen_doc)
    assert "att_1" in {a.id for a in imported.annexes} and "hcontainer_1__para_2" in walk.ids(imported)


def _reads_as_plain_text(text: str) -> bool:
    """Random words that a drafter would not type: nothing that reads as a number, a bullet or an annex heading
    at the start of a paragraph (the importer takes those as structure, as it should)."""
    start = text.replace("\u00ad", "").lstrip() + " "  # a piece may end where the next begins, after a space
    return bool(start.strip()) and not (roles.item_number(start) or roles.PARAGRAPH_NUMBER.match(start) or roles.HEADING_NUMBER.match(start)
                or roles.BULLET.match(start) or roles.annex_heading(start))


PLAIN_WORDS = st.lists(TEXT.filter(_reads_as_plain_text), min_size=1, max_size=3).map(" ".join)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])
@given(text=documents(words=PLAIN_WORDS))
def test_round_trip_of_generated_documents(text, tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    source = folder / "document.xml"
    source.write_text(text, encoding="utf-8")
    original = load(source)
    data = docx_of(original, folder)
    status, target = import_back(data, folder)
    assert status == 0
    assert differences(source, target) == []
    assert oracle(data, target) == []


def test_an_imported_source_is_written_whole_or_not_at_all(specimen_doc, tmp_path, capsys):
    data = docx_of(specimen_doc, ROOT / "documents" / "specimen")
    status, target = import_back(data, tmp_path)
    assert status == 0 and target.is_file()
    assert sorted(p.name for p in target.parent.iterdir()) == ["document.xml"]  # nothing half-written beside it
    again = Path(target)
    from pipeline.cli import main

    assert main(["import", str(tmp_path / "draft.docx"), "-o", str(again)]) == 2  # exists: --force to replace
    assert "give --force" in capsys.readouterr().err
