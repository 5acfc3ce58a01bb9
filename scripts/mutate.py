"""`make mutate`: mutation testing of the core modules with mutmut, in a copy of the project under build/mutation/,
then build/mutation/report.txt: the score of each module and every surviving mutant with its diff and its triage.

    python -m scripts.mutate [--jobs N] [--budget SECONDS] [--sample N] [--modules pipeline/reader.py ...]
                             [--resume] [--report-only]

Which modules and which tests: [tool.mutmut] in pyproject.toml. A survivor is either a missing test (write it) or an
equivalent mutant, which no test can kill: tests/mutation-triage.txt says why, one line each
("<mutant name>  <reason>"). The report marks every survivor without a triage line UNTRIAGED.
Settings also come from the environment: MUTATE_JOBS (2), MUTATE_BUDGET (seconds, 0 for none), MUTATE_SAMPLE
(mutants checked per module, 0 for all). The whole set of mutants of the core modules takes hours on two cores, so
`make mutate` checks a fixed sample of each module's mutants (the same one on every run of the same code: the sample
is drawn from the sorted names with a fixed seed) and the report gives each score with its 95 % interval; with
MUTATE_SAMPLE=0 every mutant is checked.
"""

from __future__ import annotations

import argparse
import collections
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "mutation"
WORK = OUT / "work"
TRIAGE = ROOT / "tests" / "mutation-triage.txt"
COPIED = ("pipeline", "tests", "templates", "documents", "scripts", "Makefile", "pyproject.toml", "constraints.txt",
          "package.json", "package-lock.json")
#: What mutmut's statuses count as: a mutant the tests noticed, or one they let through.
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
SURVIVED = {"survived", "no tests", "suspicious"}


def prepare(modules: list[str]) -> None:
    """A fresh copy of the project to mutate (mutmut writes its mutants/ beside the code it is given), limited to
    some modules if asked."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, WORK / name, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
        else:
            shutil.copy2(source, WORK / name)
    for shared in (".venv", "node_modules"):  # the set-up, shared: in the copy and in mutmut's own copy of it
        if (ROOT / shared).exists():
            for folder in (WORK, WORK / "mutants"):
                folder.mkdir(exist_ok=True)
                (folder / shared).symlink_to(ROOT / shared)
    if modules:
        config = WORK / "pyproject.toml"
        listed = ", ".join(f'"{m}"' for m in modules)
        config.write_text(re.sub(r"(?ms)^only_mutate = \[.*?^\]", f"only_mutate = [{listed}]", config.read_text()))


def mutmut(*args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mutmut", *args]
    return subprocess.run(command, cwd=WORK, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def statuses() -> dict[str, str]:
    """Each mutant's name and status."""
    listing = mutmut("results", "--all", "true").stdout
    return dict(re.findall(r"^\s+(\S+): (.+)$", listing, flags=re.M))


def generate() -> None:
    """Mutants and mutmut's map of which tests run each function, without checking any mutant: mutmut does both
    before it looks for the mutants it is asked for, and stops when it finds none."""
    run = mutmut("run", "--max-children", "1", "no mutant has this name")
    if "nothing matches" not in run.stdout + run.stderr:
        print(run.stdout[-2000:] + run.stderr[-3000:], file=sys.stderr)
        raise SystemExit("mutate: error: mutmut could not generate the mutants")


def sample(found: dict[str, str], size: int) -> list[str]:
    """A fixed sample of `size` mutants of each module (all of a smaller one), drawn from the sorted names with a
    fixed seed, leaving out the mutants already decided by an earlier run."""
    by_module: dict[str, list[str]] = collections.defaultdict(list)
    for mutant in sorted(found):
        by_module[module_of(mutant)].append(mutant)
    chosen = []
    for module, names in sorted(by_module.items()):
        drawn = names if len(names) <= size else random.Random(f"{module}:{size}").sample(names, size)
        chosen += [n for n in drawn if found[n] == "not checked"]
    return chosen


def interval(killed: int, decided: int) -> str:
    """The Wilson 95 % interval of a score measured on a sample."""
    if not decided:
        return ""
    z, p = 1.96, killed / decided
    centre = (p + z * z / (2 * decided)) / (1 + z * z / decided)
    half = z * math.sqrt(p * (1 - p) / decided + z * z / (4 * decided * decided)) / (1 + z * z / decided)
    return f"{100 * max(0.0, centre - half):.0f}-{100 * min(1.0, centre + half):.0f}%"


