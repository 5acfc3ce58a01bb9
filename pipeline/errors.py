"""Problems found in a source document, reported as FILE:LINE:COL: error: message (or warning: message)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at a 1-based line and column. A warning is printed but stops nothing."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


class InvalidDocument(Exception):
    """The document is not valid: carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """A bad command line or an unreadable file: exit code 2."""
