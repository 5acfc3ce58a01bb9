"""The EPUB 3 edition: XHTML content documents of the EPUB profile, packaged with ebooklib and zipped reproducibly."""

from __future__ import annotations

import datetime
import io
import json
import time
import uuid
import zipfile
from collections.abc import Callable

from ebooklib import epub

from pipeline import model as m
from pipeline import pictures
from pipeline.writers import Options
from pipeline.writers.epubhtml import (
    NAV, STYLESHEET, content_document, contents_entries, locations, nav_document, parts, profile, serialize,
)
from pipeline.writers.htmlparts import description, template

KIND = "file"
XHTML = "application/xhtml+xml"
#: Zip timestamps run from 1980 to 2107: SOURCE_DATE_EPOCH is clamped into that range.
ZIP_EPOCHS = (315532800, 4354819198)
#: ebooklib options: no invented page list (it would make one from every element with epub:type and id),
#: no landmarks or guide of its own (the navigation document carries them), and errors raised, not swallowed.
WRITE_OPTIONS = {"epub3_pages": False, "epub3_landmark": False, "epub2_guide": False, "raise_exceptions": True,
                 "compresslevel": 0}  # compressed once, by repack


def identifier(doc: m.Document) -> str:
    """A stable identifier: the name-based UUID (version 5) of the document's FRBR expression URI."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, doc.meta.expression_uri)}"


def metadata(book: epub.EpubBook, doc: m.Document) -> None:
    """Dublin Core and accessibility metadata of the package (dcterms:modified is set when writing)."""
    meta = doc.meta
    book.set_identifier(identifier(doc))
    book.set_title(meta.title)
    book.set_language(meta.lang)
    if meta.direction == "rtl":
        book.set_direction("rtl")
    for number, author in enumerate(meta.authors, start=1):
        book.add_author(author.name, uid=f"creator-{number}")
    if meta.publisher:
        book.add_metadata("DC", "publisher", meta.publisher.name)
    if meta.date:
        book.add_metadata("DC", "date", meta.date)
    book.add_metadata("DC", "description", description(doc))
    book.add_metadata("DC", "source", meta.expression_uri)
    a11y = json.loads(template("epub", "accessibility.json"))
    properties = [(f"schema:{key}", value) for key in
                  ("accessMode", "accessModeSufficient", "accessibilityFeature", "accessibilityHazard")
                  for value in a11y[key]]
    summary = a11y["summary"].get(meta.lang.split("-")[0], a11y["summary"]["en"])
    properties += [("schema:accessibilitySummary", summary), ("dcterms:conformsTo", a11y["conformsTo"])]
    for name, value in properties:
        book.add_metadata(None, "meta", value, {"property": name})


def toc(entries: tuple[m.ContentsEntry, ...], href: Callable[[str], str]) -> list:
    """The contents as ebooklib's nested toc (for the NCX of EPUB 2 reading systems): Link or (Link, children)."""
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for entry in entries:
        while stack[-1][0] >= entry.level:
            stack.pop()
        node: tuple[m.ContentsEntry, list] = (entry, [])
        stack[-1][1].append(node)
        stack.append((entry.level, node[1]))

    def convert(nodes: list) -> list:
        links = []
        for entry, children in nodes:
            link = epub.Link(href(entry.id), entry.label, f"toc-{entry.id}")
            links.append((link, convert(children)) if children else link)
        return links

    return convert(root)


def book(doc: m.Document, source_dir=None) -> epub.EpubBook:
    """The whole publication as an ebooklib book: metadata, stylesheet, navigation, spine."""
    result = epub.EpubBook()
    metadata(result, doc)
    spine = parts(doc)
    where = locations(doc, spine)
    result.add_item(epub.EpubItem(uid="style", file_name=STYLESHEET, media_type="text/css",
                                  content=template("epub", STYLESHEET)))
    nav = epub.EpubItem(uid="nav", file_name=NAV, media_type=XHTML, content=serialize(nav_document(doc, where)))
    nav.properties = ["nav"]  # written as is: ebooklib's own EpubNav would rebuild the page
    result.add_item(nav)
    for number, src in enumerate(pictures.sources(doc), start=1):
        data = pictures.read(source_dir, src)
        result.add_item(epub.EpubItem(uid=f"picture-{number}", file_name=src, media_type=pictures.media_type(data),
                                      content=data))
    documents = []
    for part in spine:  # EpubItem, not EpubHtml: ebooklib re-parses EpubHtml as HTML and loses the epub: namespace
        item = epub.EpubItem(uid=part.file.removesuffix(".xhtml"), file_name=part.file, media_type=XHTML,
                             content=serialize(content_document(doc, part, where)))
        result.add_item(item)
        documents.append(item)
    result.add_item(epub.EpubNcx())
    result.toc = toc(contents_entries(doc, where), profile(NAV, where).href)
    result.spine = documents
    return result


def package_language(opf: bytes, meta: m.Metadata) -> bytes:
    """The package document with the publication's language (and direction) on its root, which ebooklib does not
    write: reading systems and Ace by DAISY take the language of the package's own text from there."""
    head, found, rest = opf.partition(b"<package ")
    if not found or b"xml:lang=" in rest.split(b">", 1)[0]:
        return opf
    direction = b' dir="rtl"' if meta.direction == "rtl" else b""
    return head + b'<package xml:lang="' + meta.lang.encode("ascii") + b'"' + direction + b" " + rest


def repack(data: bytes, epoch: int, meta: m.Metadata | None = None) -> bytes:
    """The same zip, reproducible: mimetype first and stored, the rest deflated in ebooklib's order with fixed
    timestamps and permissions; the package document given its language."""
    stamp = time.gmtime(min(max(epoch, ZIP_EPOCHS[0]), ZIP_EPOCHS[1]))[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        for name in ["mimetype", *(n for n in names if n != "mimetype")]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            content = source.read(name)
            if meta is not None and name.endswith(".opf"):
                content = package_language(content, meta)
            target.writestr(info, content, compresslevel=9)
    return out.getvalue()


def render(doc: m.Document, options: Options) -> bytes:
    """The .epub file as bytes."""
    buffer = io.BytesIO()
    modified = datetime.datetime.fromtimestamp(options.epoch, datetime.timezone.utc)
    epub.write_epub(buffer, book(doc, options.source_dir), {**WRITE_OPTIONS, "mtime": modified})
    return repack(buffer.getvalue(), options.epoch, doc.meta)
