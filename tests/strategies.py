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


class Notes:
    """Hands out footnote markers in reading order as the document is drawn."""

    def __init__(self) -> None:
        self.count = 0

    def note(self, text: str) -> str:
        self.count += 1
        n = self.count
        return f'<authorialNote marker="{n}" placement="bottom" eId="fn_{n}"><p>{escape(text)}</p></authorialNote>'


@st.composite
def inline_run(draw, notes: Notes, words, allow_notes: bool = True) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "text", "b", "i", "abbr", "date", "note"] if allow_notes else ["text", "b", "i"]))
        text = escape(draw(words))
        if kind == "text":
            parts.append(text)
        elif kind in ("b", "i"):
            parts.append(f"<{kind}>{text}</{kind}>")
        elif kind == "abbr":
            parts.append(f'<abbr title="{escape(draw(words), {chr(34): "&quot;"})}">{text}</abbr>')
        elif kind == "date":
            parts.append(f'<date date="2026-02-03">{text}</date>')
        else:
            parts.append(text + notes.note(draw(words)))
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
        return f'<hcontainer eId="hcontainer_{n}" name="section"><heading>{escape(draw(words))}</heading>{inner}</hcontainer>'
    if kind == "list":
        items = []
        for i in range(draw(st.integers(1, 3))):
            nested = depth < 2 and draw(st.booleans())
            content = draw(block(notes, ids, words, depth + 1, ("list",))) if nested else f"<p>{draw(inline_run(notes, words))}</p>"
            items.append(f'<item eId="list_{n}__item_{i}"><num>({chr(97 + i)})</num>{content}</item>')
        return f'<blockList eId="list_{n}"><listIntroduction>{escape(draw(words))}</listIntroduction>{"".join(items)}</blockList>'
    head = "".join(f"<th><p>{escape(draw(words))}</p></th>" for _ in range(2))
    rows = "".join(f"<tr><td><p>{draw(inline_run(notes, words))}</p></td><td><p>{escape(draw(words))}</p></td></tr>"
                   for _ in range(draw(st.integers(1, 2))))
    return f'<table eId="table_{n}"><caption>{escape(draw(words))}</caption><tr>{head}</tr>{rows}</table>'


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
