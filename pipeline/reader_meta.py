"""What a document says about itself, read for the editions: title, type, symbol, date, language, authors, publisher.
Metadata is never printed; what it lacks is looked for in the front matter, and never refused."""

from __future__ import annotations

import re

from lxml import etree

from pipeline import model as m
from pipeline.schema import AKN_NS

#: ISO 639-2 (bibliographic and terminology codes, as FRBRlanguage has them) -> BCP 47. A language not listed
#: keeps its three letters, which BCP 47 accepts for languages without a two-letter code.
LANGUAGES = {
    "ara": "ar", "zho": "zh-Hans", "esp": "es", "chi": "zh-Hans", "eng": "en", "fra": "fr", "fre": "fr", "rus": "ru", "spa": "es",
    "por": "pt", "deu": "de", "ger": "de", "ita": "it", "nld": "nl", "dut": "nl", "swa": "sw", "afr": "af",
    "zul": "zu", "xho": "xh", "sot": "st", "tsn": "tn", "ssw": "ss", "ven": "ve", "tso": "ts", "nbl": "nr",
    "heb": "he", "fas": "fa", "per": "fa", "urd": "ur", "pus": "ps", "yid": "yi", "div": "dv", "hin": "hi",
    "ben": "bn", "jpn": "ja", "kor": "ko", "tur": "tr", "ell": "el", "gre": "el", "pol": "pl", "ces": "cs",
    "cze": "cs", "slk": "sk", "slo": "sk", "hun": "hu", "ron": "ro", "rum": "ro", "bul": "bg", "hrv": "hr",
    "srp": "sr", "slv": "sl", "ukr": "uk", "bel": "be", "lit": "lt", "lav": "lv", "est": "et", "fin": "fi",
    "swe": "sv", "dan": "da", "nor": "no", "nob": "nb", "nno": "nn", "isl": "is", "ice": "is", "gle": "ga",
    "cym": "cy", "wel": "cy", "eus": "eu", "baq": "eu", "cat": "ca", "glg": "gl", "mlt": "mt", "sqi": "sq",
    "alb": "sq", "mkd": "mk", "mac": "mk", "hye": "hy", "arm": "hy", "kat": "ka", "geo": "ka", "aze": "az",
    "kaz": "kk", "uzb": "uz", "mon": "mn", "vie": "vi", "tha": "th", "ind": "id", "msa": "ms", "may": "ms",
    "tgl": "tl", "amh": "am", "som": "so", "hau": "ha", "yor": "yo", "ibo": "ig", "kin": "rw", "lug": "lg",
    "mlg": "mg", "lat": "la", "epo": "eo", "nep": "ne", "sin": "si", "tam": "ta", "tel": "te", "mar": "mr",
    "guj": "gu", "pan": "pa", "kan": "kn", "mal": "ml", "khm": "km", "lao": "lo", "mya": "my", "bur": "my",
}
#: Languages written from right to left (BCP 47 primary subtags).
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "syr", "ckb", "sd", "ug"})
#: How a language joins an annex's number and title in a label ("Annex I: Participants" in the others).
LABEL_JOINS = {"fr": "\u00a0: ", "zh": "：", "ja": "："}
_AKN = "{%s}" % AKN_NS


def _find(element: etree._Element, path: str) -> etree._Element | None:
    return element.find(path.replace("{}", _AKN))


def language(code: str) -> tuple[str, str]:
    """(BCP 47 tag, direction) of an FRBRlanguage code."""
    code = code.strip()
    tag = LANGUAGES.get(code.lower(), code.lower() if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", code)
                        else "und")
    return tag, "rtl" if tag.split("-")[0] in RIGHT_TO_LEFT else "ltr"


def language_of(document: etree._Element) -> tuple[str, str, str]:
    """(FRBRlanguage code, BCP 47 tag, direction) of a document element."""
    found = _find(document, "{}meta/{}identification/{}FRBRExpression/{}FRBRlanguage")
    code = found.get("language", "") if found is not None else ""
    return (code, *language(code))


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _first(document: etree._Element, names: tuple[str, ...]) -> etree._Element | None:
    """The first element of these names, with text, in the front matter (cover page, preface, preamble, header)."""
    for part in document:
        if isinstance(part.tag, str) and etree.QName(part).localname in ("coverPage", "preface", "preamble", "header"):
            for name in names:
                found = part.find(f".//{_AKN}{name}")
                if found is not None and _text(found):
                    return found
    return None


def metadata(document: etree._Element, title: str) -> m.Metadata:
    """The metadata of a document element (doc, act, debate …), with the title its text gives it."""
    identification = _find(document, "{}meta/{}identification")
    expression = _find(document, "{}meta/{}identification/{}FRBRExpression")
    work = _find(document, "{}meta/{}identification/{}FRBRWork")
    code, lang, direction = language_of(document)
    agents = {}
    for reference in document.iterfind(f"{_AKN}meta/{_AKN}references/*"):
        if reference.get("eId"):
            agents[reference.get("eId")] = m.Agent(reference.get("eId"), reference.get("showAs") or reference.get("eId"))
    authors = []
    for author in (work.iterfind(f"{_AKN}FRBRauthor") if work is not None else ()):
        agent = agents.get(author.get("href", "")[1:])
        if agent is not None and agent not in authors:
            authors.append(agent)
    publisher = agents.get((identification.get("source") or "")[1:]) if identification is not None else None
    symbol = _first(document, ("docNumber", "docketNumber"))
    doc_type = _first(document, ("docType",))
    date = _first(document, ("docDate",))
    return m.Metadata(
        doc_type_name=etree.QName(document).localname,
        title=title,
        doc_type=_text(doc_type) or None,
        date=date.get("date") if date is not None else _frbr_date(work),
        date_text=_text(date) or None,
        symbol=_text(symbol) or None,
        language=code, lang=lang, direction=direction,
        work_uri=_value(work, "FRBRuri") or _value(work, "FRBRthis"),
        expression_uri=_value(expression, "FRBRuri") or _value(expression, "FRBRthis") or _value(work, "FRBRuri"),
        authors=tuple(authors), publisher=publisher,
    )


def fallback_title(document: etree._Element) -> str:
    """What the metadata calls a document whose text names no title: its publication, FRBR name or number, its
    name or its type."""
    publication = _find(document, "{}meta/{}publication")
    work = _find(document, "{}meta/{}identification/{}FRBRWork")
    for candidate in (publication.get("showAs") if publication is not None else None,
                      _value(work, "FRBRname"), _value(work, "FRBRnumber"), document.get("name")):
        if candidate and candidate.strip():
            return " ".join(candidate.split())
    return etree.QName(document).localname


def _value(parent: etree._Element | None, name: str) -> str:
    found = parent.find(f"{_AKN}{name}") if parent is not None else None
    return (found.get("value") or "") if found is not None else ""


def _frbr_date(work: etree._Element | None) -> str | None:
    found = work.find(f"{_AKN}FRBRdate") if work is not None else None
    return found.get("date") if found is not None else None
