"""What is measured: the three document sizes, our command for each stage, and the baselines on the same content."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipeline import synth

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "documents" / "chairmans-summary-2011" / "document.xml"
STAGES = ("load", "html", "pdf", "epub", "docx")
#: At least this many footnotes in the long document.
LONG_NOTES = 600
#: Generated paragraphs per A4 page of our print edition, measured (220 paragraphs: 46 pages; 2,200: 453).
PARAGRAPHS_PER_PAGE = 4.85

#: WeasyPrint alone: the calls our PDF writer makes to the engine (same print HTML, stylesheets, variant and tags),
#: without our loading, layout correction, footnote count and finishing.
WEASYPRINT_ALONE = (
    "import sys\n"
    "from weasyprint import CSS, HTML\n"
    "html, out, folder, paper = sys.argv[1:]\n"
    "sheets = [CSS(filename=f'{folder}/print.css'), CSS(filename=f'{folder}/paper-{paper}.css')]\n"
    "HTML(filename=html, base_url=folder).write_pdf(out, stylesheets=sheets, pdf_variant='pdf/ua-1', pdf_tags=True)\n"
)


@dataclass(frozen=True)
class Size:
    key: str            # folder name under build/bench/
    label: str          # as shown in the table
    source: Path
    paragraphs: int | None = None  # None: a real document
    notes: int | None = None


def sizes(out: Path, quick: bool, only: list[str] | None = None) -> list[Size]:
    """The seed document, about 50 pages, and (unless quick) about 500 pages with at least 600 footnotes;
    the generated ones written under `out`, the same bytes every time. `only` keeps these keys."""
    chosen = [Size("seed", "seed", SEED)] if not only or "seed" in only else []
    for pages in (50,) if quick else (50, 500):
        if only and f"pages-{pages}" not in only:
            continue
        paragraphs = round(pages * PARAGRAPHS_PER_PAGE)
        notes = round(paragraphs * synth.NOTES_PER_PARAGRAPH)
        if pages == 500:
            notes = max(notes, LONG_NOTES)
        source = out / f"pages-{pages}" / "document.xml"
        text = synth.generate(paragraphs, notes)
        source.parent.mkdir(parents=True, exist_ok=True)
        if not source.is_file() or source.read_text(encoding="utf-8") != text:
            source.write_text(text, encoding="utf-8")
        chosen.append(Size(f"pages-{pages}", f"{pages} pages", source, paragraphs, notes))
    return chosen


@dataclass(frozen=True)
class Inputs:
    """The same content in the baselines' own inputs, made once per size and not timed."""

    folder: Path
    print_html: Path   # the HTML our PDF writer hands to WeasyPrint
    markdown: Path     # our DOCX edition's pandoc document written as pandoc Markdown
    ast: Path          # that pandoc document as JSON, exactly as our DOCX writer hands it to pandoc
    notes: int


def prepare(size: Size, out: Path) -> Inputs:
    from pipeline.loader import load
    from pipeline.writers import Options, docx, docx_ast, pdf

    folder = out / size.key
    for who in ("ours", "baseline"):
        (folder / who).mkdir(parents=True, exist_ok=True)
    doc = load(size.source)
    inputs = Inputs(folder, folder / "print.html", folder / "content.md", folder / "ast.json", len(doc.notes))
    inputs.print_html.write_text(pdf.print_html(doc, Options(source_dir=size.source.parent)), encoding="utf-8")
    ast = json.dumps(docx_ast.document(doc, docx.api_version()), ensure_ascii=False).encode()
    inputs.ast.write_bytes(ast)
    markdown = subprocess.run([docx.pandoc(), "--from=json", "--to=markdown", "--standalone"], input=ast,
                              capture_output=True, check=True).stdout
    inputs.markdown.write_bytes(markdown)
    return inputs


def output(inputs: Inputs, who: str, stage: str) -> Path:
    """Where a stage's output goes: build/bench/<size>/<ours|baseline>/ (our HTML edition is a folder)."""
    return inputs.folder / who / ("html" if stage == "html" and who == "ours" else f"out.{stage}")


def ours(python: str, size: Size, inputs: Inputs, stage: str) -> list[str]:
    """Our command for a stage, end to end: Python start, load and validate, render, write."""
    if stage == "load":
        return [python, "-m", "pipeline", "validate", "-q", str(size.source)]
    return [python, "-m", "pipeline", "build", str(size.source), "--to", stage, "-q",
            "-o", str(output(inputs, "ours", stage))]


def baselines(python: str, inputs: Inputs, stage: str) -> list[tuple[str, list[str]]]:
    """(label, command) of each baseline of a stage; the first is the one the targets compare with."""
    from pipeline.writers import docx, pdf

    if stage not in ("html", "pdf", "epub", "docx"):
        return []
    pandoc, markdown = docx.pandoc(), str(inputs.markdown)
    target = str(output(inputs, "baseline", stage))
    if stage == "html":
        return [("pandoc Markdown→HTML", [pandoc, markdown, "--from=markdown", "--to=html5", "--standalone",
                                           f"--output={target}"])]
    if stage == "epub":
        return [("pandoc Markdown→EPUB", [pandoc, markdown, "--from=markdown", "--to=epub3", f"--output={target}"])]
    if stage == "docx":
        reference = f"--reference-doc={docx.REFERENCE}"
        return [("pandoc Markdown→DOCX", [pandoc, markdown, "--from=markdown", "--to=docx", reference,
                                           f"--output={target}"]),
                ("pandoc JSON→DOCX (engine)", [pandoc, str(inputs.ast), "--from=json", "--to=docx", reference,
                                               f"--template={docx.TEMPLATE}", f"--output={target[:-5]}-engine.docx"])]
    return [("WeasyPrint alone", [python, "-c", WEASYPRINT_ALONE, str(inputs.print_html), target,
                                  str(pdf.FOLDER), "a4"])]


def pdf_pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as document:
        return len(document.pages)
