"""`pipeline import DRAFT.docx -o documents/<name>/document.xml`: the source is written beside its target, loaded
and checked as `pipeline validate` would, and only then moved into place, with its pictures. Exit 0 with a valid
source, 1 when the draft cannot become one (every reason listed), 2 for usage and I/O errors."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from pipeline.errors import InvalidDocument, UsageError
from pipeline.importer.report import Refused, Report, context
from pipeline.importer.run import IMAGES, Options, Result, convert
from pipeline.importer.package import MAX_FILE


def _read(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE + 1)
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a Word draft") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    target: Path = args.output
    if target.suffix != ".xml":
        raise UsageError(f"{target}: the source to write must be an .xml file, such as documents/<name>/document.xml")
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists: give --force to replace it")
    data = _read(args.file)
    name = args.file.name
    number = target.parent.name if target.name == "document.xml" else target.stem
    options = Options(args.track_changes, args.lang, args.title, args.author, args.date, number)
    report = Report()
    try:
        result = convert(data, name, options, report)
    except Refused as exc:
        report.refuse(str(exc))
        result = None
    for line in report.lines(name):
        print(line, file=sys.stderr)
    if result is None:
        print(f"{name}: not imported: nothing was written", file=sys.stderr)
        return 1
    problems = write(target, result, name)
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        print(f"{name}: not imported: the source would not be valid, and nothing was written", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"  IMPORT {name} -> {target}  ({time.monotonic() - started:.2f} s)")
    return 0


def write(target: Path, result: Result, name: str) -> list[str]:
    """Write the source and its pictures beside the target, load it as `pipeline validate` does, and move it into
    place only if it is valid. The problems, placed in the draft, when it is not."""
    from pipeline.loader import load

    folder = target.parent
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".import-", suffix=".part", dir=folder))
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        source = staging / target.name
        source.write_bytes(result.xml)
        for file_name, data in result.images.items():
            (staging / IMAGES).mkdir(exist_ok=True)
            (staging / IMAGES / file_name).write_bytes(data)
        try:
            load(source)
        except InvalidDocument as exc:
            return placed(exc, result, name)
        except UsageError as exc:
            return [f"{name}: error: the source could not be checked: {exc}"]
        for file_name in result.images:
            (folder / IMAGES).mkdir(exist_ok=True)
            os.chmod(staging / IMAGES / file_name, 0o644)
            os.replace(staging / IMAGES / file_name, folder / IMAGES / file_name)
        os.chmod(source, 0o644)
        os.replace(source, target)
        return []
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and folder.exists() and not any(folder.iterdir()):
            folder.rmdir()


def placed(error: InvalidDocument, result: Result, name: str) -> list[str]:
    """The loader's problems, each said of the draft paragraph the offending element came from."""
    parsed = etree.fromstring(result.xml, etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()
    origin_of = {id(e): p for e, p in result.origins}
    ours = [e for e in result.tree.getroot().iter() if isinstance(e.tag, str)]
    theirs = [e for e in parsed.getroot().iter() if isinstance(e.tag, str)]
    by_line: dict[int, list] = {}
    for mine, read in zip(ours, theirs):
        by_line.setdefault(read.sourceline, []).append(mine)
    out = []
    for problem in error.problems:
        elements = by_line.get(problem.line, [])
        named = [e for e in elements if f"<{etree.QName(e).localname}>" in problem.message
                 or f"'{etree.QName(e).localname}'" in problem.message]
        where = None
        for element in (named or elements)[:1]:
            for candidate in [element, *element.iterancestors()]:
                if id(candidate) in origin_of and origin_of[id(candidate)] is not None:
                    where = origin_of[id(candidate)]
                    break
        place = f" {where.where}:" if where else ""
        words = f' ("{context(where.text)}")' if where and where.text.strip() else ""
        out.append(f"{name}:{place} error: the source would not be valid: {problem.message}{words}")
    return out
