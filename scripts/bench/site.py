"""`make bench-site`: a generated corpus (pipeline/synthcorpus.py: 200 documents of 2 to 50 pages in six languages)
built whole (SHARD=1/1) and in four parts one after another (SHARD=k/4), each in a copy of the project; the parts
merged, their SHA256SUMS compared with the whole build's, and the site built from them. Prints each time and writes
build/bench/site.json. Long: about 15 s a document on two cores, and every document is built twice.

    python -m scripts.bench.site [--count 200] [--parts 4] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def timed(folder: Path, *args: str) -> tuple[float, float]:
    """The wall time and the processor time (user and system, of make and everything it ran) of one make. Builds
    run each in its own process (WARM=0), so that every second of work is counted: the processor time is the
    figure to compare on a machine shared with other work, the wall time the one a user waits."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    run = subprocess.run(["make", "-C", str(folder), "-j2", "QUIET=1", "WARM=0", *args], capture_output=True,
                         text=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        raise SystemExit(f"make {' '.join(args)} failed:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
    figures["whole_s"], figures["whole_cpu_s"] = timed(whole, "SHARD=1/1")
    print(f"  1 part:  {figures['whole_s']:7.1f} s  (processor {figures['whole_cpu_s']:7.1f} s)")
    timed(whole, "sums")

    split = project(args.work / "split", args.count)
    walls, cpus = [], []
    for k in range(1, args.parts + 1):
        wall, cpu = timed(split, f"SHARD={k}/{args.parts}")
        walls.append(wall)
        cpus.append(cpu)
        print(f"  part {k}/{args.parts}: {wall:7.1f} s  (processor {cpu:7.1f} s)")
    figures.update(parts_s=walls, parts_cpu_s=cpus, parts_sum_s=sum(walls), parts_sum_cpu_s=sum(cpus),
                   parts_ratio=sum(walls) / figures["whole_s"], parts_cpu_ratio=sum(cpus) / figures["whole_cpu_s"],
                   parts_spread=max(walls) / min(walls), parts_cpu_spread=max(cpus) / min(cpus))
    print(f"  {args.parts} parts one after another: {sum(walls):7.1f} s, {figures['parts_ratio']:.3f} x one part "
          f"(processor {sum(cpus):.1f} s, {figures['parts_cpu_ratio']:.3f} x); slowest part / fastest "
          f"{figures['parts_spread']:.2f} (processor {figures['parts_cpu_spread']:.2f})")
    figures["merge_s"] = timed(split, "merge")[0]
    same = (whole / "build" / "SHA256SUMS").read_bytes() == (split / "build" / "SHA256SUMS").read_bytes()
    figures["merged_equals_whole"] = same
    print(f"  merge: {figures['merge_s']:.1f} s; SHA256SUMS of the merged parts {'=' if same else '!='} the whole build's")
    figures["site_s"], figures["site_cpu_s"] = timed(split, "site")
    pages = len(list((split / "build" / "site").rglob("*.html")))
    figures["site_pages"] = pages
    print(f"  make site: {figures['site_s']:.1f} s (processor {figures['site_cpu_s']:.1f} s; {pages} HTML files)")
    out = Path(os.environ.get("BENCH_OUT", ROOT / "build" / "bench" / "site.json"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"  {out}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
