"""The parity check itself fails when an output loses, reorders or repeats text."""

from __future__ import annotations

from pipeline import parity
from pipeline.extract import html_text
from pipeline.transforms import note_units, text_units
from pipeline.writers import Options
from pipeline.writers import html as writer


def page(doc) -> str:
    return writer.render(doc, Options(source_dir=None))["index.html"].decode()


def test_complete_page_passes(specimen_doc):
    body, notes = html_text(page(specimen_doc).encode())
    assert parity.problems(text_units(specimen_doc), body) == []
    assert parity.problems(note_units(specimen_doc), notes) == []


def test_lost_footnote_is_found(specimen_doc):
    text = page(specimen_doc)
    start = text.index('<li id="fn_3"')
    lost = text[:start] + text[text.index("</li>", start) + 5:]
    _, notes = html_text(lost.encode())
    assert parity.problems(note_units(specimen_doc), notes) == ["unit 3 missing: 'A footnote in a list item.'"]


def test_lost_reordered_and_repeated_paragraphs_are_found():
    units = ["The first paragraph, long enough.", "The second paragraph, long enough."]
    assert parity.problems(units, units[1]) == [f"unit 1 missing: {units[0]!r}"]
    assert parity.problems(units, units[1] + " " + units[0]) == [f"unit 2 out of order: {units[1]!r}"]
    assert parity.problems(units, " ".join(units + units[1:])) == [f"unit 2 appears 2 times, not 1: {units[1]!r}"]
    assert parity.problems(units, "  ".join(units)) == []
