"""WordprocessingML as Word sees it: styles and their inheritance, and the facts of each paragraph that pandoc
drops (style name, numbering, outline level, right-to-left direction, language)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def val(element: etree._Element | None, name: str = "val") -> str | None:
    return element.get(w(name)) if element is not None else None


def on(element: etree._Element | None) -> bool:
    """A WordprocessingML on/off property: present and not switched off."""
    return element is not None and val(element) not in ("0", "false", "off")


@dataclass(frozen=True)
class Style:
    """One paragraph style, with what it says itself (not inherited)."""

    id: str
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None
    bidi: bool | None
    lang: str | None
    bidi_lang: str | None
    centered: bool | None = None
    bold: bool | None = None


def _lang(rpr: etree._Element | None) -> tuple[str | None, str | None]:
    lang = rpr.find(w("lang")) if rpr is not None else None
    return val(lang), val(lang, "bidi")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class Styles:
    """The paragraph styles of styles.xml, with the document defaults, resolved through `basedOn`."""

    def __init__(self, root: etree._Element | None):
        self.by_id: dict[str, Style] = {}
        self.default_id: str | None = None
        self.default_lang: tuple[str | None, str | None] = (None, None)
        if root is None:
            return
        defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self.default_lang = _lang(defaults)
        for style in root.iter(w("style")):
            if style.get(w("type")) != "paragraph":
                continue
            sid = style.get(w("styleId"), "")
            ppr, rpr = style.find(w("pPr")), style.find(w("rPr"))
            numpr = ppr.find(w("numPr")) if ppr is not None else None
            lang, bidi_lang = _lang(rpr)
            bidi = ppr.find(w("bidi")) if ppr is not None else None
            jc = val(ppr.find(w("jc"))) if ppr is not None else None
            bold = rpr.find(w("b")) if rpr is not None else None
            self.by_id[sid] = Style(
                id=sid, name=val(style.find(w("name"))) or sid, based_on=val(style.find(w("basedOn"))),
                outline=_int(val(ppr.find(w("outlineLvl")))) if ppr is not None else None,
                num_id=val(numpr.find(w("numId"))) if numpr is not None else None,
                ilvl=_int(val(numpr.find(w("ilvl")))) if numpr is not None else None,
                bidi=on(bidi) if bidi is not None else None, lang=lang, bidi_lang=bidi_lang,
                centered=jc == "center" if jc else None, bold=on(bold) if bold is not None else None,
            )
            if style.get(w("default")) in ("1", "true", "on"):
                self.default_id = sid

    def chain(self, style_id: str | None) -> list[Style]:
        """The style and the styles it is based on, nearest first (the default style when none is given)."""
        out, seen = [], set()
        current = style_id if style_id in self.by_id else self.default_id
        while current and current in self.by_id and current not in seen:
            seen.add(current)
            out.append(self.by_id[current])
            current = self.by_id[current].based_on
        return out

    def first(self, style_id: str | None, attribute: str):
        for style in self.chain(style_id):
            value = getattr(style, attribute)
            if value is not None:
                return value
        return None

    def name(self, style_id: str | None) -> str:
        chain = self.chain(style_id)
        return chain[0].name if chain else (style_id or "")

    def names(self, style_id: str | None) -> list[str]:
        """The style's name and the names of the styles it is based on."""
        return [s.name for s in self.chain(style_id)]


@dataclass
class Paragraph:
    """What Word knows of one paragraph that pandoc's reading loses."""

    index: int  # 1-based, in reading order within its part
    where: str  # how a person finds it: "paragraph 12", "footnote 3"
    style_id: str | None
    style_name: str
    style_names: list[str]
    num_id: str | None
    ilvl: int
    outline: int | None
    bidi: bool
    text: str
    centered: bool = False
    bold: bool = False  # every run of text in bold
    label: str | None = None  # the number Word shows, from numbering.xml
    bullet: bool = False
    note: tuple[str, str] | None = None  # ("footnote" | "endnote", Word's id) for the paragraphs of notes
    bookmarks: list[str] = field(default_factory=list)


def text_of(paragraph: etree._Element) -> str:
    """The visible text of a paragraph, tabs and breaks as spaces, for messages and checks."""
    out = []
    for node in paragraph.iter(w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen")):
        if node.tag == w("t"):
            out.append(node.text or "")
        elif node.tag == w("noBreakHyphen"):
            out.append("\u2011")
        else:
            out.append(" ")
    return "".join(out)


def facts(styles: Styles, paragraph: etree._Element, index: int, where: str) -> Paragraph:
    """The facts of one paragraph, inherited properties resolved through its style."""
    ppr = paragraph.find(w("pPr"))
    style_id = val(ppr.find(w("pStyle"))) if ppr is not None else None
    numpr = ppr.find(w("numPr")) if ppr is not None else None
    num_id = val(numpr.find(w("numId"))) if numpr is not None else None
    ilvl = _int(val(numpr.find(w("ilvl")))) if numpr is not None else None
    if num_id is None:
        num_id = styles.first(style_id, "num_id")
    if ilvl is None:
        ilvl = styles.first(style_id, "ilvl")
    outline = _int(val(ppr.find(w("outlineLvl")))) if ppr is not None and ppr.find(w("outlineLvl")) is not None \
        else styles.first(style_id, "outline")
    bidi_element = ppr.find(w("bidi")) if ppr is not None else None
    bidi = on(bidi_element) if bidi_element is not None else bool(styles.first(style_id, "bidi"))
    jc = val(ppr.find(w("jc"))) if ppr is not None else None
    return Paragraph(
        index=index, where=where, style_id=style_id, style_name=styles.name(style_id),
        style_names=styles.names(style_id), num_id=None if num_id in (None, "0") else num_id,
        ilvl=ilvl if ilvl is not None else -1, outline=outline if outline is not None and outline < 9 else None,
        bidi=bidi, text=text_of(paragraph),
        centered=jc == "center" if jc else bool(styles.first(style_id, "centered")),
        bold=_bold(paragraph, bool(styles.first(style_id, "bold"))),
    )


def _bold(paragraph: etree._Element, style_bold: bool) -> bool:
    """Whether every run of text in the paragraph is bold (directly, or by the paragraph's style)."""
    runs = [r for r in paragraph.iter(w("r")) if any((t.text or "").strip() for t in r.iter(w("t")))]
    if not runs:
        return False
    for run in runs:
        rpr = run.find(w("rPr"))
        direct = rpr.find(w("b")) if rpr is not None else None
        if not (on(direct) if direct is not None else style_bold):
            return False
    return True


def languages(styles: Styles, body: etree._Element) -> Counter:
    """Characters of text per language tag (w:lang, or its bidi form in right-to-left runs and paragraphs)."""
    counts: Counter = Counter()
    for paragraph in body.iter(w("p")):
        ppr = paragraph.find(w("pPr"))
        style_id = val(ppr.find(w("pStyle"))) if ppr is not None else None
        inherited = (styles.first(style_id, "lang") or styles.default_lang[0],
                     styles.first(style_id, "bidi_lang") or styles.default_lang[1])
        bidi = ppr is not None and on(ppr.find(w("bidi")))
        for run in paragraph.iter(w("r")):
            size = sum(len(t.text or "") for t in run.iter(w("t")))
            if not size:
                continue
            rpr = run.find(w("rPr"))
            lang, bidi_lang = _lang(rpr)
            rtl = bidi or (rpr is not None and on(rpr.find(w("rtl"))))
            tag = (bidi_lang or inherited[1]) if rtl else (lang or inherited[0])
            if tag:
                counts[tag] += size
    return counts
