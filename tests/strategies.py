"""Hypothesis strategies: random documents within the supported subset, as AKN source text."""

from __future__ import annotations

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


class Notes:
    """Hands out footnote markers in reading order as the document is drawn."""

    def __init__(self) -> None:
        self.count = 0

    def note(self, text: str) -> str:
        self.count += 1
        n = self.count
        return f'<authorialNote marker="{n}" placement="bottom" eId="fn_{n}"><p>{escape(text)}</p></authorialNote>'


@st.composite
def inline_run(draw, notes: Notes, allow_notes: bool = True) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "text", "b", "i", "abbr", "date", "note"] if allow_notes else ["text", "b", "i"]))
        text = escape(draw(WORDS))
        if kind == "text":
            parts.append(text)
        elif kind in ("b", "i"):
            parts.append(f"<{kind}>{text}</{kind}>")
        elif kind == "abbr":
            parts.append(f'<abbr title="{escape(draw(WORDS), {chr(34): "&quot;"})}">{text}</abbr>')
        elif kind == "date":
            parts.append(f'<date date="2026-02-03">{text}</date>')
        else:
            parts.append(text + notes.note(draw(WORDS)))
    return " ".join(parts)


@st.composite
def block(draw, notes: Notes, ids: list[int], depth: int = 0, only: tuple[str, ...] = ()) -> str:
    ids.append(100 + len(ids))  # the template already holds p_1
    n = ids[-1]
    kinds = ["p", "p", "paragraph", "list", "table"] + (["section"] if depth < 2 else [])
    kind = draw(st.sampled_from(list(only) or (kinds if depth < 3 else ["p"])))
    if kind == "p":
        return f'<p eId="p_{n}">{draw(inline_run(notes))}</p>'
    if kind == "paragraph":
        return f'<paragraph eId="para_{n}"><num>{n}.</num><content><p>{draw(inline_run(notes))}</p></content></paragraph>'
    if kind == "section":  # an hcontainer holds either paragraphs and sections, or one content of blocks
        hierarchy = draw(st.booleans())
        kinds = (("paragraph", "section") if depth < 1 else ("paragraph",)) if hierarchy else ("p", "list", "table")
        inner = "".join(draw(block(notes, ids, depth + 1, kinds)) for _ in range(draw(st.integers(1, 2))))
        inner = inner if hierarchy else f"<content>{inner}</content>"
        return f'<hcontainer eId="hcontainer_{n}" name="section"><heading>{escape(draw(WORDS))}</heading>{inner}</hcontainer>'
    if kind == "list":
        items = []
        for i in range(draw(st.integers(1, 3))):
            nested = depth < 2 and draw(st.booleans())
            content = draw(block(notes, ids, depth + 1, ("list",))) if nested else f"<p>{draw(inline_run(notes))}</p>"
            items.append(f'<item eId="list_{n}__item_{i}"><num>({chr(97 + i)})</num>{content}</item>')
        return f'<blockList eId="list_{n}"><listIntroduction>{escape(draw(WORDS))}</listIntroduction>{"".join(items)}</blockList>'
    head = "".join(f"<th><p>{escape(draw(WORDS))}</p></th>" for _ in range(2))
    rows = "".join(f"<tr><td><p>{draw(inline_run(notes))}</p></td><td><p>{escape(draw(WORDS))}</p></td></tr>"
                   for _ in range(draw(st.integers(1, 2))))
    return f'<table eId="table_{n}"><caption>{escape(draw(WORDS))}</caption><tr>{head}</tr>{rows}</table>'


@st.composite
def documents(draw) -> str:
    """A whole random document: body blocks, then zero to two annexes, footnotes anywhere allowed."""
    notes, ids = Notes(), []
    body = "\n".join(draw(block(notes, ids)) for _ in range(draw(st.integers(1, 4))))
    annexes = ""
    for a in range(1, draw(st.integers(0, 2)) + 1):
        content = "\n".join(draw(block(notes, ids)) for _ in range(draw(st.integers(1, 2))))
        annexes += annex(f"att_{a}", f"Annex {'I' * a}", escape(draw(WORDS)), content)
    return document(body, annexes=annexes)
