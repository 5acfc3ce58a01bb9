"""Drafts that did not come from us: python-docx with Word's own footnote, endnote and numbering parts, tracked
changes, comments, pictures, right-to-left text; LibreOffice from OpenDocument and HTML. Each ends in a valid
source (checked by the loader) or a clear refusal naming its place; the expected text is read from the draft's XML."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

import drafts
from pipeline import model as m
from pipeline.checks import office
from pipeline.cli import main
from pipeline.importer.report import Report
from pipeline.importer.run import Options, convert
from pipeline.loader import load
from pipeline.schema import AKN_NS
from pipeline.schema import validate as schema_valid
from pipeline import walk
from pipeline.transforms import plain
from roundtrip import list_numbers, oracle, tables
A = {"a": AKN_NS}


def paragraphs(doc: m.Document) -> list[m.Para]:
    """The paragraphs of a document's body, in order."""
    return [b for b in walk.blocks(doc.body) if isinstance(b, m.Para)]


def run(draft: Path, target: Path, *options: str) -> int:
    return main(["import", str(draft), "-o", str(target), "-q", *options])


def report_draft(chapter_numbers: bool) -> drafts.Draft:
    """The draft of the issue: title block, chapters, numbered paragraphs, lettered lists, footnotes, an endnote,
    a table and two annexes."""
    d = drafts.Draft()
    drafts.title_block(d)
    d.para("I.\tIntroduction" if chapter_numbers else "Introduction", style="Heading 1")
    p = d.para("1.\tThe Assembly requested a report on the import of Word drafts.")
    d.note(p, "Resolution 80/1, paragraph 3.")
    d.para("2.\tThe drafting units agreed on the following points:")
    items = d.numbered([(0, "drafts keep their structure;"), (0, "notes keep their order:"),
                        (1, "footnotes at the foot of the page;"), (1, "endnotes at the end."), (0, "tables keep their headers.")])
    d.note(items[2], "As in every edition.")
    d.para("Review" if not chapter_numbers else "II.\tReview", style="Heading 1")
    p = d.para("3.\tThe figures are set out in the table below and in annex II.")
    d.note(p, "An endnote, kept as such.", kind="endnote")
    d.table("Table 1: Drafts received", ["Unit", "Drafts"], [["Geneva", "12"], ["New York", "30"]])
    d.para("4.\tThe review ends here.")
    d.para("Annex I", style="Heading 1")
    d.para("Participants", style="Heading 2")
    d.para("The participants are listed by unit.")
    d.para("Annex II", style="Heading 1")
    d.para("Figures", style="Heading 2")
    d.para("The figures are indicative.")
    return d


def test_the_report_draft_becomes_a_valid_source_that_builds_in_all_four_editions(tmp_path):
    draft = report_draft(chapter_numbers=False).save(tmp_path / "report.docx")
    target = tmp_path / "documents" / "report" / "document.xml"
    assert run(draft, target) == 0
    doc = load(target)
    assert (doc.meta.symbol, doc.meta.title, doc.meta.date, doc.meta.doc_type) == \
        ("A/80/123", "Report on the Import of Word Drafts", "2026-01-15", "Report of the Secretary-General")
    assert [a.label for a in doc.annexes] == ["Annex I: Participants", "Annex II: Figures"]
    numbered = [plain(b.num.inlines) for b in walk.blocks(doc.body) if isinstance(b, m.Hier) and b.num and not b.headed]
    assert numbered == ["1.", "2.", "3.", "4."]
    assert list_numbers(doc) == [["(a)", "(b)", "(c)"], ["(i)", "(ii)"]]
    assert tables(doc) == [("Table 1: Drafts received",
                            [[(True, "Unit"), (True, "Drafts")], [(False, "Geneva"), (False, "12")],
                             [(False, "New York"), (False, "30")]])]
    assert [plain(n.blocks[0].inlines) for n in doc.notes] == \
        ["Resolution 80/1, paragraph 3.", "As in every edition.", "An endnote, kept as such."]
    root = etree.parse(str(target)).getroot()
    assert root.xpath("//a:authorialNote/@placement", namespaces=A) == ["bottom", "bottom"]
    assert root.xpath("//a:authorialNote[@class='endnote']/@marker", namespaces=A) == ["3"]
    assert root.xpath("//a:doc/@name", namespaces=A)[0] == "reportOfTheSecretaryGeneral"
    assert oracle(draft.read_bytes(), target) == []
    out = tmp_path / "build"
    for fmt, path in (("html", out / "html"), ("epub", out / "r.epub"), ("docx", out / "r.docx"), ("pdf", out / "r.pdf")):
        assert main(["build", str(target), "--to", fmt, "-o", str(path), "-q"]) == 0, fmt


