"""The project's own rules on top of the schema: limits, unique ids, safe links, pictures with a text alternative
(errors); references that point nowhere, markers out of sequence, a reference that names the wrong annex (warnings:
the document publishes, a reference to nothing prints as its text). Repeated messages of one kind are grouped: at
most MAX_SAME of each kind per file, then one line that says how many more there are."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from pipeline.errors import Problem
from pipeline.ids import local, scopes
from pipeline.limits import MAX_DEPTH, MAX_NOTES
from pipeline.schema import AKN_NS, column_of

XINCLUDE_NS = "http://www.w3.org/2001/XInclude"
#: Attributes that point at elements of the document ("#eId"), by the schema's reference types (agentRef, roleRef,
#: eIdRef, conceptRef, referenceRef, temporalGroupRef, eventRefRef, voteRef, wIdRef), and href.
REFERENCES = ("href", "refersTo", "source", "as", "by", "to", "for", "from", "upTo", "empoweredBy", "outcome",
              "alternativeTo", "current", "placementBase", "start", "end", "dictionary", "includedIn", "period",
              "choice", "original")
#: Schemes no edition may link to or read: they run code or read what is not the document's.
UNSAFE_SCHEMES = ("javascript", "vbscript", "data", "file")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
#: Most messages of one kind printed for one file.
MAX_SAME = 20


class _Report:
    def __init__(self, path: str, lines: list[str]):
        self.path, self.lines = path, lines
        self.by_kind: dict[str, list[Problem]] = defaultdict(list)
        self.more: dict[str, int] = defaultdict(int)

    def __call__(self, element: etree._Element, kind: str, message: str, severity: str = "error") -> None:
        if len(self.by_kind[kind]) >= MAX_SAME:
            self.more[kind] += 1
            return
        line = element.sourceline or 1
        self.by_kind[kind].append(Problem(self.path, line, column_of(self.lines, line, local(element) or None),
                                          message, severity))

    def problems(self) -> list[Problem]:
        out = [p for found in self.by_kind.values() for p in found]
        for kind, count in self.more.items():
            last = self.by_kind[kind][-1]
            out.append(Problem(self.path, last.line, last.column,
                               f"… and {count} more of the same kind ({kind})", last.severity))
        return out


def check(path: str, tree: etree._ElementTree, lines: list[str]) -> list[Problem]:
    """Every problem the schema cannot see, errors and warnings, in document order."""
    report = _Report(path, lines)
    root = tree.getroot()
    depth = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_DEPTH:
            report(element, "depth", f"elements are nested more than {MAX_DEPTH} deep")
            return report.problems()

    every: set[str] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace == XINCLUDE_NS:
            report(element, "XInclude", "XInclude is not allowed: a document must be self-contained")
        for name in ("eId", "wId", "GUID"):
            if element.get(name):
                every.add(element.get(name))
    for scope in scopes(root):
        first: dict[str, etree._Element] = {}
        for element in scope.iter():
            eid = element.get("eId") if isinstance(element.tag, str) else None
            if eid is None:
                continue
            if eid in first:
                report(element, "duplicate eId", f"duplicate eId {eid!r} (first used on line {first[eid].sourceline})")
            else:
                first[eid] = element

    _notes(report, root)
    targets = {e.get("eId"): e for e in root.iter(f"{{{AKN_NS}}}attachment", f"{{{AKN_NS}}}component")}
    for element in root.iter(f"{{{AKN_NS}}}*"):
        _references(report, element, every)
        if local(element) == "img":
            _image(report, element)
        elif local(element) == "ref" and (element.get("href") or "").startswith("#"):
            _annex_name(report, element, targets.get(element.get("href")[1:]))
    return report.problems()


def _annex_name(report: _Report, ref: etree._Element, target: etree._Element | None) -> None:
    """A reference whose text names an annex ("Annex II") should point at that annex, not another."""
    text = " ".join("".join(ref.itertext()).split())
    named = re.fullmatch(r"(?i)(annex|appendix|schedule)\s+(\S+)", text)
    if not named or target is None:
        return
    number = target.find(f".//{{{AKN_NS}}}docNumber")
    if number is None:
        number = target.find(f"{{{AKN_NS}}}num")
    actual = " ".join("".join(number.itertext()).split()) if number is not None else ""
    if actual and actual.lower() != text.lower():
        report(ref, "annex names", f"reference {text!r} points to {actual!r}", "warning")


def _notes(report: _Report, root: etree._Element) -> None:
    notes = list(root.iter(f"{{{AKN_NS}}}authorialNote", f"{{{AKN_NS}}}noteRef"))
    if len(notes) > MAX_NOTES:
        report(notes[MAX_NOTES], "notes", f"more than {MAX_NOTES} footnotes: the limit is {MAX_NOTES}")
    number = 0
    for note in notes:  # numbered markers run 1, 2, 3 … in reading order; a sign (*, †) is outside the count
        marker = (note.get("marker") or "").strip()
        if not marker.isdigit():
            number += not marker
            continue
        number += 1
        if int(marker) != number:
            report(note, "footnote markers", f"footnote marker {marker!r} is out of sequence: it is the numbered "
                   f"footnote {number} in reading order; the editions show {marker!r} as written", "warning")


def _references(report: _Report, element: etree._Element, every: set[str]) -> None:
    name = local(element)
    for attribute in REFERENCES:
        value = element.get(attribute)
        if not value:
            continue
        for token in value.split() if attribute != "href" else [value.strip()]:
            if token.startswith("#") and token[1:] not in every:
                report(element, f"dangling {attribute}",
                       f"{attribute}={token!r} points to no element: no eId {token[1:]!r} in this file", "warning")
        if attribute == "href":
            _scheme(report, element, value, f"link target {value[:60]!r} on <{name}>")


def _scheme(report: _Report, element: etree._Element, value: str, what: str) -> None:
    scheme = _SCHEME.match(value)
    if scheme and scheme.group(1).lower() in UNSAFE_SCHEMES:
        report(element, "unsafe link", f"{what} is not allowed: no edition may run code or read other files")


def _image(report: _Report, element: etree._Element) -> None:
    """A picture needs a text that stands for it, and must be a file of the document's own folder."""
    if not (element.get("alt") or "").strip():
        report(element, "image without alt", "<img> needs an alt text: readers who cannot see it hear that text")
    src = element.get("src") or ""
    _scheme(report, element, src, f"picture {src[:60]!r}")
    parts = urlsplit(src)
    path = PurePosixPath(unquote(parts.path))
    if parts.scheme or parts.netloc or path.is_absolute() or ".." in path.parts or not path.name:
        report(element, "image outside the folder",
               f"picture {src[:60]!r} must be a file in the document's own folder, given by a relative path")
