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
