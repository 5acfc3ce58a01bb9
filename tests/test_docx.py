"""The DOCX edition, on the seed and the specimen: opened by LibreOffice and python-docx, read back, compared with the source."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import pytest
from lxml import etree

import akn
from conftest import source_text
from pipeline import model as m
from pipeline import parity, transforms, walk
from pipeline.checks import office
from pipeline.loader import load
from pipeline.writers import Options
from pipeline.writers import docx as writer
from pipeline.writers import docx_ast

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["chairmans-summary-2011", "specimen"]
EPOCH = 1_300_000_000  # any fixed SOURCE_DATE_EPOCH: 2011-03-13T07:06:40Z
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


@dataclass
class Built:
    doc: m.Document
    path: Path
    data: bytes
    built_at: float
    pdf: office.Conversion | None = None

    def part(self, name: str) -> etree._Element:
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            return etree.fromstring(archive.read(name))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Built]:
    """Each document built once and converted to PDF by LibreOffice once, both in a single run."""
    out = tmp_path_factory.mktemp("docx")
    result = {}
    for name in NAMES:
        doc = load(ROOT / "documents" / name / "document.xml")
        data = writer.render(doc, Options(source_dir=ROOT / "documents" / name, epoch=EPOCH))
        path = out / f"{name}.docx"
        path.write_bytes(data)
        result[name] = Built(doc, path, data, time.monotonic())
    for conversion in office.convert([b.path for b in result.values()], out / "pdf"):
        result[conversion.source.stem].pdf = conversion
    return result


@pytest.fixture(params=NAMES)
def one(request, built) -> Built:
    return built[request.param]


def reference_styles() -> etree._Element:
    with zipfile.ZipFile(writer.REFERENCE) as archive:
        return etree.fromstring(archive.read("word/styles.xml"))


def style_ids(styles: etree._Element) -> set[str]:
    return {s.get(f"{{{W}}}styleId") for s in styles.iterfind("w:style", NS)}


def half_points(styles: etree._Element, xpath: str) -> float:
    return int(styles.xpath(xpath, namespaces=NS)[0]) / 2


# ---------------------------------------------------------------- reading the PDF back


def norm(text: str) -> str:
    """The form compared: compatibility characters (ligatures) folded, no bidi controls, no whitespace.
    The lam-alef ligature is one glyph, which pdftotext cannot put back in logical order: both orders count."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+", "", text).replace("\u0627\u0644", "\u0644\u0627")


RTL_RUN = re.compile("[\u0590-\u08ff\ufb1d-\ufefc]+")  # Hebrew, Arabic, Syriac, Thaana and their forms


def logical(word: str) -> str:
    """pdftotext's boxes hold words in visual order: each right-to-left run is read back to front."""
    return RTL_RUN.sub(lambda run: run.group(0)[::-1], word)


@dataclass
class Streams:
    body: str  # normalised text of the pages' text areas, footnote calls left out
    notes: str  # normalised text of the footnote areas, footnote marks left out
    calls: list[int]  # the footnote calls in the body, in reading order
    page_numbers: list[str]  # the footer of each page
    first_lines: dict[int, str]  # page -> its first line of body text


