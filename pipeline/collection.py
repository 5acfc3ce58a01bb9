"""The collection: every document under documents/, as links between documents need it (its name, language,
symbol and FRBR URIs), kept in build/.collection.json; and the transform that makes a reference to another document
of the collection a link to that document's page.

    python -m pipeline.collection DOCUMENTS -o build/.collection.json

A reference to another document is a `ref` (or any link element) whose href is one of its FRBR URIs (work,
expression or manifestation, FRBRthis or FRBRuri; with `~eId` it leads to that element of its HTML edition), or
its symbol written in the text (A/RES/62/272, never inside a longer symbol such as A/RES/62/272/Add.1; only symbols
with a slash and a digit, see linkable). A work
shared by several language versions leads to the version in the citing document's language, else to the original.
A symbol or URI that no document of the collection has stays as it was: text, its reference kept.

The file is rewritten only when what it says changes, so make rebuilds the HTML and EPUB editions when a document
joins or leaves the collection or changes its symbol or URIs, and not when its text changes."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from pipeline import model as m
from pipeline import output, reader_meta, safexml, schema, versions, walk
from pipeline.errors import InvalidDocument, UsageError

_AKN = "{%s}" % schema.AKN_NS
#: What may follow a FRBR URI inside a longer reference to the same document: a component, a language, an eId.
_BOUNDARY = ("/", "~", "!", "@", "#")


@dataclass(frozen=True)
class Entry:
    """One document of the collection (one language version: its folder under documents/)."""

    name: str  # the folder: "specimen.fra"
    base: str  # the name shared by its language versions: "specimen"
    lang: str  # BCP 47: "fr"
    symbol: str | None
    uris: tuple[str, ...]  # its FRBR URIs, without a trailing slash


def _main_document(root: etree._Element) -> etree._Element | None:
    return next((c for c in root if isinstance(c.tag, str)), None)


def entry(path: Path) -> Entry | None:
    """What the collection needs of one source; None for a file that is not a readable AKN document (its own
    build reports why)."""
    try:
        tree = safexml.parse(str(path), safexml.decode(str(path), safexml.read_source(path)))
    except (InvalidDocument, UsageError, OSError):
        return None
    document = _main_document(tree.getroot())
    if document is None:
        return None
    meta = reader_meta.metadata(document, "")
    uris = {uri.get("value", "").strip().rstrip("/")
            for name in ("FRBRthis", "FRBRuri")
            for uri in document.iterfind(f"{_AKN}meta/{_AKN}identification/*/{_AKN}{name}")}
    name = path.resolve().parent.name
    return Entry(name, versions.base(name), meta.lang, meta.symbol, tuple(sorted(u for u in uris if u)))


def read(documents: Path) -> list[Entry]:
    """Every document of a documents/ folder, by name."""
    from pipeline.shard import documents as names

    found = (entry(documents / name / "document.xml") for name in names(documents))
    return [e for e in found if e is not None]


def dump(entries: list[Entry]) -> bytes:
    return (json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def load(path: Path) -> list[Entry]:
    try:
        return [Entry(**{**e, "uris": tuple(e["uris"])}) for e in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise UsageError(f"cannot read the collection {path}: {exc}") from None


# ---------------------------------------------------------------- finding the document a reference names


def linkable(symbol: str) -> bool:
    """Whether a symbol is found in running text: one shaped like a UN document symbol, with a slash and a digit
    (A/RES/62/272, S/2011/123, E/CN.4/2005/1). A bare number or "No. 5" would turn every such mention into a link;
    documents with such identifiers are linked by their FRBR URIs."""
    return "/" in symbol and any(c.isdigit() for c in symbol) and len(symbol) >= 4


class Finder:
    """The other documents of the collection, as one citing document finds them."""

    def __init__(self, entries: list[Entry], citing: str, lang: str):
        own = versions.base(citing)
        self.others = [e for e in entries if e.base != own]
        self.lang = lang.split("-")[0]
        self.by_uri: dict[str, list[Entry]] = {}
        self.by_symbol: dict[str, list[Entry]] = {}
        for e in self.others:
            for uri in e.uris:
                self.by_uri.setdefault(uri, []).append(e)
            if e.symbol and linkable(e.symbol):
                self.by_symbol.setdefault(e.symbol, []).append(e)
        symbols = sorted(self.by_symbol, key=lambda s: (-len(s), s))
        self.pattern = re.compile(r"(?<![\w/])(?:%s)(?![\w/]|[.-]\w)" % "|".join(map(re.escape, symbols))) \
            if symbols else None

    def best(self, candidates: list[Entry]) -> Entry:
        """The version in the citing document's language, else the original, else the first by name."""
        return min(candidates, key=lambda e: (e.lang.split("-")[0] != self.lang, e.name != e.base, e.name))

    def split(self, text: str) -> list[tuple[str, Entry | None]]:
        """Text cut around the symbols of other documents: (words, None) and (symbol, the document it names)."""
        if self.pattern is None:
            return [(text, None)]
        out: list[tuple[str, Entry | None]] = []
        start = 0
        for match in self.pattern.finditer(text):
            if match.start() > start:
                out.append((text[start:match.start()], None))
            out.append((match.group(), self.best(self.by_symbol[match.group()])))
            start = match.end()
        if start < len(text) or not out:
            out.append((text[start:], None))
        return out

    def uri(self, reference: str) -> tuple[Entry, str | None] | None:
        """The document (and the eId) an AKN URI names, by its longest FRBR URI that the reference starts with."""
        reference = reference.strip()
        if not reference.startswith("/akn/"):
            return None
        eid = None
        if "~" in reference:
            reference, eid = reference.split("~", 1)
        reference = reference.rstrip("/")
        for length in range(len(reference), 0, -1):
            prefix = reference[:length]
            if prefix in self.by_uri and (length == len(reference) or reference[length] in _BOUNDARY):
                return self.best(self.by_uri[prefix]), eid or None
        return None


