"""The HTML edition: structure, accessibility semantics, text parity, reproducibility and goldens."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

import golden
from conftest import ALL_DOCUMENTS, source_text
from pipeline import sourcetext
from pipeline.extract import html_text
from pipeline.loader import load
from pipeline.verify import problems
from pipeline.writers import Options
from pipeline.writers import html as writer
from pipeline.writers.htmlparts import labels


def build(doc, folder=None) -> dict[str, bytes]:
    return writer.render(doc, Options(source_dir=folder or ALL_DOCUMENTS[0].parent))


def page_of(doc):
    return lxml_html.fromstring(build(doc)["index.html"])


@pytest.fixture(scope="module", params=ALL_DOCUMENTS, ids=lambda p: p.parent.name)
def doc(request):
    return load(request.param)


def test_every_text_unit_in_reading_order_exactly_once(doc):
    assert problems(source_text(doc.name), *html_text(build(doc)["index.html"])) == []


def test_semantics_landmarks_and_metadata(doc):
    root = page_of(doc)
    assert root.get("lang") == doc.meta.lang and root.get("dir") == doc.meta.direction
    assert len(root.xpath("//h1")) == 1
    assert root.xpath("//title/text()")[0].strip()
    skip = root.xpath("//body/*[1]")[0]
    assert skip.tag == "a" and skip.get("href") == "#main" and root.xpath("//main[@id='main']")
    assert len(root.xpath("//header")) >= 1 and len(root.xpath("//footer")) == 1
    assert len(root.xpath("//nav[@class='contents'] | //nav[@class='languages']")) == len(root.xpath("//nav"))
    assert len(root.xpath("//nav[@class='contents']")) == (1 if doc.contents else 0)
    assert len(root.xpath("//nav[@class='languages']")) == (1 if doc.versions else 0)
    meta = {m.get("name"): m.get("content") for m in root.xpath("//meta[@name]")}
    assert meta["description"] and meta["dcterms.language"] == doc.meta.lang
    assert meta.get("dcterms.date") == doc.meta.date and meta.get("dcterms.identifier") == doc.meta.symbol
    contents = root.xpath("//nav[@class='contents']//a/@href")
    assert contents == ["#" + e.id for e in doc.contents]
    for annex in doc.annexes:
        assert f"#{annex.id}" in contents and root.xpath(f"//section[@id='{annex.id}']/h2")


def test_footnotes_link_both_ways(doc):
    root = page_of(doc)
    calls = root.xpath("//a[@role='doc-noteref']")
    word = labels(doc.meta.lang)["note_call"]
    assert [c.get("aria-label") for c in calls] == [word.format(n=n.number) for n in doc.notes]
    for call, note in zip(calls, doc.notes):
        assert call.get("href") == f"#{note.id}"
        item = root.xpath(f"//section[@role='doc-endnotes']//li[@id='{note.id}']")[0]
        back = item.xpath(".//a[@role='doc-backlink']")[0]
        assert back.get("href") == "#" + call.get("id")


def test_ids_come_from_eids_and_are_unique(doc):
    root = page_of(doc)
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids))
    for link in root.xpath("//a[starts-with(@href, '#')]/@href"):
        assert link[1:] in ids, link


def test_numbered_paragraphs_are_visible_and_linkable(specimen_doc):
    root = page_of(specimen_doc)
    para = root.xpath("//div[@id='para_3']")[0]
    number = para.xpath("./a[@class='num']")[0]
    assert number.text == "3." and number.get("href") == "#para_3"
    assert [s.text for s in para.xpath(".//ol/li/span[@class='num']")] == ["(a)", "(b)", "(c)", "(i)", "(ii)"]


def test_table_has_caption_and_scoped_headers(specimen_doc):
    root = page_of(specimen_doc)
    table = root.xpath("//table")[0]
    assert table.xpath("./caption/text()") == ["Documents published, by format"]
    assert [th.get("scope") for th in table.xpath("./thead/tr/th")] == ["col", "col", "col"]
    assert len(table.xpath("./tbody/tr")) == 3


def test_text_is_escaped_by_construction(tmp_path):
    from akn import document

    path = tmp_path / "document.xml"
    path.write_text(document('      <p eId="p_2">&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>&lt;b&gt;</b></p>'), encoding="utf-8")
    page = build(load(path))["index.html"].decode()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>&lt;b&gt;</b>" in page


def test_byte_identical_across_builds(doc, tmp_path):
    """Two builds in separate processes, and one in this one, give the same bytes."""
    import subprocess
    import sys

    from conftest import DOCUMENTS, ROOT

    source = DOCUMENTS / doc.name / "document.xml"
    for run in ("a", "b"):
        subprocess.run([sys.executable, "-m", "pipeline", "build", str(source), "--to", "html", "-o", str(tmp_path / run)],
                       check=True, cwd=ROOT, capture_output=True)
    files = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    assert files == {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()} == build(doc)


@pytest.mark.parametrize("case", golden.cases(), ids=lambda p: p.stem)
def test_golden_html(case):
    page = build(load(case), case.parent)["index.html"]
    assert problems(sourcetext.read(case), *html_text(page)) == []
    golden.check(f"{case.stem}/html", {"index.html": page})


def test_interface_words_follow_the_document_language(tmp_path):
    from conftest import SPECIMEN

    path = tmp_path / "document.xml"
    path.write_text(SPECIMEN.read_text(encoding="utf-8").replace('language="eng"', 'language="ara"'), encoding="utf-8")
    root = lxml_html.fromstring(build(load(path))["index.html"])
    assert root.get("lang") == "ar" and root.get("dir") == "rtl"
    assert root.xpath("//nav/h2/text()") == ["المحتويات"]
    assert root.xpath("//a[@role='doc-noteref']/@aria-label")[0] == "الحاشية 1"


def test_table_heads_hold_exactly_the_header_rows_of_the_source():
    from akn import header_rows_in_source
    from conftest import ROOT

    case = ROOT / "tests" / "cases" / "table-header-rows.xml"
    root = lxml_html.fromstring(build(load(case))["index.html"])
    assert [len(t.xpath("thead/tr")) for t in root.iter("table")] == header_rows_in_source(case) == [0, 1, 2]
    assert [len(t.xpath("tbody/tr")) for t in root.iter("table")] == [2, 2, 2]
    assert root.xpath("//table[@id='table_2']/tbody/tr[2]/th/@scope") == ["row"]


def test_a_title_from_the_metadata_is_the_pages_h1_and_the_back_matter_is_printed(tmp_path):
    from akn import document

    source = tmp_path / "document.xml"
    text = document('      <p eId="p_2">Body text.</p>').replace("<preface>\n      <p><docTitle>A test document</docTitle></p>\n    </preface>\n", "")
    text = text.replace("</mainBody>", '</mainBody>\n    <conclusions eId="concl"><p eId="concl__p_1">Done in New York.</p></conclusions>')
    source.write_text(text, encoding="utf-8")
    page = build(load(source), tmp_path)["index.html"]
    assert b'<h1 id="title" class="generated">' in page
    assert b"Done in New York." in page
