"""One import, start to end: open the draft, prepare it, read it with pandoc, find its structure and metadata, and
write the source as AKN with its pictures. Nothing touches the disk here: the command line writes."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from pipeline.importer import akn, dates, metadata, reading, structure
from pipeline.importer.outline import Field
from pipeline.importer.package import open_package
from pipeline.importer.pandoc_ast import Converter
from pipeline.importer.prepare import prepare
from pipeline.importer.report import Report
from pipeline.importer.word import Paragraph, text_of, w

IMAGES = "images"
#: The author of an official document whose draft names none: the Organization (as FRBRcountry is "un").
DEFAULT_AUTHOR = "United Nations"


@dataclass(frozen=True)
class Options:
    track_changes: str | None = None  # "accept" or "reject"
    lang: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    number: str | None = None  # the name of the source's folder, for the FRBR number when there is no symbol


@dataclass
class Result:
    """The source's bytes and its pictures (file name → bytes), and what each element came from."""

    xml: bytes = b""
    images: dict[str, bytes] = field(default_factory=dict)
    tree: etree._ElementTree | None = None
    origins: list[tuple[etree._Element, Paragraph | None]] = field(default_factory=list)


def convert(data: bytes, name: str, options: Options, report: Report) -> Result | None:
    """The source made of a draft, or None when it cannot be made (the report says why)."""
    package = open_package(name, data)
    props = metadata.properties(package)
    prepared = prepare(package, options.track_changes, report)
    _headers_and_footers(package, report)
    document = reading.read(prepared.data)
    converter = Converter(prepared.paragraphs, prepared.pictures, package.main, report)
    blocks = converter.document(document)
    for text in sorted(converter.struck):
        report.warn(f"struck-through text is kept as ordinary text: {text[:60]!r}")
    outline = structure.Builder(report).outline(blocks, options.title, props.title)
    if not outline.body:
        report.refuse("the draft has no text besides its title block" + (" and annexes" if outline.annexes else ""))
    title = outline.title
    if title.symbol is None and props.symbol:
        title.symbol = Field(props.symbol)
    if title.doc_type is None and props.subject:
        title.doc_type = Field(props.subject)
    identity = _identity(options, props, prepared, title, report)
    if report.refused:
        return None
    images = _images(package, prepared)
    writer = akn.Writer(identity, prepared.bookmarks, {part: f"{IMAGES}/{n}" for part, (n, _) in images.items()},
                        report, prepared.marks)
    tree = writer.document(outline, f"Imported from the Word draft {name} by pipeline import.")
    if report.refused:
        return None
    xml = etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"
    return Result(xml, {n: data for n, data in images.values()}, tree, writer.origins)


def _identity(options: Options, props: metadata.Properties, prepared, title, report: Report) -> metadata.Identity:
    text = " ".join(p.text for p in list(prepared.paragraphs.values())[:2000])
    language = metadata.language(options.lang, props, prepared.languages, text, report)
    if language not in metadata.LANGUAGES.values():
        report.refuse(f"--lang {options.lang!r} is not a language the editions support: "
                      "use ara, eng, fra, rus, spa or zho (or ar, en, fr, ru, es, zh)")
    if options.date and not dates.parse(options.date):
        report.refuse(f"--date {options.date!r} is not a date: give it as 2026-01-15")
    date, date_name = title.date_iso, "publication"
    if date is None:
        date = dates.parse(options.date) if options.date else metadata.date_of(props.created or props.modified)
        date_name = "publication" if options.date else "creation"
    if date is None:
        report.refuse("the draft has no date: no paragraph in a date style, none in Word's document properties; "
                      "import with --date 2026-01-15")
        date = "1970-01-01"
    author = options.author or props.creator or props.company
    if not author:
        author = DEFAULT_AUTHOR
        report.warn(f"the draft names no author (File > Info > Author, or Company): {author} assumed "
                    "(import with --author to say otherwise)")
    symbol = title.symbol.text if title.symbol else None
    number = metadata.slug(symbol) if symbol else metadata.slug(options.number or "") or "document"
    author_id = metadata.slug(author).replace(".", "-")
    author_id = author_id if author_id[:1].isalpha() else f"org-{author_id or 'author'}"
    return metadata.Identity(metadata.doc_name(title.doc_type.text if title.doc_type else None), date, date_name,
                             number or "document", language, author, author_id)


def _images(package, prepared) -> dict[str, tuple[str, bytes]]:
    """Each picture part the text uses, as images/image-N.png in order of first use."""
    out: dict[str, tuple[str, bytes]] = {}
    for part, picture in prepared.pictures.items():
        if part not in out:
            out[part] = (f"image-{len(out) + 1}.{picture.kind}", package.read(part))
    return out


def _headers_and_footers(package, report: Report) -> None:
    """Page headers and footers are the editions' own: say so when the draft's hold text."""
    texts = []
    for rel_type, target, external in package.relationships(package.main).values():
        if (rel_type.endswith("/header") or rel_type.endswith("/footer")) and not external and package.has(target):
            root = package.xml(target)
            shown = " ".join(" ".join(text_of(p) for p in root.iter(w("p"))).split())
            if any(ch.isalpha() for ch in shown):
                texts.append(shown)
    if texts:
        report.warn(f"page headers and footers are not imported, each edition makes its own "
                    f"({len(texts)} with text, such as {texts[0][:60]!r})")