def module_of(mutant: str) -> str:
    """pipeline.writers.docx_ast.xǁBuilderǁtable__mutmut_3 -> pipeline/writers/docx_ast.py"""
    dotted = mutant.split(".x", 1)[0] if ".x" in mutant else mutant.rsplit(".", 1)[0]
    return dotted.replace(".", "/") + ".py"


def triage() -> dict[str, str]:
    """The survivors known to be equivalent, with the reason no test can kill them."""
    if not TRIAGE.is_file():
        return {}
    lines = (ln.split(None, 1) for ln in TRIAGE.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#"))
    return {parts[0]: parts[1].strip() if len(parts) > 1 else "" for parts in lines}


def report(found: dict[str, str], seconds: float) -> str:
    known = triage()
    by_module: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for mutant, status in found.items():
        kind = "killed" if status in KILLED else "equivalent" if mutant in known else \
            "survived" if status in SURVIVED else "not checked"
        by_module[module_of(mutant)][kind] += 1
    lines = [f"Mutation testing with mutmut: {len(found)} mutants in {seconds:.0f} s", "",
             "score = killed / (killed + survived), over the mutants checked; equivalent mutants "
             "(tests/mutation-triage.txt) are left out; unchecked: not in the sample, or past the budget", "",
             f"{'module':<36} {'mutants':>8} {'killed':>7} {'equiv.':>7} {'survived':>9} {'unchecked':>10} {'score':>7}"
             f"  {'95% interval':>12}"]
    totals: collections.Counter = collections.Counter()
    for module in sorted(by_module):
        counts = by_module[module]
        totals.update(counts)
        lines.append(_row(module, counts))
    lines += [_row("all", totals), ""]
    survivors = sorted(m for m, s in found.items() if s in SURVIVED)
    untriaged = [m for m in survivors if m not in known]
    lines.append(f"{len(survivors)} survivors: {len(survivors) - len(untriaged)} triaged as equivalent, "
                 f"{len(untriaged)} UNTRIAGED")
    for mutant in survivors:
        verdict = f"equivalent: {known[mutant]}" if mutant in known else "UNTRIAGED"
        lines += ["", f"## {mutant} ({found[mutant]}) {verdict}"]
        if mutant not in known:
            lines.append(mutmut("show", mutant).stdout.rstrip())
    return "\n".join(lines) + "\n"


def _row(module: str, counts: collections.Counter) -> str:
    decided = counts["killed"] + counts["survived"]
    score = f"{100 * counts['killed'] / decided:.1f}%" if decided else "-"
    total = sum(counts.values())
    return (f"{module:<36} {total:>8} {counts['killed']:>7} {counts['equivalent']:>7} {counts['survived']:>9} "
            f"{counts['not checked']:>10} {score:>7}  {interval(counts['killed'], decided):>12}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.mutate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATE_JOBS") or 2))
    parser.add_argument("--budget", type=float, default=float(os.environ.get("MUTATE_BUDGET") or 0),
                        help="stop after this many seconds (0: no limit); unchecked mutants are counted as such")
    parser.add_argument("--sample", type=int, default=int(os.environ.get("MUTATE_SAMPLE") or 0),
                        help="check this many mutants of each module, a fixed sample (0: all)")
    parser.add_argument("--modules", nargs="*", default=[], help="mutate only these files (default: pyproject.toml's)")
    parser.add_argument("--report-only", action="store_true", help="write the report of the last run again")
    parser.add_argument("--resume", action="store_true", help="go on with the last run's copy: only the mutants it "
                                                                   "has not checked yet")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if not args.report_only:
        if not (args.resume and WORK.is_dir()):
            prepare(args.modules)
        names: list[str] = []
        if args.sample:
            generate()
            names = sample(statuses(), args.sample)
        try:
            run = mutmut("run", "--max-children", str(args.jobs), *names, timeout=args.budget or None) \
                if names or not args.sample else subprocess.CompletedProcess([], 0)
            if run.returncode:
                print(run.stdout[-2000:] + run.stderr[-3000:], file=sys.stderr)
                print("mutate: error: mutmut failed", file=sys.stderr)
                return 1
        except subprocess.TimeoutExpired:
            print(f"mutate: the budget of {args.budget:.0f} s is spent; the rest is reported as unchecked")
    text = report(statuses(), time.monotonic() - started)
    (OUT / "report.txt").write_text(text, encoding="utf-8")
    print(text.split("\n\n## ", 1)[0])
    print(f"report: {(OUT / 'report.txt').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
