"""Hypothesis strategies: random documents within the supported subset, as AKN source text."""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from akn import annex, document

# Any Unicode a document may hold: letters of every script (right-to-left included), combining marks,
# punctuation, symbols, no-break spaces. Not control characters, surrogates or unassigned code points.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co"), blacklist_characters="\ufeff"),
    min_size=1, max_size=40,
).filter(lambda s: s.strip())
WORDS = st.lists(TEXT, min_size=1, max_size=3).map(" ".join)

# Text that print can be read back from exactly: letters of the Latin, Greek and Cyrillic scripts, digits,
# punctuation and no-break spaces (pdftotext cannot give back the logical order of complex-script shaping,
# nor a combining mark that has no precomposed form: it reads such marks as separate spacing accents).
_LETTERS = st.characters(min_codepoint=0x41, max_codepoint=0x4FF, categories=("Lu", "Ll")).filter(
    lambda c: unicodedata.normalize("NFKC", c) == c)  # no compatibility letters such as U+0149
_PRINT_WORD = st.tuples(_LETTERS, st.lists(st.one_of(_LETTERS, st.sampled_from("0123456789,.;:()'\u00a0")), max_size=8)) \
    .map(lambda t: t[0] + "".join(t[1]))
PRINTABLE = st.lists(_PRINT_WORD, min_size=1, max_size=5).map(" ".join)


# What a source may hold between its words that is not text: comments and processing instructions.
_ASIDE_WORD = st.text(alphabet="abcdefghij XYZ?!.", min_size=0, max_size=12)
ASIDE = st.one_of(
    _ASIDE_WORD.map(lambda t: f"<!--{t.replace('-', '')}-->"),
    st.tuples(st.sampled_from(["pi", "page", "hyphenate", "x-tool"]), _ASIDE_WORD).map(lambda t: f"<?{t[0]} {t[1]}?>"),
)


@st.composite
def with_asides(draw, text: str) -> str:
    """Escaped text with comments and processing instructions put between some of its characters."""
    out, cut = [], 0
    for point in sorted(draw(st.lists(st.integers(0, len(text)), max_size=2))):
        out += [escape(text[cut:point]), draw(ASIDE)]
        cut = point
    return "".join(out) + escape(text[cut:])


class Notes:
    """Hands out footnote markers in reading order as the document is drawn."""

    def __init__(self) -> None:
        self.count = 0

    def note(self, text: str) -> str:
        self.count += 1
        n = self.count
        return f'<authorialNote marker="{n}" placement="bottom" eId="fn_{n}"><p>{text}</p></authorialNote>'


@st.composite
def inline_run(draw, notes: Notes, words, allow_notes: bool = True) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "text", "b", "i", "abbr", "date", "note"] if allow_notes else ["text", "b", "i"]))
        text = draw(with_asides(draw(words)))
        if kind == "text":
            parts.append(text)
        elif kind in ("b", "i"):
            parts.append(f"<{kind}>{text}</{kind}>")
        elif kind == "abbr":
            parts.append(f'<abbr title="{escape(draw(words), {chr(34): "&quot;"})}">{text}</abbr>')
        elif kind == "date":
            parts.append(f'<date date="2026-02-03">{text}</date>')
        else:
            parts.append(text + notes.note(draw(with_asides(draw(words)))))
    return " ".join(parts)


