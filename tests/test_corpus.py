"""Real documents of other publishers: every one valid against the official schema publishes in all four editions
with its whole text; one that is not is refused with the schema's own messages. make corpus runs the validators on
every edition of every one; make test builds them all as HTML and the smallest few in every format."""

from __future__ import annotations

import pytest

import corpus
import editions
from pipeline import sourcetext
from pipeline.errors import InvalidDocument
from pipeline.extract import docx_text, epub_text, html_text
from pipeline.loader import load
from pipeline.checks import pdf as pdf_checks
from pipeline.verify import problems
from pipeline.writers import Options, writer

FILES = corpus.files()
pytestmark = pytest.mark.skipif(not FILES, reason="the shared corpus (../shared/corpora/akn) is not here")
VALID = [f for f in FILES if corpus.schema_valid(f)]
#: Why a real document may be refused: the official schema, or a picture without a text alternative or file.
REFUSALS = ("schema:", "duplicate eId", "… and ", "<img> needs an alt text", "picture ")  # duplicates: the schema's own rule
#: Built in every format in make test: the smallest valid files (make corpus builds all of them).
SAMPLE = sorted(VALID, key=lambda f: f.stat().st_size)[:4]


def name(path):
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", FILES, ids=name)
def test_a_real_document_publishes_or_is_refused_with_the_schemas_reasons(path, tmp_path):
    try:
        doc = load(path)
    except InvalidDocument as exc:  # the schema's reasons, or a picture no edition could give its text alternative
        errors = [p for p in exc.problems if p.severity == "error"]
        assert all(p.message.startswith(REFUSALS) for p in errors), str(exc)
        assert all(p.line >= 1 and p.column >= 1 for p in exc.problems)
        return
    page = writer("html").render(doc, Options(source_dir=path.parent))["index.html"]
    assert problems(sourcetext.read(path), *html_text(page)) == []


@pytest.mark.parametrize("path", SAMPLE, ids=name)
def test_a_real_document_keeps_its_text_in_every_edition(path, tmp_path):
    doc = editions.build(path, tmp_path)
    text = sourcetext.read(path)
    assert problems(text, *epub_text((tmp_path / editions.FILES["epub"]).read_bytes())) == []
    assert problems(text, *docx_text((tmp_path / editions.FILES["docx"]).read_bytes())) == []
    assert pdf_checks.reading_problems(tmp_path / editions.FILES["pdf"], doc, text)[0] == []


def test_most_of_the_corpus_is_valid_and_every_valid_file_publishes():
    assert len(VALID) >= 12, [name(f) for f in FILES if f not in VALID]
