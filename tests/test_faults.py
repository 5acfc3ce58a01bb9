"""Fault injection: editions written under a file-size limit and to a disk that fills part-way, and engines that
crash mid-build. Each time: a clear error with its exit code, the previous edition whole, no temporary file left."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SPECIMEN
from pipeline import cli

#: Where each format's edition of the specimen goes: a folder for the HTML, a file for the others.
OUTPUTS = {"html": "html", "pdf": "specimen.pdf", "epub": "specimen.epub", "docx": "specimen.docx"}
CLI = "import sys; from pipeline.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> tuple[Path, Path]:
    """Every edition of the specimen, built once, and a changed specimen whose editions differ from them."""
    folder = tmp_path_factory.mktemp("faults")
    changed = folder / "specimen" / "document.xml"
    changed.parent.mkdir()
    changed.write_text(SPECIMEN.read_text(encoding="utf-8").replace("imaginary", "imagined"), encoding="utf-8")
    built = folder / "built"
    for fmt, name in OUTPUTS.items():
        assert cli.main(["build", str(SPECIMEN), "--to", fmt, "-q", "-o", str(built / name)]) == 0
    return changed, built


@pytest.fixture
def previous(editions, tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    """A fresh copy of the editions, and their bytes: what a failed build must leave as it was."""
    changed, built = editions
    out = tmp_path / "out"
    shutil.copytree(built, out)
    return changed, out, snapshot(out)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (hidden ones too: a temporary file left behind shows here), with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*args: str, prelude: str = "", limits: dict[int, int] | None = None) -> subprocess.CompletedProcess:
    """The command line in a new process, with resource limits and code run before it (the injected fault)."""
    def limit() -> None:
        for resource_id, value in (limits or {}).items():
            import resource

            resource.setrlimit(resource_id, (value, value))

    return subprocess.run([sys.executable, "-c", prelude + CLI, *args], cwd=ROOT, capture_output=True, text=True,
                          preexec_fn=limit, timeout=300)


# ---------------------------------------------------------------- a file-size limit (RLIMIT_FSIZE)


@pytest.mark.parametrize("fmt", ["html", "pdf", "epub"])
def test_a_file_size_limit_leaves_the_previous_edition_whole(fmt, previous):
    import resource

    source, out, before = previous
    result = run("build", str(source), "--to", fmt, "-o", str(out / OUTPUTS[fmt]),
                 limits={resource.RLIMIT_FSIZE: 4096})
    assert result.returncode == 2, result.stderr
    assert f"cannot write {out / OUTPUTS[fmt]}: File too large" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before


def test_pandoc_killed_mid_build_by_the_file_size_limit(previous):
    """pandoc writes its own file first: the limit kills it (SIGXFSZ) in the middle of writing."""
    import resource

    source, out, before = previous
    result = run("build", str(source), "--to", "docx", "-o", str(out / OUTPUTS["docx"]),
                 limits={resource.RLIMIT_FSIZE: 4096})
    assert result.returncode == 3, result.stderr
    assert "cannot build docx: RuntimeError: pandoc failed: killed by SIGXFSZ (File size limit exceeded)" in result.stderr
    assert snapshot(out) == before


# ---------------------------------------------------------------- a disk that fills up part-way (ENOSPC)


@pytest.mark.parametrize("fmt", sorted(OUTPUTS))
def test_a_disk_filling_up_part_way_leaves_the_previous_edition_whole(fmt, previous, monkeypatch, capsys):
    """The first write to the output folder goes half through, the next finds the disk full."""
    source, out, before = previous
    real_write, writes = os.write, []

    def filling(fd: int, data) -> int:
        if not os.readlink(f"/proc/self/fd/{fd}").startswith(str(out)):
            return real_write(fd, data)
        writes.append(len(data))
        if len(writes) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, bytes(data[: len(data) // 2]))

    monkeypatch.setattr(os, "write", filling)
    status = cli.main(["build", str(source), "--to", fmt, "-q", "-o", str(out / OUTPUTS[fmt])])
    monkeypatch.undo()
    assert status == 2
    assert f"cannot write {out / OUTPUTS[fmt]}: No space left on device" in capsys.readouterr().err
    assert len(writes) == 2  # half went to the disk before it filled
    assert snapshot(out) == before


# ---------------------------------------------------------------- engines that crash


def test_weasyprint_crashing_mid_layout_is_a_clear_error(previous):
    """WeasyPrint runs out of memory while it lays out the second page."""
    source, out, before = previous
    prelude = ("import weasyprint.layout.page as page\n"
               "real = page.make_page\n"
               "def make_page(context, root_box, page_type, resume_at, page_number, *rest, **named):\n"
               "    if page_number > 1: raise MemoryError('out of memory laying out page %d' % page_number)\n"
               "    return real(context, root_box, page_type, resume_at, page_number, *rest, **named)\n"
               "page.make_page = make_page\n")
    result = run("build", str(source), "--to", "pdf", "-o", str(out / OUTPUTS["pdf"]), prelude=prelude)
    assert result.returncode == 3, result.stderr
    assert "cannot build pdf: MemoryError: out of memory laying out page 2" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before


def _session(leader: int) -> list[tuple[int, str]]:
    """(pid, command) of the processes of a session."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            if entry.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[3]) == leader:
                found.append((int(entry.name), (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except (OSError, ValueError, IndexError):
            continue
    return found


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (scripts/setup installs it)")
def test_libreoffice_crashing_mid_check_fails_the_check(previous):
    """LibreOffice is killed while it converts the Word file: the check reports it, never an empty pass."""
    _, out, _ = previous
    script = ("import json, sys\nfrom pipeline.checks import office\n"
              "c = office.to_pdf(sys.argv[1], sys.argv[2])\n"
              "print(json.dumps({'ok': c.ok, 'pdf': str(c.pdf) if c.pdf else None, 'problems': c.problems}))\n")
    converted = out / "converted"
    check = subprocess.Popen([sys.executable, "-c", script, str(out / OUTPUTS["docx"]), str(converted)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True, start_new_session=True)
    killed, deadline = False, time.monotonic() + 120
    while check.poll() is None and not killed and time.monotonic() < deadline:
        for pid, command in _session(check.pid):
            if "soffice.bin" in command:
                os.kill(pid, signal.SIGKILL)
                killed = True
        time.sleep(0.02)
    report = json.loads(check.communicate(timeout=120)[0])
    assert killed, "LibreOffice finished before it could be stopped"
    assert not report["ok"] and report["pdf"] is None
    assert any("LibreOffice failed: " in p for p in report["problems"]), report
    assert not converted.exists() or not any(converted.iterdir())