def streams(b: Built) -> Streams:
    """Split what pdftotext reads into body text and footnotes by size: the house styles set the body, the
    footnotes and the footer in known sizes; the footer (a known text: the page number) calibrates."""
    styles = reference_styles()
    body_pt = half_points(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
    note_pt = half_points(styles, "w:style[@w:styleId='FootnoteText']/w:rPr/w:sz/@w:val")
    footer_pt = half_points(styles, "w:style[@w:styleId='Footer']/w:rPr/w:sz/@w:val")
    margin = int(b.part("word/document.xml").xpath("//w:sectPr/w:pgMar/@w:bottom", namespaces=NS)[0]) / 20
    lines = office.lines(b.pdf.pdf)
    footer = [ln for ln in lines if ln.y_min >= ln.page_height - margin]
    scale = footer[0].height / footer_pt  # pdftotext's box height per point of type
    note_line, mark = scale * (body_pt + note_pt) / 2, scale * note_pt * 0.9
    body, notes, calls, first = [], [], [], {}
    for line in lines:
        if line in footer:
            continue
        words = []
        for word in line.words:
            small = word.text.isdigit() and word.height < mark
            raised = line.y_max - word.y_max > 0.25 * line.height
            if small and (raised or len(line.words) == 1):
                if line.height >= note_line:
                    calls.append(int(word.text))
                continue
            words.append(logical(word.text))
        if line.height >= note_line:
            body.extend(words)
            first.setdefault(line.page, line.text)
        else:
            notes.extend(words)
    return Streams(norm(" ".join(body)), norm(" ".join(notes)), calls, [ln.text for ln in footer], first)


def parity_problems(units: list[str], stream: str) -> list[str]:
    """The project's parity check (in order, long units once), on the compared form."""
    return parity.problems([norm(u) for u in units], stream)


# ---------------------------------------------------------------- LibreOffice


def test_libreoffice_converts_without_error(one):
    assert one.pdf.ok, one.pdf.problems
    assert office.text(one.pdf.pdf).strip()


def test_pdf_holds_every_text_unit_in_reading_order(one):
    assert parity_problems(source_text(one.doc.name).body(), streams(one).body) == []


def test_pdf_holds_every_footnote_in_order(one):
    assert parity_problems(source_text(one.doc.name).note_units(), streams(one).notes) == []


def test_each_long_unit_appears_exactly_once_in_the_whole_pdf(one):
    s = streams(one)
    units = source_text(one.doc.name).body() + source_text(one.doc.name).note_units()
    whole = s.body + s.notes
    for unit in (u for u in units if len(u) >= parity.UNIQUE_LENGTH):
        expected = sum(norm(other).count(norm(unit)) for other in units)
        assert whole.count(norm(unit)) == expected, unit


def test_footnote_calls_are_numbered_in_reading_order(one):
    assert streams(one).calls == [note.number for note in one.doc.notes] == list(range(1, len(one.doc.notes) + 1))


def test_every_page_has_its_number_and_each_annex_starts_one(one):
    s = streams(one)
    assert s.page_numbers == [str(n) for n in range(1, len(s.page_numbers) + 1)]
    starts = set(s.first_lines.values())
    for annex in one.doc.annexes:
        number = annex.label.split(":")[0]
        assert number in starts, f"{number} does not start a page: {s.first_lines}"


# ---------------------------------------------------------------- the Word file itself


def footnotes(b: Built) -> tuple[list[list[str]], list[str], list[str]]:
    """python-docx opens the file; its footnotes part read through the document part's relationships:
    (paragraph texts of each note in the part, note ids in the part, note ids in the order of their calls)."""
    document = docx.Document(io.BytesIO(b.data))
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == FOOTNOTES)
    root = etree.fromstring(part.blob)
    notes = [n for n in root.iterfind("w:footnote", NS) if n.get(f"{{{W}}}type") in (None, "normal")]
    texts = [[" ".join("".join(p.itertext()).split()) for p in n.iterfind("w:p", NS)] for n in notes]
    calls = [r.get(f"{{{W}}}id") for r in document.element.body.iter(f"{{{W}}}footnoteReference")]
    return texts, [n.get(f"{{{W}}}id") for n in notes], calls


def test_footnotes_part_holds_exactly_the_notes_in_order(one):
    texts, ids, calls = footnotes(one)
    expected = [[" ".join(transforms.plain(p.inlines).split()) for p in note.blocks] for note in one.doc.notes]
    assert texts == expected
    assert calls == ids, "the notes in the footnotes part follow the order of their calls"


def test_paragraphs_use_the_reference_styles_without_direct_formatting(one):
    known = style_ids(reference_styles())
    used = set()
    for part in ("word/document.xml", "word/footnotes.xml"):
        for p in one.part(part).iter(f"{{{W}}}p"):
            if p.xpath("ancestor::w:footnote[@w:type]", namespaces=NS):
                continue  # the separator lines
            style = p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)
            assert style and style[0] in known, etree.tostring(p)[:300]
            used.add(style[0])
            direct = {etree.QName(e).localname for e in p.xpath("w:pPr/*", namespaces=NS)} - {"pStyle", "numPr"}
            assert not direct, f"direct paragraph formatting {direct} in {etree.tostring(p)[:300]}"
    for run in one.part("word/document.xml").iter(f"{{{W}}}rPr"):
        kinds = {etree.QName(e).localname for e in run}
        assert kinds <= {"rStyle", "b", "bCs", "i", "iCs", "u", "vertAlign", "rtl"}, kinds
    expected = {"DocumentTitle", "DocumentDate", "DocumentType", "AnnexNumber", "AnnexTitle", "FootnoteText"}
    if one.doc.meta.symbol:
        expected.add("DocumentSymbol")
    if any(isinstance(b, m.Hier) and b.num and not b.headed for b in walk.blocks(one.doc.body)):
        expected.add("NumberedParagraph")
    assert expected <= used


