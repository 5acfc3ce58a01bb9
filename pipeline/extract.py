"""Text of each output, as a reader meets it, for content-parity checks: (body text, footnote text)."""

from __future__ import annotations

import copy
import re

from lxml import etree
from lxml import html as lxml_html

from pipeline.parity import normalized

#: Words an edition writes where the source has none (class "generated"): not text of the source.
GENERATED = ".//*[contains(concat(' ', normalize-space(@class), ' '), ' generated ')]"

BLOCK_TAGS = {"p", "li", "div", "section", "header", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
           "td", "th", "caption", "table", "tr", "ol", "ul", "blockquote", "br"}


def _text(elements: list[etree._Element], drop: str) -> str:
    """Text of elements, blocks separated by spaces, with the elements matching `drop` left out."""
    out = []
    for original in elements:
        element = copy.deepcopy(original)
        for unwanted in element.xpath(drop):
            unwanted.drop_tree()
        for block in element.iter(*BLOCK_TAGS):
            block.text = " " + (block.text or "")
            block.tail = " " + (block.tail or "")
        out.append(element.text_content())
    return normalized(" ".join(out))


def html_text(page: bytes) -> tuple[str, str]:
    """The web edition: title block and main text without calls and notes; then the notes' texts."""
    root = lxml_html.fromstring(page)
    body = _text(root.xpath("//header[contains(@class, 'title-block')] | //main"),
                 ".//a[@role='doc-noteref'] | .//section[@role='doc-endnotes'] | " + GENERATED)
    notes = _text(root.xpath("//section[@role='doc-endnotes']//li"),
                  ".//span[@class='note-num'] | .//a[@role='doc-backlink']")
    return body, notes


def html_calls(page: bytes) -> tuple[list[str], list[str]]:
    """The numbers shown at the footnote calls and on the notes, in reading order."""
    root = lxml_html.fromstring(page)
    calls = [normalized(a.text_content()) for a in root.xpath("//a[@role='doc-noteref']")]
    notes = [normalized(s.text_content()) for s in root.xpath("//section[@role='doc-endnotes']//span[@class='note-num']")]
    return calls, notes


def epub_text(data: bytes) -> tuple[str, str]:
    """The EPUB edition: the spine's text without calls and notes; then the notes' texts."""
    from pipeline.checks.epubbook import Epub

    book = Epub(data)
    return book.body_text(), book.note_text()


def epub_calls(data: bytes) -> tuple[list[str], list[str]]:
    """The numbers at the calls and on the notes of an EPUB, in reading order."""
    from pipeline.checks.epubbook import Epub

    book = Epub(data)
    calls, notes = [], []
    for href in book.spine:
        page = book.page(href)
        calls += [normalized("".join(a.itertext())) for a in book.xpath("//h:a[@role='doc-noteref']", page)]
        notes += [normalized("".join(s.itertext())) for s in
                  book.xpath("//h:aside[@epub:type='footnote']//h:span[@class='note-num']", page)]
    return calls, notes


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_WORD_CHARACTERS = {f"{_W}tab": " ", f"{_W}br": " ", f"{_W}softHyphen": "\u00ad", f"{_W}noBreakHyphen": "\u2011"}


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


