"""Warm builds (pipeline/warm.py) as make runs them: the same messages and exit codes as a build in its own
process, and a build in the client's own process whenever a worker cannot be had."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEED
from pipeline import warm


def _through_make(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess:
    """One build run by a real make, handed to a warm worker."""
    steps = tmp_path / "one.mk"
    command = " ".join(["PIPELINE_WARM=" + str(tmp_path / "warm"), sys.executable, "-m", "pipeline.warm", *argv])
    steps.write_text(f"all:\n\t-{command}; echo status=$$?\n")
    return subprocess.run(["make", "-s", "-f", str(steps)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_an_invalid_document_says_the_same_through_a_worker(tmp_path):
    bad = tmp_path / "bad" / "document.xml"
    bad.parent.mkdir()
    bad.write_text(SEED.read_text(encoding="utf-8").replace("</docTitle>", "</docTitl>", 1), encoding="utf-8")
    argv = ["build", str(bad), "--to", "html", "-o", str(tmp_path / "out")]
    direct = subprocess.run([sys.executable, "-m", "pipeline", *argv], cwd=ROOT, capture_output=True, text=True)
    handed = _through_make(tmp_path, *argv)
    assert direct.returncode == 1 and "status=1" in handed.stdout
    assert handed.stderr == direct.stderr and "malformed XML" in direct.stderr
    assert list((tmp_path / "warm").glob("*/*.lock"))  # it did go through a worker
    assert not (tmp_path / "out").exists()


def test_a_good_build_prints_its_line_through_a_worker(tmp_path):
    handed = _through_make(tmp_path, "build", str(SEED), "--to", "epub", "-o", str(tmp_path / "seed.epub"))
    assert "status=0" in handed.stdout and "EPUB" in handed.stdout
    assert (tmp_path / "seed.epub").stat().st_size > 1000


def test_without_make_or_with_warm_off_the_client_builds_in_its_own_process(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_WARM", "0")
    status = warm.main(["build", str(SEED), "--to", "html", "-q", "-o", str(tmp_path / "html")])
    assert status == 0 and (tmp_path / "html" / "index.html").is_file()
    assert not (tmp_path / "warm").exists()


def test_a_socket_address_too_long_is_no_worker():
    assert warm._ask(Path("/tmp") / ("x" * 120), 0, os.getpid(), ["build"]) is None


def test_the_make_of_a_build_is_found_through_the_shell_between(tmp_path):
    """A recipe's command runs in a shell that make starts: the client finds make itself, by its process id."""
    steps = tmp_path / "pid.mk"
    steps.write_text("all:\n\t@echo make=$(shell echo $$PPID); "
                     f"{sys.executable} -c 'from pipeline.warm import make_ancestor; print(\"found=%s\" % make_ancestor())'\n")
    printed = subprocess.run(["make", "-s", "-f", str(steps)], cwd=ROOT, capture_output=True, text=True,
                             timeout=60).stdout.split()
    assert printed[0].startswith("make=") and printed[1] == "found=" + printed[0][len("make="):], printed
    assert warm.alive(os.getpid()) and not warm.alive(2 ** 22 + 1)
