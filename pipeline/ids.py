"""The ids of an edition: each element's eId, made unique across the document's scopes and clear of the ids the
editions give their own parts, and the resolution of references (#eId, AKN URIs) to them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.schema import AKN_NS

#: Ids the editions use for their own parts; an eId that takes one is renamed in the edition, never refused.
RESERVED_IDS = frozenset({"main", "title", "contents-heading", "notes-heading"})
_RESERVED_FORMS = re.compile(r"^ref-|-(heading|caption)$")
DOCUMENT_TYPES = frozenset({
    "amendmentList", "officialGazette", "documentCollection", "act", "bill", "debateReport", "debate", "statement",
    "amendment", "judgment", "portion", "doc",
})


def local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def scopes(root: etree._Element) -> list[etree._Element]:
    """The parts of a file whose eIds are unique within themselves (the schema's own rule): the document, and each
    component of the components that may follow it at the top."""
    out = []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if local(child) == "components":
            out.extend(c for c in child if isinstance(c.tag, str))
        else:
            out.append(child)
    return out


@dataclass
class Ids:
    """eId -> the id of the element in the editions, per scope; and AKN URIs of the documents inside this one."""

    by_element: dict[etree._Element, str] = field(default_factory=dict)
    by_scope: dict[tuple[int, str], str] = field(default_factory=dict)
    scope_of_root: dict[etree._Element, int] = field(default_factory=dict)
    first: dict[str, str] = field(default_factory=dict)  # eId -> id, in the first scope that has it
    uris: dict[str, str] = field(default_factory=dict)  # AKN URI of this document ("") or of one inside it -> id
    used: set[str] = field(default_factory=set)
    every: set[str] = field(default_factory=set)  # every eId, wId and GUID of the file, metadata included

    def fresh(self, wanted: str) -> str:
        """An id nobody has taken, as close to `wanted` as can be."""
        candidate, n = wanted, 1
        while candidate in self.used or candidate in RESERVED_IDS or _RESERVED_FORMS.search(candidate):
            n += 1
            candidate = f"{wanted}_{n}"
        self.used.add(candidate)
        return candidate

    def of(self, element: etree._Element) -> str | None:
        return self.by_element.get(element)

    def scope(self, element: etree._Element) -> int:
        node = element
        while node is not None:
            if node in self.scope_of_root:
                return self.scope_of_root[node]
            node = node.getparent()
        return 0

    def resolve(self, element: etree._Element, reference: str) -> str | None:
        """The id in the editions of what `reference` points to, seen from `element`: "#eId" (in the scope of
        `element` first), the AKN URI of a document inside this one, or an AKN URI of this document or of one
        inside it ending in "~eId". None when it is not in this file: another document, say."""
        if reference.startswith("#"):
            return self._eid(element, reference[1:])
        uri, tilde, eid = reference.partition("~")
        uri = uri.rstrip("/")
        if uri and uri not in self.uris:
            return None
        if tilde:
            return self._eid(element, eid)
        return self.uris.get(uri) or None

    def _eid(self, element: etree._Element, eid: str) -> str | None:
        return self.by_scope.get((self.scope(element), eid)) or self.first.get(eid)


def collect(root: etree._Element) -> Ids:
    """Every element's id in the editions, in document order."""
    ids = Ids()
    for element in root.iter():
        if isinstance(element.tag, str):
            for name in ("eId", "wId", "GUID"):
                if element.get(name):
                    ids.every.add(element.get(name))
    for index, scope in enumerate(scopes(root)):
        ids.scope_of_root[scope] = index
        for element in scope.iter():
            if not isinstance(element.tag, str) or etree.QName(element).namespace != AKN_NS:
                continue
            eid = element.get("eId")
            if eid is None:
                continue
            if (index, eid) in ids.by_scope:  # a duplicate: the profile reports it
                continue
            out = ids.fresh(eid if index == 0 or eid not in ids.used else f"{_scope_name(scope, index)}__{eid}")
            ids.by_scope[(index, eid)] = out
            ids.first.setdefault(eid, out)
            ids.by_element[element] = out
    top = scopes(root)[:1]
    for document in top:
        _uris(ids, document, "")
    for container in root.iter(f"{{{AKN_NS}}}attachment", f"{{{AKN_NS}}}component"):
        for document in container:
            if isinstance(document.tag, str) and local(document) in DOCUMENT_TYPES and ids.of(container):
                _uris(ids, document, ids.of(container))
    ids.uris.pop("", None)
    return ids


def _uris(ids: Ids, document: etree._Element, target: str) -> None:
    """A document's FRBR URIs (work, expression, manifestation), naming `target`."""
    for name in ("FRBRthis", "FRBRuri"):
        for uri in document.iterfind(f"{{{AKN_NS}}}meta/{{{AKN_NS}}}identification/*/{{{AKN_NS}}}{name}"):
            ids.uris.setdefault(uri.get("value", "").rstrip("/"), target)


def _scope_name(scope: etree._Element, index: int) -> str:
    return scope.get("eId") or f"part_{index + 1}"
