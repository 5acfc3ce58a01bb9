"""The print edition refuses text that no installed font can draw, instead of printing empty boxes."""

from __future__ import annotations

import pytest

from akn import document
from pipeline.cli import main
from pipeline.loader import load
from pipeline.writers import pdf_fonts


def test_every_script_of_the_official_languages_is_covered():
    for text in ("Latin é", "Кириллица", "العربية", "中文文件", "Ελληνικά", "q\u0303", "\u00a0\u00ad\u200d"):
        assert all(pdf_fonts.drawable(c) for c in text), text


def test_the_documents_are_covered(seed_doc, specimen_doc):
    pdf_fonts.check(seed_doc)
    pdf_fonts.check(specimen_doc)


def test_a_character_without_a_font_is_refused_by_name(tmp_path, capsys):
    path = tmp_path / "document.xml"
    path.write_text(document('      <p eId="p_2">A private-use character: \ue000.</p>'), encoding="utf-8")
    with pytest.raises(ValueError, match=r"U\+E000 unnamed in p_2"):
        pdf_fonts.check(load(path))
    out = tmp_path / "out.pdf"
    assert main(["build", str(path), "--to", "pdf", "-o", str(out)]) == 3
    assert "empty boxes" in capsys.readouterr().err and not out.exists()


def test_a_footnote_marker_without_a_font_is_refused_too(tmp_path):
    """The markers print at the calls and on the notes: they are checked like the text, at the call first."""
    path = tmp_path / "document.xml"
    path.write_text(document('      <p eId="p_2">A call<authorialNote marker="\ue000" eId="fn_1"><p>Its note.</p>'
                             '</authorialNote>.</p>'), encoding="utf-8")
    with pytest.raises(ValueError, match=r"U\+E000 unnamed in p_2"):
        pdf_fonts.check(load(path))


def test_each_character_is_placed_by_its_paragraphs_id_or_else_its_kind_or_else_as_running_text(tmp_path):
    """Where a character is: the eId of its paragraph; a paragraph without one by its element; text that runs
    between blocks (a list item's) as text. Each character once, in the order of the document."""
    path = tmp_path / "document.xml"
    path.write_text(document('      <p eId="p_2">Private \U000f0000 and \U000f0000.</p>\n      <p>No id \U000f0001.</p>\n'
                             '      <ul eId="ul_1"><li eId="ul_1__li_1">Running \U000f0002</li></ul>'), encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        pdf_fonts.check(load(path))
    assert str(refused.value).endswith("3 character(s), which would come out as empty boxes: U+F0000 unnamed in p_2; "
                                       "U+F0001 unnamed in p; U+F0002 unnamed in text")
