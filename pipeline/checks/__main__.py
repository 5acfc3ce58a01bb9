"""`make check`: every validator on the editions in build/, one table, exit 1 if anything fails.

Usage: python -m pipeline.checks [--build build] [DOCUMENT ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.checks import suite

parser = argparse.ArgumentParser(prog="python -m pipeline.checks", description=__doc__.splitlines()[0])
parser.add_argument("documents", nargs="*", help="document names (default: every folder under documents/)")
parser.add_argument("--build", type=Path, default=suite.ROOT / "build")
args = parser.parse_args()
names = args.documents or sorted(p.parent.name for p in (suite.ROOT / "documents").glob("*/document.xml"))
started = time.monotonic()
try:
    rows = suite.run(args.build, names)
except (FileNotFoundError, RuntimeError) as exc:
    print(f"check: error: {exc}", file=sys.stderr)
    sys.exit(2)
print(suite.table(rows))
failed = [r for r in rows if not r.ok]
print(f"{len(rows)} checks, {len(failed)} failed ({time.monotonic() - started:.1f} s)")
sys.exit(1 if failed else 0)
