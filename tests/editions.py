"""Building a source in the four editions into a folder, and what the real validators find in editions so built."""

from __future__ import annotations

from pathlib import Path

from pipeline.loader import load
from pipeline.writers import Options, writer

#: Where each edition of a source is written in its folder.
FILES = {"epub": "book.epub", "docx": "word.docx", "pdf": "print.pdf"}


def build(source: Path, folder: Path):
    """The model of a source, and its four editions written into `folder` (html/ and the files of FILES)."""
    doc = load(source)
    options = Options(source_dir=source.parent)
    folder.mkdir(parents=True, exist_ok=True)
    for part, data in writer("html").render(doc, options).items():
        (folder / "html" / part).parent.mkdir(parents=True, exist_ok=True)
        (folder / "html" / part).write_bytes(data)
    for fmt, name in FILES.items():
        (folder / name).write_bytes(writer(fmt).render(doc, options))
    return doc


def findings(built: dict[str, tuple], axe, scratch: Path) -> dict[str, list[str]]:
    """What the Nu HTML Checker, axe-core, EPUBCheck, LibreOffice and the PDF inspection find in editions built by
    `build`: {validator: [problems]}, each empty when all is well. `built` maps a name to (doc, folder)."""
    from pipeline.checks import epubcheck, nu, office
    from pipeline.checks import pdf as pdf_checks

    folders = {name: folder for name, (_, folder) in built.items()}
    pages = [folder / "html" / "index.html" for folder in folders.values()]
    out: dict[str, list[str]] = {}
    report = nu.check(*pages, pages[0].with_name("style.css"))
    out["Nu"] = [f"{path}: {m}" for path, messages in report.items() for m in messages]
    out["axe"] = [f"{page}: {v}" for page in pages for v in axe.run(page)]
    books = epubcheck.check(*[folder / FILES["epub"] for folder in folders.values()])
    out["EPUBCheck"] = [f"{path}: {r.counts}" for path, r in books.items()
                        if r.counts["FATAL"] + r.counts["ERROR"] + r.counts["WARNING"]]
    converted = office.convert([folder / FILES["docx"] for folder in folders.values()], scratch)
    out["LibreOffice"] = [f"{c.source}: {c.problems}" for c in converted if not c.ok]
    out["PDF"] = [f"{name}: {p}" for name, (doc, folder) in built.items()
                  for p in pdf_checks.tag_problems(pdf_checks.facts(folder / FILES["pdf"]), doc)]
    return out
