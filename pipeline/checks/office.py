"""LibreOffice, headless: opens a DOCX as a word processor would and prints it to PDF; pdftotext reads it back."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipeline.process import failure

TIMEOUT = 300  # seconds; a first start of LibreOffice on a cold machine takes a while


@dataclass(frozen=True)
class Conversion:
    """What LibreOffice made of one document: the PDF (None if it failed) and what went wrong."""

    source: Path
    pdf: Path | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.pdf is not None and not self.problems


@dataclass(frozen=True)
class Word:
    """One word as pdftotext places it: its page (from 1) and its box in points from the top left."""

    text: str
    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def height(self) -> float:
        return self.y_max - self.y_min


@dataclass(frozen=True)
class Line:
    """One line of words as pdftotext reads it, in reading order."""

    page: int
    page_height: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def height(self) -> float:
        return max(word.height for word in self.words)

    @property
    def y_min(self) -> float:
        return min(word.y_min for word in self.words)

    @property
    def y_max(self) -> float:
        return max(word.y_max for word in self.words)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(documents: list[Path | str], outdir: Path | str) -> list[Conversion]:
    """Convert documents to PDF in one LibreOffice run, with a private, throwaway user profile
    (so runs never share state or lock each other out). One Conversion per document, in order."""
    documents = [Path(d).resolve() for d in documents]
    outdir = Path(outdir).resolve()
    binary = soffice()
    if binary is None:
        missing = ("LibreOffice (soffice) is not installed; scripts/setup installs it",)
        return [Conversion(d, None, missing) for d in documents]
    outdir.mkdir(parents=True, exist_ok=True)
    for document in documents:
        (outdir / f"{document.stem}.pdf").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="pipeline-office-") as profile:
        command = [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir),
                   *map(str, documents)]
        try:
            result = subprocess.run(command, capture_output=True, timeout=TIMEOUT, cwd=profile,
                                    env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired:
            return [Conversion(d, None, (f"LibreOffice did not finish within {TIMEOUT} s",)) for d in documents]
    log = (result.stdout + result.stderr).decode(errors="replace")
    status = (f"LibreOffice failed: {failure(result)}",) if result.returncode else ()
    conversions = []
    for document in documents:
        pdf = outdir / f"{document.stem}.pdf"
        others = [d.name for d in documents if d != document]
        problems = tuple(line for line in log.splitlines()
                         if "error" in line.lower() and not any(name in line for name in others))
        if not pdf.is_file() or pdf.stat().st_size == 0:
            conversions.append(Conversion(document, None, problems + status or (f"no PDF written: {log.strip()}",)))
        else:
            conversions.append(Conversion(document, pdf, problems + status))
    return conversions


def to_pdf(document: Path | str, outdir: Path | str) -> Conversion:
    """Convert one document to PDF (see convert)."""
    return convert([document], outdir)[0]


def text(pdf: Path | str) -> str:
    """The text of a PDF in reading order, pages separated by form feeds."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout.decode()


def lines(pdf: Path | str) -> list[Line]:
    """Every line of a PDF in pdftotext's reading order, with the size and place of each word."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"],
                         capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    result = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        for line in page.iter("{*}line"):
            words = tuple(
                Word(w.text or "", number, float(w.get("xMin")), float(w.get("yMin")),
                     float(w.get("xMax")), float(w.get("yMax")))
                for w in line.iter("{*}word")
            )
            if words:
                result.append(Line(number, float(page.get("height")), words))
    return result
