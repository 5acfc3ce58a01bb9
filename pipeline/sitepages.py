"""The documents site's HTML pages: the index in each sort order, a page per document and language, the search page;
with the site's stylesheet and scripts from templates/site/. Trees are built with lxml, as the editions are."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import groupby

from lxml import etree

from pipeline import TEMPLATES, collection, versions
from pipeline.reader_meta import language
from pipeline.writers.htmlparts import el, language_name

SITE_NAME = "Official documents"
ASSETS = ("site.css", "index.js", "search.js")
#: The index's sort orders: file, column, and the key of a work (its rows sorted ascending, dates newest first).
SORTS = (("index.html", "date"), ("by-symbol.html", "symbol"), ("by-title.html", "title"), ("by-type.html", "type"))
COLUMNS = (("symbol", "Symbol"), ("title", "Title"), ("date", "Date"), ("type", "Type"), (None, "Languages"))


def _dir(lang: str) -> str | None:
    return "rtl" if language(lang)[1] == "rtl" else None


def _text_attrs(meta) -> dict[str, str | None]:
    """A document's own words on a page in English: their language and direction."""
    return {"lang": meta.lang, "dir": _dir(meta.lang)}


def _size(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}".replace(".0 ", " ")
        size /= 1000
    return str(size)


def _page(title: str, up: str, main: list, current: str, head_extra: tuple = ()) -> bytes:
    """A page of the site: skip link, the site's header and navigation, the main content, a footer. `up` leads
    from the page to the site's root ("" or "../")."""
    nav_items = [("index.html", "Documents"), ("search.html", "Search"), ("feed.atom", "Atom feed"),
                 ("opds.xml", "OPDS catalogue"), ("catalogue.json", "Catalogue (JSON)")]
    nav = el("ul", {}, *(el("li", {}, el("a", {"href": up + href, "aria-current": "page" if href == current else None},
                                        label)) for href, label in nav_items))
    html = el("html", {"lang": "en"},
              el("head", {},
                 el("meta", {"charset": "utf-8"}),
                 el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
                 el("title", {}, f"{title} · {SITE_NAME}"),
                 el("meta", {"name": "color-scheme", "content": "light dark"}),
                 el("link", {"rel": "stylesheet", "href": up + "site.css"}),
                 el("link", {"rel": "alternate", "type": "application/atom+xml", "href": up + "feed.atom",
                             "title": f"{SITE_NAME}: Atom feed"}),
                 el("link", {"rel": "alternate", "type": "application/atom+xml;profile=opds-catalog;kind=acquisition",
                             "href": up + "opds.xml", "title": f"{SITE_NAME}: OPDS catalogue"}),
                 *head_extra),
              el("body", {},
                 el("a", {"class": "skip-link", "href": "#main"}, "Skip to main content"),
                 el("header", {"class": "site-header"},
                    el("p", {"class": "site-name"}, el("a", {"href": up + "index.html"}, SITE_NAME)),
                    el("nav", {"aria-label": "Site"}, nav)),
                 el("main", {"id": "main", "tabindex": "-1"}, *main),
                 el("footer", {"class": "site-footer"},
                    el("p", {}, "Published from the Akoma Ntoso sources. Every edition is listed with its SHA-256."))))
    return etree.tostring(html, method="html", encoding="utf-8", doctype="<!DOCTYPE html>", pretty_print=True)


# ---------------------------------------------------------------- the index


def works(records: list) -> list[list]:
    """The records grouped by work (a document and its translations), the original first."""
    ordered = sorted(records, key=lambda r: (r.base, r.name != r.base, r.name))
    return [list(group) for _, group in groupby(ordered, key=lambda r: r.base)]


def _key(column: str) -> Callable:
    def natural(text: str | None) -> tuple:
        return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.casefold()) for p in re.split(r"(\d+)", text or ""))

    if column == "date":
        return lambda w: (w[0].meta.date is None, "".join(chr(0x10FFFF - ord(c)) for c in w[0].meta.date or ""),
                          natural(w[0].meta.symbol), w[0].name)
    if column == "symbol":
        return lambda w: (w[0].meta.symbol is None, natural(w[0].meta.symbol), w[0].name)
    if column == "title":
        return lambda w: (w[0].meta.title.casefold(), w[0].name)
    return lambda w: (w[0].type_label.casefold(), natural(w[0].meta.symbol), w[0].name)


