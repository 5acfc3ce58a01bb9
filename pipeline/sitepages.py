"""The documents site's HTML pages: the index in each sort order, a page per document and language, the search page;
with the site's stylesheet and scripts from templates/site/. Trees are built with lxml, as the editions are."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import groupby
from urllib.parse import quote

from lxml import etree

from pipeline import TEMPLATES, collection, versions
from pipeline.reader_meta import language
from pipeline.writers.htmlparts import el, language_name

ASSETS = ("site.css", "index.js", "search.js")
#: The index's sort orders: file, column, and the key of a work (its rows sorted ascending, dates newest first).
SORTS = (("index.html", "date"), ("by-symbol.html", "symbol"), ("by-title.html", "title"), ("by-type.html", "type"))
COLUMNS = ("symbol", "title", "date", "type", "languages")


@lru_cache(maxsize=None)
def words() -> dict[str, str]:
    """The site's own words (templates/site/words.json): its pages are in English, each document's words in its
    language."""
    return json.loads((TEMPLATES / "site" / "words.json").read_text(encoding="utf-8"))


def page_href(name: str) -> str:
    """A document's page, from the site's root."""
    return collection.page(name)


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
    w = words()
    site = w["site_name"]
    nav_items = [("index.html", w["nav_documents"]), ("search.html", w["nav_search"]), ("feed.atom", w["nav_atom"]),
                 ("opds.xml", w["nav_opds"]), ("catalogue.json", w["nav_catalogue"])]
    nav = el("ul", {}, *(el("li", {}, el("a", {"href": up + href, "aria-current": "page" if href == current else None},
                                        label)) for href, label in nav_items))
    html = el("html", {"lang": "en"},
              el("head", {},
                 el("meta", {"charset": "utf-8"}),
                 el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
                 el("title", {}, f"{title} · {site}"),
                 el("meta", {"name": "color-scheme", "content": "light dark"}),
                 el("link", {"rel": "stylesheet", "href": up + "site.css"}),
                 el("link", {"rel": "alternate", "type": "application/atom+xml", "href": up + "feed.atom",
                             "title": w["atom_title"].format(site=site)}),
                 el("link", {"rel": "alternate", "type": "application/atom+xml;profile=opds-catalog;kind=acquisition",
                             "href": up + "opds.xml", "title": w["opds_title"].format(site=site)}),
                 *head_extra),
              el("body", {},
                 el("a", {"class": "skip-link", "href": "#main"}, w["skip"]),
                 el("header", {"class": "site-header"},
                    el("p", {"class": "site-name"}, el("a", {"href": up + "index.html"}, site)),
                    el("nav", {"aria-label": w["site_navigation"]}, nav)),
                 el("main", {"id": "main", "tabindex": "-1"}, *main),
                 el("footer", {"class": "site-footer"}, el("p", {}, w["footer"]))))
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
            items.append(el("li", {}, el("a", {**attrs, "href": up + page_href(rec.name)}, name)))
    return el("ul", {"class": "languages"}, *items)


def _row(group: list) -> etree._Element:
    """A work's row; each cell names its column (data-label), which a narrow screen shows beside it."""
    w = words()
    first = group[0]
    meta = first.meta
    searchable = " ".join(filter(None, [meta.symbol, *(r.meta.title for r in group), first.type_label]))
    return el("tr", {"data-type": first.type_label, "data-languages": " ".join(r.meta.lang for r in group),
                     "data-text": searchable.casefold()},
              el("td", {"class": "symbol", "data-label": w["column_symbol"]}, meta.symbol or w["no_symbol"]),
              el("th", {"scope": "row", "class": "title"},
                 el("a", {**_text_attrs(meta), "href": page_href(first.name)}, meta.title)),
              el("td", {"class": "date", "data-label": w["column_date"]},
                 el("time", {"datetime": meta.date}, meta.date) if meta.date else w["no_symbol"]),
              el("td", {"class": "type", "data-label": w["column_type"]}, first.type_label),
              el("td", {"data-label": w["column_languages"]}, _languages(group, "")))


def _filters(groups: list) -> etree._Element:
    """The filter form: shown by index.js (the table is whole without it)."""
    w = words()
    types = sorted({g[0].type_label for g in groups}, key=lambda t: (t.casefold(), t))
    langs = sorted({r.meta.lang for g in groups for r in g})
    return el("form", {"class": "filters", "id": "filters", "hidden": "hidden", "aria-label": w["filter_form"]},
              el("p", {}, el("label", {"for": "filter-text"}, w["filter_text"]),
                 el("input", {"type": "search", "id": "filter-text", "autocomplete": "off"})),
              el("p", {}, el("label", {"for": "filter-type"}, w["filter_type"]),
                 el("select", {"id": "filter-type"}, el("option", {"value": ""}, w["any_type"]),
                    *(el("option", {"value": t}, t) for t in types))),
              el("p", {}, el("label", {"for": "filter-language"}, w["filter_language"]),
                 el("select", {"id": "filter-language"}, el("option", {"value": ""}, w["any_language"]),
                    *(el("option", {"value": lang, "lang": lang, "dir": _dir(lang)}, language_name(lang))
                      for lang in langs))))


def _sorts(current: str) -> etree._Element:
    """The sort orders as links, for a narrow screen, where the table's headings are not shown."""
    w = words()
    return el("nav", {"class": "sorts", "aria-label": w["sort_orders"]},
              el("ul", {}, *(el("li", {}, el("a", {"href": file, "aria-current": "page" if file == current else None},
                                              w[f"column_{column}"])) for file, column in SORTS)))


