"""Every element of the official schema is known to the reader, and every one that shows text publishes in all four
editions with its text, in order, once: documents made from the schema itself (tests/schema_cases.py), checked by the
parity of each edition with its source and by the real validators."""

from __future__ import annotations

import pytest
from lxml import etree
from PIL import Image

import editions
import schema_cases
from pipeline import kinds, schema, sourcetext
from pipeline.checks import pdf as pdf_checks
from pipeline.extract import docx_text, epub_text, html_text
from pipeline.verify import problems


def schema_elements() -> set[str]:
    root = etree.parse(schema.schema_path()).getroot()
    return {e.get("name") for e in root.iterfind("{http://www.w3.org/2001/XMLSchema}element")}


def test_the_kinds_table_names_every_element_of_the_schema_once():
    declared = schema_elements()
    assert len(declared) == 315
    assert set(kinds.ELEMENTS) == declared
    assert sum(len(names) for names in kinds._KINDS.values()) == len(declared), "an element in two kinds"


def test_every_element_that_can_hold_text_has_a_valid_document_of_its_own():
    found, missing = schema_cases.cases()
    assert missing == []
    covered = schema_cases.covered(found)
    shown = {n for n, k in kinds.ELEMENTS.items() if k != "meta"}
    assert shown <= covered, sorted(shown - covered)
    print(f"\n{len(covered)} of the schema's {len(kinds.ELEMENTS)} elements in {len(found)} documents; "
          f"the other {len(kinds.ELEMENTS) - len(covered)} are metadata, never printed")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each document of the schema's elements built in the four editions."""
    found, _ = schema_cases.cases()
    out = {}
    for number, (name, text) in enumerate(schema_cases.combined(found)):
        folder = tmp_path_factory.mktemp(f"case{number}")
        source = folder / "document.xml"
        source.write_text(text, encoding="utf-8")
        Image.new("RGB", (4, 4), "white").save(folder / "picture.png")
        out[name] = (source, editions.build(source, folder), folder)
    return out


def test_every_element_publishes_its_text_in_every_edition(built):
    found = {}
    for name, (source, doc, folder) in built.items():
        text = sourcetext.read(source)
        found[name] = {
            "html": problems(text, *html_text((folder / "html" / "index.html").read_bytes())),
            "epub": problems(text, *epub_text((folder / editions.FILES["epub"]).read_bytes())),
            "docx": problems(text, *docx_text((folder / editions.FILES["docx"]).read_bytes())),
            "pdf": pdf_checks.reading_problems(folder / editions.FILES["pdf"], doc, text)[0],
        }
    assert {k: v for k, v in found.items() if any(v.values())} == {}
    sources = " ".join(source.read_text() for source, _, _ in built.values())
    pages = " ".join((folder / "html" / "index.html").read_text() for _, _, folder in built.values())
    own = [e for e in schema_cases.names() if schema_cases.text_of(e) in sources]
    assert len(own) > 150 and [e for e in own if schema_cases.text_of(e) not in pages] == []


def test_the_validators_find_nothing(built, axe, tmp_path):
    found = editions.findings({name: (doc, folder) for name, (_, doc, folder) in built.items()}, axe, tmp_path)
    assert {validator: problems for validator, problems in found.items() if problems} == {}
