"""DOCX: the model as a pandoc document, written by the pandoc that pypandoc-binary bundles, in the house styles."""

from __future__ import annotations

import functools
import importlib.util
import io
import json
import os
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from pipeline import TEMPLATES as TEMPLATE_ROOT
from pipeline import model as m
from pipeline.process import failure
from pipeline.writers import Options, docx_ast

KIND = "file"
TEMPLATES = TEMPLATE_ROOT / "docx"
REFERENCE = TEMPLATES / "reference.docx"  # made by scripts/make_reference_docx.py
TEMPLATE = TEMPLATES / "document.openxml"


@functools.cache
def pandoc() -> str:
    """The pandoc that pypandoc-binary bundles, found without importing pypandoc (about 0.25 s at every start);
    pypandoc's own search when PYPANDOC_PANDOC names another or none is bundled."""
    spec = importlib.util.find_spec("pypandoc")
    if spec and spec.submodule_search_locations and not os.environ.get("PYPANDOC_PANDOC"):
        bundled = Path(spec.submodule_search_locations[0], "files", "pandoc")
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return str(bundled)
    import pypandoc

    return pypandoc.get_pandoc_path()


@functools.cache
def api_version() -> list[int]:
    """The JSON AST version of the bundled pandoc, read from pandoc itself rather than assumed."""
    result = subprocess.run([pandoc(), "--from=markdown", "--to=json"], input=b"", capture_output=True, check=True)
    return json.loads(result.stdout)["pandoc-api-version"]


def render(doc: m.Document, options: Options) -> bytes:
    ast = docx_ast.document(doc, api_version())
    # pandoc dates the core properties and the zip entries from SOURCE_DATE_EPOCH, never from the clock.
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(options.epoch)}
    with tempfile.TemporaryDirectory(prefix="pipeline-docx-") as tmp:
        out = Path(tmp) / f"{doc.name}.docx"
        result = subprocess.run(
            [pandoc(), "--from=json", "--to=docx", f"--reference-doc={REFERENCE}", f"--template={TEMPLATE}",
             f"--resource-path={options.source_dir or '.'}", f"--output={out}"],
            input=json.dumps(ast, ensure_ascii=False).encode(), capture_output=True, env=env,
        )
        if result.returncode != 0:
            raise RuntimeError(f"pandoc failed: {failure(result)}")
        warnings = [w for w in warned(result.stderr.decode(errors="replace")) if not TRANSLATIONS.search(w)]
        if warnings:
            raise RuntimeError(f"pandoc warned: {'; '.join(warnings)}")
        return finished(out.read_bytes(), docx_ast.markers(doc))


#: pandoc's own words ("Abstract", "Figure") exist in some languages only: a document in another language needs
#: none of them, and its language is still set in the file.
TRANSLATIONS = re.compile(r"translations|has no translation defined")


def warned(stderr: str) -> list[str]:
    """pandoc's warnings, one string each (a warning may run on over indented lines)."""
    out: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("[WARNING]"):
            out.append(line[len("[WARNING]"):].strip())
        elif out and line.startswith(" "):
            out[-1] += " " + line.strip()
    return out


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def finished(data: bytes, markers: list[str]) -> bytes:
    """The file without pandoc's claim that its spelling and grammar were already checked, so Word proofreads the
    text in its language; and, when the source's footnote markers are not 1, 2, 3 … (say *, or 1, 3, 4), each
    footnote call with its own marker as Word's custom mark (the note's own mark, w:footnoteRef, then shows the
    same: LibreOffice shows a custom mark twice when the note also writes it as text). Every other part, and every
    zip entry's date, stays as it is."""
    custom = markers != [str(n) for n in range(1, len(markers) + 1)]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        order = _reference_order(source.read("word/document.xml")) if custom else []
        marks = dict(zip(order, markers))
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/settings.xml":
                part = re.sub(rb"<w:proofState\b[^>]*/>", b"", part)
            elif custom and info.filename == "word/document.xml":
                part = _custom_marks(part, marks)
            target.writestr(info, part)
    return out.getvalue()


def _reference_order(document: bytes) -> list[str]:
    return [r.get(f"{{{W}}}id") for r in etree.fromstring(document).iter(f"{{{W}}}footnoteReference")]


def _custom_marks(part: bytes, marks: dict[str, str]) -> bytes:
    """Each footnote reference of the body marked with its own mark: customMarkFollows, then the mark as text."""
    root = etree.fromstring(part)
    for reference in root.iter(f"{{{W}}}footnoteReference"):
        if reference.get(f"{{{W}}}id") in marks:
            reference.set(f"{{{W}}}customMarkFollows", "1")
            reference.addnext(_mark(marks[reference.get(f"{{{W}}}id")]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _mark(text: str) -> etree._Element:
    element = etree.Element(f"{{{W}}}t")
    element.text = text
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element
