"""`make site`: build/site/, a static site of every document: an index (sortable by each column without
JavaScript, filterable with it), a page per document and language with its editions, full-text search (Pagefind),
an Atom feed, an OPDS 1.2 catalogue of the EPUB editions and catalogue.json.

    python -m pipeline.site [--documents documents] [--build build] [--out build/site] [--site-url URL]
                            [--version X.Y.Z]

Reads the editions make built (build/<name>/) and the sources; writes the site beside its target and swaps it into
place whole. The site's own pages are in English; each document's words carry their language and direction."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline import __version__, collection, versions
from pipeline import model as m
from pipeline import walk
from pipeline.errors import InvalidDocument, UsageError
from pipeline.roles import editorial
from pipeline.shard import sha256
from pipeline.transforms import plain

ROOT = Path(__file__).resolve().parents[1]
#: The editions a reader downloads, in the order the page lists them: (format, file suffix, media type). The
#: printer's master is for the printer, not for readers: the release has it, the site does not.
EDITIONS = (("HTML", "html/index.html", "text/html"), ("PDF", ".pdf", "application/pdf"),
            ("EPUB", ".epub", "application/epub+zip"),
            ("Word", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
SUMMARY_LENGTH = 400  # characters of the summary, cut at a word


@dataclass(frozen=True)
class Edition:
    format: str
    path: str  # in the site: "specimen/specimen.pdf"
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Record:
    """One document in one language, as the site shows it."""

    name: str
    base: str
    meta: m.Metadata
    summary: str
    editions: tuple[Edition, ...]
    versions: tuple[m.Version, ...]

    @property
    def type_label(self) -> str:
        return self.meta.doc_type or self.meta.doc_type_name


def summary(doc: m.Document) -> str:
    """The document's summary (an AKN summary), else its first paragraph of text, cut at a word."""
    paras = [b for b in walk.document_blocks(doc, notes=False) if isinstance(b, m.Para)]
    chosen = next((p for p in paras if p.attr.name == "summary"), None)
    body = [b for b in walk.blocks(doc.body) if isinstance(b, m.Para) and not editorial(b.attr)]
    for para in ([chosen] if chosen else []) + body + paras:
        text = " ".join(plain(para.inlines).split())
        if len(text.split()) >= 3 or len(text) >= 12:  # words, or characters of a script without spaces
            break
    else:
        return ""
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def record(source: Path, build: Path) -> Record:
    """A document's record: its model's metadata and summary, and its editions as make built them."""
    from pipeline.loader import load

    doc = load(source)
    name = doc.name
    editions = []
    for label, suffix, media_type in EDITIONS:
        relative = f"{name}/{suffix}" if "/" in suffix else f"{name}/{name}{suffix}"
        built = build / relative
        if not built.is_file():
            raise UsageError(f"{built} is missing: build the editions first (make)")
        editions.append(Edition(label, relative, media_type, built.stat().st_size, sha256(built)))
    return Record(name, versions.base(name), doc.meta, summary(doc), tuple(editions), doc.versions)


def records(documents: Path, build: Path) -> list[Record]:
    from pipeline.shard import documents as names

    found = names(documents)
    if not found:
        raise UsageError(f"no documents in {documents}/ (each is <name>/document.xml)")
    return [record(documents / name / "document.xml", build) for name in found]


def _copy_editions(build: Path, out: Path, found: list[Record]) -> None:
    """Each document's editions into its folder of the site: the HTML edition's folder, the PDF, EPUB and Word."""
    for rec in found:
        shutil.copytree(build / rec.name / "html", out / rec.name / "html", copy_function=shutil.copyfile)
        for edition in rec.editions[1:]:
            shutil.copyfile(build / edition.path, out / edition.path)


def pagefind() -> Path:
    binary = ROOT / "node_modules" / ".bin" / "pagefind"
    if not binary.exists():
        raise UsageError(f"{binary} is missing: run make setup (the site's search index is built with Pagefind)")
    return binary


