"""The Makefile's prerequisites are proven, not listed by hand: every file of pipeline/ and templates/ that a build
of a format actually reads (opened, or imported) is a prerequisite of that output, so editing it rebuilds it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED

NAME = SEED.parent.name
TARGETS = {"html": f"build/{NAME}/html/index.html", "pdf": f"build/{NAME}/{NAME}.pdf",
           "epub": f"build/{NAME}/{NAME}.epub", "docx": f"build/{NAME}/{NAME}.docx"}

#: Run in a fresh process: an audit hook records every file opened, then the build runs as `make` runs it.
RECORDER = """
import json, os, sys
opened = set()
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.add(os.path.realpath(os.fsdecode(args[0])))
sys.addaudithook(hook)
import runpy
report, sys.argv = sys.argv[1], ["pipeline", *sys.argv[2:]]
try:
    runpy.run_module("pipeline", run_name="__main__", alter_sys=True)  # as make runs it: python -m pipeline
except SystemExit as exit:
    status = exit.code
imported = {os.path.realpath(m.__file__) for m in list(sys.modules.values()) if getattr(m, "__file__", None)}
with open(report, "w") as out:
    json.dump({"status": status, "files": sorted(opened | imported)}, out)
"""


def read_by_build(fmt: str, tmp_path) -> set[str]:
    """The files under pipeline/ and templates/ that building the seed in this format opens or imports."""
    report = tmp_path / "report.json"
    target = tmp_path / ("html" if fmt == "html" else f"{NAME}.{fmt}")
    subprocess.run([sys.executable, "-c", RECORDER, str(report), "build", str(SEED), "--to", fmt, "-q", "-o",
                    str(target)], cwd=ROOT, check=True, timeout=300)
    result = json.loads(report.read_text())
    assert result["status"] == 0
    roots = (ROOT / "pipeline", ROOT / "templates")
    files = {p for p in result["files"] if any(p.startswith(f"{r}/") for r in roots)}
    return {str(p.relative_to(ROOT)) for p in map(Path, files) if "__pycache__" not in p.parts}


def prerequisites(target: str) -> set[str]:
    """The prerequisites make gives a target, from its own database (`make -p`), nothing run."""
    database = subprocess.run(["make", "-n", "-p", "-C", str(ROOT), target], capture_output=True, text=True,
                              timeout=120).stdout
    line = next(ln for ln in database.splitlines() if ln.startswith(f"{target}:"))
    return set(line.split(":", 1)[1].split("|")[0].split())


@pytest.mark.parametrize("fmt", sorted(TARGETS))
def test_every_file_a_build_reads_is_a_prerequisite_of_its_output(fmt, tmp_path):
    read = read_by_build(fmt, tmp_path)
    assert "pipeline/loader.py" in read and any(p.startswith(f"pipeline/writers/") for p in read)
    missing = sorted(read - prerequisites(TARGETS[fmt]))
    assert missing == [], f"{TARGETS[fmt]} is built from {missing}, which the Makefile does not list"
