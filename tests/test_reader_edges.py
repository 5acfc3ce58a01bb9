"""The reader at its edges, in process: a document without a title in its front matter, metadata as the last source
of a name, annexes without a heading, ids repeated across the components of a file, text cut around the blocks it
holds. Each input is schema-valid (checked), so each case is one a publisher can send."""

from __future__ import annotations

import pytest
from lxml import etree

from akn import IDENTIFICATION
from pipeline import model as m
from pipeline import reader_document, reader_meta, schema, walk
from pipeline.transforms import hoist, plain

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def meta(extra: str = "", frbr: str = "", references: bool = True) -> str:
    identification = IDENTIFICATION.format(part="main").replace('<FRBRcountry value="un"/>',
                                                                  f'<FRBRcountry value="un"/>{frbr}', 1)
    if not references:  # a document inside another uses the references of the outer one
        return f"<meta>{identification}{extra}</meta>"
    return f"""<meta>{identification}{extra}
      <references source="#unit"><TLCOrganization eId="unit" href="/akn/o/unit" showAs="Test Unit"/></references>
    </meta>"""


def read(xml: str) -> m.Document:
    tree = etree.ElementTree(etree.fromstring(xml.encode()))
    assert schema.schema().validate(tree), schema.schema().error_log
    return reader_document.read("case", tree)


def act(body: str, name: str = "act", extra: str = "", frbr: str = "", front: str = "") -> str:
    return (f'<akomaNtoso xmlns="{NS}"><act name="{name}">{meta(extra, frbr)}{front}<body>{body}</body></act>'
            "</akomaNtoso>")


SECTION = '<section eId="sec_1"><num>1.</num><heading>Short title</heading><content><p>Text.</p></content></section>'


# A title from the body, when the front matter names none -------------------------------------------------------

def test_first_heading_of_the_body_names_a_document_without_front_matter():
    doc = read(act('<section eId="sec_0"><content><p>No heading here.</p></content></section>' + SECTION))
    assert doc.meta.title == "1. Short title"
    assert doc.title_id == "title"
    headings = [b.heading for b in walk.blocks(doc.body) if isinstance(b, m.Hier) and b.heading is not None]
    assert [h.attr.id for h in headings] == ["title"]
    assert plain(headings[0].inlines) == "Short title"


def test_a_heading_with_its_own_id_keeps_it_as_the_title():
    doc = read(act(SECTION.replace("<heading>", '<heading eId="sec_1__hdg">')))
    assert doc.title_id == "sec_1__hdg"
    assert doc.meta.title == "1. Short title"


def test_a_body_without_any_heading_falls_back_to_the_metadata():
    doc = read(act('<section eId="sec_1"><content><p>Only text.</p></content></section>', name="finance-act",
                   frbr='<FRBRname value="Finance Act"/>'))
    assert doc.title_id is None
    assert doc.meta.title == "Finance Act"
    assert not any(b.heading for b in walk.blocks(doc.body) if isinstance(b, m.Hier))


def test_a_docTitle_in_the_front_matter_wins_over_the_body():
    doc = read(act(SECTION, front="<preface><p><docTitle>The Act</docTitle></p></preface>"))
    assert doc.meta.title == "The Act" and doc.title_id == "title"
    (titled,) = [b for b in walk.blocks(doc.front) if isinstance(b, m.Para) and b.attr.id == "title"]
    assert plain(titled.inlines) == "The Act"  # the paragraph the title is in carries the id that names it
    assert all(b.heading.attr.id != "title" for b in walk.blocks(doc.body) if isinstance(b, m.Hier))


def test_a_title_in_a_part_of_a_front_matter_block_is_marked_there():
    """The title may sit in a part of a block (a list's introduction): that paragraph carries the id too."""
    front = ('<preface><blockList eId="pre_list"><listIntroduction><docTitle>The Act</docTitle></listIntroduction>'
             '<item eId="pre_list__item_1"><p>Listed.</p></item></blockList></preface>')
    doc = read(act(SECTION, front=front))
    assert doc.meta.title == "The Act" and doc.title_id == "title"
    (titled,) = [b for b in walk.blocks(doc.front) if isinstance(b, m.Para) and b.attr.id == "title"]
    assert plain(titled.inlines) == "The Act"


# The metadata as the last source of a name ---------------------------------------------------------------------

