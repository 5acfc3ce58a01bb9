"""The printer's master: the print edition as PDF/X-4 (or PDF/X-1a), with bleed, crop marks, an output intent,
pages set for duplex printing and binding, and the tags, bookmarks and footnote placement of the screen PDF.

Steps: the print page laid out by pdf.py with templates/pdf/print-master.css last -> WeasyPrint's PDF/X, tagged ->
the screen edition's finishing (pdf_tags) -> the printer's finishing (print_finish) -> the preflight, which the
file must pass or nothing is written.
"""

from __future__ import annotations

import hashlib
import io

import pikepdf
from weasyprint import CSS

from pipeline import icc
from pipeline import model as m
from pipeline.resources import LockedFetcher
from pipeline.writers import Options, pdf, pdf_tags, print_finish
from pipeline.writers.htmlparts import TEMPLATES

KIND = "file"
#: Our name of each variant -> WeasyPrint's.
VARIANTS = {"print": "pdf/x-4", "print-x1a": "pdf/x-1a"}
STYLESHEET = pdf.FOLDER / "print-master.css"
SIGNATURES = (1, 4, 8, 16, 32)


class PreflightFailed(RuntimeError):
    """The master does not pass its own preflight: it is not written."""


def stylesheet() -> CSS:
    return CSS(filename=str(STYLESHEET), url_fetcher=LockedFetcher(TEMPLATES))


def key(doc: m.Document, options: Options, intent: icc.Intent) -> str:
    """What the file is made from, for its identifiers: two builds of the same input agree."""
    profile = hashlib.sha256(intent.profile).hexdigest()
    return (f"{doc.meta.expression_uri}|{doc.name}|{options.paper}|{options.pdf_variant}|{options.epoch}|"
            f"{profile}|{options.signature}")


def layout(doc: m.Document, options: Options):
    """The print master's pages laid out by WeasyPrint (a weasyprint Document)."""
    # The output intent is CMYK: WeasyPrint then blends its groups in DeviceCMYK, not DeviceRGB.
    return pdf.layout(doc, options, extra=(stylesheet(),), output_intent="device-cmyk")


def _check(options: Options) -> None:
    if options.pdf_variant not in VARIANTS:
        raise ValueError(f"print variant must be one of {', '.join(VARIANTS)}, not {options.pdf_variant!r}")
    if options.signature not in SIGNATURES:
        raise ValueError(f"signature must be one of {', '.join(map(str, SIGNATURES))}, not {options.signature}")


def _finish(document, doc: m.Document, options: Options, intent: icc.Intent) -> bytes:
    """WeasyPrint's PDF/X of the layout, finished and checked."""
    name = key(doc, options, intent)
    data = document.write_pdf(pdf_variant=VARIANTS[options.pdf_variant], pdf_tags=True,
                              pdf_identifier=hashlib.sha256(name.encode()).hexdigest()[:32].encode())
    with pikepdf.open(io.BytesIO(data)) as out:
        pdf_tags.apply(out, doc)
        print_finish.apply(out, options.pdf_variant, intent, name, options.signature)
        result = print_finish.save(out, options.pdf_variant)
    verify(result)
    return result


def build(doc: m.Document, options: Options):
    """(the WeasyPrint layout, the finished print master), for inspection."""
    _check(options)
    intent = icc.intent(options.paper, options.icc)
    document = layout(doc, options)
    pdf.report_misplaced(document, doc)
    return document, _finish(document, doc, options, intent)


def render(doc: m.Document, options: Options) -> bytes:
    """The finished print master, checked by the preflight."""
    return build(doc, options)[1]


def verify(data: bytes) -> None:
    """The preflight on the finished bytes: a master that a print shop would bounce is refused here."""
    from pipeline.checks import preflight

    failed = [r for r in preflight.run(io.BytesIO(data)).results if r.errors]
    if failed:
        raise PreflightFailed("the print master fails its preflight: " +
                              "; ".join(f"{r.check}: {r.errors} ({r.detail})" for r in failed))
