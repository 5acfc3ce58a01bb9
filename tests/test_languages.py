"""The six official languages: the specimen in Arabic, Chinese, English, French, Russian and Spanish, each version
built in every edition and checked by the real validators, by its text read back, and by where its text sits on
the page; the language versions linked to each other; first pages of each edition saved for review."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from lxml import html as lxml_html

from conftest import DOCUMENTS, ROOT
from pipeline import sourcetext, transforms, verify
from pipeline.checks import ace, epubcheck, office
from pipeline.checks import pdf as pdfchecks
from pipeline.errors import InvalidDocument
from pipeline.loader import load
from pipeline.writers import Options, writer

#: Each official language: its BCP 47 tag, the folder of its specimen, its name in itself.
LANGUAGES = {
    "ar": ("specimen.ara", "العربية"), "zh-Hans": ("specimen.zho", "中文"), "en": ("specimen", "English"),
    "fr": ("specimen.fra", "Français"), "ru": ("specimen.rus", "Русский"), "es": ("specimen.spa", "Español"),
}
FORMATS = ("html", "pdf", "epub", "docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Version:
    lang: str
    name: str
    doc: object
    paths: dict[str, Path]

    def data(self, fmt: str) -> bytes:
        return self.paths[fmt].read_bytes()


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> dict[str, Version]:
    """Every language version built once in the four editions, laid out as make lays out build/."""
    from pipeline import output

    build = tmp_path_factory.mktemp("build")
    out = {}
    for lang, (name, _) in LANGUAGES.items():
        source = DOCUMENTS / name / "document.xml"
        doc = load(source)
        options = Options(source_dir=source.parent)
        paths = {}
        for fmt in FORMATS:
            module = writer(fmt)
            result = module.render(doc, options)
            if module.KIND == "dir":
                paths[fmt] = build / name / "html" / "index.html"
                output.write_dir(paths[fmt].parent, result)
            else:
                paths[fmt] = build / name / f"{name}.{fmt}"
                output.write_file(paths[fmt], result)
        out[lang] = Version(lang, name, doc, paths)
    return out


@pytest.fixture(params=list(LANGUAGES))
def version(request, versions) -> Version:
    return versions[request.param]


def test_every_version_knows_the_six_in_the_un_order(version):
    assert [v.lang for v in version.doc.versions] == list(LANGUAGES)
    assert [v.name for v in version.doc.versions if v.current] == [version.name]
    assert version.doc.meta.lang == version.lang


# ---------------------------------------------------------------- the links between the versions


def test_each_page_links_to_the_others_each_named_in_itself(version):
    page = lxml_html.fromstring(version.data("html"))
    alternates = {a.get("hreflang"): a.get("href") for a in page.xpath("//head/link[@rel='alternate']")}
    assert set(alternates) == set(LANGUAGES) - {version.lang}
    for lang, href in alternates.items():
        assert (version.paths["html"].parent / href).resolve() == \
            version.paths["html"].parents[2] / LANGUAGES[lang][0] / "html" / "index.html"
        assert (version.paths["html"].parent / href).is_file()
    switcher = page.xpath("//nav[@class='languages']")[0]
    assert switcher.get("aria-label")
    items = switcher.xpath(".//li/*")
    assert [i.text for i in items] == [name for _, name in LANGUAGES.values()]
    assert [i.get("lang") for i in items] == list(LANGUAGES)
    current = [i for i in items if i.get("aria-current")]
    assert len(current) == 1 and current[0].tag == "span" and current[0].get("lang") == version.lang
    assert all(i.tag == "a" and i.get("hreflang") == i.get("lang") for i in items if i is not current[0])
    assert page.xpath("//nav[@class='languages']//*[@lang='ar']/@dir") == ["rtl"]


def _copy(name: str, folder: Path) -> Path:
    target = folder / name
    shutil.copytree(DOCUMENTS / name, target)
    return target / "document.xml"


def test_a_translation_folder_must_be_named_by_its_language(tmp_path):
    source = _copy("specimen.fra", tmp_path)
    wrong = source.parent.rename(tmp_path / "specimen.spa") / "document.xml"
    with pytest.raises(InvalidDocument) as raised:
        load(wrong)
    problem = raised.value.problems[0]
    line = next(n for n, text in enumerate(wrong.read_text().splitlines(), 1) if "FRBRlanguage" in text)
    assert (problem.path, problem.line) == (str(wrong), line) and problem.column > 1
    assert "'spa'" in problem.message and "'fra'" in problem.message
    assert load(_copy("specimen.fra", tmp_path / "two-letter").parent.rename(
        tmp_path / "two-letter" / "specimen.fr") / "document.xml").meta.lang == "fr"


def test_a_folder_with_a_dot_that_names_no_language_is_a_document_of_its_own(tmp_path):
    shutil.copytree(DOCUMENTS / "specimen", tmp_path / "specimen.v2")
    doc = load(tmp_path / "specimen.v2" / "document.xml")
    assert doc.versions == () and doc.name == "specimen.v2"


def test_a_version_of_another_work_is_named_and_not_linked(tmp_path):
    original = _copy("specimen", tmp_path)
    translation = _copy("specimen.fra", tmp_path)
    translation.write_text(translation.read_text().replace("spec-2026-1\"", "spec-2026-9\""))
    warnings = []
    doc = load(translation, warn=warnings.append)
    assert doc.versions == () and load(original).versions == ()
    assert any("not a version of specimen/document.xml" in w.message for w in warnings)


def test_a_translation_added_rebuilds_the_pages_of_the_others():
    """make's prerequisites: a version's page depends on every version's source."""
    import subprocess

    listing = subprocess.run(["make", "-n", "-p", "build/specimen/html/index.html"], cwd=ROOT, capture_output=True,
                             text=True).stdout
    rule = next(line for line in listing.splitlines() if line.startswith("build/specimen/html/index.html:"))
    for name, _ in LANGUAGES.values():
        assert f"documents/{name}/document.xml" in rule.split()


