"""Property-based tests: random documents within the supported subset load, build in every format, and every
edition keeps every text unit in order, with the footnotes numbered as in the source."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from pipeline import extract, sourcetext
from pipeline.loader import load
from pipeline.verify import problems
from pipeline.writers import Options, writer
from strategies import PRINTABLE, documents

FAST = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ALL_FORMATS = settings(FAST, max_examples=25)


def load_source(source: str, tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "document.xml"
    path.write_text(source, encoding="utf-8")
    return load(path), Options(source_dir=path.parent), sourcetext.read(path)


@FAST
@given(source=documents())
def test_random_documents_load_and_the_html_keeps_every_unit(source, tmp_path_factory):
    doc, options, text = load_source(source, tmp_path_factory)
    assert [n.marker for n in doc.notes] == text.markers() == [str(n) for n in range(1, source.count("<authorialNote") + 1)]
    page = writer("html").render(doc, options)["index.html"]
    assert problems(text, *extract.html_text(page)) == []
    assert extract.html_calls(page) == (text.markers(), text.markers())


@ALL_FORMATS
@given(source=documents())
def test_random_documents_build_in_every_format_and_keep_every_unit(source, tmp_path_factory):
    doc, options, text = load_source(source, tmp_path_factory)
    epub = writer("epub").render(doc, options)
    assert problems(text, *extract.epub_text(epub)) == []
    assert extract.epub_calls(epub) == (text.markers(), text.markers())
    docx = writer("docx").render(doc, options)
    assert problems(text, *extract.docx_text(docx)) == []
    assert extract.docx_calls(docx) == (text.markers(), text.markers())


@settings(FAST, max_examples=8)
@given(source=documents(words=PRINTABLE, tables=False))
def test_random_documents_print_with_every_unit_and_every_note_on_its_page(source, tmp_path_factory):
    """Text that pdftotext reads back in logical order: not complex scripts (the specimen covers them), nor
    tables, whose cells it reads line by line across the row (tests/test_pdf.py covers the specimen's table)."""
    import pikepdf

    from pipeline.checks import pdf

    doc, options, text = load_source(source, tmp_path_factory)
    path = options.source_dir / "document.pdf"
    path.write_bytes(writer("pdf").render(doc, options))
    found, counts = pdf.reading_problems(path, doc, text)
    assert found == []
    assert counts["notes at page feet"] == len(doc.notes)
    with pikepdf.open(path) as opened:
        assert pdf.misplaced_notes(opened, doc) == []