def _languages(group: list, up: str, current: str | None = None) -> etree._Element:
    items = []
    for rec in sorted(group, key=lambda r: (versions.UN_ORDER.index(r.meta.lang.split("-")[0])
                                            if r.meta.lang.split("-")[0] in versions.UN_ORDER else 9, r.meta.lang)):
        attrs = {"lang": rec.meta.lang, "dir": _dir(rec.meta.lang), "hreflang": rec.meta.lang}
        name = language_name(rec.meta.lang)
        if rec.name == current:
            items.append(el("li", {}, el("span", {"lang": rec.meta.lang, "dir": _dir(rec.meta.lang),
                                                  "aria-current": "page"}, name)))
        else:
            items.append(el("li", {}, el("a", {**attrs, "href": f"{up}{rec.name}/index.html"}, name)))
    return el("ul", {"class": "languages"}, *items)


def _row(group: list) -> etree._Element:
    first = group[0]
    meta = first.meta
    searchable = " ".join(filter(None, [meta.symbol, *(r.meta.title for r in group), first.type_label]))
    return el("tr", {"data-type": first.type_label, "data-languages": " ".join(r.meta.lang for r in group),
                     "data-text": searchable.casefold()},
              el("td", {"class": "symbol"}, meta.symbol or "—"),
              el("th", {"scope": "row", "class": "title"},
                 el("a", {**_text_attrs(meta), "href": f"{first.name}/index.html"}, meta.title)),
              el("td", {"class": "date"}, el("time", {"datetime": meta.date}, meta.date) if meta.date else "—"),
              el("td", {"class": "type"}, first.type_label),
              el("td", {}, _languages(group, "")))


def _filters(groups: list) -> etree._Element:
    """The filter form: shown by index.js (the table is whole without it)."""
    types = sorted({g[0].type_label for g in groups}, key=str.casefold)
    langs = sorted({r.meta.lang for g in groups for r in g})
    return el("form", {"class": "filters", "id": "filters", "hidden": "hidden", "aria-label": "Filter the documents"},
              el("p", {}, el("label", {"for": "filter-text"}, "Symbol, title or type contains"),
                 el("input", {"type": "search", "id": "filter-text", "autocomplete": "off"})),
              el("p", {}, el("label", {"for": "filter-type"}, "Type"),
                 el("select", {"id": "filter-type"}, el("option", {"value": ""}, "Any type"),
                    *(el("option", {"value": t}, t) for t in types))),
              el("p", {}, el("label", {"for": "filter-language"}, "Language"),
                 el("select", {"id": "filter-language"}, el("option", {"value": ""}, "Any language"),
                    *(el("option", {"value": lang, "lang": lang}, language_name(lang)) for lang in langs))))


def index_page(groups: list, file: str, column: str) -> bytes:
    ordered = sorted(groups, key=_key(column))
    headers = []
    for key, label in COLUMNS:
        target = next((f for f, c in SORTS if c == key), None)
        sort = ("descending" if key == "date" else "ascending") if key == column else None
        content = el("a", {"href": target}, label, el("span", {"class": "visually-hidden"},
                                                       f" (sort by {label.lower()})")) \
            if target and key != column else label
        headers.append(el("th", {"scope": "col", "aria-sort": sort}, content))
    count = sum(len(g) for g in groups)
    main = [el("h1", {}, SITE_NAME),
            el("p", {}, f"{len(groups)} documents in {count} language versions, newest first. " if column == "date"
               else f"{len(groups)} documents in {count} language versions, by {column}. ",
               "Choose a column's heading to sort by it; ", el("a", {"href": "search.html"}, "search"),
               " finds words in every document and language."),
            el("form", {"class": "quick-search", "action": "search.html", "method": "get", "role": "search"},
               el("label", {"for": "q"}, "Search the documents"),
               el("input", {"type": "search", "id": "q", "name": "q"}),
               el("button", {"type": "submit"}, "Search")),
            _filters(groups),
            el("p", {"id": "filter-status", "role": "status", "class": "status"}),
            el("table", {"class": "documents", "id": "documents"},
               el("caption", {}, "Documents"),
               el("thead", {}, el("tr", {}, *headers)),
               el("tbody", {}, *(_row(g) for g in ordered)))]
    return _page("Documents", "", main, file if file == "index.html" else "",
                 (el("script", {"src": "index.js", "defer": "defer"}),))


