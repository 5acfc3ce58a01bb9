"""The site's feeds and summaries for documents at the edges, in process: no date, a date Atom cannot say, no
symbol, no author, a name that must be escaped in a URL; each feed still valid against its schema."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest
from lxml import etree

from conftest import ROOT, SEED
from pipeline import feeds, site
from pipeline import model as m
from pipeline.loader import load

SCHEMAS = ROOT / "tests" / "schemas"


def record(doc: m.Document, name: str, **meta) -> site.Record:
    editions = tuple(site.Edition(label, f"{name}/{name}{suffix}" if "/" not in suffix else f"{name}/{suffix}",
                                  media, 1234, "0" * 64) for label, suffix, media in site.EDITIONS)
    return site.Record(name, name, replace(doc.meta, **meta), site.summary(doc), editions, ())


@pytest.fixture(scope="module")
def seed():
    return load(SEED)


def test_feeds_stay_valid_for_documents_without_a_date_symbol_or_author(seed, tmp_path):
    records = [record(seed, "undated", date=None, date_text=None, symbol=None, authors=()),
               record(seed, "roman", date="-0044-03-15"),
               record(seed, "odd name", date="2011-09-19T10:00:00", lang="ar", direction="rtl")]
    files = feeds.files(records, None, "1.0.0", 86400)
    for name, schema in (("feed.atom", "atom.rnc"), ("opds.xml", "opds.rnc")):
        (tmp_path / name).write_bytes(files[name])
        run = subprocess.run(["jing", "-c", str(SCHEMAS / schema), str(tmp_path / name)], capture_output=True,
                             text=True, timeout=120)
        assert run.returncode == 0, run.stdout
    feed = etree.fromstring(files["feed.atom"])
    ns = {"a": feeds.ATOM}
    assert feed.xpath("a:updated/text()", namespaces=ns) == ["2011-09-19T00:00:00Z"]  # the newest real date
    undated = feed.xpath("a:entry[a:link[@href='undated/index.html']]", namespaces=ns)[0]
    assert undated.xpath("a:updated/text()", namespaces=ns) == ["1970-01-02T00:00:00Z"]  # SOURCE_DATE_EPOCH
    assert not undated.xpath("a:published", namespaces=ns)
    assert feed.xpath("a:entry/a:link[@rel='alternate']/@href", namespaces=ns)[0] == "odd%20name/index.html"


def test_the_summary_is_the_documents_own_summary_else_its_first_paragraph(seed):
    first = site.summary(seed)
    assert first.startswith("The United Nations Secretary-General’s Symposium")
    assert first.endswith(" …") and len(first) <= site.SUMMARY_LENGTH + 2
    own = m.Para(m.Attr("summary"), (m.Text("A summary written by the author of the document."),))
    assert site.summary(replace(seed, front=seed.front + (own,))) == "A summary written by the author of the document."
    empty = replace(seed, front=(), body=(), back=(), annexes=(), notes=())
    assert site.summary(empty) == ""


def test_a_symbol_in_a_summary_links_to_that_documents_page_and_its_own_does_not(seed):
    from lxml import html

    from pipeline import sitepages
    from pipeline.collection import Entry

    rec = replace(record(seed, "citing"), summary="As A/RES/62/272 and A/RES/64/297 ask, and SPEC/1 says.")
    entries = [Entry("strategy", "strategy", "en", "A/RES/62/272", ()), Entry("citing", "citing", "en", "SPEC/1", ())]
    page = html.fromstring(sitepages.document_page(rec, [rec], entries, "1.0.0"))
    summary = page.xpath("//p[@class='summary']")[0]
    assert [(a.text, a.get("href")) for a in summary.iter("a")] == [("A/RES/62/272", "../strategy/index.html")]
    assert summary.text_content() == rec.summary
