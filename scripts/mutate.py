"""`make mutate`: mutation testing of the core modules with mutmut, in a copy of the project under build/mutation/,
then build/mutation/report.txt: the score of each module and every surviving mutant with its diff and its triage.

    python -m scripts.mutate [--jobs N] [--budget SECONDS] [--modules pipeline/reader.py ...] [--resume] [--report-only]

Which modules and which tests: [tool.mutmut] in pyproject.toml. A survivor is either a missing test (write it) or an
equivalent mutant, which no test can kill: tests/mutation-triage.txt says why, one line each
("<mutant name>  <reason>"). The report marks every survivor without a triage line UNTRIAGED.
Settings also come from the environment: MUTATE_JOBS (2), MUTATE_BUDGET (seconds, 0 for none).
"""

from __future__ import annotations

import argparse
import collections
import os
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
             "score = killed / (killed + survived); equivalent mutants (tests/mutation-triage.txt) are left out", "",
             f"{'module':<36} {'mutants':>8} {'killed':>7} {'equiv.':>7} {'survived':>9} {'unchecked':>10} {'score':>7}"]
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
            f"{counts['not checked']:>10} {score:>7}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.mutate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATE_JOBS") or 2))
    parser.add_argument("--budget", type=float, default=float(os.environ.get("MUTATE_BUDGET") or 0),
                        help="stop after this many seconds (0: no limit); unchecked mutants are counted as such")
    parser.add_argument("--modules", nargs="*", default=[], help="mutate only these files (default: pyproject.toml's)")
    parser.add_argument("--report-only", action="store_true", help="write the report of the last run again")
    parser.add_argument("--resume", action="store_true", help="go on with the last run's copy: only the mutants it "
                                                                   "has not checked yet")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if not args.report_only:
        if not (args.resume and WORK.is_dir()):
            prepare(args.modules)
        try:
            run = mutmut("run", "--max-children", str(args.jobs), timeout=args.budget or None)
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
