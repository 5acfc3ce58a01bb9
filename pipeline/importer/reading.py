"""Running pandoc's Word reader (the pandoc the DOCX edition uses) on the prepared draft: sandboxed, with a memory
ceiling and a time limit, its JSON checked against the version this code reads."""

from __future__ import annotations

import io
import json
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.importer.package import Package
from pipeline.importer.report import Refused
from pipeline.writers.docx import api_version, pandoc

#: pandoc's heap ceiling: one real 475 kB draft needs about 1.2 GB; a bomb stops here.
MEMORY = os.environ.get("PIPELINE_IMPORT_MEMORY", "2g")
#: Seconds pandoc may take to read a draft.
TIME_LIMIT = 300


def repack(package: Package, changed: dict[str, etree._Element]) -> bytes:
    """The draft with the changed parts written back, every other part as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in package.archive.infolist():
            if info.is_dir():
                continue
            data = (etree.tostring(changed[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True)
                    if info.filename in changed else package.read(info.filename))
            target.writestr(info.filename, data)
    return out.getvalue()


def read(data: bytes) -> dict:
    """pandoc's document (JSON AST) of a DOCX given as bytes."""
    with tempfile.TemporaryDirectory(prefix="pipeline-import-") as tmp:
        draft = Path(tmp) / "draft.docx"
        draft.write_bytes(data)
        command = [pandoc(), "+RTS", f"-M{MEMORY}", "-RTS", "--sandbox", "--from=docx+styles", "--to=json",
                   "--track-changes=accept", str(draft)]
        try:
            result = subprocess.run(command, capture_output=True, timeout=TIME_LIMIT, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise Refused(f"pandoc did not finish reading the draft within {TIME_LIMIT} s") from None
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        if any("Heap exhausted" in line or "heap overflow" in line for line in message):
            raise Refused(f"reading the draft needs more memory than the limit of {MEMORY} "
                          "(PIPELINE_IMPORT_MEMORY changes it)")
        raise Refused(f"pandoc cannot read the draft: {' '.join(message)[:300]}")
    document = json.loads(result.stdout)
    if document.get("pandoc-api-version", [])[:2] != api_version()[:2]:
        raise Refused(f"pandoc wrote its document in version {document.get('pandoc-api-version')}, "
                      f"not {api_version()}")
    return document
