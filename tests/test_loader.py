"""The source of truth: the seed is encoded faithfully, the specimen uses every construct, the model is right."""

from __future__ import annotations

import re

from conftest import ALL_DOCUMENTS, DOCUMENTS
from pipeline import model as m
from pipeline import sourcetext, walk
from pipeline.loader import load
from pipeline.roles import editorial
from pipeline.transforms import plain

SEED_TEXT = DOCUMENTS / "chairmans-summary-2011" / "seed.txt"
#: The extraction artefacts named in the seed's notes: a hyphen lost at a line break.
REPAIRS = {"CounterTerrorism": "Counter-Terrorism"}


def words(text: str) -> list[str]:
    return text.split()


def without_editorial(inlines: tuple[m.Inline, ...]) -> str:
    """Text of inlines with editorial notes and footnote calls taken out: what the original says."""
    out = []
    for node in inlines:
        if isinstance(node, m.Text):
            out.append(node.text)
        elif not isinstance(node, m.NoteCall) and not (isinstance(node, m.Phrase) and editorial(node.attr)):
            out.append(without_editorial(walk.inline_children(node)))
    return "".join(out)


def seed_parts() -> tuple[list[str], list[str], list[str]]:
    """The seed text split into title block, body and footnotes, with its artefacts repaired."""
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    blank = [i for i, line in enumerate(lines) if not line.strip()]
    title, body, notes = lines[: blank[0]], lines[blank[0] + 1: blank[1]], lines[blank[1] + 1:]
    text = " ".join(body)
    for broken, fixed in REPAIRS.items():
        text = text.replace(broken, fixed)
    text = re.sub(r" ([12])(?= |$)", "", text)  # footnote markers left as " 1" and " 2"
    return title, words(text), notes


def test_seed_body_holds_every_word_in_order_and_nothing_else(seed_doc):
    _, expected, _ = seed_parts()
    actual = []
    for block in walk.blocks(seed_doc.body):
        if isinstance(block, m.Para):
            actual.extend(words(without_editorial(block.inlines)))
    assert actual == expected


def test_seed_title_block(seed_doc):
    title, _, _ = seed_parts()
    meta = seed_doc.meta
    assert " ".join(title[:2]) == meta.title
    assert title[2] == meta.date_text and meta.date == "2011-09-19"
    assert title[3] == meta.doc_type
    assert meta.language == "eng" and meta.lang == "en"
    assert meta.symbol is None  # the seed names no document symbol, and none is invented
    assert [a.id for a in meta.authors] == ["eosg"] and meta.publisher.name == "United Nations"
    assert seed_doc.title_id == "title" and meta.doc_type_name == "doc"


def test_seed_footnotes_are_the_seeds_and_at_their_calls(seed_doc):
    _, _, notes = seed_parts()
    assert [n.number for n in seed_doc.notes] == [1, 2]
    assert [" ".join(plain(p.inlines).split()) for n in seed_doc.notes for p in n.blocks] == notes
    first, second = seed_doc.body[0].blocks[0], seed_doc.body[0].blocks[1]
    assert plain(first.inlines, calls=True).endswith("print media.1")
    assert plain(second.inlines, calls=True).endswith("Counter-Terrorism Strategy.2")


def test_seed_footnote_1_links_to_annex_1(seed_doc):
    links = [n for p in seed_doc.notes[0].blocks for n in p.inlines if isinstance(n, m.Link)]
    assert [(plain(link.children), link.target) for link in links] == [("Annex I", "att_1")]
    assert [(a.id, a.label) for a in seed_doc.annexes] == [("att_1", "Annex I: List of Eminent Speakers and chairpersons")]


def test_seed_key_elements_are_the_series_the_third_paragraph_introduces(seed_doc):
    series = seed_doc.body[0].blocks[2]
    assert isinstance(series, m.ItemList) and len(series.items) == 3
    assert plain(series.intro.inlines) == "The following are key elements from the proceedings of the Symposium:"


def test_seed_editorial_notes_mark_the_cut_and_the_missing_annex(seed_doc):
    def notes(blocks):
        return [plain(n.children) for b in walk.blocks(blocks) if isinstance(b, m.Para) for n in b.inlines
                if isinstance(n, m.Phrase) and editorial(n.attr)]

    cut = notes(seed_doc.body)
    assert len(cut) == 1 and "ends here" in cut[0]
    last = plain(seed_doc.body[0].blocks[2].items[-1].blocks[0].inlines)
    assert last.startswith("Participants also noted the efforts")
    assert "as well as other ways [Editorial note:" in last
    missing = notes(seed_doc.annexes[0].blocks)
    assert len(missing) == 1 and "not part of the source text" in missing[0]


def test_specimen_uses_every_construct(specimen_doc):
    blocks = list(walk.document_blocks(specimen_doc, notes=False))
    kinds = {type(b).__name__ for b in blocks}
    assert kinds == {"Group", "Hier", "Para", "ItemList", "Table"}
    units = [b for b in blocks if isinstance(b, m.Hier)]
    assert any(u.headed for u in units) and any(u.num and not u.headed for u in units)
    assert specimen_doc.meta.symbol == "SPEC/2026/1"
    assert len(specimen_doc.notes) == 11 and [n.marker for n in specimen_doc.notes] == [str(n) for n in range(1, 12)]
    assert [plain(a.heading[0].inlines) for a in specimen_doc.annexes] == ["Annex I", "Annex II"]
    nested = [b for b in blocks if isinstance(b, m.ItemList) and any(isinstance(x, m.ItemList) for i in b.items for x in i.blocks)]
    assert nested and [plain(i.num.inlines) for i in nested[0].items] == ["(a)", "(b)", "(c)"]
    table = next(b for b in blocks if isinstance(b, m.Table))
    assert plain(table.caption.inlines) and table.header_rows == 1
    assert all(c.scope == "col" for c in table.rows[0])
    inline_kinds = {n.kind if isinstance(n, m.Styled) else n.attr.name if isinstance(n, m.Phrase) else type(n).__name__
                    for b in blocks if isinstance(b, m.Para) for n in walk.inlines(b.inlines)}
    assert {"b", "i", "u", "sup", "sub", "abbr", "date", "Link", "NoteCall", "organization"} <= inline_kinds
    long_note = max(specimen_doc.notes, key=lambda n: sum(len(plain(p.inlines)) for p in n.blocks))
    assert sum(len(plain(p.inlines)) for p in long_note.blocks) > 1000


def test_specimen_contents_list_headings_and_annexes(specimen_doc):
    assert [(e.id, e.label) for e in specimen_doc.contents] == [
        ("hcontainer_1", "Introduction"), ("hcontainer_2", "Lists and cross-references"),
        ("hcontainer_3", "Notes of every length"), ("att_1", "Annex I: Participants"), ("att_2", "Annex II: Figures"),
    ]


def test_every_document_loads_and_has_text_units():
    for path in ALL_DOCUMENTS:
        doc = load(path)
        assert doc.name == path.parent.name
        assert len(sourcetext.read(path).body()) > 5
