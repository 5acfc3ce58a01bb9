"""`make bench-site`: a generated corpus (pipeline/synthcorpus.py: 200 documents of 2 to 50 pages in six languages)
built whole (SHARD=1/1) and in four parts one after another (SHARD=k/4), each in a copy of the project; the parts
merged, their SHA256SUMS compared with the whole build's, and the site built from them. Prints each time and writes
build/bench/site.json. Long: about half an hour on two cores.

    python -m scripts.bench.site [--count 200] [--parts 4] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".git", "build", ".venv", "node_modules", ".cache", "documents", "tests", "mutants", "__pycache__"}


def project(folder: Path, count: int) -> Path:
    """A copy of the project whose documents are the generated corpus, sharing the set-up."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT, folder, ignore=lambda at, names: [n for n in names if Path(at) == ROOT and n in SKIP
                                                           or n == "__pycache__"])
    for shared in (".venv", "node_modules", ".cache"):
        (folder / shared).symlink_to(ROOT / shared)
    subprocess.run([sys.executable, "-m", "pipeline.synthcorpus", str(folder / "documents"), "--count", str(count)],
                   cwd=ROOT, check=True, capture_output=True)
    return folder


def timed(folder: Path, *args: str) -> float:
    started = time.monotonic()
    run = subprocess.run(["make", "-C", str(folder), "-j2", "QUIET=1", *args], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"make {' '.join(args)} failed:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench.site", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--parts", type=int, default=4)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench" / "site-work")
    args = parser.parse_args(argv)
    figures: dict[str, float | int | bool] = {"documents": args.count, "parts": args.parts}
    subprocess.run(["make", "-C", str(ROOT), "setup", ".cache/icc/FOGRA39.icc"], check=True, capture_output=True)

    whole = project(args.work / "whole", args.count)
    figures["source_bytes"] = sum(p.stat().st_size for p in (whole / "documents").rglob("document.xml"))
    figures["whole_s"] = timed(whole, "SHARD=1/1")
    print(f"  1 part:  {figures['whole_s']:7.1f} s")
    timed(whole, "sums")

    split = project(args.work / "split", args.count)
    times = []
    for k in range(1, args.parts + 1):
        times.append(timed(split, f"SHARD={k}/{args.parts}"))
        print(f"  part {k}/{args.parts}: {times[-1]:7.1f} s")
    figures["parts_s"] = times
    figures["parts_sum_s"] = sum(times)
    figures["parts_ratio"] = sum(times) / figures["whole_s"]
    figures["parts_spread"] = max(times) / min(times)
    print(f"  {args.parts} parts one after another: {sum(times):7.1f} s, {figures['parts_ratio']:.3f} x one part; "
          f"slowest part / fastest {figures['parts_spread']:.2f}")
    figures["merge_s"] = timed(split, "merge")
    same = (whole / "build" / "SHA256SUMS").read_bytes() == (split / "build" / "SHA256SUMS").read_bytes()
    figures["merged_equals_whole"] = same
    print(f"  merge: {figures['merge_s']:.1f} s; SHA256SUMS of the merged parts {'=' if same else '!='} the whole build's")
    figures["site_s"] = timed(split, "site")
    pages = len(list((split / "build" / "site").rglob("*.html")))
    figures["site_pages"] = pages
    print(f"  make site: {figures['site_s']:.1f} s ({pages} HTML files)")
    out = ROOT / "build" / "bench" / "site.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"  {out}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
