"""`make site` on a copy of the project with a small collection: the seed, the specimen in three languages and two
resolutions that cite each other, the seed and the specimen. Every page passes axe-core and the Nu checker and
reflows at 320 px, the crawl finds every link's file and fragment, the feeds validate against their RELAX NG
schemas, search finds a footnote's phrase and opens it, references between documents are links, a document added
appears everywhere, and the site is the same bytes twice."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree, html

from conftest import ROOT
from projects import add_case, copy, make

pytestmark = pytest.mark.slow
SCHEMAS = ROOT / "tests" / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://documents.example.org/library/"
#: A phrase of footnote 7 of the specimen, and the note's id in its HTML edition.
FOOTNOTE_PHRASE = "layout engine can continue a note"


def resolution(root: Path, name: str, symbol: str, date: str, extra: dict[str, str] | None = None) -> Path:
    uri = name.replace("/", "-")
    return add_case(root, "resolution", name, {"a-res-80-12": uri, "A/RES/80/12": symbol, "2026-12-03": date,
                                               **(extra or {})})


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy(tmp_path_factory.mktemp("site") / "pipeline",
                ("chairmans-summary-2011", "specimen", "specimen.ara", "specimen.fra", "specimen.zho"))
    # the seed's footnote 2 cites A/RES/62/272 (in the collection) and A/RES/64/297 (not in it)
    resolution(root, "a-res-62-272", "A/RES/62/272", "2008-09-08", {
        r"<i>Decides</i> to remain seized of the matter\.":
            '<i>Decides</i> to remain seized of the matter, as <ref href="/akn/un/doc/specimen/2026-01-15/'
            'spec-2026-1~para_1">paragraph 1 of the specimen</ref> does.'})
    # its footnote 1 cites resolution 79/312 by its FRBR work URI
    resolution(root, "a-res-79-312", "A/RES/79/312", "2025-07-02")
    make(root, "-j2", "site")
    return root


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "html" not in p.relative_to(site).parts[1:2])


def test_the_index_lists_every_work_with_its_languages_and_sorts_without_javascript(project):
    site = project / "build" / "site"
    page = html.parse(str(site / "index.html")).getroot()
    rows = page.xpath("//table[@id='documents']/tbody/tr")
    assert [r.xpath("string(td[@class='symbol'])") for r in rows] == [
        "SPEC/2026/1", "A/RES/79/312", "—", "A/RES/62/272"]  # newest first: 2026, 2025, 2011, 2008
    languages = rows[0].xpath(".//ul[@class='languages']//a/@hreflang")
    assert sorted(languages) == ["ar", "en", "fr", "zh-Hans"]
    by_symbol = html.parse(str(site / "by-symbol.html")).getroot()
    symbols = by_symbol.xpath("//table[@id='documents']/tbody/tr/td[@class='symbol']/text()")
    assert symbols == ["A/RES/62/272", "A/RES/79/312", "SPEC/2026/1", "—"]
    assert by_symbol.xpath("//th[@aria-sort='ascending']/text()") == ["Symbol"]
    for sort in ("index.html", "by-symbol.html", "by-title.html", "by-type.html"):
        assert (site / sort).is_file()


def test_each_document_page_lists_its_editions_with_their_true_size_and_sha256(project):
    import hashlib

    site = project / "build" / "site"
    for name in ("chairmans-summary-2011", "specimen", "specimen.fra", "specimen.zho", "a-res-62-272"):
        page = html.parse(str(site / name / "index.html")).getroot()
        rows = page.xpath("//table[@class='editions']/tbody/tr")
        assert [r.xpath("string(th)") for r in rows] == ["Read online (HTML)", "PDF", "EPUB", "Word"]
        for row in rows:
            target = site / name / row.xpath("string(th/a/@href)")
            digest = row.xpath("string(.//code)")
            assert hashlib.sha256(target.read_bytes()).hexdigest() == digest, target
        assert page.xpath("string(//p[@class='summary'])").strip(), name
    french = html.parse(str(site / "specimen.fra" / "index.html")).getroot()
    assert french.xpath("//h1/@lang") == ["fr"]
    assert french.xpath("//ul[@class='languages']//a/@hreflang") == ["ar", "zh-Hans", "en"]
    arabic = html.parse(str(site / "specimen.ara" / "index.html")).getroot()
    assert arabic.xpath("//h1/@dir") == ["rtl"] and arabic.xpath("//p[@class='summary']/@dir") == ["rtl"]


def test_site_pages_pass_axe_in_both_schemes_and_reflow_at_320_px(project, axe):
    found = []
    for page in site_pages(project / "build" / "site"):
        for scheme in ("light", "dark"):
            found += [f"{page.name} ({scheme}): {v}" for v in axe.run(page, color_scheme=scheme)]
        if not axe.reflows(page, 320):
            found.append(f"{page}: scrolls sideways at 320 px")
    assert not found, "\n".join(found)


def test_site_pages_and_stylesheet_are_valid_html_and_css(project):
    from pipeline.checks import nu

    site = project / "build" / "site"
    assert nu.problems(nu.check(*site_pages(site), site / "site.css")) == []


def _targets(page: Path) -> list[tuple[str, str]]:
    tree = html.parse(str(page)).getroot()
    return [(element.tag, value) for element in tree.iter() if isinstance(element.tag, str)
            for attribute in ("href", "src") if (value := element.get(attribute))]


def crawl(site: Path, base: str | None = None) -> list[str]:
    """Every link and resource of every page (the site's and the HTML editions'): its file exists and its
    fragment names an element of it. Absolute links under the site's address are followed into the site."""
    broken, ids = [], {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(html.parse(str(path)).getroot().xpath("//@id"))
        return ids[path]

    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        for tag, value in _targets(page):
            if base and value.startswith(base):
                value = "/" + value[len(base):]
                target_path, fragment = urlsplit(value).path, urlsplit(value).fragment
                target = site / unquote(target_path).lstrip("/")
            else:
                parts = urlsplit(value)
                if parts.scheme:
                    continue  # a link out (the documents' own http and mailto links): nothing to find here
                target = (page.parent / unquote(parts.path)) if parts.path else page
                fragment = parts.fragment
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: <{tag}> {value}: no such file")
            elif fragment and target.suffix == ".html" and fragment not in ids_of(target):
                broken.append(f"{page.relative_to(site)}: <{tag}> {value}: no element with id {fragment!r}")
    return broken


def test_the_crawl_finds_no_broken_link_or_missing_file(project):
    site = project / "build" / "site"
    assert crawl(site) == []
    for feed in ("feed.atom", "opds.xml"):
        root = etree.parse(str(site / feed)).getroot()
        for href in root.xpath("//a:link/@href", namespaces={"a": ATOM[1:-1]}):
            assert (site / href).is_file(), f"{feed}: {href}"
    catalogue = json.loads((site / "catalogue.json").read_text())
    for doc in catalogue["documents"]:
        assert (site / doc["page"]).is_file()
        for edition in doc["editions"]:
            assert (site / edition["path"]).stat().st_size == edition["bytes"]


def jing(schema: str, document: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["jing", "-c", str(SCHEMAS / schema), str(document)], capture_output=True, text=True,
                          timeout=120)


def schematron(feed: Path) -> list[str]:
    """The two rules RFC 4287's schema states in Schematron, which RELAX NG cannot: a feed's author (or each
    entry's), and each entry's alternate link or content."""
    root = etree.parse(str(feed)).getroot()
    ns = {"a": ATOM[1:-1]}
    problems = []
    if not root.xpath("a:author", namespaces=ns) and root.xpath("a:entry[not(a:author)]", namespaces=ns):
        problems.append("a feed without an author has an entry without one")
    for entry in root.xpath("a:entry[not(a:link[@rel='alternate'] or a:link[not(@rel)] or a:content)]", namespaces=ns):
        problems.append(f"entry {entry.findtext(ATOM + 'id')} has no alternate link")
    return problems


def test_the_atom_feed_and_the_opds_catalogue_are_valid(project, tmp_path):
    site = project / "build" / "site"
    for schema, feed in (("atom.rnc", "feed.atom"), ("opds.rnc", "opds.xml")):
        result = jing(schema, site / feed)
        assert result.returncode == 0, result.stdout + result.stderr
        assert schematron(site / feed) == []
    opds = etree.parse(str(site / "opds.xml")).getroot()
    acquisitions = opds.xpath("//a:link[@rel='http://opds-spec.org/acquisition/open-access']/@type",
                              namespaces={"a": ATOM[1:-1]})
    assert acquisitions == ["application/epub+zip"] * 7
    # the check bites: an entry without its id, or a date that is no date, is refused
    broken = (site / "feed.atom").read_text().replace("<published>2008-09-08T00:00:00Z", "<published>8 Sept 2008", 1)
    (tmp_path / "broken.atom").write_text(broken)
    assert jing("atom.rnc", tmp_path / "broken.atom").returncode != 0
    tree = etree.parse(str(site / "opds.xml"))
    entry = tree.getroot().find(ATOM + "entry")
    entry.remove(entry.find(ATOM + "id"))
    tree.write(str(tmp_path / "broken.xml"))
    assert jing("opds.rnc", tmp_path / "broken.xml").returncode != 0


@contextmanager
def served(folder: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def search(axe, address: str, query: str, keyboard: bool = False) -> tuple[object, list[tuple[str, str]]]:
    page = axe.new_page()
    if keyboard:  # from the index: Tab to the search box, type, Enter
        page.goto(address + "index.html")
        page.keyboard.press("Tab")  # the skip link
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "q":
                break
        page.keyboard.type(query)
        page.keyboard.press("Enter")
        page.wait_for_url("**/search.html?q=*")
    else:
        page.goto(address + "search.html?q=" + query)
    page.wait_for_function("(s => s && s !== 'Searching…')(document.getElementById('search-status').textContent)",
                           timeout=30000)
    results = [(a.get_attribute("href"), a.inner_text()) for a in page.query_selector_all("#results a")]
    return page, results


def test_search_finds_a_phrase_of_a_footnote_and_opens_the_edition_at_the_note(project, axe):
    with served(project / "build" / "site") as address:
        page, results = search(axe, address, f'"{FOOTNOTE_PHRASE}"', keyboard=True)
        assert results and results[0][0] == "/specimen/html/index.html#fn_7", results
        page.click("#results a")
        page.wait_for_load_state()
        target = page.evaluate("document.getElementById(location.hash.slice(1)).textContent")
        assert FOOTNOTE_PHRASE in " ".join(target.split())
        page.context.close()
        # every language is searched, each with its own words: French and Chinese
        page, results = search(axe, address, "spécimen")
        assert "/specimen.fra/html/index.html" in {href.split("#")[0] for href, _ in results}
        page.context.close()
        page, results = search(axe, address, "样本")
        assert [href.split("#")[0] for href, _ in results] == ["/specimen.zho/html/index.html"]
        page.context.close()
        page, results = search(axe, address, "عيّنة")  # right to left: the result says so
        assert [href.split("#")[0] for href, _ in results] == ["/specimen.ara/html/index.html"]
        assert page.eval_on_selector("#results a", "a => [a.lang, a.dir]") == ["ar", "rtl"]
        page.context.close()


def test_search_page_passes_axe_with_its_results_shown(project, axe):
    with served(project / "build" / "site") as address:
        page, results = search(axe, address, "resolution")
        assert results
        page.evaluate("source => { (0, eval)(source); }", (ROOT / "node_modules/axe-core/axe.min.js").read_text())
        violations = page.evaluate("async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', "
                                   "'wcag22aa', 'best-practice']})).violations.map(v => v.id)")
        page.context.close()
    assert violations == []


def test_references_to_other_documents_are_links_to_their_pages(project):
    site = project / "build" / "site"
    seed = html.parse(str(site / "chairmans-summary-2011" / "html" / "index.html")).getroot()
    note = seed.xpath("//li[@id='fn_2']")[0]
    assert note.xpath(".//a[normalize-space()='A/RES/62/272']/@href") == ["../../a-res-62-272/index.html"]
    assert not note.xpath(".//a[contains(., 'A/RES/64/297')]")  # not in the collection: text
    assert "A/RES/64/297" in note.text_content()
    cited = html.parse(str(site / "a-res-62-272" / "html" / "index.html")).getroot()
    assert cited.xpath("//a[normalize-space()='paragraph 1 of the specimen']/@href") == [
        "../../specimen/html/index.html#para_1"]
    assert cited.xpath("//li[@id='fn_1']//a[normalize-space()='resolution 79/312']/@href") == [
        "../../a-res-79-312/index.html"]
    # the same document's own symbol, and a translation's, are not links
    french = html.parse(str(site / "specimen.fra" / "html" / "index.html")).getroot()
    assert not french.xpath("//main//a[contains(@href, 'specimen')]")


def test_an_epub_links_to_other_documents_only_with_the_sites_address(project, tmp_path):
    from pipeline.checks import epubcheck

    source = project / "documents" / "chairmans-summary-2011" / "document.xml"
    collection = project / "build" / ".collection.json"
    out = tmp_path / "seed.epub"
    command = [str(ROOT / ".venv/bin/python"), "-m", "pipeline", "build", str(source), "--to", "epub",
               "--collection", str(collection), "-o", str(out)]
    subprocess.run(command + ["--site-url", SITE_URL], check=True, cwd=project, capture_output=True)
    with zipfile.ZipFile(out) as book:
        text = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert f'href="{SITE_URL}a-res-62-272/index.html"' in text
    report = epubcheck.check_one(out)
    assert report.ok, report
    subprocess.run(command, check=True, cwd=project, capture_output=True)
    with zipfile.ZipFile(out) as book:
        text = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "a-res-62-272" not in text and "A/RES/62/272" in text


def test_a_document_added_appears_on_the_index_in_search_and_in_both_feeds(project, axe, tmp_path):
    added = project / "documents" / "lighthouse"
    try:
        resolution(project, "lighthouse", "A/RES/81/7", "2027-01-20", {
            "Cooperation between the United Nations and regional organizations on the publishing of documents":
                "Cooperation on the archives of lighthouse keepers"})
        make(project, "-j2", "site")
        site = project / "build" / "site"
        index = html.parse(str(site / "index.html")).getroot()
        assert index.xpath("//tbody/tr[1]/td[@class='symbol']/text()") == ["A/RES/81/7"]
        for feed in ("feed.atom", "opds.xml"):
            titles = etree.parse(str(site / feed)).getroot().xpath("//a:entry/a:title/text()",
                                                                   namespaces={"a": ATOM[1:-1]})
            assert titles[0] == "A/RES/81/7: Cooperation on the archives of lighthouse keepers", feed
        names = [d["name"] for d in json.loads((site / "catalogue.json").read_text())["documents"]]
        assert names[0] == "lighthouse"
        with served(site) as address:
            page, results = search(axe, address, "lighthouse keepers")
            page.context.close()
        assert [href.split("#")[0] for href, _ in results] == ["/lighthouse/html/index.html"]
    finally:
        shutil.rmtree(added, ignore_errors=True)
        make(project, "-j2", "site")


def test_the_site_is_the_same_bytes_when_built_again(project, tmp_path):
    other = tmp_path / "again"
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "pipeline.site", "--out", str(other)], check=True,
                   cwd=project, capture_output=True, env={**env, "PYTHONHASHSEED": "7", "SOURCE_DATE_EPOCH": "0"})
    site = project / "build" / "site"

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    first, second = files(site), files(other)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_with_the_sites_address_links_and_feeds_are_absolute_and_still_resolve(project, tmp_path):
    result = make(project, "-j2", "site", f"SITE_URL={SITE_URL}")
    try:
        site = project / "build" / "site"
        seed = (site / "chairmans-summary-2011" / "html" / "index.html").read_text()
        assert f'href="{SITE_URL}a-res-62-272/index.html"' in seed
        feed = etree.parse(str(site / "feed.atom")).getroot()
        assert feed.get("{http://www.w3.org/XML/1998/namespace}base") == SITE_URL
        assert crawl(site, base=SITE_URL) == []
    finally:
        make(project, "-j2", "site")
    assert "SITE" in result.stdout


def test_a_failing_search_indexer_leaves_the_previous_site_whole(project, monkeypatch):
    from pipeline import site as site_module

    site = project / "build" / "site"
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    monkeypatch.setattr(site_module, "pagefind", lambda: Path("/bin/false"))  # the indexer crashes
    with pytest.raises(RuntimeError, match="Pagefind could not index"):
        site_module.build_site(project / "documents", project / "build", site, None, "1.0.0", 0)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    assert not [p for p in (project / "build").iterdir() if p.name.startswith(".site.")]
