"""Small valid documents made from the official schema itself: for every element it declares, a sample of it (by its
kind in pipeline/kinds.py) in the first place the schema accepts it, each sample's text its own ("text of term"),
so that a check of the editions finds every element's text or names the one whose text was lost."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from lxml import etree

from akn import IDENTIFICATION
from pipeline import kinds, schema

#: Values for the attributes the schema requires, by attribute name.
REQUIRED = {"name": "sample", "includedIn": "/akn/un/act/2026/1", "showAs": "Shown name", "src": "#p_1",
            "href": "#p_1", "by": "#unit", "date": "2026-01-01", "time": "10:00:00", "refersTo": "#unit",
            "level": "1", "from": "#p_1", "upTo": "#p_1"}


@functools.cache
def required_attributes() -> dict[str, list[str]]:
    """Element name -> the attributes the schema requires on it."""
    xs = "{http://www.w3.org/2001/XMLSchema}"
    root = etree.parse(schema.schema_path()).getroot()
    groups = {g.get("name"): g for g in root.iterfind(f"{xs}attributeGroup")}
    types = {t.get("name"): t for t in root.iterfind(f"{xs}complexType")}

    def required(node, seen: frozenset = frozenset()) -> set[str]:
        out = {a.get("name") for a in node.iter(f"{xs}attribute") if a.get("use") == "required" and a.get("name")}
        for ref in node.iter(f"{xs}attributeGroup"):
            if ref.get("ref") in groups:
                out |= required(groups[ref.get("ref")])
        for derived in node.iter(f"{xs}extension", f"{xs}restriction"):
            base = derived.get("base")
            if base in types and base not in seen:
                out |= required(types[base], seen | {base})
        return out

    out = {}
    for element in root.iterfind(f"{xs}element"):
        node = element.find(f"{xs}complexType") if element.get("type") is None else types.get(element.get("type"))
        out[element.get("name")] = sorted(required(node)) if node is not None else []
    return out


def attrs(name: str, eid: str | None = None) -> str:
    values = {a: REQUIRED.get(a, "x") for a in required_attributes().get(name, [])}
    if eid:
        values["eId"] = eid
    return "".join(f' {k}="{v}"' for k, v in values.items())


def text_of(name: str) -> str:
    return f"text of {name}"


def sample(name: str, n: int) -> list[str]:
    """Samples of an element, the likeliest valid first, each with its own text."""
    kind = kinds.kind(name)
    own = f"{name}_{n}"
    text = text_of(name)
    if kind in ("phrase", "styled", "link") and name != "marker":
        return [f"<{name}{attrs(name)}>{text}</{name}>"]
    if kind in ("break", "noteref") or name in ("marker", "componentRef", "documentRef"):
        return [f"<{name}{attrs(name)}/>", f'<{name}{attrs(name, own)}/>']
    if kind == "image":
        return [f'<img src="picture.png" alt="{text}"/>']
    if kind == "note":
        return [f'<authorialNote eId="{own}" marker="1" placement="bottom"><p>{text}</p></authorialNote>']
    if kind == "hier":
        head = f"<num>{n}.</num><heading>{text}</heading><subheading>subheading of {name}</subheading>"
        return [f'<{name}{attrs(name, own)}>{head}<content><p>body of {name}</p></content></{name}>',
                f'<{name}{attrs(name, own)}>{head}<p>body of {name}</p></{name}>',
                f'<{name}{attrs(name, own)}>{head}<from>speaker of {name}</from><p>body of {name}</p></{name}>',
                f'<{name}{attrs(name, own)}>{head}<{_inner(name)}{attrs(_inner(name), own + "_1")}>'
                f'<p>body of {name}</p></{_inner(name)}></{name}>']
    if kind == "group":
        return [f"<{name}{attrs(name)}><p>{text}</p></{name}>"]
    if kind == "para" or name in ("listIntroduction", "listWrapUp", "num", "heading", "subheading", "caption"):
        return [f"<{name}{attrs(name)}>{text}</{name}>"]
    if name == "blockList":
        return [f'<blockList eId="{own}"><listIntroduction>{text}</listIntroduction>'
                f'<item eId="{own}_a"><num>(a)</num><p>item of {name}</p></item><listWrapUp>end of {name}</listWrapUp>'
                f'</blockList>']
    if name in ("ul", "ol"):
        return [f"<{name}><li>{text}<{name}><li>nested item of {name}</li></{name}></li><li><p>second {name}</p></li>"
                f"</{name}>"]
    if name == "toc":
        return [f'<toc><tocItem href="#p_1" level="1">{text}</tocItem></toc>']
    if name == "table":
        return [f'<table eId="{own}"><caption>{text}</caption><tr><th><p>head of {name}</p></th></tr>'
                f'<tr><td><p>cell of {name}</p></td></tr></table>']
    if kind == "blockrun":
        return [f'<{name}{attrs(name, own)}><p>{text}</p></{name}>']
    if kind == "foreign":
        return [f'<foreign><m:math xmlns:m="http://www.w3.org/1998/Math/MathML"><m:mi>{text}</m:mi></m:math></foreign>']
    return []


def _inner(name: str) -> str:
    """The child unit a recital or citation container holds."""
    return {"recitals": "recital", "citations": "citation"}.get(name, "paragraph")


DOCUMENT = """<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <{type}{extra}>
    <meta>
{identification}
      <references source="#unit">
        <TLCOrganization eId="unit" href="/akn/ontology/organizations/test/unit" showAs="Test Unit"/>
      </references>
    </meta>
{parts}
  </{type}>