def work(publication: str | None = None, name: str | None = None, number: str | None = None,
         doc_name: str | None = None, element: str = "act") -> etree._Element:
    extra = f'<publication date="2026-01-01" name="g" showAs="{publication}"/>' if publication is not None else ""
    frbr = ""
    if number is not None:
        frbr += f'<FRBRnumber value="{number}"/>'
    if name is not None:
        frbr += f'<FRBRname value="{name}"/>'
    named = f' name="{doc_name}"' if doc_name is not None else ""
    xml = f'<{element} xmlns="{NS}"{named}>{meta(frbr=frbr).replace("</identification>", "</identification>" + extra)}</{element}>'
    return etree.fromstring(xml.encode())


@pytest.mark.parametrize("given, expected", [
    (dict(publication="  Official\n Gazette  ", name="Name", number="12", doc_name="n"), "Official Gazette"),
    (dict(publication="   ", name="The   Name", number="12", doc_name="n"), "The Name"),
    (dict(name=" ", number="No. 12", doc_name="n"), "No. 12"),
    (dict(number="", doc_name="finance act"), "finance act"),
    (dict(doc_name=" "), "act"),
    (dict(element="judgment"), "judgment"),
])
def test_fallback_title_takes_the_first_name_the_metadata_gives(given, expected):
    assert reader_meta.fallback_title(work(**given)) == expected


@pytest.mark.parametrize("emptied, work_uri, expression_uri", [
    ((), "/akn/un/doc/test/2026-01-01/t", "/akn/un/doc/test/2026-01-01/t/eng@"),
    (("FRBRWork/FRBRuri", "FRBRExpression/FRBRuri"), "/akn/un/doc/test/2026-01-01/t/!main",
     "/akn/un/doc/test/2026-01-01/t/eng@/!main"),
    (("FRBRExpression/FRBRuri", "FRBRExpression/FRBRthis"), "/akn/un/doc/test/2026-01-01/t",
     "/akn/un/doc/test/2026-01-01/t"),
], ids=["FRBRuri", "FRBRthis when FRBRuri is empty", "the work's when the expression names none"])
def test_a_document_is_known_by_its_frbr_uris_and_their_fallbacks(emptied, work_uri, expression_uri):
    """The schema wants an FRBRuri, not a value in it: an empty one gives way to FRBRthis, and an expression
    naming no URI at all to the work's. The metadata names the AKN document type too."""
    root = etree.fromstring(act(SECTION).encode())
    for path in emptied:
        frbr, name = path.split("/")
        root.find(f"{{{NS}}}act/{{{NS}}}meta/{{{NS}}}identification/{{{NS}}}{frbr}/{{{NS}}}{name}").set("value", "")
    doc = read(etree.tostring(root).decode())
    assert (doc.meta.work_uri, doc.meta.expression_uri) == (work_uri, expression_uri)
    assert doc.meta.doc_type_name == "act"
    assert read(act(SECTION).replace("act", "bill")).meta.doc_type_name == "bill"


# Annexes without a heading ---------------------------------------------------------------------------------------

def attachment(eid: str, preface: str, frbr: str = "") -> str:
    return (f'<attachment eId="{eid}"><doc name="annex">{meta(frbr=frbr, references=False)}{preface}'
            f'<mainBody><p eId="{eid}__p_1">Annex text of {eid}.</p></mainBody></doc></attachment>')


def with_attachments(*parts: str) -> str:
    return (f'<akomaNtoso xmlns="{NS}"><doc name="report">{meta()}<preface><p><docTitle>Report</docTitle></p>'
            f'</preface><mainBody><p eId="p_1">Body.</p></mainBody><attachments>{"".join(parts)}</attachments>'
            "</doc></akomaNtoso>")


def test_an_annex_without_heading_or_preface_is_named_by_its_document_metadata():
    doc = read(with_attachments(attachment("att_1", "", frbr='<FRBRname value="Statistical  tables"/>')))
    (annex,) = doc.annexes
    assert annex.label == "Statistical tables" and annex.heading == ()
    assert [plain(b.inlines) for b in walk.blocks(annex.blocks) if isinstance(b, m.Para)] == ["Annex text of att_1."]


def test_an_annex_preface_of_a_few_lines_is_its_heading():
    doc = read(with_attachments(attachment("att_1", "<preface><p>Annex I</p><p>List of participants</p></preface>"),
                                attachment("att_2", "<preface><p>One</p><p>Two</p><p>Three</p><p>Four</p></preface>")))
    first, second = doc.annexes
    assert first.label == "Annex I: List of participants" and len(first.heading) == 2
    assert second.heading == () and second.label == "annex"  # four lines are front matter, not a heading
    assert any(isinstance(b, m.Group) and b.attr.name == "preface" for b in second.blocks)


# Ids repeated across the components of one file ----------------------------------------------------------------

