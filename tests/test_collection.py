"""The collection and its links between documents, in process: which document a reference or a symbol names, in
which language, and that linking loses no text."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import DOCUMENTS, SEED
from pipeline import collection, walk
from pipeline import model as m
from pipeline.collection import Entry, Finder
from pipeline.loader import load
from pipeline.transforms import plain

STRATEGY = "/akn/un/statement/resolution/2008-09-08/a-res-62-272"
ENTRIES = [
    Entry("strategy", "strategy", "en", "A/RES/62/272", (STRATEGY, f"{STRATEGY}/eng@", f"{STRATEGY}/eng@/!main")),
    Entry("strategy.fra", "strategy", "fr", "A/RES/62/272", (STRATEGY, f"{STRATEGY}/fra@")),
    Entry("addendum", "addendum", "en", "A/RES/62/272/Add.1", ("/akn/un/doc/x/2009-01-01/add",)),
    Entry("numbered", "numbered", "en", "12", ("/akn/un/doc/numbered",)),
]


def test_a_uri_names_the_document_by_its_longest_frbr_uri_and_keeps_the_eid():
    finder = Finder(ENTRIES, "citing", "en")
    assert finder.uri(f"{STRATEGY}/eng@/!main") == (ENTRIES[0], None)
    assert finder.uri(f"{STRATEGY}/fra@") == (ENTRIES[1], None)  # an expression: that language, whoever cites it
    assert finder.uri(f"{STRATEGY}~para_10") == (ENTRIES[0], "para_10")
    assert finder.uri(f"{STRATEGY}/") == (ENTRIES[0], None)
    assert finder.uri(f"{STRATEGY}0") is None  # another symbol that starts alike
    assert finder.uri("/akn/un/doc/unknown") is None
    assert finder.uri("#para_1") is None and finder.uri("https://example.org/akn/") is None


def test_a_work_leads_to_the_version_in_the_citing_documents_language_else_the_original():
    assert Finder(ENTRIES, "citing", "fr").uri(STRATEGY)[0].name == "strategy.fra"
    assert Finder(ENTRIES, "citing", "ar").uri(STRATEGY)[0].name == "strategy"
    assert Finder(ENTRIES, "citing", "fr-CA").best(ENTRIES[:2]).name == "strategy.fra"


def test_a_document_and_its_translations_never_link_to_themselves():
    finder = Finder(ENTRIES, "strategy.fra", "fr")
    assert finder.uri(STRATEGY) is None
    assert "A/RES/62/272" not in finder.by_symbol


def test_symbols_are_found_whole_and_only_when_shaped_like_a_document_symbol():
    finder = Finder(ENTRIES, "citing", "en")
    text = "A/RES/62/272, A/RES/62/272/Add.1, A/RES/62/2720, XA/RES/62/272 and 12 or A/RES/62/272."
    assert [m.group() for m in finder.pattern.finditer(text)] == [
        "A/RES/62/272", "A/RES/62/272/Add.1", "A/RES/62/272"]
    assert not collection.linkable("12") and not collection.linkable("No. 5")
    assert collection.linkable("E/CN.4/2005/1")


def _links(doc: m.Document) -> list[tuple[str, str | None]]:
    return [(plain(node.children), node.href) for block in walk.document_blocks(doc) if isinstance(block, m.Para)
            for node in walk.inlines(block.inlines) if isinstance(node, m.Link)]


def test_linking_the_seed_makes_its_footnotes_symbol_a_link_and_loses_no_text():
    seed = load(SEED)
    linked = collection.link(seed, ENTRIES, collection.relative_url)
    assert ("A/RES/62/272", "../../strategy/index.html") in _links(linked)
    assert all("64/297" not in text for text, _ in _links(linked))  # not in the collection

    def text(doc: m.Document) -> list[str]:
        return [plain(b.inlines) for b in walk.document_blocks(doc) if isinstance(b, m.Para)]

    assert text(linked) == text(seed)
    assert collection.link(seed, [], collection.relative_url) is seed


def test_a_reference_by_uri_becomes_a_link_with_the_sites_address():
    seed = load(SEED)
    ref = m.Link(m.Attr("ref", None, {"href": f"{STRATEGY}~para_10"}), (m.Text("paragraph 10"),))
    doc = replace(seed, body=(m.Para(m.Attr("p"), (m.Text("See "), ref, m.Text(".")),),) + seed.body)
    linked = collection.link(doc, ENTRIES, collection.absolute_url("https://documents.example.org/un"))
    assert ("paragraph 10", "https://documents.example.org/un/strategy/html/index.html#para_10") in _links(linked)


def test_the_collection_of_documents_reads_every_source_and_skips_what_is_no_akn(tmp_path):
    entries = collection.read(DOCUMENTS)
    names = [e.name for e in entries]
    assert names == sorted(names) and "specimen.fra" in names
    specimen = next(e for e in entries if e.name == "specimen")
    assert specimen.symbol == "SPEC/2026/1" and specimen.lang == "en"
    assert "/akn/un/doc/specimen/2026-01-15/spec-2026-1/eng@" in specimen.uris
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "document.xml").write_text("<akomaNtoso")
    assert collection.read(tmp_path) == []
    out = tmp_path / "collection.json"
    assert collection.main([str(DOCUMENTS), "-o", str(out)]) == 0
    before = out.stat().st_mtime_ns
    assert collection.main([str(DOCUMENTS), "-o", str(out)]) == 0
    assert out.stat().st_mtime_ns == before  # unchanged: not rewritten, so make rebuilds nothing
    assert collection.load(out) == entries


@pytest.mark.parametrize("url", ["ftp://x.org", "documents.example.org", "javascript:alert(1)"])
def test_a_site_address_that_is_not_http_is_refused(tmp_path, url):
    from pipeline.cli import main

    out = tmp_path / "seed.html"
    collection_file = tmp_path / "c.json"
    collection.main([str(DOCUMENTS), "-o", str(collection_file)])
    assert main(["build", str(SEED), "--to", "html", "--collection", str(collection_file), "--site-url", url,
                 "-o", str(out)]) == 2
    assert not out.exists()
