"""Every validator on what `make` built, as rows of document × format × check with counts."""

from __future__ import annotations

import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.loader import load

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Row:
    """One check of one edition: how many errors and warnings it found, and a word on what it looked at."""

    document: str
    format: str
    check: str
    errors: int
    warnings: int = 0
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.warnings == 0

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "document"}


def _nu(build: Path, names: list[str]) -> list[Row]:
    from pipeline.checks import nu

    rows = []
    files = {name: sorted((build / name / "html").glob("*.*")) for name in names}
    result = nu.check(*[f for group in files.values() for f in group])
    for name, group in files.items():
        messages = [m for f in group for m in result[f]]
        rows.append(Row(name, "html", "Nu HTML Checker", sum(m.kind == "error" for m in messages),
                        sum(m.kind == "warning" for m in messages), f"{len(group)} files"))
    return rows


def _epubcheck(build: Path, names: list[str]) -> list[Row]:
    from pipeline.checks import epubcheck

    reports = epubcheck.check(*[build / n / f"{n}.epub" for n in names])
    return [Row(n, "epub", "EPUBCheck", r.counts["FATAL"] + r.counts["ERROR"], r.counts["WARNING"])
            for n, r in zip(names, reports.values())]


def _ace(build: Path, names: list[str]) -> list[Row]:
    from pipeline.checks import ace

    rows = []
    for name in names:
        findings = ace.check(build / name / f"{name}.epub")
        errors, warnings = ace.counts(findings)
        rows.append(Row(name, "epub", "Ace by DAISY", errors, warnings, "; ".join(map(str, findings))[:120]))
    return rows


def _office(build: Path, names: list[str]) -> list[Row]:
    from pipeline.checks import office

    with tempfile.TemporaryDirectory(prefix="check-office-") as out:
        conversions = office.convert([build / n / f"{n}.docx" for n in names], out)
        return [Row(n, "docx", "LibreOffice opens and prints", len(c.problems) + (c.pdf is None), 0,
                    "; ".join(c.problems)[:120]) for n, c in zip(names, conversions)]


def _axe(build: Path, names: list[str]) -> list[Row]:
    from pipeline.checks.axe import Axe

    rows = []
    with Axe() as axe, tempfile.TemporaryDirectory(prefix="check-epub-") as unpacked:
        for name in names:
            page = build / name / "html" / "index.html"
            found = [v for width in (1280, 320) for v in axe.run(page, width=width)]
            found += axe.run(page, color_scheme="dark")
            rows.append(Row(name, "html", "axe-core (1280 px, 320 px, dark)", len(found)))
            rows.append(Row(name, "html", "reflow at 320 px", int(not axe.reflows(page)), 0,
                            f"{axe.overflow(page)} px too wide" if not axe.reflows(page) else ""))
            folder = Path(unpacked) / name
            with zipfile.ZipFile(build / name / f"{name}.epub") as book:
                book.extractall(folder)
            pages = sorted(folder.rglob("*.xhtml"))
            violations = sum(len(axe.run(p)) for p in pages)
            rows.append(Row(name, "epub", "axe-core", violations, 0, f"{len(pages)} documents"))
    return rows


def _pdf(build: Path, names: list[str]) -> list[Row]:
    import pikepdf

    from pipeline.checks import pdf

    rows = []
    for name in names:
        doc = load(ROOT / "documents" / name / "document.xml")
        path = build / name / f"{name}.pdf"
        with pikepdf.open(path) as opened:
            misplaced = pdf.misplaced_notes(opened, doc)
        rows.append(Row(name, "pdf", "footnotes on their call's page", len(misplaced), 0, f"{len(doc.notes)} notes"))
        rows.append(Row(name, "pdf", "tags, properties, outline, fonts", len(pdf.tag_problems(pdf.facts(path), doc))))
    return rows


def _print(build: Path, names: list[str]) -> list[Row]:
    """The print masters: footnotes and tags as in the screen PDF, then every check of the preflight."""
    import pikepdf

    from pipeline.checks import pdf, preflight

    rows = []
    for name in names:
        doc = load(ROOT / "documents" / name / "document.xml")
        path = build / name / f"{name}.print.pdf"
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: build the print masters first (make print)")
        with pikepdf.open(path) as opened:
            misplaced = pdf.misplaced_notes(opened, doc)
        rows.append(Row(name, "print", "footnotes on their call's page", len(misplaced), 0, f"{len(doc.notes)} notes"))
        problems = pdf.tag_problems(pdf.facts(path), doc, pdf.blank_pages(path))
        rows.append(Row(name, "print", "tags, properties, outline, fonts", len(problems), 0, "; ".join(problems)[:120]))
        rows += [Row(name, "print", f"preflight: {r.check}", r.errors, r.warnings, r.detail)
                 for r in preflight.run(path).results]
    return rows


def run(build: Path, names: list[str]) -> list[Row]:
    """Run every check; the JVMs and LibreOffice work in threads while the browser runs."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        background = [pool.submit(f, build, names) for f in (_nu, _epubcheck, _office, _ace)]
        rows = _axe(build, names) + _pdf(build, names) + _print(build, names)
        for future in background:
            rows += future.result()
    order = {"html": 0, "pdf": 1, "print": 2, "epub": 3, "docx": 4}
    return sorted(rows, key=lambda r: (names.index(r.document), order[r.format], r.check))


def table(rows: list[Row]) -> str:
    """The rows as a table for the terminal."""
    header = ("document", "format", "check", "errors", "warnings", "result")
    lines = [(r.document, r.format, r.check, str(r.errors), str(r.warnings),
              "ok" if r.ok else f"FAIL {r.detail}".strip()) for r in rows]
    widths = [max(len(x[i]) for x in [header, *lines]) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in [header, *lines])
