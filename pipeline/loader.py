"""Loads a source document: safe parse, schema, profile, then the model and its shared transforms."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline import model, profile, reader, safexml, schema, transforms
from pipeline.errors import InvalidDocument, Problem


def document_name(path: Path) -> str:
    """The name outputs are filed under: the folder of a `document.xml`, else the file's stem."""
    return path.resolve().parent.name if path.name == "document.xml" else path.stem


def load(path: Path | str) -> model.Document:
    """The model of a valid document; raises InvalidDocument with every problem, or UsageError on I/O."""
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
    problems = schema.validate(shown, tree, lines) + profile.check(shown, tree, lines)
    if problems:
        raise InvalidDocument(problems)
    doc, problems = reader.read(shown, document_name(path), tree, lines)
    if problems:
        raise InvalidDocument(problems)
    return transforms.prepare(doc)
