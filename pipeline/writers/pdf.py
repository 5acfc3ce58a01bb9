"""The print edition: the print profile of the HTML writer laid out by WeasyPrint, tagged (PDF/UA-1) and finished.

Steps: the print page (printhtml) with templates/pdf/ -> WeasyPrint layout, with footnotes kept on the page of their
call (pdf_layout) -> PDF with tags, bookmarks, links and properties -> pikepdf finishing (pdf_tags).
"""

from __future__ import annotations

import hashlib
import sys

from weasyprint import CSS, HTML

from pipeline import model as m
from pipeline.resources import LockedFetcher
from pipeline.writers import Options, pdf_fonts, pdf_layout, pdf_tags, printhtml
from pipeline.writers.htmlparts import TEMPLATES

KIND = "file"
PAPERS = ("a4", "letter")
#: Our name of each variant -> WeasyPrint's. "ua" is accessible (tagged PDF/UA-1), the default;
#: "pdfa" is PDF/A-2u (archival, all fonts embedded, sRGB output intent), tagged the same way but claiming only 2u.
VARIANTS = {"ua": "pdf/ua-1", "pdfa": "pdf/a-2u"}
#: The printer's master, PDF/X-4 or PDF/X-1a: pipeline/writers/printmaster.py.
PRINT_VARIANTS = ("print", "print-x1a")
FOLDER = TEMPLATES / "pdf"


def stylesheets(paper: str) -> list[CSS]:
    """templates/pdf/print.css, then the paper size."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    fetcher = LockedFetcher(TEMPLATES)
    return [CSS(filename=str(FOLDER / "print.css"), url_fetcher=fetcher),
            CSS(filename=str(FOLDER / f"paper-{paper}.css"), url_fetcher=fetcher)]


def print_html(doc: m.Document, options: Options) -> str:
    """The HTML WeasyPrint lays out."""
    folder = options.source_dir
    picture = (lambda src: (folder / src).as_uri()) if folder else None
    return printhtml.serialize(printhtml.page(doc, options.epoch, picture))


def layout(doc: m.Document, options: Options, *, keep_notes: bool = True, extra: tuple[CSS, ...] = (),
           **engine_options):
    """The print page laid out by WeasyPrint (a weasyprint Document), footnotes kept with their calls.
    `extra` stylesheets come last and `engine_options` go to WeasyPrint's render (both for the print master)."""
    pdf_fonts.check(doc)  # a character no font can draw would print as an empty box: refuse it
    # Resources may come only from templates/ and the document's own folder: no network, no escapes.
    fetcher = LockedFetcher(TEMPLATES, *([options.source_dir] if options.source_dir else []))
    html = HTML(string=print_html(doc, options), base_url=str(FOLDER), url_fetcher=fetcher)
    with pdf_layout.footnotes_kept(keep_notes):
        return html.render(stylesheets=stylesheets(options.paper) + list(extra), **engine_options)


def identifier(doc: m.Document, options: Options) -> bytes:
    """The PDF file identifier: a digest of what the file is made from, so that two builds agree."""
    key = f"{doc.meta.expression_uri}|{doc.name}|{options.paper}|{options.pdf_variant}|{options.epoch}"
    return hashlib.sha256(key.encode()).hexdigest()[:32].encode()


def report_misplaced(document, doc: m.Document) -> None:
    """Warn on stderr if a footnote left the page of its call (only possible without the correction)."""
    misplaced = pdf_layout.misplaced(document, doc)
    if misplaced:
        numbers = ", ".join(str(number) for number, _, _ in misplaced[:20])
        print(f"warning: {len(misplaced)} footnote(s) not on the page of their call: {numbers}", file=sys.stderr)


def engine_pdf(document, doc: m.Document, options: Options) -> bytes:
    """WeasyPrint's PDF of a layout: tagged, with bookmarks, links and document properties."""
    variant = getattr(options, "pdf_variant", "ua")
    if variant not in VARIANTS:
        raise ValueError(f"pdf variant must be one of {', '.join(VARIANTS)}, not {variant!r}")
    return document.write_pdf(pdf_variant=VARIANTS[variant], pdf_identifier=identifier(doc, options), pdf_tags=True)


def build(doc: m.Document, options: Options):
    """(the WeasyPrint layout, the finished PDF), for inspection."""
    document = layout(doc, options)
    report_misplaced(document, doc)
    return document, pdf_tags.finish(engine_pdf(document, doc, options), doc)


def render(doc: m.Document, options: Options) -> bytes:
    """The finished PDF. What of the layout can be let go is let go before finishing (a full garbage collection
    would free the rest, but costs more time than the whole finishing step)."""
    if options.pdf_variant in PRINT_VARIANTS:  # the printer's master is its own writer
        from pipeline.writers import printmaster

        return printmaster.render(doc, options)
    document = layout(doc, options)
    report_misplaced(document, doc)
    data = engine_pdf(document, doc, options)
    del document
    return pdf_tags.finish(data, doc)
