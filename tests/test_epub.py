"""The EPUB 3 edition: EPUBCheck, axe-core, text parity, footnotes beside their calls, metadata, reproducibility."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import subprocess
import sys
import time
import zipfile

import pytest

import golden
from conftest import ROOT, SEED, SPECIMEN, source_text
from pipeline import sourcetext
from pipeline.checks import epubcheck
from pipeline.checks.epubbook import Epub
from pipeline.loader import load
from pipeline.verify import problems
from pipeline.writers import Options
from pipeline.writers import epub as writer

EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z: an even second, as zip timestamps need
DOCUMENTS = {"seed": SEED, "specimen": SPECIMEN}


def build(doc, epoch: int = EPOCH) -> bytes:
    return writer.render(doc, Options(source_dir=SEED.parent, epoch=epoch))


@pytest.fixture(scope="module")
def docs():
    return {name: load(path) for name, path in DOCUMENTS.items()}


@pytest.fixture(scope="module")
def built(docs):
    return {name: build(doc) for name, doc in docs.items()}


@pytest.fixture(scope="module")
def files(built, tmp_path_factory):
    """Each EPUB as a file, and unpacked beside it (for the browser)."""
    folder = tmp_path_factory.mktemp("epub")
    paths = {}
    for name, data in built.items():
        path = folder / f"{name}.epub"
        path.write_bytes(data)
        with zipfile.ZipFile(path) as archive:
            archive.extractall(folder / name)
        paths[name] = path
    return paths


@pytest.fixture(scope="module")
def reports(files):
    """EPUBCheck on both EPUBs, in one JVM."""
    return epubcheck.check(*files.values())


@pytest.fixture(params=list(DOCUMENTS))
def name(request):
    return request.param


# ---------------------------------------------------------------- the real validators


def test_epubcheck_finds_nothing(name, files, reports):
    report = reports[files[name]]
    assert [str(m) for m in report.messages if m.severity in ("FATAL", "ERROR", "WARNING")] == []
    assert report.ok and report.counts["FATAL"] == report.counts["ERROR"] == report.counts["WARNING"] == 0


def test_axe_finds_nothing_on_every_page(name, built, files, axe):
    book = Epub(built[name])
    pages = [files[name].parent / name / book.base / href for href in book.pages]
    assert len(pages) == len(book.spine) + 1 >= 2
    assert {str(page.relative_to(files[name].parent)): [str(v) for v in axe.run(page)] for page in pages} == {
        str(page.relative_to(files[name].parent)): [] for page in pages}


# ---------------------------------------------------------------- content


def test_every_text_unit_in_reading_order_exactly_once(name, docs, built):
    book = Epub(built[name])
    assert problems(source_text(docs[name].name), book.body_text(), book.note_text()) == []


def test_one_content_document_for_the_body_and_one_per_annex(name, docs, built):
    doc, book = docs[name], Epub(built[name])
    assert len(book.spine) == 1 + len(doc.annexes) and book.nav not in book.spine
    for href, annex in zip(book.spine[1:], doc.annexes):
        assert book.xpath("//h:h1//text()", book.page(href)) and book.xpath(f"//*[@id='{annex.id}']", book.page(href))
    for href in book.pages:
        page = book.page(href)
        assert len(book.xpath("//h:main", page)) == 1 and len(book.xpath("//h:h1", page)) == 1, href
        assert page.get("lang") == page.get("{http://www.w3.org/XML/1998/namespace}lang") == doc.meta.lang


def test_navigation_has_contents_and_landmarks_and_no_page_list(name, docs, built):
    doc, book = docs[name], Epub(built[name])
    nav = book.page(book.nav)
    toc = book.xpath("//h:nav[@epub:type='toc']", nav)
    landmarks = book.xpath("//h:nav[@epub:type='landmarks']", nav)
    assert len(toc) == len(landmarks) == 1
    labels = [" ".join(a.xpath("string()").split()) for a in book.xpath(".//h:a", toc[0])]
    assert labels == [doc.meta.title] + [entry.label for entry in doc.contents]
    assert book.xpath(".//h:a[@epub:type='bodymatter']/@href", landmarks[0]) == [book.spine[0]]
    for element in book.xpath("//h:nav", nav):
        assert element.get("aria-label") or element.get("aria-labelledby")
    assert not any(book.xpath("//*[@epub:type='page-list' or @epub:type='pagebreak']", book.page(h)) for h in book.pages)


def test_every_internal_link_resolves(name, built):
    book = Epub(built[name])
    checked = 0
    for href in book.pages:
        for link in book.xpath("//h:a[@href]", book.page(href)):
            if re.match(r"^(https?|mailto):", link.get("href")):
                continue
            target, fragment = book.resolve(href, link.get("href"))
            assert target in book.manifest, link.get("href")
            assert not fragment or book.xpath("//*[@id=$id]", book.page(target), id=fragment), link.get("href")
            checked += 1
    assert checked > 0


def test_cross_references_reach_other_documents(built):
    book = Epub(built["specimen"])
    body_links = book.xpath("//h:a/@href", book.page(book.spine[0]))
    assert "annex-1.xhtml#att_1" in body_links and "annex-2.xhtml#att_2" in body_links
    assert "body.xhtml#para_4" in book.xpath("//h:a/@href", book.page("annex-1.xhtml"))


def test_footnotes_sit_beside_their_calls_and_link_back(name, docs, built):
    book = Epub(built[name])
    seen = []
    for href in book.spine:
        page = book.page(href)
        calls = book.xpath("//h:a[@epub:type='noteref']", page)
        assert len(calls) == len(book.xpath("//h:aside", page))
        for call in calls:
            assert call.get("role") == "doc-noteref" and call.get("href").startswith("#")
            (note,) = book.xpath("//h:aside[@id=$id]", page, id=call.get("href")[1:])
            assert note.get("{http://www.idpf.org/2007/ops}type") == "footnote" and note.get("role") == "doc-footnote"
            assert book.xpath(".//h:a[@role='doc-backlink']/@href", note) == ["#" + call.get("id")]
            seen.append(note.get("id"))
    assert seen == [note.id for note in docs[name].notes]


# ---------------------------------------------------------------- package metadata


def test_metadata(name, docs, built):
    doc, book = docs[name], Epub(built[name])
    unique = book.opf.get("unique-identifier")
    (identifier,) = book.xpath("//dc:identifier[@id=$id]/text()", id=unique)
    assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", identifier)
    assert book.dc("title") == [doc.meta.title] and book.dc("language") == [doc.meta.lang]
    assert book.dc("creator") == [a.name for a in doc.meta.authors]
    assert book.dc("publisher") == [doc.meta.publisher.name]
    assert book.dc("date") == [doc.meta.date] and book.dc("source") == [doc.meta.expression_uri]
    assert book.meta("dcterms:modified") == [time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(EPOCH))]
    assert book.meta("schema:accessMode") == book.meta("schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(book.meta("schema:accessibilityFeature"))
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert len(book.meta("schema:accessibilitySummary")[0]) > 100
    assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]


def test_identifier_comes_from_the_frbr_uri_only(docs, built):
    doc = docs["specimen"]
    identifier = Epub(built["specimen"]).dc("identifier")
    retitled = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, title="Another title"))
    moved = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, expression_uri=doc.meta.expression_uri + "x"))
    assert Epub(build(retitled, epoch=0)).dc("identifier") == identifier
    assert Epub(build(moved)).dc("identifier") != identifier != Epub(built["seed"]).dc("identifier")


def test_right_to_left_documents_read_right_to_left(docs):
    doc = docs["specimen"]
    arabic = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, language="ara", lang="ar", direction="rtl"))
    book = Epub(build(arabic))
    assert book.xpath("//opf:spine/@page-progression-direction") == ["rtl"] and book.dc("language") == ["ar"]
    assert {book.page(href).get("dir") for href in book.pages} == {"rtl"}
    package = book.opf  # the package's own text (its title …) in the document's language and direction
    assert (package.get("{http://www.w3.org/XML/1998/namespace}lang"), package.get("dir")) == ("ar", "rtl")
    plain = Epub(build(doc)).opf
    assert (plain.get("{http://www.w3.org/XML/1998/namespace}lang"), plain.get("dir")) == (doc.meta.lang, None)


# ---------------------------------------------------------------- the zip


def test_mimetype_first_and_stored_and_timestamps_fixed(name, built):
    with zipfile.ZipFile(io.BytesIO(built[name])) as archive:
        first, *rest = archive.infolist()
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and first.extra == b""
        assert archive.read("mimetype") == b"application/epub+zip"
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in rest)
        assert {info.date_time for info in archive.infolist()} == {time.gmtime(EPOCH)[:6]}
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o100644}
    assert built[name][30:38] == b"mimetype"  # the very first local file header, where reading systems look


def test_timestamps_before_1980_are_clamped(docs):
    with zipfile.ZipFile(io.BytesIO(build(docs["seed"], epoch=0))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.create_system for info in archive.infolist()} == {3}  # made on Unix: its modes are Unix modes


def test_command_line_builds_the_same_bytes_in_another_process(built, tmp_path):
    out = tmp_path / "deep" / "specimen.epub"
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", str(SPECIMEN), "--to", "epub", "-o", str(out)],
                          cwd=ROOT, env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == built["specimen"]


@pytest.mark.parametrize("case", golden.cases(), ids=lambda p: p.stem)
def test_golden_epub(case):
    data = writer.render(load(case), Options(source_dir=case.parent))
    book = Epub(data)
    assert problems(sourcetext.read(case), book.body_text(), book.note_text()) == []
    parts = golden.zip_parts(data)
    golden.check(f"{case.stem}/epub", {part: data for part, data in parts.items() if not part.endswith(".css")})


def test_the_package_is_given_its_language_once():
    """ebooklib writes no language on the package's root; should it ever, the root is left as it is rather than
    given the attribute twice (which no XML parser accepts). A document that is no package is left alone."""
    meta = dataclasses.replace(load(SEED).meta, lang="ar", direction="rtl")
    bare = b'<?xml version="1.0"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata/></package>'
    given = writer.package_language(bare, meta)
    assert given.endswith(b'<package xml:lang="ar" dir="rtl" xmlns="http://www.idpf.org/2007/opf" version="3.0">'
                          b"<metadata/></package>")
    assert writer.package_language(given, meta) == given
    declared = bare.replace(b"<package ", b'<package xml:lang="fr" ')
    assert writer.package_language(declared, meta) == declared
    assert writer.package_language(b"<container/>", meta) == b"<container/>"
