"""Loads a source document: safe parse, schema, profile, then the model and its shared transforms."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from pipeline import model, pictures, profile, reader_document, safexml, schema, transforms, versions
from pipeline.errors import InvalidDocument, Problem


def document_name(path: Path) -> str:
    """The name outputs are filed under: the folder of a `document.xml`, else the file's stem."""
    return path.resolve().parent.name if path.name == "document.xml" else path.stem


def load(path: Path | str, warn: Callable[[Problem], None] | None = None) -> model.Document:
    """The model of a valid document; raises InvalidDocument with every problem, or UsageError on I/O.
    Warnings (problems that stop nothing) go to `warn`."""
    path = Path(path)
    shown = str(path)
    text = safexml.decode(shown, safexml.read_source(path))
    tree = safexml.parse(shown, text)
    lines = text.splitlines()
    root = tree.getroot()
    if etree.QName(root).namespace != schema.AKN_NS or etree.QName(root).localname != "akomaNtoso":
        raise InvalidDocument([Problem(
            shown, root.sourceline or 1, schema.column_of(lines, root.sourceline or 1, etree.QName(root).localname),
            f"not an Akoma Ntoso 3.0 document: the root element must be <akomaNtoso> in namespace {schema.AKN_NS}",
        )])
    found = schema.validate(shown, tree, lines) + profile.check(shown, tree, lines) + _pictures(shown, tree, lines, path) \
        + versions.check(shown, path, tree, lines)
    if any(p.severity == "error" for p in found):
        raise InvalidDocument(found)  # the warnings too: everything there is to mend, at once
    for warning in sorted(found):
        if warn is not None:
            warn(warning)
    doc = transforms.prepare(reader_document.read(document_name(path), tree))
    found_versions = versions.find(path, doc.meta)
    return dataclasses.replace(doc, versions=found_versions) if found_versions else doc


def _pictures(shown: str, tree: etree._ElementTree, lines: list[str], path: Path) -> list[Problem]:
    """Every picture must be a file of the document's own folder, in a format every edition can show."""
    problems = []
    folder = path.resolve().parent
    for image in tree.getroot().iter(f"{{{schema.AKN_NS}}}img"):
        src = image.get("src") or ""
        target = (folder / src).resolve()
        if not src or folder not in target.parents:
            continue  # the profile reports a picture outside the folder
        line = image.sourceline or 1
        if not target.is_file():
            message = f"picture {src!r} is not in the document's folder ({folder.name}/)"
        elif pictures.media_type(target.read_bytes()) is None:
            message = f"picture {src!r} is not a PNG, JPEG, GIF or SVG file, which every edition can show"
        else:
            continue
        problems.append(Problem(shown, line, schema.column_of(lines, line, "img"), message))
    return problems
