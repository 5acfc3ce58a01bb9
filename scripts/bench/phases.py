"""Where one build spends its time, step by step, in one process: start-up, our code, and the engine's work.

    python -m scripts.bench.phases FORMAT FILE    (prints the steps as JSON)
"""

from __future__ import annotations

import datetime
import io
import json
import sys
import time
from pathlib import Path


class Steps:
    def __init__(self) -> None:
        self.items: list[tuple[str, str, float]] = []

    def time(self, name: str, kind: str, function, *args):
        started = time.perf_counter()
        result = function(*args)
        self.items.append((name, kind, time.perf_counter() - started))
        return result

    def add(self, name: str, kind: str, seconds: float) -> None:
        self.items.append((name, kind, max(seconds, 0.0)))


def _import(name: str):
    import importlib

    importlib.import_module("pipeline.loader")
    return importlib.import_module(name)


def html(steps: Steps, source: Path) -> None:
    module = steps.time("import", "start", _import, "pipeline.writers.html")
    from pipeline.loader import load

    doc = steps.time("load and validate", "ours", load, source)
    tree = steps.time("page tree", "ours", module.page, doc)
    steps.time("serialise (lxml)", "engine", module.serialize, tree)


def epub(steps: Steps, source: Path) -> None:
    module = steps.time("import", "start", _import, "pipeline.writers.epub")
    from pipeline.loader import load
    from pipeline.writers import Options

    doc = steps.time("load and validate", "ours", load, source)
    book = steps.time("content documents and package", "ours", module.book, doc)
    epoch = Options(source.parent).epoch
    buffer = io.BytesIO()
    options = {**module.WRITE_OPTIONS, "mtime": datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)}
    steps.time("write_epub (ebooklib)", "engine", module.epub.write_epub, buffer, book, options)
    steps.time("reproducible zip", "ours", module.repack, buffer.getvalue(), epoch)


def docx(steps: Steps, source: Path) -> None:
    module = steps.time("import", "start", _import, "pipeline.writers.docx")
    from pipeline.loader import load
    from pipeline.writers import Options, docx_ast

    doc = steps.time("load and validate", "ours", load, source)
    version = steps.time("pandoc's API version", "ours", module.api_version)
    ast = steps.time("pandoc document (AST)", "ours", docx_ast.document, doc, version)
    steps.time("JSON", "ours", lambda: json.dumps(ast, ensure_ascii=False).encode())
    # pandoc's share: the whole render less what render does again of ours (AST, JSON) and the final rewrite.
    ours_again = sum(seconds for name, _, seconds in steps.items if name in ("pandoc document (AST)", "JSON"))
    started = time.perf_counter()
    data = module.render(doc, Options(source.parent))
    whole = time.perf_counter() - started
    unproofed = Steps()
    unproofed.time("x", "ours", module.finished, data, [])
    steps.add("pandoc (engine)", "engine", whole - ours_again - unproofed.items[0][2])
    steps.add("proofing flag removed", "ours", unproofed.items[0][2])


def pdf(steps: Steps, source: Path) -> None:
    module = steps.time("import", "start", _import, "pipeline.writers.pdf")
    from pipeline.loader import load
    from pipeline.writers import Options, pdf_tags

    doc = steps.time("load and validate", "ours", load, source)
    options = Options(source_dir=source.parent)
    printed = steps.time("print HTML", "ours", module.print_html, doc, options)
    del printed
    again = steps.items[-1][2]  # what layout() does again of ours before WeasyPrint starts
    fonts = getattr(module, "pdf_fonts", None)
    if fonts is not None:
        steps.time("font coverage (fontconfig)", "ours", fonts.check, doc)
        repeat = Steps()
        repeat.time("check again, fonts known", "ours", fonts.check, doc)
        again += repeat.items[0][2]
    started = time.perf_counter()
    document = module.layout(doc, options)  # checks the fonts and makes the print HTML again, then lays it out
    steps.add("layout (WeasyPrint)", "engine", time.perf_counter() - started - again)
    steps.time("footnote placement count", "ours", module.report_misplaced, document, doc)
    data = steps.time("write PDF (WeasyPrint)", "engine", module.engine_pdf, document, doc, options)
    del document
    steps.time("tags finished (pikepdf)", "ours", pdf_tags.finish, data, doc)


FORMATS = {"html": html, "pdf": pdf, "epub": epub, "docx": docx}


def main(argv: list[str]) -> int:
    fmt, source = argv[0], Path(argv[1])
    steps = Steps()
    FORMATS[fmt](steps, source)
    json.dump([{"step": name, "kind": kind, "seconds": round(seconds, 4)} for name, kind, seconds in steps.items],
              sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