def test_chapters_numbered_i_ii_become_num_and_heading_in_schema_valid_akn(tmp_path):
    draft = report_draft(chapter_numbers=True).save(tmp_path / "report.docx")
    result = convert(draft.read_bytes(), "report.docx", Options(), Report())
    chapters = result.tree.getroot().xpath("//a:mainBody/a:hcontainer", namespaces=A)
    assert [(c.findtext("a:num", namespaces=A), c.findtext("a:heading", namespaces=A)) for c in chapters] == \
        [("I.", "Introduction"), ("II.", "Review")]
    assert schema_valid("report", result.tree, []) == []


def test_chapters_numbered_i_ii_import_and_load(tmp_path):
    draft = report_draft(chapter_numbers=True).save(tmp_path / "report.docx")
    assert run(draft, tmp_path / "r" / "document.xml") == 0


def test_word_numbered_headings_keep_their_numbers(tmp_path):
    """Headings numbered by Word (numbering in the heading style) lose their numbers in pandoc; not here."""
    d = drafts.Draft()
    drafts.title_block(d)
    headings = [d.para(text, style="Heading 1") for text in ("Introduction", "Mandate")]
    d.para("Text of the chapter.")
    numbering = d.doc.part.numbering_part.element
    numbering.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                               '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    for heading in headings:
        heading._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="77"/></w:numPr>'))
    draft = d.save(tmp_path / "headings.docx")
    result = convert(draft.read_bytes(), "headings.docx", Options(), Report())
    nums = result.tree.getroot().xpath("//a:hcontainer/a:num/text()", namespaces=A)
    assert nums == ["I.", "II."]
    assert schema_valid("headings", result.tree, []) == []


def test_a_nested_list_numbered_by_word_keeps_its_numbers(tmp_path):
    d = drafts.Draft()
    drafts.title_block(d)
    d.para("The parties agreed:")
    d.numbered([(0, "first;"), (1, "nested one;"), (1, "nested two;"), (2, "deeper;"), (0, "second.")])
    draft = d.save(tmp_path / "list.docx")
    assert run(draft, tmp_path / "l" / "document.xml") == 0
    doc = load(tmp_path / "l" / "document.xml")
    assert list_numbers(doc) == [["(a)", "(b)"], ["(i)", "(ii)"], ["1."]]
    intro = next(b for b in walk.blocks(doc.body) if isinstance(b, m.ItemList)).intro
    assert intro is not None and plain(intro.inlines) == "The parties agreed:"


def _tracked(tmp_path: Path) -> Path:
    d = drafts.Draft()
    drafts.title_block(d)
    p = d.para("The budget is ")
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">'
                          '<w:r><w:delText>ten</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z">'
                          '<w:r><w:t>twelve</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(drafts.run_xml("<w:t xml:space=\"preserve\"> million.</w:t>")))
    return d.save(tmp_path / "tracked.docx")


def test_tracked_changes_are_refused_with_their_count_and_place(tmp_path, capsys):
    target = tmp_path / "t" / "document.xml"
    assert run(_tracked(tmp_path), target) == 1
    err = capsys.readouterr().err
    assert "2 tracked changes (1 deletion, 1 insertion) at paragraph 5" in err
    assert "--track-changes accept|reject" in err and not target.parent.exists()


@pytest.mark.parametrize("how, text", [("accept", "The budget is twelve million."), ("reject", "The budget is ten million.")])
def test_tracked_changes_accepted_or_rejected(tmp_path, how, text):
    target = tmp_path / how / "document.xml"
    assert run(_tracked(tmp_path), target, "--track-changes", how) == 0
    assert [plain(b.inlines) for b in paragraphs(load(target))] == [text]


def test_comments_are_refused_or_left_out(tmp_path, capsys):
    d = drafts.Draft()
    drafts.title_block(d)
    p = d.para("A sentence someone commented on.")
    d.doc.add_comment(p.runs, text="Check this figure.", author="Reviewer")
    draft = d.save(tmp_path / "commented.docx")
    assert run(draft, tmp_path / "c" / "document.xml") == 1
    assert "1 comment at paragraph 5: a source keeps no comments" in capsys.readouterr().err
    assert run(draft, tmp_path / "c" / "document.xml", "--track-changes", "accept") == 0
    doc = load(tmp_path / "c" / "document.xml")
    assert [plain(b.inlines) for b in paragraphs(doc)] == ["A sentence someone commented on."]
    assert "Check this figure" not in (tmp_path / "c" / "document.xml").read_text()


