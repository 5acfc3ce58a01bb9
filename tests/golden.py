"""Golden files: outputs of the small cases in tests/cases/, compared part by part; `make accept` rewrites them."""

from __future__ import annotations

import difflib
import io
import os
import shutil
import zipfile
from pathlib import Path

CASES = Path(__file__).parent / "cases"
GOLDEN = Path(__file__).parent / "golden"
ACCEPT = os.environ.get("ACCEPT_GOLDEN") == "1"


def cases() -> list[Path]:
    return sorted(CASES.glob("*.xml"))


def zip_parts(data: bytes) -> dict[str, bytes]:
    """The entries of a zip (EPUB, DOCX), so they are compared one by one."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def check(name: str, files: dict[str, bytes]) -> None:
    """Compare files with tests/golden/<name>/, or write them there when accepting."""
    folder = GOLDEN / name
    if ACCEPT:
        shutil.rmtree(folder, ignore_errors=True)
        for part, data in files.items():
            (folder / part).parent.mkdir(parents=True, exist_ok=True)
            (folder / part).write_bytes(data)
        return
    expected = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}
    problems = []
    for part in sorted(set(expected) | set(files)):
        if part not in files:
            problems.append(f"{part}: missing from the output")
        elif part not in expected:
            problems.append(f"{part}: new in the output")
        elif files[part] != expected[part]:
            try:
                diff = difflib.unified_diff(expected[part].decode().splitlines(), files[part].decode().splitlines(),
                                            f"golden/{name}/{part}", "output", lineterm="", n=2)
                problems.append("\n".join(list(diff)[:60]))
            except UnicodeDecodeError:
                problems.append(f"{part}: binary content differs")
    assert not problems, (
        f"output of {name} differs from tests/golden/{name}/:\n" + "\n".join(problems)
        + "\nIf the change is intended, review it and run `make accept`."
    )
