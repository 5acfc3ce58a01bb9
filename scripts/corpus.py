"""`make corpus`: every real document of other publishers (../shared/corpora/akn, read where it lies) built in the four
editions into build/corpus/, each edition checked for parity with its source and by the real validators; one table,
with the time each build took.

    python -m scripts.corpus [--corpus FOLDER] [--out FOLDER]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline import sourcetext
from pipeline.errors import InvalidDocument
from pipeline.extract import docx_text, epub_text, html_text
from pipeline.loader import load
from pipeline.verify import problems
from pipeline.writers import Options, writer

ROOT = Path(__file__).resolve().parents[1]
FORMATS = {"html": "html", "epub": "book.epub", "docx": "word.docx", "pdf": "print.pdf"}


def build(path: Path, out: Path) -> dict:
    """One document: refused (with its first reasons), or built, with its times and parity problems."""
    row: dict = {"file": f"{path.parent.name}/{path.name}", "kB": path.stat().st_size // 1024}
    started = time.monotonic()
    try:
        doc = load(path)
    except InvalidDocument as exc:
        row["refused"] = [p.message[:90] for p in exc.problems if p.severity == "error"][:3]
        return row
    row["type"], row["notes"], row["load"] = doc.meta.doc_type_name, len(doc.notes), time.monotonic() - started
    text, options = sourcetext.read(path), Options(source_dir=path.parent)
    out.mkdir(parents=True, exist_ok=True)
    for fmt, name in FORMATS.items():
        started = time.monotonic()
        data = writer(fmt).render(doc, options)
        row[fmt] = time.monotonic() - started
        if fmt == "html":
            for part, content in data.items():
                (out / name / part).parent.mkdir(parents=True, exist_ok=True)
                (out / name / part).write_bytes(content)
        else:
            (out / name).write_bytes(data)
    from pipeline.checks import pdf

    found = problems(text, *html_text((out / "html" / "index.html").read_bytes()))
    found += problems(text, *epub_text((out / FORMATS["epub"]).read_bytes()))
    found += problems(text, *docx_text((out / FORMATS["docx"]).read_bytes()))
    found += pdf.reading_problems(out / FORMATS["pdf"], doc, text)[0]
    found += pdf.tag_problems(pdf.facts(out / FORMATS["pdf"]), doc)
    row["parity"], row["doc"], row["out"] = found, doc, out
    return row


def validate(rows: list[dict]) -> None:
    """The validators, each started once for every edition of every document."""
    from pipeline.checks import epubcheck, nu, office
    from pipeline.checks.axe import Axe

    built = [r for r in rows if "out" in r]
    pages = [r["out"] / "html" / "index.html" for r in built]
    report = nu.check(*pages)
    books = epubcheck.check(*[r["out"] / FORMATS["epub"] for r in built])
    converted = office.convert([r["out"] / FORMATS["docx"] for r in built], built[0]["out"].parent / "office")
    with Axe() as axe:
        for row, page, conversion in zip(built, pages, converted):
            book = books[row["out"] / FORMATS["epub"]]
            row["validators"] = ([f"Nu: {m}" for m in report[page]] + [f"axe: {v}" for v in axe.run(page)]
                                 + [f"EPUBCheck: {book.counts}"] * bool(book.counts["FATAL"] + book.counts["ERROR"]
                                                                        + book.counts["WARNING"])
                                 + [f"LibreOffice: {p}" for p in conversion.problems]
                                 + ["LibreOffice: no PDF"] * (conversion.pdf is None))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "akn")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "corpus")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.glob("*/*.xml"))
    if not files:
        print(f"corpus: no documents in {args.corpus}: nothing to do", file=sys.stderr)
        return 0
    rows = [build(path, args.out / path.parent.name / path.stem) for path in files]
    validate(rows)
    failed = False
    print(f"{'file':<46} {'type':<18} {'kB':>5} {'notes':>5} {'load':>6} {'html':>6} {'epub':>6} {'docx':>6} "
          f"{'pdf':>6}  result")
    for row in rows:
        if "refused" in row:
            print(f"{row['file']:<46} {'':<18} {row['kB']:>5} {'':>5} {'':>6} {'':>6} {'':>6} {'':>6} {'':>6}  "
                  f"refused: {'; '.join(row['refused'])}")
            continue
        trouble = row["parity"] + row["validators"]
        failed = failed or bool(trouble)
        times = " ".join(f"{row[k]:>5.2f}s" for k in ("load", "html", "epub", "docx", "pdf"))
        print(f"{row['file']:<46} {row['type']:<18} {row['kB']:>5} {row['notes']:>5} {times}  "
              f"{'ok' if not trouble else f'{len(trouble)} problem(s): ' + '; '.join(trouble[:3])}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
