"""The project's own rules on top of the schema: the supported subset, identifiers, references, footnote order."""

from __future__ import annotations

import re

from lxml import etree

from pipeline.errors import Problem
from pipeline.limits import MAX_DEPTH, MAX_NOTES
from pipeline.schema import AKN_NS, column_of

XINCLUDE_NS = "http://www.w3.org/2001/XInclude"

_COMMON = {"eId", "class"}
_FRBR_VALUE = {"value"}
#: Every element the writers can render, with the attributes they read.
SUPPORTED: dict[str, set[str]] = {
    "akomaNtoso": set(),
    "doc": {"name", "contains"},
    "meta": set(), "identification": {"source"},
    "FRBRWork": set(), "FRBRExpression": set(), "FRBRManifestation": set(),
    "FRBRthis": _FRBR_VALUE, "FRBRuri": _FRBR_VALUE, "FRBRalias": {"value", "name"},
    "FRBRdate": {"date", "name"}, "FRBRauthor": {"href", "as"},
    "FRBRcountry": _FRBR_VALUE, "FRBRlanguage": {"language"},
    "references": {"source"},
    "TLCOrganization": {"eId", "href", "showAs"}, "TLCPerson": {"eId", "href", "showAs"},
    "TLCRole": {"eId", "href", "showAs"},
    "preface": set(), "docTitle": set(), "docNumber": set(), "docType": set(), "docDate": {"date"},
    "mainBody": set(), "attachments": set(), "attachment": {"eId"},
    "hcontainer": {"eId", "name"}, "heading": set(),
    "paragraph": {"eId"}, "num": set(), "content": set(),
    "p": _COMMON, "blockList": {"eId"}, "listIntroduction": {"eId"}, "item": {"eId"},
    "table": _COMMON, "caption": set(), "tr": set(), "th": set(), "td": set(),
    "b": set(), "i": set(), "u": set(), "sup": set(), "sub": set(), "span": set(),
    "abbr": {"title"}, "date": {"date"}, "organization": {"refersTo"}, "term": {"refersTo"},
    "ref": {"href"}, "authorialNote": {"eId", "marker", "placement", "class"}, "omissis": set(),
}

#: Link targets other than internal "#id" references.
ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_REFERENCE_ATTRIBUTES = ("href", "refersTo", "source")
#: Elements that must carry an eId: every edition anchors, links and numbers them by it.
NEEDS_EID = ("hcontainer", "paragraph", "authorialNote", "attachment")
#: What a cross-reference (<ref href="#…">) may point at: things every edition shows and can link to.
LINK_TARGETS = ("hcontainer", "paragraph", "p", "blockList", "item", "table", "attachment", "listIntroduction")
#: Ids the editions use for their own parts; an eId may not take them.
RESERVED_IDS = {"main", "title", "contents-heading", "notes-heading"}
_RESERVED_FORMS = re.compile(r"^ref-|-(heading|caption)$")


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def check(path: str, tree: etree._ElementTree, lines: list[str]) -> list[Problem]:
    """Every problem the schema cannot see, in document order."""
    problems: list[Problem] = []

    def report(element: etree._Element, message: str) -> None:
        line = element.sourceline or 1
        tag = local(element) if isinstance(element.tag, str) else None
        problems.append(Problem(path, line, column_of(lines, line, tag), message))

    depth = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_DEPTH:
            report(element, f"elements are nested more than {MAX_DEPTH} deep")
            return problems

    elements = [e for e in tree.getroot().iter() if isinstance(e.tag, str)]
    ids: dict[str, etree._Element] = {}
    for element in elements:
        namespace = etree.QName(element).namespace
        name = local(element)
        if namespace == XINCLUDE_NS:
            report(element, "XInclude is not allowed: a document must be self-contained")
            continue
        if namespace != AKN_NS:
            report(element, f"element <{name}> in namespace {namespace or '(none)'} is not Akoma Ntoso 3.0")
            continue
        if name not in SUPPORTED:
            report(element, f"element <{name}> is not in the subset the writers support")
            continue
        for attribute in element.attrib:
            if attribute not in SUPPORTED[name]:
                report(element, f"attribute {etree.QName(attribute).localname!r} on <{name}> is not supported")
        eid = element.get("eId")
        if eid is None and name in NEEDS_EID:
            report(element, f"<{name}> needs an eId: the editions anchor and link it by that id")
        if eid is not None and (eid in RESERVED_IDS or _RESERVED_FORMS.search(eid)):
            report(element, f"eId {eid!r} is reserved for the editions' own parts: choose another")
        if eid is not None:
            if eid in ids:
                report(element, f"duplicate eId {eid!r} (first used on line {ids[eid].sourceline})")
            else:
                ids[eid] = element

    notes = [e for e in elements if etree.QName(e).namespace == AKN_NS and local(e) == "authorialNote"]
    if len(notes) > MAX_NOTES:
        report(notes[MAX_NOTES], f"more than {MAX_NOTES} footnotes: the limit is {MAX_NOTES}")
    for number, note in enumerate(notes, start=1):
        marker = note.get("marker")
        if marker is not None and marker != str(number):
            report(note, f"footnote marker {marker!r} is out of sequence: expected {str(number)!r} in reading order")

    for element in elements:
        for attribute in _REFERENCE_ATTRIBUTES:
            value = element.get(attribute)
            if value is None:
                continue
            if value.startswith("#"):
                if value[1:] not in ids:
                    report(element, f"{attribute}={value!r} points to no element: no eId {value[1:]!r} in this document")
                elif local(element) == "ref":
                    target = ids[value[1:]]
                    if local(target) not in LINK_TARGETS:
                        report(element, f"href={value!r} points to a <{local(target)}>, which no edition shows as a "
                                        f"link target: point to a {', '.join(LINK_TARGETS)}")
                    problems.extend(_annex_name(path, lines, element, target))
            elif local(element) == "ref":
                scheme = _SCHEME.match(value)
                if not scheme or scheme.group(1).lower() not in ALLOWED_SCHEMES:
                    report(element, f"link target {value[:60]!r} is not allowed: use #eId, http, https or mailto")
    return problems


def _annex_name(path: str, lines: list[str], ref: etree._Element, target: etree._Element) -> list[Problem]:
    """A reference whose text names an annex must point at that annex."""
    text = " ".join("".join(ref.itertext()).split())
    named = re.fullmatch(r"(?i)annex\s+(\S+)", text)
    if not named or local(target) != "attachment":
        return []
    number = target.find(f".//{{{AKN_NS}}}docNumber")
    actual = " ".join("".join(number.itertext()).split()) if number is not None else ""
    if actual.lower() == text.lower():
        return []
    line = ref.sourceline or 1
    return [Problem(path, line, column_of(lines, line, "ref"), f"reference {text!r} points to {actual or 'an annex without a number'!r}")]
