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
    ast = docx_ast.document(doc, api_version(), options.source_dir)
    # pandoc dates the core properties and the zip entries from SOURCE_DATE_EPOCH, never from the clock.
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(options.epoch)}
    with tempfile.TemporaryDirectory(prefix="pipeline-docx-") as tmp:
        out = Path(tmp) / f"{doc.name}.docx"
        result = subprocess.run(
            [pandoc(), "--from=json", "--to=docx", f"--reference-doc={REFERENCE}", f"--template={TEMPLATE}",
             f"--output={out}"],
            input=json.dumps(ast, ensure_ascii=False).encode(), capture_output=True, env=env,
        )
        if result.returncode != 0:
            raise RuntimeError(f"pandoc failed: {failure(result)}")
        warnings = [w for w in warned(result.stderr.decode(errors="replace")) if not TRANSLATIONS.search(w)]
        if warnings:
            raise RuntimeError(f"pandoc warned: {'; '.join(warnings)}")
        return unproofed(out.read_bytes())


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


def unproofed(data: bytes) -> bytes:
    """The file without pandoc's claim that its spelling and grammar were already checked, so Word
    proofreads the text in its language. Every other part, and every zip entry's date, stays as it is."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/settings.xml":
                part = re.sub(rb"<w:proofState\b[^>]*/>", b"", part)
            target.writestr(info, part)
    return out.getvalue()
