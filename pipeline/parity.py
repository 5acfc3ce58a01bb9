"""Content parity: every text unit of the source appears in an output's text, in order, exactly once."""

from __future__ import annotations

#: Units shorter than this ("1.", "(a)", "12") recur by nature; they are checked for order only.
UNIQUE_LENGTH = 20


def normalized(text: str) -> str:
    """White space collapsed, as every comparison here needs."""
    return " ".join(text.split())


def problems(units: list[str], text: str) -> list[str]:
    """What is missing, out of order, or repeated. Empty when the text holds every unit in order once."""
    text = normalized(text)
    found_problems = []
    position = 0
    for index, unit in enumerate(units):
        found = text.find(unit, position)
        if found < 0:
            where = "missing" if unit not in text else "out of order"
            found_problems.append(f"unit {index + 1} {where}: {unit[:80]!r}")
            continue
        position = found + len(unit)
        if len(unit) >= UNIQUE_LENGTH:
            expected = sum(u.count(unit) for u in units)
            if text.count(unit) != expected:
                found_problems.append(f"unit {index + 1} appears {text.count(unit)} times, not {expected}: {unit[:80]!r}")
    return found_problems
