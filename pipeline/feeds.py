"""The documents site's feeds: an Atom feed of the documents by date (feed.atom), an OPDS 1.2 acquisition catalogue
of their EPUB editions (opds.xml), which e-reader apps subscribe to, and catalogue.json for machines.

Identifiers are stable: an entry's atom:id is the UUID (version 5) of its FRBR expression URI, the one the EPUB's
dc:identifier carries. Dates are the documents' own (their docDate, else FRBR date); a feed is as new as its newest
document. Links are relative to the feed, with xml:base naming the site when its address is known."""

from __future__ import annotations

import json
import re
import time
import uuid
from urllib.parse import quote

from lxml import etree

from pipeline import __version__
from pipeline.sitepages import page_href, words
from pipeline.writers.htmlparts import language_name

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"


def urn(uri: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri)}"


_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def stamp(date: str | None, epoch: int) -> str:
    """An RFC 3339 date-time: the document's date at midnight UTC (a date Atom can say: years 0000 to 9999),
    else SOURCE_DATE_EPOCH."""
    match = _DATE.match(date or "")
    if match:
        return f"{match[1]}T00:00:00Z"
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _ordered(records: list) -> list:
    """Newest first, then by name: the order both feeds list their entries in."""
    return sorted(records, key=lambda r: (r.meta.date or "", r.name), reverse=True)


def _feed(records: list, site_url: str | None, epoch: int, *, opds: bool) -> etree._Element:
    nsmap = {None: ATOM, "dc": DC, **({"opds": OPDS} if opds else {})}
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=nsmap)
    if site_url:
        feed.set(f"{{{XML_NS}}}base", site_url.rstrip("/") + "/")
    feed.set(f"{{{XML_NS}}}lang", "en")
    name = "opds.xml" if opds else "feed.atom"
    _sub(feed, f"{{{ATOM}}}id", urn(f"{site_url or 'pipeline:site'}/{name}"))
    site = words()["site_name"]
    _sub(feed, f"{{{ATOM}}}title", words()["opds_feed_title"].format(site=site) if opds else site)
    dates = [stamp(r.meta.date, epoch) for r in records if _DATE.match(r.meta.date or "")]
    _sub(feed, f"{{{ATOM}}}updated", max(dates) if dates else stamp(None, epoch))
    author = _sub(feed, f"{{{ATOM}}}author")
    _sub(author, f"{{{ATOM}}}name", words()["publisher"])  # for entries whose document names no author
    _sub(feed, f"{{{ATOM}}}generator", "pipeline", version=__version__)
    own_type = ACQUISITION if opds else "application/atom+xml"
    _sub(feed, f"{{{ATOM}}}link", rel="self", href=name, type=own_type)
    if opds:
        _sub(feed, f"{{{ATOM}}}link", rel="start", href=name, type=ACQUISITION)
    _sub(feed, f"{{{ATOM}}}link", rel="alternate", href="index.html", type="text/html")
    for rec in _ordered(records):
        feed.append(_entry(rec, epoch, opds=opds))
    return feed


def _entry(rec, epoch: int, *, opds: bool) -> etree._Element:
    meta = rec.meta
    entry = etree.Element(f"{{{ATOM}}}entry")
    entry.set(f"{{{XML_NS}}}lang", meta.lang)
    _sub(entry, f"{{{ATOM}}}id", urn(meta.expression_uri or rec.name))
    title = f"{meta.symbol}: {meta.title}" if meta.symbol else meta.title
    _sub(entry, f"{{{ATOM}}}title", title)
    _sub(entry, f"{{{ATOM}}}updated", stamp(meta.date, epoch))
    if _DATE.match(meta.date or ""):
        _sub(entry, f"{{{ATOM}}}published", stamp(meta.date, epoch))
    for agent in meta.authors:
        author = _sub(entry, f"{{{ATOM}}}author")
        _sub(author, f"{{{ATOM}}}name", agent.name)
    _sub(entry, f"{{{ATOM}}}category", term=rec.type_label)
    _sub(entry, f"{{{DC}}}language", meta.lang)
    if meta.symbol:
        _sub(entry, f"{{{DC}}}identifier", meta.symbol)
    if _DATE.match(meta.date or ""):
        _sub(entry, f"{{{DC}}}issued", _DATE.match(meta.date)[1])
    if rec.summary:
        _sub(entry, f"{{{ATOM}}}summary", rec.summary, type="text")
    _sub(entry, f"{{{ATOM}}}link", rel="alternate", href=page_href(rec.name), type="text/html",
         hreflang=meta.lang)
    for edition in rec.editions:
        if opds and edition.format != "EPUB":
            continue
        rel = "http://opds-spec.org/acquisition/open-access" if opds else "enclosure"
        if edition.format == "HTML":
            rel = "related"
        _sub(entry, f"{{{ATOM}}}link", rel=rel, href=quote(edition.path), type=edition.media_type,
             length=str(edition.size), title=edition.format)
    return entry


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def catalogue(records: list, site_url: str | None, version: str) -> bytes:
    """Every document and edition, for machines."""
    docs = [{"name": r.name, "work": r.base, "symbol": r.meta.symbol, "title": r.meta.title,
             "date": r.meta.date, "type": r.type_label, "language": r.meta.lang,
             "language_name": language_name(r.meta.lang), "direction": r.meta.direction,
             "languages": {v.lang: v.name for v in r.versions} or {r.meta.lang: r.name},
             "frbr": {"work": r.meta.work_uri, "expression": r.meta.expression_uri},
             "summary": r.summary, "page": page_href(r.name),
             "editions": [{"format": e.format, "path": quote(e.path), "type": e.media_type, "bytes": e.size,
                           "sha256": e.sha256} for e in r.editions]}
            for r in _ordered(records)]
    data = {"site": site_url, "release": version, "documents": docs}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def files(records: list, site_url: str | None, version: str, epoch: int) -> dict[str, bytes]:
    return {"feed.atom": _xml(_feed(records, site_url, epoch, opds=False)),
            "opds.xml": _xml(_feed(records, site_url, epoch, opds=True)),
            "catalogue.json": catalogue(records, site_url, version)}
