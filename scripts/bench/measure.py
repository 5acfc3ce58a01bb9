"""One command in a fresh process: its wall time and the peak resident memory of it and the children it waited for."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path


class CommandFailed(RuntimeError):
    """A measured command exited with an error: its figures would mean nothing."""


def environment() -> dict[str, str]:
    """The children's environment: the caller's, with reproducible dates, and Python's bytecode cache on, as
    for anyone who runs the pipeline (a cache left off would add compiling to every start)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    load: float         # the one-minute load average when the run began: how busy the machine was
    cpu: float = 0.0    # user and system seconds of the process and its children: less swayed by a busy machine


@dataclass
class Series:
    """Several runs of one command."""

    command: list[str]
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(run.peak_mb for run in self.runs)

    @property
    def best(self) -> float:
        """The fastest run: a busy machine only ever adds time, so this is the least disturbed figure."""
        return min(run.seconds for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self.runs)

    def as_dict(self) -> dict:
        return {"command": self.command, "median_s": round(self.median, 4), "best_s": round(self.best, 4),
                "cpu_s": round(self.cpu, 4),
                "peak_mb": round(self.peak_mb, 1),
                "runs": [{"seconds": round(r.seconds, 4), "cpu_s": round(r.cpu, 4), "peak_mb": round(r.peak_mb, 1),
                          "load": round(r.load, 2)} for r in self.runs]}


class _Runner:
    """The small process (runner.py) that starts every measured command; started on first use."""

    process: subprocess.Popen | None = None

    @classmethod
    def ask(cls, request: dict) -> dict:
        if cls.process is None or cls.process.poll() is not None:
            cls.process = subprocess.Popen([sys.executable, "-I", "-S", str(Path(__file__).with_name("runner.py"))],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        cls.process.stdin.write(json.dumps(request) + "\n")
        cls.process.stdin.flush()
        return json.loads(cls.process.stdout.readline())


def once(command: list[str], cwd: Path) -> Run:
    """Run a command once, from the runner. Peak memory is `ru_maxrss` from wait4: the largest of the process and
    its waited-for children (a pandoc run by our Python counts; their sum, when both are alive at once, does not)."""
    load = os.getloadavg()[0]
    answer = _Runner.ask({"command": command, "cwd": str(cwd), "env": environment()})
    if answer["code"] != 0:
        raise CommandFailed(f"exit {answer['code']}: {' '.join(command)}\n{answer['errors']}")
    return Run(answer["seconds"], answer["peak_kb"] / 1024, load, answer["cpu"])


def interleaved(commands: list[list[str]], runs: int, cwd: Path) -> list[Series]:
    """Each command `runs` times, taking turns, so that a busy spell of the machine falls on all of them."""
    series = [Series(command) for command in commands]
    for _ in range(runs):
        for one in series:
            one.runs.append(once(one.command, cwd))
    return series