def index_search(out: Path, found: list[Record]) -> None:
    """The full-text search index of every HTML edition (Pagefind): a bundle per language, each with its own word
    stemming and segmentation, in out/pagefind/<lang>/, and out/pagefind/languages.json listing them (the search page
    searches them all: Pagefind alone searches only the page's own language)."""
    by_language: dict[str, list[str]] = {}
    for rec in found:
        by_language.setdefault(rec.meta.lang.lower(), []).append(rec.name)
    for lang, names in sorted(by_language.items()):
        escaped = [re.sub(r"([\\{}\[\]*?,!])", r"\\\1", name) for name in names]  # a name is no glob
        pattern = f"{{{','.join(escaped)}}}/html/index.html" if len(names) > 1 else f"{escaped[0]}/html/index.html"
        run = subprocess.run([str(pagefind()), "--site", str(out), "--glob", pattern, "--output-subdir",
                              f"pagefind/{lang}", "--force-language", lang, "--silent"],
                             capture_output=True, text=True, timeout=900)
        if run.returncode != 0 or not (out / "pagefind" / lang / "pagefind.js").is_file():
            raise RuntimeError(f"Pagefind could not index the {lang} editions: "
                               f"{(run.stderr or run.stdout).strip()[-2000:]}")
    listing = {"languages": sorted(by_language, key=lambda lang: (-len(by_language[lang]), lang))}
    (out / "pagefind" / "languages.json").write_text(json.dumps(listing) + "\n", encoding="utf-8")


def build_site(documents: Path, build: Path, out: Path, site_url: str | None, version: str, epoch: int,
               entries: list[collection.Entry] | None = None) -> int:
    """The whole site, written beside `out` and swapped into place; the number of documents. `entries`: the
    collection make keeps (read from the sources when not given)."""
    from pipeline import feeds, sitepages

    found = records(documents, build)
    entries = collection.read(documents) if entries is None else entries
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    old = out.with_name(f".{out.name}.old")
    try:
        _copy_editions(build, tmp, found)
        files = sitepages.pages(found, entries, version)
        files.update(feeds.files(found, site_url, version, epoch))
        for relative, data in files.items():
            target = tmp / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        index_search(tmp, found)
        for folder, _, names in os.walk(tmp):
            os.chmod(folder, 0o755)
            for file in names:
                os.chmod(os.path.join(folder, file), 0o644)
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            os.replace(out, old)
        try:
            os.replace(tmp, out)
        except OSError:
            if old.exists() and not out.exists():
                os.replace(old, out)  # the previous site back in place
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return len(found)


def main(argv: list[str] | None = None) -> int:
    from pipeline.writers import source_date_epoch

    parser = argparse.ArgumentParser(prog="python -m pipeline.site", description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=Path, default=Path("documents"))
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--out", type=Path, default=Path("build/site"))
    parser.add_argument("--site-url", help="the address the site is published at (make site SITE_URL=…)")
    parser.add_argument("--collection", type=Path, help="the collection make keeps (build/.collection.json)")
    parser.add_argument("--version", default=None, help=f"the release shown on each page (default {__version__})")
    args = parser.parse_args(argv)
    try:
        if args.site_url and not args.site_url.startswith(("https://", "http://")):
            raise UsageError(f"the site's address must be http or https, not {args.site_url!r}")
        entries = collection.load(args.collection) if args.collection else None
        count = build_site(args.documents, args.build, args.out, args.site_url, args.version or __version__,
                           source_date_epoch(), entries)
    except InvalidDocument as exc:
        print(exc, file=sys.stderr)
        return 1
    except (UsageError, ValueError) as exc:
        print(f"site: error: {exc}", file=sys.stderr)
        return 2
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        print(f"site: error: {exc}", file=sys.stderr)
        return 3
    print(f"  SITE  {args.out}  ({count} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
