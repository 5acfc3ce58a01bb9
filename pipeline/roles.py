"""What a node is to a reader, whatever the format: the parts of the front matter set as the title block, the line
a paragraph is (a symbol, a date), text no longer in force, the publisher's own words."""

from __future__ import annotations

from pipeline import model as m

#: Front-matter parts set as the title block (the rest of the front matter, a preamble say, is text).
TITLE_PARTS = frozenset({"coverPage", "preface", "header"})
#: Inline elements that are the publisher's words, not the document's.
EDITORIAL = frozenset({"omissis"})
#: A `status` that says the text is no longer in force: shown, struck through.
REMOVED = frozenset({"removed", "temporarilyRemoved", "ignored"})


def split_front(doc: m.Document) -> tuple[tuple[m.Block, ...], tuple[m.Block, ...]]:
    """(the front matter set as the title block, the rest of it, which is text)."""
    title = tuple(b for b in doc.front if isinstance(b, m.Group) and b.attr.name in TITLE_PARTS)
    return title, tuple(b for b in doc.front if b not in title)


def sole_phrase(para: m.Para) -> str | None:
    """The name of the one inline element a paragraph consists of ("docNumber" for a symbol line), if so."""
    nodes = [n for n in para.inlines if not (isinstance(n, m.Text) and not n.text.strip())]
    return nodes[0].attr.name if len(nodes) == 1 and isinstance(nodes[0], m.Phrase) else None


def editorial(attr: m.Attr) -> bool:
    """Whether an inline element holds the publisher's words (an omissis, an editorial remark)."""
    return attr.name in EDITORIAL or (attr.name == "remark" and attr.get("status") == "editorial")


def removed(attr: m.Attr) -> bool:
    return attr.get("status") in REMOVED
