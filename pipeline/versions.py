"""Language versions of one document: the original in `documents/<name>/document.xml` and each translation in
`documents/<name>.<code>/document.xml`, where <code> is the translation's FRBRlanguage (ISO 639-2: ara, zho, fra,
rus, spa …). A folder's suffix must agree with its FRBRlanguage, and the versions must be expressions of one work
(the same FRBRWork FRBRuri); the editions link each version to the others."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lxml import etree

from pipeline import model as m
from pipeline import reader_meta, safexml, schema
from pipeline.errors import InvalidDocument, Problem, UsageError

_AKN = "{%s}" % schema.AKN_NS
#: The six official languages of the United Nations in the order its documents list them; others follow by code.
UN_ORDER = ("ar", "zh", "en", "fr", "ru", "es")


#: A translation's folder: the original's name, a dot, a language code (fra, or its BCP 47 tag fr). Any other
#: folder (report-v2, .import-x.part) is a document of its own.
TRANSLATION = re.compile(r"(?P<base>[^.]+)\.(?P<code>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)")


def base(name: str) -> str:
    """The name shared by a document's versions: "specimen.fra" -> "specimen"."""
    match = TRANSLATION.fullmatch(name)
    return match["base"] if match else name


def _same_language(suffix: str, code: str) -> bool:
    return suffix.lower() == code.lower() or reader_meta.language(suffix)[0] == reader_meta.language(code)[0]


def _identity(root: etree._Element) -> tuple[str, str, int]:
    """(FRBRlanguage code, FRBRWork FRBRuri, line of FRBRlanguage) of a document's main part."""
    document = next((c for c in root if isinstance(c.tag, str)), None)
    identification = document.find(f"{_AKN}meta/{_AKN}identification") if document is not None else None
    if identification is None:
        return "", "", root.sourceline or 1
    language = identification.find(f"{_AKN}FRBRExpression/{_AKN}FRBRlanguage")
    uri = identification.find(f"{_AKN}FRBRWork/{_AKN}FRBRuri")
    return ((language.get("language", "") if language is not None else "").strip(),
            (uri.get("value", "") if uri is not None else "").strip(),
            (language.sourceline if language is not None else identification.sourceline) or 1)


def check(shown: str, path: Path, tree: etree._ElementTree, lines: list[str]) -> list[Problem]:
    """A translation's folder suffix must name its own language, and its work must be the original's."""
    folder = path.resolve().parent
    match = TRANSLATION.fullmatch(folder.name)
    if path.name != "document.xml" or not match:
        return []
    suffix = match["code"]
    code, work, line = _identity(tree.getroot())
    problems = []
    if not _same_language(suffix, code):
        problems.append(Problem(shown, line, schema.column_of(lines, line, "FRBRlanguage"),
                                f"the folder {folder.name}/ says the language is {suffix!r}, but FRBRlanguage says "
                                f"{code!r}: name a translation's folder <name>.<FRBRlanguage>"))
    original = folder.parent / base(folder.name) / "document.xml"
    if original.is_file():
        other = _read(original)
        if other is not None and other[1] and work and other[1] != work:
            problems.append(Problem(shown, line, 1, f"not a version of {base(folder.name)}/document.xml: its work is "
                                    f"{work!r}, the original's is {other[1]!r} (FRBRWork FRBRuri)", "warning"))
    return problems


def _read(path: Path) -> tuple[str, str, int] | None:
    """The identity of another version, or None when it cannot be read (its own build says why); parsed once per
    version of the file, however many editions a warm process builds."""
    try:
        return _read_once(path, path.stat().st_mtime_ns)
    except OSError:
        return None


@functools.lru_cache(maxsize=64)
def _read_once(path: Path, mtime: int) -> tuple[str, str, int] | None:
    try:
        return _identity(safexml.parse(str(path), safexml.decode(str(path), safexml.read_source(path))).getroot())
    except (InvalidDocument, UsageError):
        return None


def find(path: Path, meta: m.Metadata) -> tuple[m.Version, ...]:
    """Every version of the document at `path` (itself included) in the UN's order of languages, or () when it has
    no other. A version of another work, or one that cannot be read, is left out."""
    path = Path(path)
    if path.name != "document.xml":
        return ()
    folder = path.resolve().parent
    name = base(folder.name)
    found = {}
    for candidate in sorted(folder.parent.glob(f"{name}*/document.xml")):
        version = candidate.parent.name
        if version != name and base(version) != name:
            continue
        if version == folder.name:
            code, work = meta.language, meta.work_uri
        else:
            identity = _read(candidate)
            if identity is None:
                continue
            code, work = identity[0], identity[1]
            if work != meta.work_uri:
                continue
        lang = reader_meta.language(code)[0]
        found.setdefault(lang, m.Version(lang=lang, name=version, current=version == folder.name))
    if len(found) < 2:
        return ()
    return tuple(sorted(found.values(), key=lambda v: (UN_ORDER.index(v.lang.split("-")[0])
                                                       if v.lang.split("-")[0] in UN_ORDER else 99, v.lang)))