def test_a_picture_without_alt_text_is_refused(tmp_path, capsys):
    d = drafts.Draft()
    drafts.title_block(d)
    drafts.picture(d, "A chart: ", alt=None)
    assert run(d.save(tmp_path / "p.docx"), tmp_path / "p" / "document.xml") == 1
    assert "paragraph 5: error: a picture without alt text" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def _with_picture(tmp_path: Path) -> Path:
    d = drafts.Draft()
    drafts.title_block(d)
    drafts.picture(d, "A chart: ", alt="A red square")
    return d.save(tmp_path / "p.docx")


def test_a_picture_with_alt_text_becomes_an_img_in_schema_valid_akn(tmp_path):
    result = convert(_with_picture(tmp_path).read_bytes(), "p.docx", Options(), Report())
    images = result.tree.getroot().xpath("//a:img", namespaces=A)
    assert [(i.get("src"), i.get("alt")) for i in images] == [("images/image-1.png", "A red square")]
    assert result.images["image-1.png"].startswith(b"\x89PNG")
    assert schema_valid("p", result.tree, []) == []


def test_a_picture_with_alt_text_is_imported_into_the_documents_folder(tmp_path):
    target = tmp_path / "p" / "document.xml"
    assert run(_with_picture(tmp_path), target) == 0
    assert (target.parent / "images" / "image-1.png").read_bytes().startswith(b"\x89PNG")


def test_a_line_break_becomes_br_in_schema_valid_akn(tmp_path):
    d = drafts.Draft()
    drafts.title_block(d)
    p = d.para("First line")
    p.add_run().add_break()
    p.add_run("second line")
    result = convert(d.save(tmp_path / "b.docx").read_bytes(), "b.docx", Options(), Report())
    p = result.tree.getroot().xpath("//a:mainBody/a:p", namespaces=A)[0]
    assert etree.tostring(p, encoding=str, with_tail=False).endswith(">First line<br/>second line</p>")
    assert schema_valid("b", result.tree, []) == []


def _line_break(tmp_path: Path) -> Path:
    d = drafts.Draft()
    drafts.title_block(d)
    p = d.para("First line")
    p.add_run().add_break()
    p.add_run("second line")
    return d.save(tmp_path / "b.docx")


def test_a_line_break_imports_and_loads(tmp_path):
    assert run(_line_break(tmp_path), tmp_path / "b" / "document.xml") == 0


def _merged(tmp_path: Path) -> Path:
    d = drafts.Draft()
    drafts.title_block(d)
    d.para("A table with merged cells:")
    table = d.doc.add_table(rows=2, cols=3)
    for i, text in enumerate(("Region", "Figures", "")):
        table.cell(0, i).text = text
    table.cell(0, 1).merge(table.cell(0, 2))
    for i, text in enumerate(("Africa", "12", "30")):
        table.cell(1, i).text = text
    return d.save(tmp_path / "merged.docx")


def test_merged_cells_become_colspan_in_schema_valid_akn(tmp_path):
    result = convert(_merged(tmp_path).read_bytes(), "merged.docx", Options(), Report())
    cells = result.tree.getroot().xpath("//a:table/a:tr[1]/*", namespaces=A)
    assert [(c.get("colspan"), "".join(c.itertext()).strip()) for c in cells] == [(None, "Region"), ("2", "Figures")]
    assert schema_valid("merged", result.tree, []) == []


def test_merged_cells_import_and_load(tmp_path):
    assert run(_merged(tmp_path), tmp_path / "m" / "document.xml") == 0


def test_right_to_left_paragraphs_keep_their_text_and_make_an_arabic_document(tmp_path):
    d = drafts.Draft()
    drafts.title_block(d, "تقرير عن استيراد المسودات")
    for text in ("هذه فقرة من اليمين إلى اليسار، رقمها A/80/123.", "وهذه فقرة ثانية."):
        p = d.para(text)
        p._p.get_or_add_pPr().append(parse_xml(f'<w:bidi {nsdecls("w")}/>'))
    draft = d.save(tmp_path / "ar.docx")
    target = tmp_path / "ar" / "document.xml"
    assert run(draft, target) == 0
    doc = load(target)
    assert (doc.meta.language, doc.meta.direction) == ("ara", "rtl")
    assert [plain(b.inlines) for b in paragraphs(doc)] == ["هذه فقرة من اليمين إلى اليسار، رقمها A/80/123.", "وهذه فقرة ثانية."]
    assert oracle(draft.read_bytes(), target) == []


def test_a_right_to_left_paragraph_in_an_english_draft(tmp_path):
    d = drafts.Draft()
    drafts.title_block(d)
    d.para("The English text comes first.")
    p = d.para("سلام على الجميع")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:bidi {nsdecls("w")}/>'))
    draft = d.save(tmp_path / "mixed.docx")
    assert run(draft, tmp_path / "m" / "document.xml") == 0
    doc = load(tmp_path / "m" / "document.xml")
    assert doc.meta.language == "eng" and plain(paragraphs(doc)[-1].inlines) == "سلام على الجميع"