def test_docx_text_holds_every_unit_exactly(one):
    """The characters themselves, unnormalised (combining marks, right-to-left words), in the Word file."""
    body = one.part("word/document.xml")
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in body.iter(f"{{{W}}}p")]
    numbers = re.compile(r"^\(?[0-9ivxlcdm]+[.)]$|^\([a-z]\)$")  # numbers Word writes itself
    text = " ".join(" ".join(paragraphs).split())
    cursor = 0
    for unit in source_text(one.doc.name).body():
        if numbers.match(unit) and text.find(unit, cursor) < 0:
            continue
        found = text.find(unit, cursor)
        assert found >= 0, unit
        cursor = found + len(unit)


def test_lists_keep_the_numbers_of_the_source(built):
    numbering = built["specimen"].part("word/numbering.xml")
    formats = {(lvl.xpath("w:numFmt/@w:val", namespaces=NS)[0], lvl.xpath("w:lvlText/@w:val", namespaces=NS)[0])
               for lvl in numbering.iterfind("w:abstractNum/w:lvl", NS)}
    assert {("lowerLetter", "(%1)"), ("lowerRoman", "(%2)"), ("decimal", "%1.")} <= formats


def test_properties_and_language(one):
    """Title, subject, creator, language, dates from SOURCE_DATE_EPOCH, the symbol as a custom property."""
    props = docx.Document(io.BytesIO(one.data)).core_properties
    meta = one.doc.meta
    when = datetime.datetime.fromtimestamp(EPOCH, datetime.timezone.utc)
    assert (props.title, props.subject, props.author, props.language) == (
        meta.title, meta.doc_type or "", "; ".join(a.name for a in meta.authors), meta.lang)
    assert props.created == props.modified == when
    custom = {p.get("name"): "".join(p.itertext()) for p in one.part("docProps/custom.xml")}
    assert custom.get("Document Symbol") == meta.symbol
    styles = one.part("word/styles.xml")
    assert styles.xpath("w:docDefaults//w:lang/@w:val", namespaces=NS) == [meta.lang]
    assert not one.part("word/settings.xml").xpath("w:proofState", namespaces=NS), "Word is to proofread it"


def test_right_to_left_words_are_marked(built):
    body = built["specimen"].part("word/document.xml")
    rtl = ["".join(r.itertext()) for r in body.iter(f"{{{W}}}r") if r.find("w:rPr/w:rtl", NS) is not None]
    assert rtl == ["سلام"]


def test_editorial_notes_have_their_own_style(built):
    body = built["chairmans-summary-2011"].part("word/document.xml")
    styled = [" ".join(r.itertext()) for r in body.iter(f"{{{W}}}r")
              if r.xpath("w:rPr/w:rStyle/@w:val = 'EditorialNote'", namespaces=NS)]
    assert len(styled) == 2 and all(s.startswith("[Editorial note:") for s in styled)