# ---------------------------------------------------------------- PDF


def _glyphs_zero(path: Path) -> int:
    """How many glyphs the pages draw with glyph id 0, the .notdef box (WeasyPrint's fonts are Identity-H: two
    bytes a glyph)."""
    count = 0
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                strings = []
                if str(operator) == "Tj":
                    strings = [operands[0]]
                elif str(operator) == "TJ":
                    strings = [o for o in operands[0] if isinstance(o, pikepdf.String)]
                for string in strings:
                    data = bytes(string)
                    count += sum(data[i:i + 2] == b"\0\0" for i in range(0, len(data) - 1, 2))
    return count


def test_pdf_tags_language_fonts_and_no_missing_glyph(version):
    path = version.paths["pdf"]
    facts = pdfchecks.facts(path)
    assert pdfchecks.tag_problems(facts, version.doc) == []
    assert facts.lang == version.lang
    assert _glyphs_zero(path) == 0
    names = [f.name for f in facts.fonts]
    if version.lang == "ar":
        assert any("Noto-Naskh-Arabic" in n for n in names)
    if version.lang == "zh-Hans":
        assert any("Noto-Serif-CJK-SC" in n for n in names)
        assert not any("CJK-JP" in n or "Sans-CJK" in n for n in names), names
    if version.lang in ("ar", "zh-Hans"):  # no slanted copies of upright faces: these scripts have no italic
        assert not any(re.search("Oblique|Italic", n) for n in names if "Liberation" not in n), names


def test_pdf_text_read_back_whole(version):
    source = sourcetext.read(DOCUMENTS / version.name / "document.xml")
    edition = next(e for e in verify.EDITIONS if e.format == "pdf")
    found, calls, notes = edition.read(version.paths["pdf"], version.doc, source)
    assert found == [] and calls == source.markers() and notes == source.markers()


def test_a_pdf_that_lost_a_paragraph_fails_the_letters_check(versions, tmp_path):
    """The right-to-left read-back is by letters: a paragraph dropped from the source is missed."""
    from pipeline.checks import rtltext

    arabic = versions["ar"]
    source = (DOCUMENTS / arabic.name / "document.xml").read_text()
    cut = re.sub(r'<paragraph eId="para_6">.*?</paragraph>', "", source, flags=re.S)
    shorter = tmp_path / "specimen.ara" / "document.xml"
    shorter.parent.mkdir()
    shorter.write_text(cut)
    doc = load(shorter)
    pdf = tmp_path / "short.pdf"
    pdf.write_bytes(writer("pdf").render(doc, Options(source_dir=shorter.parent)))
    found, _ = rtltext.problems(pdf, arabic.doc, sourcetext.read(DOCUMENTS / arabic.name / "document.xml"))
    assert found and "missing" in found[0]
    assert rtltext.problems(arabic.paths["pdf"], arabic.doc,
                            sourcetext.read(DOCUMENTS / arabic.name / "document.xml"))[0] == []


