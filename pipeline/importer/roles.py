"""What a paragraph is, from its Word style or from how it is typed: the house styles of the DOCX edition, the
style names of the common UN Word templates, Word's built-in styles, and typed numbers such as "1.", "(a)", "I."."""

from __future__ import annotations

import re

from pipeline.importer.word import Paragraph

#: Paragraph styles by name (lower case), as the DOCX edition writes them and as drafters use them.
STYLE_ROLES = {
    # the title block (our reference document; Word's built-in Title and Subtitle)
    "document symbol": "symbol", "document title": "title", "document date": "date", "document type": "type",
    "title": "title", "subtitle": "subtitle",
    # annexes
    "annex number": "annex", "annex title": "annex title",
    # numbered paragraphs and their continuations
    "numbered paragraph": "numbered", "numbered paragraph continued": "continued",
    "parano": "numbered", "paranog": "numbered", "_ parano._g": "numbered",
    # what follows a list item, and list items numbered as written
    "list continue": "list continue", "list continue 2": "list continue", "list continue 3": "list continue",
    "list item numbered as written": "as written", "list item numbered as written 2": "as written",
    "list item numbered as written 3": "as written",
    # captions of tables
    "caption": "caption", "table caption": "caption",
    # contents lines typed by hand are still text; page headers and footers are never in the body
}
#: Heading styles of the UN templates (New York and Geneva), by level.
UN_HEADINGS = {
    "hch": 1, "h1": 2, "h23": 3, "h4": 4, "h56": 5,
    "hchg": 1, "h1g": 2, "h23g": 3, "h4g": 4, "h56g": 5,
    "_ h _ch_g": 1, "_ h_1_g": 2, "_ h_2/3_g": 3, "_ h_4_g": 4, "_ h_5_g": 5,
}
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$")
_DEPTH = re.compile(r"\s(\d)$")

# Numbers as typed at the start of a paragraph, followed by a space or a tab.
PARAGRAPH_NUMBER = re.compile(r"^(\d{1,4}\.)(?=\s)")
HEADING_NUMBER = re.compile(r"^((?:[IVXLCDM]{1,7}|[A-Z]|\d{1,3})\.(?:\d{1,3}\.?)*|\d{1,3}(?:\.\d{1,3})+)(?=\s)")
ITEM_NUMBER = re.compile(r"^(\(([A-Za-z]{1,7}|\d{1,3})\)|([a-z]{1,7}|\d{1,3})\)|(?P<other>\((?:[\u0621-\u064a]|هـ)\)"
                         r"|'\d{1,3}'|[\u3220-\u3229]|[\u2460-\u2473]))(?=\s)")
#: The letters of Arabic lists in their order (abjad: أ ب ج د هـ و ز ح ط ي …), as UN Arabic documents number items.
ABJAD = ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر", "ش",
         "ت", "ث", "خ", "ذ", "ض", "ظ", "غ")
ROMAN = re.compile(r"^(?=[ivxlcdm])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
BULLET = re.compile(r"^([\u2022\u00b7\u25aa\u25e6\u2023\u25cb\u25a0\u25a1\u2013\u2014\u2043*-])(?=\s)")
ANNEX = re.compile(
    r"^((?:annex|appendix|annexe|appendice|anexo|ap[ée]ndice|приложение|مرفق|附件)"
    r"(?:\s+(?:[IVXLCDM]{1,7}|[A-Z]|\d{1,3}))?)"
    r"(?:\s*[:.\u2013\u2014-]\s*(\S.*))?$", re.IGNORECASE)


def style_role(paragraph: Paragraph | None) -> str | None:
    """The role of the paragraph's style, or of the nearest style it is based on that has one."""
    if paragraph is None:
        return None
    for name in paragraph.style_names:
        role = STYLE_ROLES.get(" ".join(name.lower().split()))
        if role:
            return role
    return None


def style_depth(paragraph: Paragraph | None) -> int:
    """The list depth a numbered style names ("List Continue 2" is 2), 1 when it names none."""
    found = _DEPTH.search(paragraph.style_name) if paragraph is not None else None
    return int(found.group(1)) if found else 1


def heading_level(paragraph: Paragraph | None, pandoc_level: int | None) -> int | None:
    """A heading's level: the UN template's, the outline level Word gives the paragraph, the built-in
    "heading N" style it is (or is based on), else pandoc's."""
    if paragraph is not None:
        for name in paragraph.style_names:
            key = " ".join(name.lower().split())
            if key in UN_HEADINGS:
                return UN_HEADINGS[key]
        if paragraph.outline is not None:
            return paragraph.outline + 1
        for name in paragraph.style_names:
            found = _HEADING_NAME.match(name.lower().strip())
            if found:
                return int(found.group(1))
    return pandoc_level


def item_number(text: str) -> str | None:
    """A list item's number as typed ("(a)", "(iv)", "(1)", "a)", "2)", "(أ)", "'1'", "㈠", "①"): a number, a letter (or a letter
    doubled, as Word writes "aa"), or a Roman numeral; not a word in brackets."""
    found = ITEM_NUMBER.match(text)
    if not found:
        return None
    if found.group("other"):  # (أ), '1' (Arabic); ㈠ (Chinese); ①
        return found.group("other") if not found.group("other").startswith("(") or \
            found.group("other")[1:-1] in ABJAD else None
    inner = found.group(2) or found.group(3)
    if not (inner.isdigit() or inner.islower() or inner.isupper()):
        return None
    if inner.isdigit() or len(inner) == 1 or inner == inner[0] * len(inner) or ROMAN.match(inner.lower()):
        return found.group(1)
    return None


def annex_heading(text: str) -> tuple[str, str] | None:
    """("Annex I", title or "") when a paragraph is an annex's heading."""
    if len(text) > 200:
        return None
    found = ANNEX.match(" ".join(text.split()))
    if not found:
        return None
    return " ".join(found.group(1).split()), (found.group(2) or "").strip()
