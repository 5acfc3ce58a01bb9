"""The Nu HTML Checker (vnu.jar): many HTML, XHTML, SVG and CSS files checked at once, messages per file."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SUFFIXES = (".html", ".xhtml", ".css", ".svg")

#: A short-lived JVM: quick compiler and simple collector (faster, half the memory), and a
#: large stack, which the HTML schema needs on long documents (it overflows 1 MB with the quick compiler).
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m", "-Duser.language=en", "-Djava.awt.headless=true"]


@dataclass(frozen=True)
class Message:
    """One message about one file: `kind` is "error", "warning" or "info"."""

    kind: str
    text: str
    line: int | None = None
    column: int | None = None
    extract: str = ""

    def __str__(self) -> str:
        return f"{self.line or 0}:{self.column or 0}: {self.kind}: {self.text}"


def _kind(message: dict) -> str:
    """Nu's type and subType folded into one word; a non-document error (I/O, crash) counts as an error."""
    if message.get("type") == "info":
        return "warning" if message.get("subType") == "warning" else "info"
    return "error"


def check(*files: Path | str) -> dict[Path, list[Message]]:
    """Every message about each file (HTML by extension .html, XHTML by .xhtml, SVG, CSS).

    One JVM checks all the HTML, XHTML and SVG, and another, at the same time, all the CSS.

    The result has a key for every file given, as given, so no file can go silently unchecked.
    """
    given = [Path(f) for f in files]
    missing = [str(f) for f in given if not f.is_file()]
    if missing:
        raise FileNotFoundError(f"nothing to check at: {', '.join(missing)}")
    unknown = [str(f) for f in given if f.suffix.lower() not in SUFFIXES]
    if unknown:
        raise ValueError(f"the Nu HTML Checker would skip these silently (not {', '.join(SUFFIXES)}): {', '.join(unknown)}")
    result: dict[Path, list[Message]] = {f: [] for f in given}
    if not given:
        return result
    by_absolute = {f.absolute(): f for f in given} | {f.resolve(): f for f in given}
    # Style sheets go to a JVM of their own, run at the same time: with --also-check-css, vnu 26.9
    # numbers the lines of HTML files from 0, and without it, it reads .css files as HTML.
    css = [str(f.absolute()) for f in given if f.suffix.lower() == ".css"]
    markup = [str(f.absolute()) for f in given if f.suffix.lower() != ".css"]
    running = [_start(["--also-check-svg"], markup)] if markup else []
    running += [_start(["--css"], css)] if css else []
    finished = [(process, *process.communicate()) for process in running]
    for process, stdout, stderr in finished:
        for message in _report(process, stdout, stderr)["messages"]:
            url = message.get("url", "")
            if not url.startswith("file:"):
                raise RuntimeError(f"the Nu HTML Checker failed: {message.get('message')}")
            where = Path(unquote(urlsplit(url).path))
            file = by_absolute.get(where) or by_absolute.get(where.resolve()) or where
            line = message.get("firstLine", message.get("lastLine"))
            result.setdefault(file, []).append(
                Message(_kind(message), message.get("message", ""), line, message.get("firstColumn"), message.get("extract", ""))
            )
    return result


def _start(options: list[str], paths: list[str]) -> subprocess.Popen:
    """Start vnu on the given absolute paths, its JSON report going to a pipe."""
    if not VNU_JAR.is_file():
        raise RuntimeError(f"{VNU_JAR} is missing: run `make setup` to install the Nu HTML Checker")
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java is not on PATH: run `make setup` to install it")
    command = [java, *JAVA_OPTIONS, "-jar", str(VNU_JAR),
               "--format", "json", *options, "--exit-zero-always", "--stdout", *paths]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _report(process: subprocess.Popen, stdout: str, stderr: str) -> dict:
    """The JSON report of a finished vnu run."""
    try:
        return json.loads(stdout)
    except json.JSONDecodeError:
        output = (stdout + stderr).strip()[-2000:]
        raise RuntimeError(f"the Nu HTML Checker failed (exit {process.returncode}): {output}") from None


def problems(result: dict[Path, list[Message]], kinds: tuple[str, ...] = ("error", "warning")) -> list[str]:
    """The messages of the given kinds as "file:line:column: kind: text" lines, for assertions and reports."""
    return [f"{file}:{message}" for file, messages in result.items() for message in messages if message.kind in kinds]