def test_cross_references_are_links_to_bookmarks(one):
    parts = [one.part("word/document.xml"), one.part("word/footnotes.xml")]
    anchors = [a for p in parts for a in p.xpath("//w:hyperlink/@w:anchor", namespaces=NS)]
    marks = set(parts[0].xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    targets = [n.target for n in _links(one.doc) if n.target]
    assert sorted(anchors) == sorted(targets) and set(anchors) <= marks


def _links(doc: m.Document):
    for block in walk.document_blocks(doc):
        if isinstance(block, m.Para):
            yield from (n for n in walk.inlines(block.inlines) if isinstance(n, m.Link))


def test_table_header_rows_repeat(built):
    body = built["specimen"].part("word/document.xml")
    tables = [b for b in walk.blocks(built["specimen"].doc.annexes[1].blocks) if isinstance(b, m.Table)]
    rows = body.xpath("//w:tbl/w:tr", namespaces=NS)
    repeated = [r for r in rows if r.xpath("w:trPr/w:tblHeader", namespaces=NS)]
    assert tables and len(repeated) == sum(t.header_rows for t in tables) >= 1
    assert rows.index(repeated[0]) == 0


# ---------------------------------------------------------------- reproducibility


def test_two_builds_are_byte_identical(one):
    time.sleep(max(0.0, 2.1 - (time.monotonic() - one.built_at)))  # zip times have a 2 s grain
    again = writer.render(one.doc, Options(source_dir=one.path.parent, epoch=EPOCH))
    assert again == one.data
    other = writer.render(one.doc, Options(source_dir=one.path.parent, epoch=EPOCH + 86400))
    assert other != one.data, "SOURCE_DATE_EPOCH is what dates the file"


def test_the_command_writes_the_same_file(one, tmp_path):
    out = tmp_path / "out.docx"
    source = ROOT / "documents" / one.doc.name / "document.xml"
    subprocess.run([sys.executable, "-m", "pipeline", "build", str(source), "--to", "docx", "-o", str(out), "-q"],
                   check=True, cwd=ROOT, env={"SOURCE_DATE_EPOCH": str(EPOCH), "PATH": ""})
    assert out.read_bytes() == one.data


def test_reference_docx_is_rebuilt_exactly_by_its_script(tmp_path):
    script = ROOT / "scripts" / "make_reference_docx.py"
    for name in ("a.docx", "b.docx"):
        subprocess.run([sys.executable, str(script), "-o", str(tmp_path / name)], check=True, capture_output=True)
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.docx") as fresh, zipfile.ZipFile(writer.REFERENCE) as committed:
        assert fresh.namelist() == committed.namelist()
        for name in fresh.namelist():
            assert fresh.read(name) == committed.read(name), f"{name} differs: run scripts/make_reference_docx.py"


def test_reference_docx_defines_the_house_styles():
    styles = reference_styles()
    names = {s.find("w:name", NS).get(f"{{{W}}}val").lower() for s in styles.iterfind("w:style", NS)}
    assert {name.lower() for name in ("Body Text", "Numbered Paragraph", "Footnote Text", "Footnote Reference", "Document Symbol",
            "Document Title", "Document Date", "Document Type", "Annex Number", "Annex Title", "heading 1",
            "heading 2", "heading 3", "List Paragraph", "Table", "Table Caption", "Editorial Note")} <= names
    assert styles.xpath("w:docDefaults//w:rFonts/@w:ascii", namespaces=NS) == ["Times New Roman"]
    assert styles.xpath("w:style[@w:styleId='AnnexNumber']/w:pPr/w:pageBreakBefore", namespaces=NS)
    with zipfile.ZipFile(writer.REFERENCE) as archive:
        page = etree.fromstring(archive.read("word/document.xml")).find(".//w:sectPr/w:pgSz", NS)
    assert (page.get(f"{{{W}}}w"), page.get(f"{{{W}}}h")) == ("11906", "16838")  # A4


# ---------------------------------------------------------------- the pandoc document


def test_word_numbers_a_list_only_when_it_writes_exactly_the_source_numbers():
    numbering = docx_ast.numbering
    assert numbering(["(a)", "(b)"]) == [1, {"t": "LowerAlpha"}, {"t": "TwoParens"}]
    assert numbering(["(i)", "(ii)", "(iii)", "(iv)"]) == [1, {"t": "LowerRoman"}, {"t": "TwoParens"}]
    assert numbering(["(i)"])[1] == {"t": "LowerRoman"}  # roman one, not the ninth letter
    assert numbering(["(c)", "(d)"])[0] == 3
    assert numbering(["1.", "2."]) == [1, {"t": "Decimal"}, {"t": "Period"}]
    assert numbering(["A)", "B)"]) == [1, {"t": "UpperAlpha"}, {"t": "OneParen"}]
    for irregular in (["1.", "3."], ["1.", "1 bis", "2."], ["(a)", None], ["a.", "b)"], []):
        assert numbering(irregular) is None, irregular


def test_irregular_numbers_are_written_as_the_source_writes_them():
    doc = load(ROOT / "documents" / "specimen" / "document.xml")
    nums = ["1.", "1 bis", "2."]
    items = tuple(m.Item(m.Attr("item", f"item_{i}"), m.Para(m.Attr("num"), (m.Text(num),)), None,
                         (m.Para(m.Attr("p"), (m.Text(f"Item {num}"),)),)) for i, num in enumerate(nums))
    doc = replace(doc, body=(m.ItemList(m.Attr("blockList", "list_1"), None, items),), annexes=(), notes=())
    data = writer.render(doc, Options(source_dir=ROOT, epoch=EPOCH))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    written = [(p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS), "".join(p.itertext()),
                len(p.findall(".//w:tab", NS))) for p in body.iter(f"{{{W}}}p")]
    assert written[-3:] == [("ListItemNumberedAsWritten", f"{num}Item {num}", 1) for num in nums]


