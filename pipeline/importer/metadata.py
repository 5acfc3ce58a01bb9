"""What the source says about itself, from the draft: language, dates, author, symbol and document type, taken
from the command line, the title block, Word's document properties and the text; and the FRBR names made of them."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from pipeline.importer.package import Package
from pipeline.importer.report import Report

CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CORE_REL, CUSTOM_REL, APP_REL = "/core-properties", "/custom-properties", "/extended-properties"

#: The languages the editions support (ISO 639-2, as FRBRlanguage has it), by the codes drafts use.
LANGUAGES = {"ar": "ara", "ara": "ara", "zh": "zho", "zho": "zho", "chi": "zho", "en": "eng", "eng": "eng",
             "fr": "fra", "fra": "fra", "fre": "fra", "ru": "rus", "rus": "rus", "es": "spa", "spa": "spa"}
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SCRIPTS = (("ara", ("ARABIC",)), ("zho", ("CJK", "HIRAGANA", "KATAKANA")), ("rus", ("CYRILLIC",)))


@dataclass(frozen=True)
class Properties:
    """Word's document properties (File > Info)."""

    title: str | None = None
    subject: str | None = None
    creator: str | None = None
    language: str | None = None
    created: str | None = None
    modified: str | None = None
    company: str | None = None
    symbol: str | None = None


def _text(root, path: str, namespaces: dict) -> str | None:
    found = root.find(path, namespaces) if root is not None else None
    value = " ".join((found.text or "").split()) if found is not None else ""
    return value or None


def properties(package: Package) -> Properties:
    def part(kind: str):
        for rel_type, target, external in package.relationships("").values():
            if rel_type.endswith(kind) and not external and package.has(target):
                return package.xml(target)
        return None

    core, custom, app = part(CORE_REL), part(CUSTOM_REL), part(APP_REL)
    ns = {"cp": CP, "dc": DC, "dcterms": DCTERMS, "c": CUSTOM, "a": APP}
    symbol = None
    for prop in custom.iterfind("c:property", ns) if custom is not None else ():
        if prop.get("name", "").lower() == "document symbol" and len(prop) and prop[0].text:
            symbol = " ".join(prop[0].text.split()) or None
    return Properties(
        title=_text(core, "dc:title", ns), subject=_text(core, "dc:subject", ns), creator=_text(core, "dc:creator", ns),
        language=_text(core, "dc:language", ns), created=_text(core, "dcterms:created", ns),
        modified=_text(core, "dcterms:modified", ns), company=_text(app, "a:Company", ns), symbol=symbol,
    )


def _code(tag: str | None) -> str | None:
    return LANGUAGES.get(tag.lower().replace("_", "-").split("-")[0]) if tag else None


def language(option: str | None, props: Properties, counts: Counter, text: str, report: Report) -> str:
    """The document's language (ISO 639-2): --lang; the script most of the text is written in (Arabic, Chinese,
    Cyrillic); for Latin text, its most common words (English, French, Spanish), else Word's language property,
    else the language most of the text is marked with in Word; English, with a warning, when nothing says."""
    if option:
        return _code(option) or option
    letters = Counter({"latin": len(_ASCII_LETTERS.findall(text))})
    for char in _NON_ASCII.findall(text):  # only these need a look in the Unicode database
        if char.isalpha():
            name = unicodedata.name(char, "")
            letters[next((code for code, scripts in _SCRIPTS if name.startswith(scripts)), "latin")] += 1
    if letters and letters.most_common(1)[0][0] != "latin":
        return letters.most_common(1)[0][0]
    by_words = _by_common_words(text)
    marked = [tag for tag, _ in counts.most_common() if tag]
    claimed = props.language or (marked[0] if marked else None)
    if by_words:
        if _code(claimed) != by_words:
            report.warn(f"the text reads as {by_words} (its most common words), though Word marks it as "
                        f"{claimed!r}: import with --lang to say otherwise")
        return by_words
    if claimed:
        if _code(claimed):
            return _code(claimed)
        report.refuse(f"the draft is marked in Word as {claimed!r}: the editions support ara, eng, fra, rus, "
                      "spa and zho; import with --lang if the text is in one of those")
        return "eng"
    report.warn("the draft says nothing of its language: English assumed (import with --lang to say otherwise)")
    return "eng"


_COMMON_WORDS = {
    "eng": set("the of and to is that for with on as by are was this be which".split()),
    "fra": set("le la les des et du une est dans pour sur au aux par ont été".split()),
    "spa": set("el los las del y una es por para con se al sobre fue".split()),
}


def _by_common_words(text: str) -> str | None:
    """English, French or Spanish, when the text's most common words say so clearly (Word marks most text with
    the language of the keyboard it was typed on, often "en-US" whatever the text)."""
    words = re.findall(r"\w+", text.lower())[:20000]
    hits = {code: sum(1 for word in words if word in common) for code, common in _COMMON_WORDS.items()}
    best = max(hits, key=hits.get)
    others = max(v for k, v in hits.items() if k != best)
    return best if hits[best] >= 5 and hits[best] >= 3 * max(others, 1) else None


def date_of(timestamp: str | None) -> str | None:
    found = re.match(r"^(\d{4}-\d{2}-\d{2})", timestamp or "")
    return found.group(1) if found else None


def slug(text: str) -> str:
    """Lower-case letters, digits and hyphens, for names in URIs: "A/66/123" → "a-66-123"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9.]+", "-", ascii_text.lower()).strip("-.")


def doc_name(doc_type: str | None) -> str:
    """The AKN name of a document type: "Chairman's Summary" → "chairmansSummary"; "document" when none."""
    ascii_text = unicodedata.normalize("NFKD", doc_type or "").encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_text.replace("'", "").replace("\u2019", ""))
    if not words or not words[0][0].isalpha():
        return "document"
    return words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])


@dataclass(frozen=True)
class Identity:
    """The FRBR identification of the source."""

    name: str  # the doc's name attribute, from its type
    date: str
    date_name: str  # what the date is: "publication" (the title block's date) or "creation" (Word's)
    number: str
    language: str
    author: str
    author_id: str

    @property
    def work(self) -> str:
        return f"/akn/un/doc/{self.name}/{self.date}/{self.number}"

    @property
    def expression(self) -> str:
        return f"{self.work}/{self.language}@"