def test_fields_text_boxes_and_hidden_text_are_reported_with_their_place(tmp_path, capsys):
    d = drafts.Draft()
    drafts.title_block(d)
    p = d.para("Printed on ")
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" DATE "><w:r><w:t>3 March 2026</w:t></w:r></w:fldSimple>'))
    p = d.para("Before the box ")
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w", "wp", "a")} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="9" name="Box"/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        '<w:txbxContent><w:p><w:r><w:t>Text in a box.</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'))
    p.add_run("and after it.")
    p = d.para("Visible ")
    p._p.append(parse_xml(drafts.run_xml('<w:rPr><w:vanish/></w:rPr><w:t>secret</w:t>')))
    draft = d.save(tmp_path / "odd.docx")
    assert run(draft, tmp_path / "o" / "document.xml") == 0
    err = capsys.readouterr().err
    assert "paragraph 5: warning: a field (DATE) is imported as the text it showed" in err
    assert "paragraph 6: warning: a text box: its 1 paragraph are imported as ordinary text after this paragraph" in err
    assert "paragraph 7: warning: hidden text left out: 'secret'" in err
    texts = [plain(b.inlines) for b in paragraphs(load(tmp_path / "o" / "document.xml"))]
    assert texts == ["Printed on 3 March 2026", "Before the box and after it.", "Text in a box.", "Visible"]


def test_an_equation_is_refused(tmp_path, capsys):
    d = drafts.Draft()
    drafts.title_block(d)
    p = d.para("The formula ")
    p._p.append(parse_xml('<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
                          '<m:r><m:t>x=2</m:t></m:r></m:oMath>'))
    assert run(d.save(tmp_path / "eq.docx"), tmp_path / "eq" / "document.xml") == 1
    assert "paragraph 5: error: an equation cannot be imported" in capsys.readouterr().err


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    """An OpenDocument and an HTML file written here, converted to DOCX by LibreOffice in one run."""
    if office.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("libreoffice")
    (folder / "water.fodt").write_text(drafts.FODT, encoding="utf-8")
    (folder / "cooperation.html").write_text(drafts.HTML, encoding="utf-8")
    with __import__("tempfile").TemporaryDirectory() as profile:
        subprocess.run([office.soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"),
                        str(folder / "water.fodt"), str(folder / "cooperation.html")],
                       capture_output=True, timeout=office.TIMEOUT, cwd=profile, env={**os.environ, "HOME": profile})
    return folder / "out"


def test_a_draft_libreoffice_wrote_from_opendocument(libreoffice, tmp_path):
    draft = libreoffice / "water.docx"
    target = tmp_path / "water" / "document.xml"
    assert run(draft, target) == 0
    doc = load(target)
    assert doc.meta.title == "Note on Water Cooperation" and doc.meta.language == "eng"
    assert [plain(s.heading.inlines) for s in walk.blocks(doc.body) if isinstance(s, m.Hier) and s.heading] == \
        ["Background", "Figures"]
    assert [plain(n.blocks[0].inlines) for n in doc.notes] == ["A footnote written in OpenDocument."]
    assert tables(doc) == [("", [[(True, "Basin"), (True, "States")], [(False, "Nile"), (False, "11")]])]
    assert list_numbers(doc) == [[None, None, None]]
    assert oracle(draft.read_bytes(), target) == []


def test_a_draft_libreoffice_wrote_from_html(libreoffice, tmp_path):
    draft = libreoffice / "cooperation.docx"
    target = tmp_path / "coop" / "document.xml"
    assert run(draft, target, "--author", "Unité de rédaction", "--date", "2026-02-03") == 0
    doc = load(target)
    assert doc.meta.title == "Note sur la coopération" and doc.meta.language == "fra"
    assert list_numbers(doc) == [["1.", "2."]]
    assert [text for _, text in tables(doc)[0][1][0]] == ["Bassin", "États"]  # LibreOffice marks no header row
    assert oracle(draft.read_bytes(), target) == []


def test_what_the_importer_writes_is_the_same_every_time(tmp_path):
    draft = report_draft(chapter_numbers=False).save(tmp_path / "report.docx")
    first = convert(draft.read_bytes(), "report.docx", Options(), Report()).xml
    assert convert(draft.read_bytes(), "report.docx", Options(), Report()).xml == first
    with zipfile.ZipFile(draft) as archive:
        assert "word/footnotes.xml" in archive.namelist() and "word/endnotes.xml" in archive.namelist()