def test_ids_repeated_in_components_are_made_unique_by_their_component():
    component = ('<component eId="{cid}"><doc name="part">' + meta() +
                 '<mainBody><p eId="p_1">Text of {cid}.</p></mainBody></doc></component>')
    unnamed = component.replace(' eId="{cid}"', "")
    xml = (f'<akomaNtoso xmlns="{NS}"><doc name="main">{meta()}<mainBody><p eId="p_1">Main.</p></mainBody></doc>'
           f'<components>{component.format(cid="cmp_1")}{component.format(cid="cmp_2")}'
           f'{unnamed.format(cid="the third")}</components></akomaNtoso>')
    doc = read(xml)
    ids = [b.attr.id for b in walk.document_blocks(doc) if isinstance(b, m.Para) and plain(b.inlines).endswith(".")
           and b.attr.id and b.attr.id.endswith("p_1")]
    assert ids == ["p_1", "cmp_1__p_1", "cmp_2__p_1", "part_4__p_1"]
    assert [a.level for a in doc.annexes] == [1, 1, 1]  # components at the top are the document's own annexes


# Text cut around the blocks it holds ----------------------------------------------------------------------------

QUOTED = ('<quotedStructure eId="mod_1__qstr_1"><subsection eId="mod_1__qstr_1__subsec_1"><content><p>Quoted text.</p>'
          "</content></subsection></quotedStructure>")


def test_styled_and_phrase_runs_cut_around_a_block_keep_their_style_and_their_id_once():
    body = (f'<p eId="p_2">Before <i>slanted <mod eId="mod_1">lead {QUOTED} tail</mod> more</i>'
            " after.</p>")
    doc = read(f'<akomaNtoso xmlns="{NS}"><doc name="d">{meta()}<mainBody>{body}</mainBody></doc></akomaNtoso>')
    (main_body,) = hoist(doc.body)
    blocks = main_body.blocks
    first, quoted, last = blocks
    assert isinstance(quoted, m.Quoted) and first.attr.id == "p_2" and last.attr.id is None and last.continued
    styled_first = [n for n in first.inlines if isinstance(n, m.Styled)]
    styled_last = [n for n in last.inlines if isinstance(n, m.Styled)]
    assert [s.kind for s in styled_first + styled_last] == ["i", "i"]
    phrases = [n for s in styled_first + styled_last for n in s.children if isinstance(n, m.Phrase)]
    assert [p.attr.id for p in phrases] == ["mod_1", None]
    assert [plain(p.children) for p in phrases] == ["lead ", " tail"]
    assert plain(first.inlines) + "|" + plain(last.inlines) == "Before slanted lead | tail more after."


# References: by eId in their own scope, by the AKN URIs of the document and of its attachments -------------------

def _targets(doc: m.Document) -> dict[str, str | None]:
    return {plain(n.children): n.target for b in walk.document_blocks(doc) if isinstance(b, m.Para)
            for n in walk.inlines(b.inlines) if isinstance(n, m.Link)}


def test_references_resolve_by_eid_in_their_own_scope_and_by_every_akn_uri():
    expression_this = "/akn/un/doc/test/2026-01-01/t/eng@/!main"  # a FRBRthis, not a FRBRuri
    annex = IDENTIFICATION.format(part="annex_1")
    component = ('<component eId="cmp_1"><doc name="part">' + meta() + '<mainBody><p eId="p_1">Part: '
                 f'<ref href="#p_1">its own</ref>, <ref href="{expression_this}~p_1">by its URI</ref>.</p>'
                 '</mainBody></doc></component>')
    xml = (f'<akomaNtoso xmlns="{NS}"><doc name="main">{meta()}<mainBody><p eId="p_1">Main: '
           f'<ref href="/akn/un/doc/test/2026-01-01/t/eng@/!annex_1">the annex</ref>, '
           f'<ref href="/akn/un/doc/test/2026-01-01/t~p_1">the work</ref>.</p></mainBody>'
           f'<attachments><attachment eId="att_1"><doc name="annex"><meta>{annex}</meta>'
           '<mainBody><p eId="att_1__p_1">Annex text.</p></mainBody></doc></attachment></attachments></doc>'
           f'<components>{component}</components></akomaNtoso>')
    assert _targets(read(xml)) == {"the annex": "att_1", "the work": "p_1", "its own": "cmp_1__p_1",
                                   "by its URI": "cmp_1__p_1"}


def test_a_components_own_number_and_heading_head_its_annex():
    xml = (f'<akomaNtoso xmlns="{NS}"><doc name="main">{meta()}<mainBody><p eId="p_1">Main.</p></mainBody></doc>'
           f'<components><component eId="cmp_1"><num>Part 2</num><heading>Statistics</heading><doc name="part">'
           f'{meta()}<mainBody><p eId="p_1">Part.</p></mainBody></doc></component></components></akomaNtoso>')
    (annex,) = read(xml).annexes
    assert [plain(p.inlines) for p in annex.heading] == ["Part 2", "Statistics"]
    assert annex.label == "Part 2: Statistics"