def _width(path: Path) -> float:
    with pikepdf.open(path) as pdf:
        return float(pdf.pages[0].mediabox[2])


def _short_lines(path: Path, letters: str) -> list[list[office.Word]]:
    """The printed lines of the first page narrower than a third of it (single-line paragraphs, headings, list
    items, notes, last lines), each as its words. pdftotext cuts right-to-left lines around diacritics, so lines
    are made anew from words that share a baseline; lines without a letter of the script, lines of three letters or
    fewer (the superior "st" of 1st) and the symbol, which sits on the other side by design, are left out."""
    rows: list[list[office.Word]] = []
    for word in sorted((w for line in office.lines(path) if line.page == 1 for w in line.words),
                       key=lambda w: w.y_max):
        if rows and abs(rows[-1][0].y_max - word.y_max) < 2.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    width = _width(path)
    return [row for row in rows if re.search(letters, "".join(w.text for w in row))
            and len(re.findall(letters, "".join(w.text for w in row))) > 3
            and "SPEC/2026/1" not in "".join(w.text for w in row)
            and max(w.x_max for w in row) - min(w.x_min for w in row) < width / 3]


def test_arabic_lines_start_at_the_right_margin_and_english_ones_at_the_left(versions):
    for lang, letters in (("ar", "[\u0621-\u064a]"), ("en", "[A-Za-z]")):
        path = versions[lang].paths["pdf"]
        rows = _short_lines(path, letters)
        width = _width(path)
        assert len(rows) >= 8
        if lang == "ar":
            sides = [max(w.x_max for w in row) > width * 0.6 for row in rows]
        else:
            sides = [min(w.x_min for w in row) < width * 0.4 for row in rows]
        assert all(sides), (lang, [(" ".join(w.text for w in row), s) for row, s in zip(rows, sides)])


def test_the_paragraph_numbers_hang_on_the_right_in_arabic(versions):
    lines = [line for line in office.lines(versions["ar"].paths["pdf"]) if line.page == 1]
    numbers = [w for line in lines for w in line.words  # pdftotext may read "1." back as ".1"
               if re.fullmatch(r"[1-6]\.|\.[1-6]", pdfchecks._squeeze(w.text))]
    width = _width(versions["ar"].paths["pdf"])
    assert len(numbers) >= 4 and all(w.x_min > width * 0.8 for w in numbers), [(w.text, w.x_min) for w in numbers]


def test_chinese_is_not_hyphenated_and_french_spaces_hold(versions):
    chinese = "".join(pdfchecks.pdftotext_pages(versions["zh-Hans"].paths["pdf"]))
    assert "\u2010" not in chinese
    french = lxml_html.fromstring(versions["fr"].data("html")).text_content()
    assert not re.search(r" [;:!?»]|« ", french)
    assert "\u202f;" in french and "«\u00a0" in french


def test_french_spaces_typed_as_ordinary_spaces_become_no_break_spaces(tmp_path):
    source = _copy("specimen.fra", tmp_path)
    source.write_text(source.read_text().replace("\u202f", " ").replace("\u00a0", " "))
    page = lxml_html.fromstring(writer("html").render(load(source), Options(source_dir=source.parent))["index.html"])
    text = page.xpath("//main")[0].text_content()
    assert not re.search(r" [;:!?»]|« ", text) and "\u202f;" in text and "\u00a0:" in text
    assert transforms.french_spaces("10:30, http://a.b/?c ; « mot »") == "10:30, http://a.b/?c\u202f; «\u00a0mot\u00a0»"


# ---------------------------------------------------------------- EPUB


