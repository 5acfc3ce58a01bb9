"""Golden tests of the print and Word editions over the small cases in tests/cases/ (the HTML and EPUB
editions have theirs in test_html.py and test_epub.py). `make accept` rewrites them after review.

PDFs are compared by their text (pdftotext -layout) and their structure (tags, outline, fonts, properties),
not their bytes; DOCX files part by part, for the parts the document itself shapes."""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict

import pytest

import golden
from pipeline import sourcetext
from pipeline.checks import pdf
from pipeline.extract import docx_text
from pipeline.loader import load
from pipeline.verify import problems
from pipeline.writers import Options, writer

DOCX_PARTS = ("word/document.xml", "word/footnotes.xml", "word/_rels/document.xml.rels", "docProps/core.xml",
              "docProps/custom.xml", "word/numbering.xml")


@pytest.mark.parametrize("case", golden.cases(), ids=lambda p: p.stem)
def test_golden_docx(case):
    data = writer("docx").render(load(case), Options(source_dir=case.parent))
    assert problems(sourcetext.read(case), *docx_text(data)) == []
    parts = golden.zip_parts(data)
    golden.check(f"{case.stem}/docx", {part: parts[part] for part in DOCX_PARTS if part in parts})


@pytest.mark.parametrize("case", golden.cases(), ids=lambda p: p.stem)
def test_golden_pdf(case, tmp_path):
    path = tmp_path / "case.pdf"
    doc = load(case)
    path.write_bytes(writer("pdf").render(doc, Options(source_dir=case.parent)))
    assert pdf.reading_problems(path, doc, sourcetext.read(case))[0] == []
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True).stdout
    facts = asdict(pdf.facts(path))
    facts["fonts"] = sorted({f["name"].split("+", 1)[-1] for f in facts["fonts"]})  # subset prefixes vary by font set
    structure = (json.dumps(facts, indent=1, sort_keys=True, ensure_ascii=False, default=list) + "\n").encode()
    golden.check(f"{case.stem}/pdf", {"text.txt": text, "structure.json": structure})


def test_the_validators_find_nothing_in_the_editions_of_every_case(axe, tmp_path):
    """The golden cases (a resolution, a bill, a meeting record, an act with a schedule, a report …) in the four
    editions, through the Nu HTML Checker, axe-core, EPUBCheck, LibreOffice and the PDF inspection."""
    import editions

    built = {case.stem: (editions.build(case, tmp_path / case.stem), tmp_path / case.stem) for case in golden.cases()}
    found = editions.findings(built, axe, tmp_path / "office")
    assert {validator: problems for validator, problems in found.items() if problems} == {}
