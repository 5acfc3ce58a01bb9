"""Files that are not Word drafts, and the real Word files of ../shared/corpora/docx/: each ends in a valid source
or a clear refusal (exit 1, or 2 for usage and I/O), never a traceback, and nothing is written when refused."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SPECIMEN
from pipeline.checks import office
from pipeline.cli import main
from pipeline.loader import load
from roundtrip import docx_of

CORPUS = ROOT.parent / "shared" / "corpora" / "docx"
SECRET = "TOP-SECRET-5d1e"


@pytest.fixture(scope="module")
def specimen_docx() -> bytes:
    return docx_of(load(SPECIMEN), SPECIMEN.parent)


def _bomb(*_) -> bytes:
    """A DOCX whose main part inflates to 40 MiB of spaces from about 40 kB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            for _ in range(40):
                part.write(b" " * (1024 * 1024))
    return out.getvalue()


def _zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _encrypted(docx: bytes, _: Path) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(docx)).encrypt("secret", out)
    return out.getvalue()


def _entities(docx: bytes, secret: Path) -> bytes:
    """A DOCX whose main part declares an external entity that would read a secret file."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    files = {n: source.read(n) for n in source.namelist()}
    part = files["word/document.xml"].decode()
    declaration = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>'
    files["word/document.xml"] = part.replace("?>", "?>" + declaration, 1).encode()
    return _zip_of(files)


BAD = {
    "text file": (lambda docx, secret: b"Dear colleagues, please find the draft below.", "not a Word document"),
    "empty file": (lambda docx, secret: b"", "an empty file"),
    "truncated zip": (lambda docx, secret: docx[: len(docx) // 2], "damaged or truncated"),
    "zip bomb": (_bomb, "refused as a zip bomb"),
    "zip of something else": (lambda docx, secret: _zip_of({"notes.txt": b"hello"}), "not a Word document"),
    "OpenDocument": (lambda docx, secret: _zip_of({"mimetype": b"application/vnd.oasis.opendocument.text"}),
                     "OpenDocument file (.odt)"),
    "encrypted": (_encrypted, "password-protected (encrypted) Word document"),
    "entity in a part": (_entities, "declares a document type or entities"),
    "PDF": (lambda docx, secret: b"%PDF-1.7\n%...", "a PDF file"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_file_that_is_not_a_word_draft_is_refused_clearly(name, specimen_docx, tmp_path, capsys):
    make, message = BAD[name]
    (tmp_path / "secret.txt").write_text(SECRET)
    data = make(specimen_docx, tmp_path / "secret.txt")
    draft = tmp_path / "draft.docx"
    draft.write_bytes(data)
    target = tmp_path / "documents" / "x" / "document.xml"
    assert main(["import", str(draft), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and SECRET not in err
    assert not (tmp_path / "documents").exists()


def test_a_word_97_document_is_refused_clearly(specimen_docx, tmp_path, capsys):
    if office.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    (tmp_path / "draft.docx").write_bytes(specimen_docx)
    with __import__("tempfile").TemporaryDirectory() as profile:
        subprocess.run([office.soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path), str(tmp_path / "draft.docx")],
                       capture_output=True, timeout=office.TIMEOUT, cwd=profile, env={**os.environ, "HOME": profile})
    target = tmp_path / "out" / "document.xml"
    assert main(["import", str(tmp_path / "draft.doc"), "-o", str(target)]) == 1
    assert "a Word 97-2003 document (.doc)" in capsys.readouterr().err
    assert not target.parent.exists()


def test_usage_and_io_errors_exit_2(specimen_docx, tmp_path, capsys):
    (tmp_path / "draft.docx").write_bytes(specimen_docx)
    assert main(["import", str(tmp_path / "missing.docx"), "-o", str(tmp_path / "a" / "document.xml")]) == 2
    assert main(["import", str(tmp_path), "-o", str(tmp_path / "a" / "document.xml")]) == 2
    assert main(["import", str(tmp_path / "draft.docx"), "-o", str(tmp_path / "a" / "document.html")]) == 2
    assert main(["import", str(tmp_path / "draft.docx")]) == 2
    assert main(["import", str(tmp_path / "draft.docx"), "-o", str(tmp_path / "a" / "document.xml"),
                 "--track-changes", "maybe"]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "is a directory" in err and "must be an .xml file" in err
    assert "Traceback" not in err and not (tmp_path / "a").exists()


def _corpus() -> list[Path]:
    return sorted(CORPUS.glob("*/*.docx")) if CORPUS.is_dir() else []


def test_the_corpus_is_there_or_skipped():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpora/docx is absent: a clone elsewhere has no shared corpora")
    assert len(_corpus()) >= 20


@pytest.mark.parametrize("draft", _corpus(), ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("options", [[], ["--title", "Imported", "--track-changes", "accept"]], ids=["as is", "resolved"])
def test_every_real_word_file_ends_in_a_valid_source_or_a_clear_refusal(draft, options, tmp_path, capsys):
    target = tmp_path / "src" / "document.xml"
    status = main(["import", str(draft), "-o", str(target), "-q", *options])
    err = capsys.readouterr().err
    assert status in (0, 1) and "Traceback" not in err and "internal error" not in err
    if status == 0:
        load(target)  # what was written is a valid source
    else:
        reasons = [line for line in err.splitlines() if ": error: " in line]
        assert reasons and all(line.startswith(f"{draft.name}:") for line in reasons)
        assert not target.parent.exists()


def test_the_command_line_never_shows_a_traceback(tmp_path):
    """The real entry point in a fresh process, on a damaged draft."""
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    run = subprocess.run([sys.executable, "-m", "pipeline", "import", str(tmp_path / "bad.docx"), "-o",
                          str(tmp_path / "o" / "document.xml")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1 and "Traceback" not in run.stderr and "damaged or truncated" in run.stderr
