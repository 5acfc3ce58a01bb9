"""Ace by DAISY, the EPUB accessibility checker publishers use (npm @daisy/ace-cli), on Debian's Chromium.

Ace exits 0 even when it finds violations, so its report.json is read: each finding has an impact (critical,
serious, moderate, minor). Critical and serious ones are errors; moderate and minor ones warnings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ACE = ROOT / "node_modules" / ".bin" / "ace-cli"
SERIOUS = ("critical", "serious")


@dataclass(frozen=True)
class Finding:
    """One failed rule in one file of the publication."""

    impact: str
    rule: str
    file: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) in {self.file}"


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError("Ace needs Debian's chromium, which is not installed: run scripts/setup")
    return found


def check(epub: Path, timeout: float = 180) -> list[Finding]:
    """Every finding of Ace on one EPUB file."""
    if not ACE.exists():
        raise RuntimeError(f"{ACE} is missing: run scripts/setup (npm ci)")
    with tempfile.TemporaryDirectory(prefix="ace-") as out:
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium(), "PUPPETEER_SKIP_DOWNLOAD": "1"}
        run = subprocess.run([str(ACE), "--silent", "--force", "--outdir", out, str(epub)], env=env,
                             capture_output=True, text=True, timeout=timeout, cwd=out)
        report = Path(out) / "report.json"
        if not report.is_file():
            raise RuntimeError(f"Ace wrote no report for {epub} (exit {run.returncode}): "
                               f"{(run.stderr or run.stdout).strip()[-500:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    return [Finding(test["earl:test"]["earl:impact"], test["earl:test"]["dct:title"],
                    group.get("earl:testSubject", {}).get("url", ""))
            for group in data.get("assertions", []) for test in group.get("assertions", [])]


def counts(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings): critical and serious findings, then the others."""
    serious = sum(f.impact in SERIOUS for f in findings)
    return serious, len(findings) - serious