def test_a_uri_shared_by_an_attachment_without_an_eid_leads_to_the_one_that_has_one():
    """Annexes copied from one template share their FRBRthis. Only a document the editions can link to (its
    attachment has an eId) is known by its URIs: one without an eId, even first, takes none of them."""
    annex = IDENTIFICATION.format(part="annex_1")
    attachment = ('<attachment{eid}><doc name="annex"><meta>' + annex + '</meta><mainBody><p eId="{p}">{text}</p>'
                  '</mainBody></doc></attachment>')
    xml = (f'<akomaNtoso xmlns="{NS}"><doc name="main">{meta()}<mainBody><p eId="p_1">Main: '
           '<ref href="/akn/un/doc/test/2026-01-01/t/eng@/!annex_1">the annex</ref>.</p></mainBody><attachments>'
           + attachment.format(eid="", p="a_p_1", text="Unnamed annex.")
           + attachment.format(eid=' eId="att_2"', p="b_p_1", text="Named annex.")
           + "</attachments></doc></akomaNtoso>")
    assert _targets(read(xml)) == {"the annex": "att_2"}


# Words of the publisher, not of the text --------------------------------------------------------------------------

def test_a_remark_with_the_editorial_status_is_the_publishers_and_another_remark_is_the_text():
    from pipeline.roles import editorial

    assert editorial(m.Attr("remark", attrs={"status": "editorial"}))
    assert editorial(m.Attr("omissis"))
    assert not editorial(m.Attr("remark", attrs={"status": "verbatim"}))
    assert not editorial(m.Attr("remark"))
    assert not editorial(m.Attr("remark", attrs={"refersTo": "editorial"}))


# The typography of the language, everywhere text is ----------------------------------------------------------------

def test_french_spaces_reach_table_cells_and_chinese_annex_labels_join_the_cjk_way():
    from pipeline.transforms import prepare

    table = ('<table eId="t_1"><tr><th><p>Format</p></th></tr><tr><td><p>Livre ; page : note ?</p></td></tr></table>')
    french = read(act(f'<section eId="sec_1"><content>{table}</content></section>').replace(
        'language="eng"', 'language="fra"'))
    cells = [plain(b.inlines) for b in walk.document_blocks(prepare(french)) if isinstance(b, m.Para)]
    assert "Livre\u202f; page\u00a0: note\u202f?" in cells
    annex = IDENTIFICATION.format(part="annex_1").replace('language="eng"', 'language="zho"')
    xml = (f'<akomaNtoso xmlns="{NS}"><doc name="main">{meta()}<mainBody><p eId="p_1">正文。</p></mainBody>'
           f'<attachments><attachment eId="att_1"><doc name="annex"><meta>{annex}</meta><preface>'
           '<p><docNumber>附件一</docNumber></p><p><docTitle>参与方</docTitle></p></preface>'
           '<mainBody><p eId="att_1__p_1">附件正文。</p></mainBody></doc></attachment></attachments></doc>'
           '</akomaNtoso>').replace('language="eng"', 'language="zho"')
    assert [a.label for a in prepare(read(xml)).annexes] == ["附件一：参与方"]


def test_a_reference_to_an_inline_elements_eid_stays_a_link():
    from pipeline.transforms import prepare

    xml = act('<section eId="sec_1"><content><p>A <term eId="sec_1__term_1" refersTo="#unit">word</term> and '
              '<ref href="#sec_1__term_1">its use</ref>.</p></content></section>')
    assert _targets(prepare(read(xml)))["its use"] == "sec_1__term_1"


# Notes of the metadata, called by reference -------------------------------------------------------------------------


def test_a_call_to_a_note_of_the_metadata_shows_its_own_marker_or_else_the_notes():
    notes = ('<notes source="#unit"><note eId="n_1" marker="a"><p>Lettered.</p></note>'
             '<note eId="n_2"><p>Unmarked.</p></note></notes>')
    body = ('<section eId="sec_1"><num>1.</num><heading>Notes</heading><content><p>Starred<noteRef href="#n_1" '
            'marker="*"/>, lettered<noteRef href="#n_1"/>, counted<noteRef href="#n_2"/>.</p></content></section>')
    doc = read(act(body).replace("</references>", f"</references>{notes}"))
    calls = [i for b in walk.document_blocks(doc) if isinstance(b, m.Para) for i in b.inlines
             if isinstance(i, m.NoteCall)]
    assert [c.marker for c in calls] == ["*", "a", "3"]
    assert [(n.number, n.marker, plain(n.blocks[0].inlines)) for n in doc.notes] == \
           [(1, "*", "Lettered."), (2, "a", "Lettered."), (3, "3", "Unmarked.")]
    assert [c.note_id for c in calls] == [n.id for n in doc.notes] and len({n.id for n in doc.notes}) == 3