# ---------------------------------------------------------------- a document's page


def _summary(rec, entries: list) -> list:
    """The summary, with the symbols of other documents of the collection as links to their pages."""
    finder = collection.Finder(entries, rec.name, rec.meta.lang)
    if finder.pattern is None:
        return [rec.summary]
    out, start = [], 0
    for match in finder.pattern.finditer(rec.summary):
        target = finder.best(finder.by_symbol[match.group()])
        out += [rec.summary[start:match.start()], el("a", {"href": f"../{target.name}/index.html"}, match.group())]
        start = match.end()
    return out + [rec.summary[start:]]


def document_page(rec, group: list, entries: list, version: str) -> bytes:
    meta = rec.meta
    facts = [("Symbol", meta.symbol), ("Date", meta.date_text or meta.date), ("Type", rec.type_label),
             ("Language", language_name(meta.lang)),
             ("Authors", "; ".join(a.name for a in meta.authors) or None),
             ("Release", version)]
    details = el("dl", {"class": "facts"})
    for term, value in facts:
        if value:
            details.append(el("dt", {}, term))  # the document's own words in its language; symbols and releases not
            details.append(el("dd", {} if term in ("Symbol", "Release") else _text_attrs(meta), value))
    rows = [el("tr", {},
               el("th", {"scope": "row"}, el("a", {"href": e.path.split("/", 1)[1], "type": e.media_type,
                                                   "download": None if e.format == "HTML" else ""},
                                             "Read online (HTML)" if e.format == "HTML" else e.format)),
               el("td", {"class": "size"}, _size(e.size)),
               el("td", {}, el("code", {"class": "digest"}, e.sha256)))
            for e in rec.editions]
    main = [el("nav", {"aria-label": "Breadcrumb", "class": "breadcrumb"},
               el("a", {"href": "../index.html"}, "Documents")),
            el("h1", _text_attrs(meta), meta.title),
            details,
            el("h2", {}, "Summary"),
            el("p", {**_text_attrs(meta), "class": "summary"}, *_summary(rec, entries)),
            el("h2", {"id": "editions"}, "Editions"),
            el("table", {"class": "editions", "aria-labelledby": "editions"},
               el("thead", {}, el("tr", {}, el("th", {"scope": "col"}, "Format"), el("th", {"scope": "col"}, "Size"),
                                  el("th", {"scope": "col"}, "SHA-256"))),
               el("tbody", {}, *rows))]
    if len(group) > 1:
        main += [el("h2", {}, "Languages"), _languages(group, "../", current=rec.name)]
    head = tuple(el("link", {"rel": "alternate", "hreflang": r.meta.lang, "href": f"../{r.name}/index.html"})
                 for r in group if r.name != rec.name)
    title = f"{meta.symbol}: {meta.title}" if meta.symbol else meta.title
    return _page(title, "../", main, "", head)


# ---------------------------------------------------------------- search


def search_page() -> bytes:
    main = [el("h1", {}, "Search"),
            el("form", {"id": "search-form", "action": "search.html", "method": "get", "role": "search"},
               el("label", {"for": "q"}, "Words to find in every document, in every language"),
               el("input", {"type": "search", "id": "q", "name": "q", "autocomplete": "off"}),
               el("button", {"type": "submit"}, "Search")),
            el("noscript", {}, el("p", {}, "Search needs JavaScript. ",
                                  el("a", {"href": "index.html"}, "The list of documents"), " works without it.")),
            el("p", {"id": "search-status", "role": "status", "class": "status"}),
            el("ol", {"id": "results", "class": "results"})]
    return _page("Search", "", main, "search.html", (el("script", {"src": "search.js", "type": "module"}),))


def pages(records: list, entries: list, version: str) -> dict[str, bytes]:
    """Every page of the site, and its stylesheet and scripts."""
    groups = works(records)
    files = {file: index_page(groups, file, column) for file, column in SORTS}
    for group in groups:
        for rec in group:
            files[f"{rec.name}/index.html"] = document_page(rec, group, entries, version)
    files["search.html"] = search_page()
    files.update({name: (TEMPLATES / "site" / name).read_bytes() for name in ASSETS})
    return files
