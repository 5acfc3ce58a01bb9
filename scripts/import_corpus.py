"""Import every Word file of ../shared/corpora/docx/ and print one line each: a valid source, or refused and why.
Each is tried as it is, then with what an author would add (a title, tracked changes accepted). Nothing is kept.

Usage: python -m scripts.import_corpus [FOLDER]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "docx"
RESOLVED = ["--title", "Imported", "--track-changes", "accept"]


def outcome(draft: Path, folder: Path, options: list[str]) -> str:
    run = subprocess.run([sys.executable, "-m", "pipeline", "import", str(draft), "-o", str(folder / "document.xml"),
                          "--force", "-q", *options], capture_output=True, text=True, cwd=ROOT)
    if run.returncode == 0:
        warnings = sum(1 for line in run.stderr.splitlines() if ": warning: " in line)
        return "valid" + (f" ({warnings} warning{'s' if warnings > 1 else ''})" if warnings else "")
    reasons = [line.split(": error: ", 1)[1] for line in run.stderr.splitlines() if ": error: " in line]
    return f"refused (exit {run.returncode}): " + " | ".join(reason[:110] for reason in reasons)


def main(argv: list[str] | None = None) -> int:
    corpus = Path(argv[0]) if argv else CORPUS
    if not corpus.is_dir():
        print(f"import_corpus: {corpus} is absent: nothing to import", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="import-corpus-") as tmp:
        for draft in sorted(corpus.glob("*/*.docx")):
            name = f"{draft.parent.name}/{draft.name}"
            print(f"{name}\n    as is:    {outcome(draft, Path(tmp) / 'a', [])}\n"
                  f"    resolved: {outcome(draft, Path(tmp) / 'b', RESOLVED)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
