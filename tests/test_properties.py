"""Property-based tests: random documents within the supported subset load, build in every format, and every
edition keeps every text unit in order, with the footnotes numbered as in the source."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from pipeline import extract, parity
from pipeline.loader import load
from pipeline.transforms import note_units, text_units
from pipeline.writers import Options, writer
from strategies import PRINTABLE, documents

FAST = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ALL_FORMATS = settings(FAST, max_examples=25)


def load_source(source: str, tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "document.xml"
    path.write_text(source, encoding="utf-8")
    return load(path), Options(source_dir=path.parent)


def numbers(doc) -> list[str]:
    return [str(n.number) for n in doc.notes]


@FAST
@given(source=documents())
def test_random_documents_load_and_the_html_keeps_every_unit(source, tmp_path_factory):
    doc, options = load_source(source, tmp_path_factory)
    assert numbers(doc) == [str(n) for n in range(1, source.count("<authorialNote") + 1)]
    page = writer("html").render(doc, options)["index.html"]
    body, notes = extract.html_text(page)
    assert parity.problems(text_units(doc), body) == []
    assert parity.problems(note_units(doc), notes) == []
    assert extract.html_calls(page) == (numbers(doc), numbers(doc))


@ALL_FORMATS
@given(source=documents())
def test_random_documents_build_in_every_format_and_keep_every_unit(source, tmp_path_factory):
    doc, options = load_source(source, tmp_path_factory)
    epub = writer("epub").render(doc, options)
    body, notes = extract.epub_text(epub)
    assert parity.problems(text_units(doc), body) == []
    assert parity.problems(note_units(doc), notes) == []
    assert extract.epub_calls(epub) == (numbers(doc), numbers(doc))
    docx = writer("docx").render(doc, options)
    body, notes = extract.docx_text(docx)
    assert parity.problems(text_units(doc, item_numbers=False), body) == []
    assert parity.problems(note_units(doc), notes) == []
    assert extract.docx_calls(docx) == (numbers(doc), numbers(doc))


@settings(FAST, max_examples=8)
@given(source=documents(words=PRINTABLE, tables=False))
def test_random_documents_print_with_every_unit_and_every_note_on_its_page(source, tmp_path_factory):
    """Text that pdftotext reads back in logical order: not complex scripts (the specimen covers them), nor
    tables, whose cells it reads line by line across the row (tests/test_pdf.py covers the specimen's table)."""
    import pikepdf

    from pipeline.checks import pdf

    doc, options = load_source(source, tmp_path_factory)
    path = options.source_dir / "document.pdf"
    path.write_bytes(writer("pdf").render(doc, options))
    problems, counts = pdf.reading_problems(path, doc)
    assert problems == []
    assert counts["notes at page feet"] == len(doc.notes)
    with pikepdf.open(path) as opened:
        assert pdf.misplaced_notes(opened, doc) == []
