"""The parity check itself fails when an output loses, reorders or repeats text, and its expected text is
read from the source XML, not from the model the loader built."""

from __future__ import annotations

from lxml import etree

from akn import document
from conftest import source_text
from pipeline import parity, sourcetext
from pipeline.extract import html_text
from pipeline.verify import problems
from pipeline.writers import Options
from pipeline.writers import html as writer


def page(doc) -> str:
    return writer.render(doc, Options(source_dir=None))["index.html"].decode()


def read(source: str) -> sourcetext.SourceText:
    return sourcetext.from_tree(etree.fromstring(source.encode()).getroottree())


def test_complete_page_passes(specimen_doc):
    assert problems(source_text("specimen"), *html_text(page(specimen_doc).encode())) == []


def test_lost_footnote_is_found(specimen_doc):
    text = page(specimen_doc)
    start = text.index('<li id="fn_3"')
    lost = text[:start] + text[text.index("</li>", start) + 5:]
    _, notes = html_text(lost.encode())
    assert parity.problems(source_text("specimen").note_units(), notes) == ["unit 3 missing: 'A footnote in a list item.'"]


def test_lost_reordered_and_repeated_paragraphs_are_found():
    units = ["The first paragraph, long enough.", "The second paragraph, long enough."]
    assert parity.problems(units, units[1]) == [f"unit 1 missing: {units[0]!r}"]
    assert parity.problems(units, units[1] + " " + units[0]) == [f"unit 2 out of order: {units[1]!r}"]
    assert parity.problems(units, " ".join(units + units[1:])) == [f"unit 2 appears 2 times, not 1: {units[1]!r}"]
    assert parity.problems(units, "  ".join(units)) == []


def test_the_expected_text_is_the_sources_own_text_around_comments_and_instructions():
    text = read(document(
        '<hcontainer eId="h_1" name="section"><heading>Head<!-- c -->ing after a comment</heading>'
        '<content><p eId="p_2">Before <?pi x?>after an instruction<authorialNote marker="1" placement="bottom" '
        'eId="fn_1"><p>Note <!-- c -->text after a comment</p></authorialNote> and the tail.</p></content>'
        '</hcontainer>'))
    assert text.body() == ["A test document", "First paragraph.", "Heading after a comment",
                           "Before after an instruction", "and the tail."]
    assert text.body(calls=True)[-2:] == ["1", "and the tail."]
    assert [(n.marker, n.units) for n in text.notes] == [("1", ("Note text after a comment",))]


def test_metadata_is_not_text_but_a_note_called_from_it_is():
    source = document('<p eId="p_2">Called<noteRef href="#n_1" marker="*"/> here.</p>').replace(
        "</references>", '</references>\n<notes source="#unit"><note eId="n_1"><p>In the notes.</p></note></notes>')
    text = read(source)
    assert "Test Unit" not in " ".join(text.body()) and "In the notes." not in text.body()
    assert text.body(calls=True)[-3:] == ["Called", "*", "here."]
    assert [(n.marker, n.units) for n in text.notes] == [("*", ("In the notes.",))]


def test_a_loader_that_dropped_text_would_be_caught(specimen_doc):
    """The page of the model, with a word taken out of it, fails against the source."""
    text = page(specimen_doc).replace("imaginary", "")
    assert problems(source_text("specimen"), *html_text(text.encode())) != []
