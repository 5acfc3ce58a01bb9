"""Text of each output, as a reader meets it, for content-parity checks: (body text, footnote text)."""

from __future__ import annotations

import copy

from lxml import etree
from lxml import html as lxml_html

from pipeline.parity import normalized

_BLOCKS = {"p", "li", "div", "section", "header", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
           "td", "th", "caption", "table", "tr", "ol", "ul"}


def _text(elements: list[etree._Element], drop: str) -> str:
    """Text of elements, blocks separated by spaces, with the elements matching `drop` left out."""
    out = []
    for original in elements:
        element = copy.deepcopy(original)
        for unwanted in element.xpath(drop):
            unwanted.drop_tree()
        for block in element.iter(*_BLOCKS):
            block.text = " " + (block.text or "")
            block.tail = " " + (block.tail or "")
        out.append(element.text_content())
    return normalized(" ".join(out))


def html_text(page: bytes) -> tuple[str, str]:
    """The web edition: title block and main text without calls and notes; then the notes' texts."""
    root = lxml_html.fromstring(page)
    body = _text(root.xpath("//header[contains(@class, 'title-block')] | //main"),
                 ".//a[@role='doc-noteref'] | .//section[@role='doc-endnotes']")
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


def _word_text(paragraphs) -> str:
    """Text of Word paragraphs: runs' text, and the characters Word writes as elements (tabs and breaks
    as spaces, soft and no-break hyphens); paragraphs separated by spaces."""
    out = []
    for paragraph in paragraphs:
        for node in paragraph.iter(f"{_W}t", *_WORD_CHARACTERS):
            out.append(node.text or "" if node.tag == f"{_W}t" else _WORD_CHARACTERS[node.tag])
        out.append(" ")
    return normalized("".join(out))


def docx_parts(data: bytes) -> tuple[etree._Element, dict[str, etree._Element]]:
    """The main document part and the footnotes by id (without Word's separators)."""
    import io
    import zipfile

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = etree.fromstring(archive.read("word/document.xml"), parser)
        names = archive.namelist()
        footnotes = etree.fromstring(archive.read("word/footnotes.xml"), parser) if "word/footnotes.xml" in names else None
    notes = {}
    if footnotes is not None:
        for note in footnotes.iter(f"{_W}footnote"):
            if note.get(f"{_W}type") in (None, "normal"):
                notes[note.get(f"{_W}id")] = note
    return document, notes


def docx_text(data: bytes) -> tuple[str, str]:
    """The DOCX edition: the body's paragraphs (footnote calls carry no text in Word); then the footnotes,
    in the order of their calls."""
    document, notes = docx_parts(data)
    body = _word_text(document.iter(f"{_W}p"))
    order = [ref.get(f"{_W}id") for ref in document.iter(f"{_W}footnoteReference")]
    note_text = " ".join(_word_text(notes[i].iter(f"{_W}p")) for i in order if i in notes)
    return body, normalized(note_text)


def docx_calls(data: bytes) -> tuple[list[str], list[str]]:
    """Word numbers footnotes itself, 1, 2, 3 … in the order of their calls: the numbers it will show."""
    document, notes = docx_parts(data)
    order = [ref.get(f"{_W}id") for ref in document.iter(f"{_W}footnoteReference")]
    shown = [str(n) for n in range(1, len(order) + 1)]
    return shown, [str(n) for n, i in enumerate(order, start=1) if i in notes]
