"""Word's list numbering, computed from numbering.xml as Word does: the number each numbered paragraph shows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.importer.word import Paragraph, Styles, val, w

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
             "nine": "ninth", "twelve": "twelfth"}


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def letters(n: int) -> str:
    """Word's letter numbering: a … z, then aa … zz, then aaa …"""
    if n < 1:
        return ""
    return chr(97 + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _cardinal(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10 - 2] + ("-" + _ONES[n % 10] if n % 10 else "")
    return str(n)


def _ordinal_text(n: int) -> str:
    words = _cardinal(n).split("-")
    last = words[-1]
    words[-1] = _ORDINALS.get(last, last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return "-".join(words)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": lambda n: roman(n).upper(),
    "lowerRoman": roman,
    "upperLetter": lambda n: letters(n).upper(),
    "lowerLetter": letters,
    "ordinal": _ordinal,
    "cardinalText": lambda n: _cardinal(n).capitalize(),
    "ordinalText": lambda n: _ordinal_text(n).capitalize(),
    "decimalEnclosedParen": lambda n: f"({n})",
    "decimalEnclosedFullstop": lambda n: f"{n}.",
    "none": lambda n: "",
}


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    start: int
    fmt: str
    text: str
    restart: int | None  # restart after a use of this (1-based) level; 0 never; None after any higher level
    legal: bool  # "isLgl": the numbers of every level shown in decimal
    style: str | None  # the paragraph style linked to this level


def _levels(abstract: etree._Element) -> dict[int, Level]:
    out = {}
    for lvl in abstract.iter(w("lvl")):
        ilvl = int(lvl.get(w("ilvl"), "0"))
        start = val(lvl.find(w("start")))
        restart = val(lvl.find(w("lvlRestart")))
        out[ilvl] = Level(
            start=int(start) if start and start.lstrip("-").isdigit() else 1,
            fmt=val(lvl.find(w("numFmt"))) or "decimal",
            text=val(lvl.find(w("lvlText"))) or "",
            restart=int(restart) if restart and restart.isdigit() else None,
            legal=lvl.find(w("isLgl")) is not None and val(lvl.find(w("isLgl"))) not in ("0", "false"),
            style=val(lvl.find(w("pStyle"))),
        )
    return out


def _holder(lvl: etree._Element, ilvl: int) -> etree._Element:
    holder = etree.Element(w("abstractNum"))
    copy = etree.fromstring(etree.tostring(lvl))
    copy.set(w("ilvl"), str(ilvl))
    holder.append(copy)
    return holder


def _numbering_styles(styles_root: etree._Element | None) -> dict[str, str]:
    """Numbering styles (w:type="numbering") name the instance that list definitions linked to them use."""
    out = {}
    for style in styles_root.iter(w("style")) if styles_root is not None else ():
        if style.get(w("type")) == "numbering":
            num = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
            if num is not None:
                out[style.get(w("styleId"), "")] = val(num)
    return out


class Numbering:
    """The list definitions of a document and the running counters of each, advanced paragraph by paragraph."""

    def __init__(self, root: etree._Element | None, styles: Styles, styles_root: etree._Element | None = None):
        self.styles = styles
        self.numbering_styles = _numbering_styles(styles_root)
        self.abstracts: dict[str, etree._Element] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.unknown_formats: set[str] = set()
        if root is None:
            return
        for abstract in root.iter(w("abstractNum")):
            self.abstracts[abstract.get(w("abstractNumId"), "")] = abstract
        for num in root.iter(w("num")):
            overrides, levels = {}, {}
            for override in num.iter(w("lvlOverride")):
                ilvl = int(override.get(w("ilvl"), "0"))
                start = val(override.find(w("startOverride")))
                if start and start.isdigit():
                    overrides[ilvl] = int(start)
                lvl = override.find(w("lvl"))
                if lvl is not None:  # a level redefined for this instance only
                    levels[ilvl] = _levels(_holder(lvl, ilvl))[ilvl]
            self.nums[num.get(w("numId"), "")] = (val(num.find(w("abstractNumId"))) or "", overrides, levels)

    def _abstract(self, num_id: str, depth: int = 0) -> tuple[str, dict[int, Level]]:
        """The list definition a numbering instance uses, following links through numbering styles."""
        abstract_id = self.nums[num_id][0]
        abstract = self.abstracts.get(abstract_id)
        if abstract is None:
            return abstract_id, {}
        link = val(abstract.find(w("numStyleLink")))
        if link and depth < 5:
            linked = self.numbering_styles.get(link)
            if linked and linked in self.nums and linked != num_id:
                return self._abstract(linked, depth + 1)
        return abstract_id, _levels(abstract)

    def level_of(self, paragraph: Paragraph, levels: dict[int, Level]) -> int:
        if paragraph.ilvl >= 0:
            return paragraph.ilvl
        for ilvl, level in levels.items():  # a heading style linked to a level of the list
            if level.style and level.style == paragraph.style_id:
                return ilvl
        return 0

    def advance(self, paragraph: Paragraph) -> None:
        """Give the paragraph the number Word shows for it, and move the counters on."""
        num_id = paragraph.num_id
        if num_id is None or num_id not in self.nums:
            return
        abstract_id, levels = self._abstract(num_id)
        _, overrides, replaced = self.nums[num_id]
        levels = {**levels, **replaced}
        ilvl = self.level_of(paragraph, levels)
        level = levels.get(ilvl)
        if level is None:
            return
        # Instances that restart their numbering (start overrides) count on their own; the others share the
        # counters of their list definition, so that a list Word "continues" goes on from where it stopped.
        counters = self.counters.setdefault(f"num {num_id}" if overrides else abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for at, start in overrides.items():
                counters[at] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        paragraph.ilvl = ilvl
        if level.fmt == "bullet":
            paragraph.bullet = True
            return
        paragraph.label = self.label(level, levels, counters)

    def label(self, level: Level, levels: dict[int, Level], counters: dict[int, int]) -> str:
        def number(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            used = levels.get(at)
            if used is None:
                return ""
            value = counters.get(at, used.start)
            fmt = "decimal" if level.legal and used.fmt != "none" else used.fmt
            if fmt not in FORMATS:
                self.unknown_formats.add(fmt)
                fmt = "decimal"
            return FORMATS[fmt](value)

        return re.sub(r"%([1-9])", number, level.text).strip()


def number_paragraphs(numbering: Numbering, paragraphs: list[Paragraph]) -> None:
    """Numbers for every numbered paragraph of one story (the body, or the notes), in reading order."""
    for paragraph in paragraphs:
        numbering.advance(paragraph)
