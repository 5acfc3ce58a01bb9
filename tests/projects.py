"""Copies of the project for tests that run make: the code, templates and Makefile, some documents, and the
set-up shared with the working tree (.venv, node_modules, the colour profiles)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

SKIP = {".git", "build", ".venv", "node_modules", ".cache", "__pycache__", ".pytest_cache", ".hypothesis", "documents",
        "tests", "mutants"}
CASES = ROOT / "tests" / "cases"


def copy(root: Path, documents: tuple[str, ...] = ()) -> Path:
    """A copy of the project at `root` holding these documents of documents/ (and no others)."""
    shutil.copytree(ROOT, root, ignore=lambda folder, names: [n for n in names if Path(folder) == ROOT and n in SKIP
                                                               or n in ("__pycache__", ".hypothesis")])
    (root / "documents").mkdir()
    for name in documents:
        shutil.copytree(ROOT / "documents" / name, root / "documents" / name)
    (ROOT / ".cache").mkdir(exist_ok=True)
    for shared in (".venv", "node_modules", ".cache"):
        (root / shared).symlink_to(ROOT / shared)
    return root


def add_case(root: Path, case: str, name: str, replacements: dict[str, str] | None = None) -> Path:
    """A golden case of tests/cases/ as documents/<name>/document.xml, with some words replaced (a symbol, a URI)."""
    text = (CASES / f"{case}.xml").read_text(encoding="utf-8")
    for old, new in (replacements or {}).items():
        text = re.sub(old, new, text)
    target = root / "documents" / name / "document.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def make(root: Path, *args: str, check: bool = True, timeout: int = 900) -> subprocess.CompletedProcess:
    """make in the copy, with none of the options a user's or CI's environment may set (SITE_URL, SHARD …)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SHARD", "VERSION", "PAPER", "SIGNATURE",
                                                           "PRINTER_ICC", "MAKEFLAGS", "MAKELEVEL")}
    result = subprocess.run(["make", "-C", str(root), *args], capture_output=True, text=True, timeout=timeout,
                            env={**env, "SOURCE_DATE_EPOCH": "0"})
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result