#: How Word writes a list number in each numbering format (ECMA-376 ST_NumberFormat); others fall back to decimal.
_NUMBER_FORMATS = {
    "decimal": str,
    "lowerLetter": lambda n: chr(97 + (n - 1) % 26) * ((n - 1) // 26 + 1),
    "upperLetter": lambda n: chr(65 + (n - 1) % 26) * ((n - 1) // 26 + 1),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "bullet": lambda n: "",
    "none": lambda n: "",
}


class WordNumbers:
    """The list numbers Word draws before numbered paragraphs, computed from the numbering part as Word does:
    a counter per list and level, lower levels restarting when a higher one counts, %N in the level text
    replaced by the number of level N in its format."""

    def __init__(self, numbering: etree._Element | None):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, format, text)
        self.shared: dict[str, str] = {}  # numId -> whose counters it uses: lists of one definition continue
        self.counters: dict[str, dict[int, int]] = {}  # unless a list restarts its numbers (startOverride)
        if numbering is None:
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in numbering.iter(f"{_W}abstractNum")}
        for num in numbering.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = ref.get(f"{_W}val") if ref is not None else None
            levels = {}
            for lvl in abstract.get(definition, etree.Element("none")):
                if lvl.tag == f"{_W}lvl":
                    levels[int(lvl.get(f"{_W}ilvl", "0"))] = self._level(lvl)
            for override in num.iter(f"{_W}lvlOverride"):
                level = int(override.get(f"{_W}ilvl", "0"))
                lvl, start = override.find(f"{_W}lvl"), override.find(f"{_W}startOverride")
                if lvl is not None:
                    levels[level] = self._level(lvl)
                if start is not None and level in levels:
                    levels[level] = (int(start.get(f"{_W}val", "1")), *levels[level][1:])
            self.levels[num.get(f"{_W}numId")] = levels
            restarts = num.find(f"{_W}lvlOverride/{_W}startOverride") is not None
            self.shared[num.get(f"{_W}numId")] = num.get(f"{_W}numId") if restarts else f"abstract {definition}"

    @staticmethod
    def _level(lvl: etree._Element) -> tuple[int, str, str]:
        def value(name: str, default: str) -> str:
            found = lvl.find(f"{_W}{name}")
            return found.get(f"{_W}val", default) if found is not None else default

        return int(value("start", "1")), value("numFmt", "decimal"), value("lvlText", "")

    def label(self, paragraph: etree._Element) -> str:
        """The number Word draws before this paragraph, or "" when it is not a numbered list paragraph."""
        num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            return ""
        num_id, ilvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        key = num_id.get(f"{_W}val") if num_id is not None else None
        level = int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
        levels = self.levels.get(key, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(self.shared[key], {})
        counters[level] = counters.get(level, levels[level][0] - 1) + 1
        for deeper in [d for d in counters if d > level]:
            del counters[deeper]

        def number(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            start, fmt, _ = levels.get(at, (1, "decimal", ""))
            return _NUMBER_FORMATS.get(fmt, str)(counters.get(at, start))

        return re.sub(r"%([1-9])", number, levels[level][2])


def _word_text(paragraphs, numbers: WordNumbers | None = None) -> str:
    """Text of Word paragraphs: the list number Word draws, runs' text, and the characters Word writes as
    elements (tabs and breaks as spaces, soft and no-break hyphens); paragraphs separated by spaces."""
    out = []
    for paragraph in paragraphs:
        if numbers is not None:
            out.append(numbers.label(paragraph) + " ")
        for node in paragraph.iter(f"{_W}t", *_WORD_CHARACTERS):
            out.append(node.text or "" if node.tag == f"{_W}t" else _WORD_CHARACTERS[node.tag])
        out.append(" ")
    return normalized("".join(out))


def docx_parts(data: bytes) -> tuple[etree._Element, dict[str, etree._Element], WordNumbers]:
    """The main document part, the footnotes by id (without Word's separators) and the list numbering."""
    import io
    import zipfile

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()

        def part(name: str) -> etree._Element | None:
            return etree.fromstring(archive.read(name), parser) if name in names else None

        document, footnotes, numbering = part("word/document.xml"), part("word/footnotes.xml"), part("word/numbering.xml")
    notes = {}
    if footnotes is not None:
        for note in footnotes.iter(f"{_W}footnote"):
            if note.get(f"{_W}type") in (None, "normal"):
                notes[note.get(f"{_W}id")] = note
    return document, notes, WordNumbers(numbering)


def docx_text(data: bytes) -> tuple[str, str]:
    """The DOCX edition: the body's paragraphs with the list numbers Word draws (footnote calls carry no text
    in Word); then the footnotes, in the order of their calls."""
    document, notes, numbers = docx_parts(data)
    body = _word_text(document.iter(f"{_W}p"), numbers)
    order = [ref.get(f"{_W}id") for ref in document.iter(f"{_W}footnoteReference")]
    note_text = " ".join(_word_text(notes[i].iter(f"{_W}p")) for i in order if i in notes)
    return body, normalized(note_text)


def _shown_mark(reference: etree._Element) -> str | None:
    """The custom mark that follows a footnote reference, if Word is told to show one."""
    following = reference.getnext()
    return following.text if following is not None and following.tag == f"{_W}t" else None


def docx_calls(data: bytes) -> tuple[list[str], list[str]]:
    """The marks Word shows at the calls and on the notes, in the order of the calls: its own numbers 1, 2, 3 …,
    or the custom mark of a call that has one (the note's own mark, w:footnoteRef, shows the same)."""
    document, notes, _ = docx_parts(data)
    calls, shown, number = [], [], 0
    for reference in document.iter(f"{_W}footnoteReference"):
        custom = reference.get(f"{_W}customMarkFollows") in ("1", "true", "on")
        number += not custom
        calls.append((_shown_mark(reference) or "") if custom else str(number))
        note = notes.get(reference.get(f"{_W}id"))
        if note is not None and next(note.iter(f"{_W}footnoteRef"), None) is not None:
            shown.append(calls[-1])
    return calls, shown
