"""Property-based tests: random documents within the supported subset load, build, and keep every word."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from pipeline import parity
from pipeline.extract import html_text
from pipeline.loader import load
from pipeline.transforms import note_units, text_units
from pipeline.writers import Options
from pipeline.writers import html as html_writer
from strategies import documents

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(source=documents())
def test_random_documents_load_and_the_html_keeps_every_unit(source, tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "document.xml"
    path.write_text(source, encoding="utf-8")
    doc = load(path)
    assert [n.number for n in doc.notes] == list(range(1, source.count("<authorialNote") + 1))
    body, notes = html_text(html_writer.render(doc, Options(source_dir=path.parent))["index.html"])
    assert parity.problems(text_units(doc), body) == []
    assert parity.problems(note_units(doc), notes) == []
