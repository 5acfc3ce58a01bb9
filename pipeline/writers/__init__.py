"""The output formats: one module each, a pure function from the model to bytes."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

#: Format name -> module. Each module has `KIND` ("file" or "dir") and
#: `render(doc, options)` returning bytes (file) or {relative path: bytes} (dir).
FORMATS = {
    "html": "pipeline.writers.html",
    "pdf": "pipeline.writers.pdf",
    "epub": "pipeline.writers.epub",
    "docx": "pipeline.writers.docx",
}


@dataclass(frozen=True)
class Options:
    """What a writer may be told besides the document."""

    source_dir: Path
    epoch: int = 0
    paper: str = "a4"
    pdf_variant: str = "ua"  # "ua": tagged PDF/UA-1 (the default); "pdfa": PDF/A-2u, for archives;
    #                         "print" / "print-x1a": the printer's master, PDF/X-4 / PDF/X-1a (writers/printmaster.py)
    icc: Path | None = None  # print master: the printer's own CMYK profile instead of the paper's standard condition
    signature: int = 1  # print master: pad the page count to a multiple of this (4 for saddle stitching)


def source_date_epoch() -> int:
    """Timestamps in outputs come from SOURCE_DATE_EPOCH (0 when unset), never from the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "0")
    if not value.isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}")
    return int(value)


def writer(name: str) -> ModuleType:
    """The module of a format, imported on demand (WeasyPrint alone takes most of a second)."""
    return importlib.import_module(FORMATS[name])