@st.composite
def block(draw, notes: Notes, ids: list[int], words, depth: int = 0, only: tuple[str, ...] = (), tables: bool = True) -> str:
    ids.append(100 + len(ids))  # the template already holds p_1
    n = ids[-1]
    kinds = ["p", "p", "paragraph", "list"] + (["table"] if tables else []) + (["section"] if depth < 2 else [])
    kind = draw(st.sampled_from(list(only) or (kinds if depth < 3 else ["p"])))
    if kind == "p":
        return f'<p eId="p_{n}">{draw(inline_run(notes, words))}</p>'
    if kind == "paragraph":
        return f'<paragraph eId="para_{n}"><num>{n}.</num><content><p>{draw(inline_run(notes, words))}</p></content></paragraph>'
    if kind == "section":  # an hcontainer holds either paragraphs and sections, or one content of blocks
        hierarchy = draw(st.booleans())
        kinds = (("paragraph", "section") if depth < 1 else ("paragraph",)) if hierarchy else ("p", "list") + (("table",) * tables)
        inner = "".join(draw(block(notes, ids, words, depth + 1, kinds, tables)) for _ in range(draw(st.integers(1, 2))))
        inner = inner if hierarchy else f"<content>{inner}</content>"
        return f'<hcontainer eId="hcontainer_{n}" name="section"><heading>{draw(with_asides(draw(words)))}</heading>{inner}</hcontainer>'
    if kind == "list":
        items = []
        for i in range(draw(st.integers(1, 3))):
            nested = depth < 2 and draw(st.booleans())
            content = draw(block(notes, ids, words, depth + 1, ("list",))) if nested else f"<p>{draw(inline_run(notes, words))}</p>"
            items.append(f'<item eId="list_{n}__item_{i}"><num>({chr(97 + i)})</num>{content}</item>')
        return f'<blockList eId="list_{n}"><listIntroduction>{escape(draw(words))}</listIntroduction>{"".join(items)}</blockList>'
    heads = "".join("<tr>" + "".join(f"<th><p>{escape(draw(words))}</p></th>" for _ in range(2)) + "</tr>"
                    for _ in range(draw(st.integers(0, 2))))  # no header row, one or two
    rows = "".join(f"<tr><td><p>{draw(inline_run(notes, words))}</p></td><td><p>{escape(draw(words))}</p></td></tr>"
                   for _ in range(draw(st.integers(1, 2))))
    return f'<table eId="table_{n}"><caption>{draw(with_asides(draw(words)))}</caption>{heads}{rows}</table>'


@st.composite
def documents(draw, words=WORDS, tables: bool = True) -> str:
    """A whole random document: body blocks, then zero to two annexes, footnotes anywhere allowed."""
    notes, ids = Notes(), []
    body = "\n".join(draw(block(notes, ids, words, tables=tables)) for _ in range(draw(st.integers(1, 4))))
    annexes = ""
    for a in range(1, draw(st.integers(0, 2)) + 1):
        content = "\n".join(draw(block(notes, ids, words, tables=tables)) for _ in range(draw(st.integers(1, 2))))
        annexes += annex(f"att_{a}", f"Annex {'I' * a}", escape(draw(words)), content)
    return document(body, annexes=annexes)


# Every attribute that points at an element of the document, in a place the schema allows it.
REFERENCES = {
    "ref/@href": lambda target, text: f'<p eId="p_9">See <ref href="#{target}">{text}</ref>.</p>',
    "organization/@refersTo": lambda target, text: f'<p eId="p_9">By <organization refersTo="#{target}">{text}</organization>.</p>',
    "term/@refersTo": lambda target, text: f'<p eId="p_9">A <term refersTo="#{target}">{text}</term>.</p>',
}


@st.composite
def dangling_references(draw) -> tuple[str, str, str]:
    """(source, the attribute, the missing target): a valid document but for one reference to no element."""
    target = draw(st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(lambda t: t not in ("p_1", "unit")))
    where = draw(st.sampled_from(sorted(REFERENCES) + ["references/@source", "FRBRauthor/@href"]))
    if where == "references/@source":
        return document().replace('<references source="#unit">', f'<references source="#{target}">'), where, target
    if where == "FRBRauthor/@href":
        return document().replace('<FRBRauthor href="#unit"/>', f'<FRBRauthor href="#{target}"/>', 1), where, target
    return document(REFERENCES[where](target, escape(draw(WORDS)))), where, target