</akomaNtoso>
"""

PREFACE = "<preface><p><docTitle>A sample document</docTitle></p></preface>"
BODY_P = '<p eId="p_1">First paragraph.</p>'

#: Places an element may go, each a document with a slot {E}: the first the schema accepts is used.
CONTEXTS = {
    "in a paragraph": ("doc", f'{PREFACE}<mainBody>{BODY_P}<p eId="p_2">Before {{E}} after.</p></mainBody>'),
    "in an amendment": ("doc", f'{PREFACE}<mainBody>{BODY_P}<p eId="p_2"><mod eId="mod_1">Insert {{E}}</mod></p></mainBody>'),
    "in a main body": ("doc", f"{PREFACE}<mainBody>{BODY_P}{{E}}</mainBody>"),
    "in a body": ("act", f'{PREFACE}<body>{{E}}<paragraph eId="para_1"><content>{BODY_P}</content></paragraph></body>'),
    "in a debate": ("debate", f"{PREFACE}<debateBody>{{E}}<debateSection eId='ds_1' name='s'>{BODY_P}</debateSection></debateBody>"),
    "in a preface": ("doc", f"<preface>{{E}}<p><docTitle>A sample document</docTitle></p></preface><mainBody>{BODY_P}</mainBody>"),
    "in a preamble": ("act", f'{PREFACE}<preamble>{{E}}</preamble><body><paragraph eId="para_1"><content>{BODY_P}</content></paragraph></body>'),
    "in a judgment": ("judgment", f"<header>{BODY_P}</header><judgmentBody>{{E}}</judgmentBody>"),
    "in an amendment body": ("amendment", f"{PREFACE}<amendmentBody>{{E}}</amendmentBody>"),
    "in a portion": ("portion", f"<portionBody>{{E}}</portionBody>"),
    "in a collection": ("documentCollection", f'{PREFACE}<collectionBody><component eId="cmp_1">{{E}}</component></collectionBody>'),
    "in a unit's content": ("act", f'{PREFACE}<body><paragraph eId="para_1"><content>{BODY_P}{{E}}</content></paragraph></body>'),
    "in a unit": ("act", f'{PREFACE}<body><section eId="sec_1"><num>1.</num>{{E}}</section></body>'),
    "in a debate section": ("debate", f"{PREFACE}<debateBody><debateSection eId='ds_1' name='s'><heading>Debate</heading>{{E}}</debateSection></debateBody>"),
    "in a speech": ("debate", f"{PREFACE}<debateBody><debateSection eId='ds_1' name='s'><speech by='#unit'>{{E}}<p>Words.</p></speech></debateSection></debateBody>"),
    "in recitals": ("act", f'{PREFACE}<preamble><recitals eId="rec">{{E}}</recitals></preamble><body><paragraph eId="para_1"><content>{BODY_P}</content></paragraph></body>'),
    "in citations": ("act", f'{PREFACE}<preamble><citations eId="cit">{{E}}</citations></preamble><body><paragraph eId="para_1"><content>{BODY_P}</content></paragraph></body>'),
    "in a list item": ("doc", f'{PREFACE}<mainBody>{BODY_P}<blockList eId="bl_9"><item eId="bl_9_a">{{E}}</item></blockList></mainBody>'),
}


#: Every document type, with every part it may have, each part with its own text.
_WHOLE = (f"<coverPage><p>text of coverPage</p></coverPage>{PREFACE}"
          "<preamble><p>text of preamble</p></preamble>{body}<conclusions><p>text of conclusions</p></conclusions>"
          "<attachments><attachment eId='att_1'><doc name='annex'><meta>{annex_identification}</meta>"
          "<preface><p><docNumber>Annex I</docNumber></p></preface><mainBody><p>text of attachment</p></mainBody>"
          "</doc></attachment></attachments>")
DOCUMENTS = {
    "doc": _WHOLE.replace("{body}", f"<mainBody>{BODY_P}<p>text of mainBody</p></mainBody>"),
    "statement": _WHOLE.replace("{body}", f"<mainBody>{BODY_P}<p>text of statement</p></mainBody>"),
    "debateReport": _WHOLE.replace("{body}", f"<mainBody>{BODY_P}<p>text of debateReport</p></mainBody>"),
    "act": _WHOLE.replace("{body}", '<body><paragraph eId="para_1"><content><p eId="p_1">text of body</p></content></paragraph></body>'),
    "bill": _WHOLE.replace("{body}", '<body><paragraph eId="para_1"><content><p eId="p_1">text of bill</p></content></paragraph></body>'),
    "debate": f"{PREFACE}<debateBody><debateSection eId='ds_1' name='s'><p eId='p_1'>text of debateBody</p></debateSection></debateBody>",
    "judgment": f"<header><p eId='p_1'>text of header</p></header><judgmentBody><introduction><p>text of judgmentBody</p></introduction></judgmentBody>",
    "amendment": f"{PREFACE}<amendmentBody><amendmentContent><p eId='p_1'>text of amendmentBody</p></amendmentContent></amendmentBody>",
    "portion": f"<portionBody><paragraph eId='p_1'><content><p>text of portionBody</p></content></paragraph></portionBody>",
    "documentCollection": f"{PREFACE}<collectionBody><component eId='cmp_1'><doc name='part'><meta>{{annex_identification}}</meta><mainBody><p eId='p_1'>text of component</p></mainBody></doc></component></collectionBody>",
    "officialGazette": f"{PREFACE}<collectionBody><component eId='cmp_1'><doc name='part'><meta>{{annex_identification}}</meta><mainBody><p eId='p_1'>text of officialGazette</p></mainBody></doc></component></collectionBody>",
    "amendmentList": f"{PREFACE}<collectionBody><component eId='cmp_1'><documentRef eId='dref_1' href='#p_9' showAs='text of amendmentList'/></component></collectionBody><components><component eId='p_9'><doc name='part'><meta>{{annex_identification}}</meta><mainBody><p>text of components</p></mainBody></doc></component></components>",
}


@dataclass(frozen=True)
class Case:
    """An element, the place it went, and the document around it."""

    element: str
    context: str
    text: str


def document(doc_type: str, parts: str) -> str:
    extra = ' includedIn="/akn/un/act/2026/1"' if doc_type == "portion" else ' name="sample"'
    identification = IDENTIFICATION.format(part="main").replace("/doc/", f"/{doc_type}/")
    parts = parts.replace("{annex_identification}", IDENTIFICATION.format(part="att_1"))
    return DOCUMENT.format(type=doc_type, extra=extra, identification=identification, parts=parts)


def valid(text: str) -> bool:
    return schema.schema().validate(etree.fromstring(text.encode()).getroottree())


def cases() -> tuple[list[Case], list[str]]:
    """A valid document for every element that has a sample and a place; and the names left without one."""
    found, missing = [], []
    for n, name in enumerate(names()):
        case = next((Case(name, where, document(doc_type, parts.replace("{E}", s)))
                     for s in sample(name, n) for where, (doc_type, parts) in CONTEXTS.items()
                     if valid(document(doc_type, parts.replace("{E}", s)))), None)
        (found.append(case) if case else missing.append(name))
    for doc_type, parts in sorted(DOCUMENTS.items()):
        text = document(doc_type, parts)
        (found.append(Case(doc_type, "as the document", text)) if valid(text) else missing.append(doc_type))
    return found, [m for m in missing if m not in covered(found)]


def covered(found: list[Case]) -> set[str]:
    """Every element that stands in one of the documents."""
    return {etree.QName(e).localname for case in found for e in etree.fromstring(case.text.encode()).iter()
            if isinstance(e.tag, str)}


def combined(found: list[Case]) -> list[tuple[str, str]]:
    """The cases of each place in one document, where the schema accepts them together (each case alone
    otherwise): (name, document) pairs, fewer documents to build."""
    out = []
    for where, (doc_type, parts) in CONTEXTS.items():
        here = [c for c in found if c.context == where]
        samples = [next(s for s in sample(c.element, i) if c.text == document(doc_type, parts.replace("{E}", s)))
                   for i, c in ((names().index(c.element), c) for c in here)]
        if not samples:
            continue
        together = document(doc_type, parts.replace("{E}", " ".join(samples)))
        if valid(together):
            out.append((where, together))
        else:
            out.extend((f"{where}: {c.element}", c.text) for c in here)
    out.extend((c.element, c.text) for c in found if c.context == "as the document")
    return out


@functools.cache
def names() -> list[str]:
    return sorted(n for n, k in kinds.ELEMENTS.items() if k not in ("meta", "part", "document"))
