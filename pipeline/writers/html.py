"""The accessible HTML edition (web profile): one semantic page with its stylesheets from templates/html/."""

from __future__ import annotations

from lxml import etree

from pipeline import model as m
from pipeline import pictures
from pipeline.writers import Options
from pipeline.writers.htmlparts import (
    Context, Profile, annex_section, blocks, contents_list, description, document_title, el, front_text,
    language_name, notes_section, template, title_block,
)
from pipeline.reader_meta import language

KIND = "dir"
STYLESHEETS = {"style.css": "all", "print.css": "print"}
WEB = Profile("web")


def head(ctx: Context) -> etree._Element:
    """Title, description and the document's own metadata (symbol, date, language)."""
    meta = ctx.doc.meta
    fields = [
        ("description", description(ctx.doc)),
        ("dcterms.title", meta.title),
        ("dcterms.type", meta.doc_type),
        ("dcterms.identifier", meta.symbol),
        ("dcterms.date", meta.date),
        ("dcterms.language", meta.lang),
        ("dcterms.creator", "; ".join(a.name for a in meta.authors) or None),
        ("dcterms.source", meta.expression_uri),
        ("color-scheme", "light dark"),
    ]
    return el("head", {},
              el("meta", {"charset": "utf-8"}),
              el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
              el("title", {}, document_title(ctx.doc)),
              *(el("meta", {"name": name, "content": value}) for name, value in fields if value),
              *(el("link", {"rel": "alternate", "hreflang": v.lang, "href": version_href(v)})
                for v in ctx.doc.versions if not v.current),
              *(el("link", {"rel": "stylesheet", "href": name, "media": None if media == "all" else media})
                for name, media in STYLESHEETS.items()))


def version_href(version: m.Version) -> str:
    """The HTML edition of another language version, from this one: build/<name>/html/index.html each."""
    return f"../../{version.name}/html/index.html"


def language_switcher(ctx: Context) -> etree._Element | None:
    """The document in its other languages, each named in itself; the current one marked, not linked."""
    if not ctx.doc.versions:
        return None
    items = []
    for version in ctx.doc.versions:
        attrs = {"lang": version.lang, "dir": "rtl" if language(version.lang)[1] == "rtl" else None}
        if version.current:
            items.append(el("li", {}, el("span", {**attrs, "aria-current": "page"}, language_name(version.lang))))
        else:
            items.append(el("li", {}, el("a", {**attrs, "href": version_href(version), "hreflang": version.lang},
                                         language_name(version.lang))))
    return el("nav", {"class": "languages", "aria-label": ctx.label["languages"]}, el("ul", {}, *items))


def page(doc: m.Document, profile: Profile = WEB) -> etree._Element:
    """The whole page: skip link, title block, contents, the text, annexes, notes, footer."""
    ctx = Context(doc, profile)
    label = ctx.label
    nav = None
    if doc.contents:
        nav = el("nav", {"class": "contents", "aria-labelledby": "contents-heading"},
                 el("h2", {"id": "contents-heading"}, label["contents"]), contents_list(ctx, doc.contents))
    meta = doc.meta
    footer = el("footer", {"class": "page-footer"},
                el("p", {}, " · ".join(p for p in (meta.symbol, meta.date_text, label["source"]) if p)))
    body = el("body", {},
              el("a", {"class": "skip-link", "href": "#main"}, label["skip"]),
              language_switcher(ctx),
              title_block(ctx),
              nav,
              el("main", {"id": "main", "tabindex": "-1"},
                 el("div", {"class": "body"}, *front_text(ctx), *blocks(ctx, doc.body), *blocks(ctx, doc.back)),
                 *(annex_section(ctx, a) for a in doc.annexes),
                 notes_section(ctx, doc.notes)),
              footer)
    return el("html", {"lang": meta.lang, "dir": meta.direction}, head(ctx), body)


def serialize(root: etree._Element) -> bytes:
    """HTML5 serialisation, UTF-8, with a doctype and a final newline."""
    return etree.tostring(root, method="html", encoding="utf-8", doctype="<!DOCTYPE html>", pretty_print=True)


def render(doc: m.Document, options: Options) -> dict[str, bytes]:
    """index.html and its stylesheets."""
    files = {"index.html": serialize(page(doc))}
    files.update({name: template("html", name) for name in STYLESHEETS})
    files.update({src: pictures.read(options.source_dir, src) for src in pictures.sources(doc)})
    return files