def test_a_heading_holding_a_block_keeps_its_text_in_its_own_line_at_any_depth_of_style():
    """A heading cannot be cut around a block as a paragraph is: the block's text joins the heading's line, even
    inside a styled run and a phrase, and no block is left inside the heading."""
    heading = f'Heading <i>slanted <mod eId="mod_1">lead {QUOTED} tail</mod></i> end'
    body = (f'<section eId="sec_1"><num>1.</num><heading>{heading}</heading><content><p>Text.</p></content>'
            '</section>')
    doc = read(act(body))
    (section,) = [b for b in walk.document_blocks(doc) if isinstance(b, m.Hier) and b.attr.id == "sec_1"]
    before = section.heading
    (section,) = [b for b in walk.blocks(hoist(doc.body)) if isinstance(b, m.Hier) and b.attr.id == "sec_1"]

    def runs(nodes) -> int:
        return sum(isinstance(n, m.BlockRun) + runs(getattr(n, "children", ())) for n in nodes)

    assert runs(before.inlines) == 1, "the reader keeps the block where it is"
    assert runs(section.heading.inlines) == 0
    assert " ".join(plain(section.heading.inlines).split()) == "Heading slanted lead Quoted text. tail end"
    (styled,) = [n for n in section.heading.inlines if isinstance(n, m.Styled)]
    (phrase,) = [n for n in styled.children if isinstance(n, m.Phrase)]
    assert phrase.attr.id == "mod_1" and [type(n).__name__ for n in phrase.children] == ["Text", "Phrase", "Text"]


def test_a_link_to_what_no_edition_shows_is_text_in_an_annex_as_in_the_body(tmp_path):
    """A reference to an element of the metadata (an organization of the references) has nothing to lead to."""
    from akn import annex, document
    from pipeline.loader import load

    body = '<p eId="att_1__p_1">By <ref href="#unit">the unit</ref>, see <ref href="#p_1">the first</ref>.</p>'
    source = tmp_path / "document.xml"
    source.write_text(document('      <p eId="p_2">By <ref href="#unit">the unit</ref>.</p>',
                               annexes=annex("att_1", "Annex I", "First", body)), encoding="utf-8")
    doc = load(source)
    links = {(plain(n.children), n.target) for b in walk.document_blocks(doc) if isinstance(b, m.Para)
             for n in walk.inlines(b.inlines) if isinstance(n, m.Link)}
    assert links == {("the unit", None), ("the first", "p_1")}


def test_a_headed_unit_of_an_annex_is_one_level_below_the_annex(tmp_path):
    from akn import annex, document
    from pipeline.loader import load
    from pipeline.transforms import contents

    body = ('<hcontainer name="part" eId="att_1__hc_1"><heading>Inside</heading><content><p>Text.</p></content>'
            '</hcontainer>')
    source = tmp_path / "document.xml"
    source.write_text(document(annexes=annex("att_1", "Annex I", "First", body)), encoding="utf-8")
    doc = load(source)
    (unit,) = [b for b in walk.blocks(doc.annexes[0].blocks) if isinstance(b, m.Hier) and b.headed]
    assert unit.level == 1 and doc.annexes[0].level == 1
    assert [(e.label, e.level) for e in contents(doc)] == [("Annex I: First", 1), ("Inside", 2)]


def test_the_heading_of_a_list_item_is_made_anew_as_every_part_of_a_block(tmp_path):
    """The shared transforms reach an item's heading too: a link in it to what no edition shows is text."""
    from akn import document
    from pipeline.loader import load

    source = tmp_path / "document.xml"
    source.write_text(document('      <blockList eId="list_1"><item eId="list_1__item_a"><num>(a)</num><heading>By '
                               '<ref href="#unit">the unit</ref></heading><p>Text.</p></item></blockList>'),
                      encoding="utf-8")
    doc = load(source)
    (item,) = [i for b in walk.document_blocks(doc) if isinstance(b, m.ItemList) for i in b.items]
    (link,) = [n for n in walk.inlines(item.heading.inlines) if isinstance(n, m.Link)]
    assert plain(item.heading.inlines) == "By the unit" and link.target is None