def test_bookmark_names_are_ones_word_accepts():
    assert docx_ast.bookmark("para_3__list_1__item_c") == "para_3__list_1__item_c"
    for eid in ("sec_1-2", "1_intro", "a" * 41, "art_1.a"):
        name = docx_ast.bookmark(eid)
        assert re.fullmatch(r"[A-Za-z]\w{0,39}", name, flags=re.ASCII), name
    assert docx_ast.bookmark("sec_1-2") != docx_ast.bookmark("sec_1.2")


def test_word_repeats_exactly_the_header_rows_of_each_table():
    """No header row, one, two: Word repeats on each page exactly the rows the source makes headers."""
    case = ROOT / "tests" / "cases" / "table-header-rows.xml"
    data = writer.render(load(case), Options(source_dir=case.parent))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    repeated = [[row.find("w:trPr/w:tblHeader", NS) is not None for row in table.iterfind("w:tr", NS)]
                for table in body.iter(f"{{{W}}}tbl")]
    expected = akn.header_rows_in_source(case)
    assert expected == [0, 1, 2]
    assert repeated == [[True] * n + [False] * (len(rows) - n) for n, rows in zip(expected, repeated)]


def test_the_same_source_makes_the_same_file_wherever_it_lies(tmp_path):
    """A picture's path is relative in the file: nothing of the machine's folders is written into it."""
    import shutil

    case = ROOT / "tests" / "cases" / "act-with-schedule.xml"
    built = []
    for folder in (tmp_path / "a", tmp_path / "somewhere" / "else"):
        folder.mkdir(parents=True)
        shutil.copy(case, folder / "document.xml")
        shutil.copy(case.with_name("seal.png"), folder / "seal.png")
        built.append(writer.render(load(folder / "document.xml"), Options(source_dir=folder, epoch=EPOCH)))
    assert built[0] == built[1] and str(tmp_path).encode() not in built[0]


def test_a_list_in_the_front_matter_is_in_the_word_file(tmp_path):
    from akn import document

    from pipeline.extract import docx_text

    source = tmp_path / "document.xml"
    source.write_text(document().replace(
        "<p><docTitle>A test document</docTitle></p>",
        '<p><docTitle>A test document</docTitle></p><blockList eId="pre_list"><item eId="pre_list__item_1">'
        "<p>Listed in the front matter.</p></item></blockList>"), encoding="utf-8")
    data = writer.render(load(source), Options(source_dir=tmp_path, epoch=EPOCH))
    assert "Listed in the front matter." in docx_text(data)[0]


def test_pandocs_warnings_are_read_whole_and_nothing_else_is():
    stderr = ("[WARNING] Could not convert TeX math x,\n  rendering as TeX\nplain progress line\n"
              "[WARNING] Duplicate identifier 'a'\n")
    assert writer.warned(stderr) == ["Could not convert TeX math x, rendering as TeX", "Duplicate identifier 'a'"]
    assert writer.warned("") == [] and writer.warned("all went well\n") == []


def test_a_paragraph_a_reference_points_to_is_a_bookmark_the_link_leads_to(tmp_path):
    """In a styled paragraph (a footnote's, a list's) as in a plain one: Word's link needs the bookmark."""
    source = tmp_path / "document.xml"
    source.write_text(akn.document(
        '      <p eId="p_2">See <ref href="#p_3">the next</ref> and <ref href="#item_1">the item</ref>.</p>\n'
        '      <p eId="p_3">The next.</p>\n'
        '      <blockList eId="list_1"><item eId="item_1"><num>(a)</num><p>The item.</p></item></blockList>'),
        encoding="utf-8")
    doc = load(source)
    with zipfile.ZipFile(io.BytesIO(writer.render(doc, Options(source_dir=tmp_path, epoch=EPOCH)))) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    anchors = body.xpath("//w:hyperlink/@w:anchor", namespaces=NS)
    marks = set(body.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    assert anchors == [docx_ast.bookmark("p_3"), docx_ast.bookmark("item_1")] and set(anchors) <= marks