# ---------------------------------------------------------------- the transform


Url = Callable[[Entry, "str | None"], str]


def _inlines(nodes: tuple[m.Inline, ...], finder: Finder, url: Url) -> tuple[m.Inline, ...]:
    out: list[m.Inline] = []
    for node in nodes:
        if isinstance(node, m.Text) and finder.pattern is not None:
            out.extend(_symbols(node.text, finder, url))
        elif isinstance(node, m.Link):
            if node.target is None and node.href is None:
                found = finder.uri(node.attr.get("href") or node.attr.get("from") or "")
                if found is not None:
                    node = replace(node, href=url(*found))
            out.append(node)
        elif isinstance(node, (m.Styled, m.Phrase)):
            out.append(replace(node, children=_inlines(node.children, finder, url)))
        else:
            out.append(node)
    return tuple(out)


def _symbols(text: str, finder: Finder, url: Url) -> list[m.Inline]:
    """Text with each symbol of another document made a link to it."""
    return [m.Text(words) if target is None else m.Link(m.Attr("ref"), (m.Text(words),), None, url(target, None))
            for words, target in finder.split(text)]


def link(doc: m.Document, entries: list[Entry], url: Url) -> m.Document:
    """The document with every reference to another document of the collection a link to it (`url` says where
    that document's page, or an element of its HTML edition, is)."""
    finder = Finder(entries, doc.name, doc.meta.lang)
    if not finder.others:
        return doc

    def para(p: m.Para) -> m.Para:
        return replace(p, inlines=_inlines(p.inlines, finder, url))

    def fix(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
        return walk.map_blocks(blocks, lambda b: (para(b),) if isinstance(b, m.Para) else None, para)

    return replace(doc, front=fix(doc.front), body=fix(doc.body), back=fix(doc.back),
                   annexes=tuple(replace(a, blocks=fix(a.blocks), heading=fix(a.heading)) for a in doc.annexes),
                   notes=tuple(replace(n, blocks=fix(n.blocks)) for n in doc.notes))


def page(name: str, eid: str | None = None) -> str:
    """Where a document's page (or an element of its HTML edition) is in the site, from its root: explicit file
    names, which every static host serves (and a folder read from disk too)."""
    folder = quote(name)
    return f"{folder}/html/index.html#{quote(eid)}" if eid else f"{folder}/index.html"


def relative_url(entry: Entry, eid: str | None) -> str:
    """From an HTML edition in the site (<name>/html/index.html): the other document's page, or an element of its
    HTML edition."""
    return "../../" + page(entry.name, eid)


def absolute_url(site: str) -> Url:
    """The same on the published site, for editions read outside it (an EPUB, a downloaded HTML edition)."""
    base = site.rstrip("/") + "/"
    return lambda entry, eid: base + page(entry.name, eid)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.collection", description=__doc__.splitlines()[0])
    parser.add_argument("documents", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    data = dump(read(args.documents))
    if not args.output.is_file() or args.output.read_bytes() != data:
        output.write_file(args.output, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