def _count(n: int, one: str, many: str) -> str:
    return words()[one] if n == 1 else words()[many].format(n=n)


def index_page(groups: list, file: str, column: str) -> bytes:
    w = words()
    ordered = sorted(groups, key=_key(column))
    headers = []
    for key in COLUMNS:
        label = w[f"column_{key}"]
        target = next((f for f, c in SORTS if c == key), None)
        sort = ("descending" if key == "date" else "ascending") if key == column else None
        content = el("a", {"href": target}, label, el("span", {"class": "visually-hidden"},
                                                       w["sort_by"].format(column=label.lower()))) \
            if target and key != column else label
        headers.append(el("th", {"scope": "col", "aria-sort": sort}, content))
    count = sum(len(g) for g in groups)
    order = w["order_date"] if column == "date" else w["order_other"].format(column=w[f"column_{column}"].lower())
    main = [el("h1", {}, w["site_name"]),
            el("p", {}, f"{_count(len(groups), 'count_one', 'count_many')} "
                        f"{_count(count, 'versions_one', 'versions_many')}, {order} ",
               w["how_to_sort"], el("a", {"href": "search.html"}, w["search_link"]), w["search_finds"]),
            el("form", {"class": "quick-search", "action": "search.html", "method": "get", "role": "search"},
               el("label", {"for": "q"}, w["search_the_documents"]),
               el("input", {"type": "search", "id": "q", "name": "q"}),
               el("button", {"type": "submit"}, w["search_button"])),
            _filters(groups),
            _sorts(file),
            el("p", {"id": "filter-status", "role": "status", "class": "status"}),
            el("table", {"class": "documents", "id": "documents"},
               el("caption", {}, w["documents"]),
               el("thead", {}, el("tr", {}, *headers)),
               el("tbody", {}, *(_row(g) for g in ordered)))]
    return _page(w["documents"], "", main, file if file == "index.html" else "",
                 (el("script", {"src": "index.js", "defer": "defer"}),))


# ---------------------------------------------------------------- a document's page


def _summary(rec, entries: list) -> list:
    """The summary, with the symbols of other documents of the collection as links to their pages."""
    finder = collection.Finder(entries, rec.name, rec.meta.lang)
    return [words if target is None else el("a", {"href": "../" + page_href(target.name)}, words)
            for words, target in finder.split(rec.summary)]


def document_page(rec, group: list, entries: list, version: str) -> bytes:
    w = words()
    meta = rec.meta
    facts = [("symbol", meta.symbol), ("date", meta.date_text or meta.date), ("type", rec.type_label),
             ("language", language_name(meta.lang)), ("authors", "; ".join(a.name for a in meta.authors) or None),
             ("release", version)]
    details = el("dl", {"class": "facts"})
    for term, value in facts:
        if value:  # the document's own words in its language; its symbol and the release are nobody's words
            details.append(el("dt", {}, w[f"fact_{term}"]))
            details.append(el("dd", {} if term in ("symbol", "release") else _text_attrs(meta), value))
    rows = [el("tr", {},
               el("th", {"scope": "row"}, el("a", {"href": quote(e.path.split("/", 1)[1]), "type": e.media_type,
                                                   "download": None if e.format == "HTML" else ""},
                                             w[f"edition_{e.format}"])),
               el("td", {"class": "size"}, _size(e.size)),
               el("td", {}, el("code", {"class": "digest"}, e.sha256)))
            for e in rec.editions]
    main = [el("nav", {"aria-label": w["breadcrumb"], "class": "breadcrumb"},
               el("a", {"href": "../index.html"}, w["documents"])),
            el("h1", _text_attrs(meta), meta.title),
            details]
    if rec.summary:
        main += [el("h2", {}, w["summary"]), el("p", {**_text_attrs(meta), "class": "summary"}, *_summary(rec, entries))]
    main += [el("h2", {"id": "editions"}, w["editions"]),
             el("table", {"class": "editions", "aria-labelledby": "editions"},
                el("thead", {}, el("tr", {}, *(el("th", {"scope": "col"}, w[f"edition_{c}"])
                                              for c in ("format", "size", "digest")))),
                el("tbody", {}, *rows))]
    if len(group) > 1:
        main += [el("h2", {}, w["languages"]), _languages(group, "../", current=rec.name)]
    head = tuple(el("link", {"rel": "alternate", "hreflang": r.meta.lang, "href": "../" + page_href(r.name)})
                 for r in group if r.name != rec.name)
    title = f"{meta.symbol}: {meta.title}" if meta.symbol else meta.title
    return _page(title, "../", main, "", head)


# ---------------------------------------------------------------- search


def search_page() -> bytes:
    w = words()
    main = [el("h1", {}, w["search_title"]),
            el("form", {"id": "search-form", "action": "search.html", "method": "get", "role": "search"},
               el("label", {"for": "q"}, w["search_label"]),
               el("input", {"type": "search", "id": "q", "name": "q", "autocomplete": "off"}),
               el("button", {"type": "submit"}, w["search_button"])),
            el("noscript", {}, el("p", {}, w["search_needs_script"],
                                  el("a", {"href": "index.html"}, w["search_index_link"]), w["search_without_script"])),
            el("p", {"id": "search-status", "role": "status", "class": "status"}),
            el("ol", {"id": "results", "class": "results"})]
    return _page(w["search_title"], "", main, "search.html", (el("script", {"src": "search.js", "type": "module"}),))


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