def test_epubcheck_and_ace_find_nothing_in_any_language(versions):
    paths = [v.paths["epub"] for v in versions.values()]
    for path, report in zip(paths, epubcheck.check(*paths).values()):
        assert (report.counts["FATAL"], report.counts["ERROR"], report.counts["WARNING"]) == (0, 0, 0), \
            (path, report.messages)
    for path in [*paths, ROOT / "build" / "chairmans-summary-2011" / "chairmans-summary-2011.epub"]:
        if path.is_file():
            findings = ace.check(path)
            assert ace.counts(findings)[0] == 0, (path.name, findings)


def test_epub_package_language_and_direction(version):
    with zipfile.ZipFile(io.BytesIO(version.data("epub"))) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        body = etree.fromstring(book.read("EPUB/body.xhtml"))
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == version.lang
    assert opf.get("dir") == ("rtl" if version.lang == "ar" else None)
    assert opf.findtext("{*}metadata/{http://purl.org/dc/elements/1.1/}language") == version.lang
    spine = opf.find("{*}spine")
    assert spine.get("page-progression-direction") == ("rtl" if version.lang == "ar" else None)
    assert body.get("lang") == version.lang and body.get("dir") == ("rtl" if version.lang == "ar" else "ltr")


# ---------------------------------------------------------------- DOCX


def _parts(data: bytes) -> tuple[etree._Element, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml")), etree.fromstring(archive.read("word/styles.xml"))


def test_docx_directions_fonts_and_languages(version):
    document, styles = _parts(version.data("docx"))
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts, lang = defaults.find(f"{W}rFonts"), defaults.find(f"{W}lang")
    assert fonts.get(f"{W}eastAsia") == "SimSun" and fonts.get(f"{W}cs")
    body = [p for p in document.iter(f"{W}p") if "".join(p.itertext()).strip()]
    bidi = [p.find(f"{W}pPr/{W}bidi") is not None for p in body]
    if version.lang == "ar":
        assert all(bidi) and lang.get(f"{W}bidi").startswith("ar")
        arabic_runs = [r for r in document.iter(f"{W}r") if re.search("[\u0600-\u06ff]", "".join(r.itertext()))]
        assert arabic_runs and all(r.find(f"{W}rPr/{W}rtl") is not None for r in arabic_runs)
    else:
        assert not any(bidi)
    if version.lang == "zh-Hans":
        assert lang.get(f"{W}eastAsia").startswith("zh")


def test_libreoffice_opens_every_language_and_keeps_its_text(versions, tmp_path):
    order = list(versions.values())
    conversions = office.convert([v.paths["docx"] for v in order], tmp_path)
    edition = next(e for e in verify.EDITIONS if e.format == "docx")
    for version, conversion in zip(order, conversions):
        assert conversion.pdf is not None and not conversion.problems, (version.name, conversion.problems)
        source = sourcetext.read(DOCUMENTS / version.name / "document.xml")
        found, calls, notes = edition.read(version.paths["docx"], version.doc, source)
        assert found == [] and calls == notes == source.markers()
        if version.lang == "zh-Hans":  # the text LibreOffice laid out, in its fonts: every character there
            laid_out = pdfchecks._squeeze(office.text(conversion.pdf))
            assert pdfchecks._squeeze("".join(source.body())[:60]) in laid_out
        preview(conversion.pdf, version.name, "docx")


# ---------------------------------------------------------------- previews for review


def preview(pdf: Path, name: str, fmt: str) -> Path:
    return pdfchecks.preview(pdf, 1, ROOT / "build" / name / "preview" / f"{fmt}-page-1.png")


def test_first_pages_of_each_edition_saved_for_review(versions, axe, tmp_path):
    for version in versions.values():
        folder = ROOT / "build" / version.name / "preview"
        shots = [preview(version.paths["pdf"], version.name, "pdf"),
                 axe.screenshot(version.paths["html"], folder / "html-page-1.png", width=1280)]
        with zipfile.ZipFile(version.paths["epub"]) as book:
            book.extractall(tmp_path / version.name)
        shots.append(axe.screenshot(tmp_path / version.name / "EPUB" / "body.xhtml", folder / "epub-page-1.png",
                                    width=600))
        assert all(s.is_file() and s.stat().st_size > 5000 for s in shots)
