"""Safe reading and parsing of untrusted XML: no network, no DTD, no entities, no XInclude, bounded size."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from pipeline.errors import InvalidDocument, Problem, UsageError
from pipeline.limits import MAX_BYTES

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_FORBIDDEN = [
    (re.compile(r"<!DOCTYPE"), "a document type declaration (DOCTYPE) is not allowed"),
    (re.compile(r"<!ENTITY"), "entity declarations are not allowed"),
]


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset in text."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def read_source(path: Path) -> bytes:
    """Read a source file, bounded in size. I/O failures are usage errors."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a document") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise InvalidDocument([Problem(str(path), 1, 1, f"file is larger than the limit of {MAX_BYTES} bytes")])
    return data


def decode(path: str, data: bytes) -> str:
    """Decode the source as strict UTF-8, reporting where it is not."""
    if not data.strip():
        raise InvalidDocument([Problem(path, 1, 1, "file is empty: expected an Akoma Ntoso XML document")])
    declared = _DECLARATION.match(data)
    if declared and declared.group(1).decode("ascii").lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise InvalidDocument([Problem(path, 1, 1, f"encoding {declared.group(1).decode('ascii')!r} is not supported: save the file as UTF-8")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, column = position(good, len(good))
        raise InvalidDocument([Problem(path, line, column, f"invalid UTF-8 byte 0x{data[exc.start]:02x}: the file must be encoded as UTF-8")]) from None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_pis=False, recover=False, collect_ids=False,
    )


def parse(path: str, text: str) -> etree._ElementTree:
    """Parse decoded source text into a tree, refusing DTDs and entity declarations outright."""
    problems = [Problem(path, *position(text, m.start()), message) for pattern, message in _FORBIDDEN for m in pattern.finditer(text)]
    if problems:
        raise InvalidDocument(problems)
    parser = _parser()
    try:
        tree = etree.fromstring(text.encode("utf-8"), parser).getroottree()
    except etree.XMLSyntaxError as exc:
        entries = [e for e in parser.error_log if e.level_name in ("ERROR", "FATAL")] or [None]
        raise InvalidDocument([
            Problem(path, e.line, max(e.column, 1), f"malformed XML: {e.message.strip()}") if e
            else Problem(path, exc.lineno or 1, max(exc.offset or 1, 1), f"malformed XML: {exc.msg}")
            for e in entries
        ]) from None
    return tree
