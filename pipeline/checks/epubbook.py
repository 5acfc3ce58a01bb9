"""Reading a built EPUB as a reading system does: container, package, spine, content documents and their text."""

from __future__ import annotations

import copy
import io
import zipfile
from functools import cached_property
from posixpath import dirname, join, normpath

from lxml import etree

from pipeline.extract import BLOCK_TAGS
from pipeline.parity import normalized

NS = {
    "h": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
BLOCKS = [f"{{{NS['h']}}}{tag}" for tag in sorted(BLOCK_TAGS)]


class Epub:
    """An EPUB read from its bytes: the package document, the manifest, the spine and each XHTML page."""

    def __init__(self, data: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.xpath("//c:rootfile/@full-path", namespaces=NS)[0]
        self.base = dirname(self.opf_path)
        self.opf = etree.fromstring(self.zip.read(self.opf_path))

    def xpath(self, query: str, node=None, **variables):
        return (self.opf if node is None else node).xpath(query, namespaces=NS, **variables)

    @cached_property
    def manifest(self) -> dict[str, etree._Element]:
        """Manifest items by href."""
        return {item.get("href"): item for item in self.xpath("//opf:manifest/opf:item")}

    @cached_property
    def spine(self) -> list[str]:
        """The hrefs of the spine, in reading order."""
        by_id = {item.get("id"): href for href, item in self.manifest.items()}
        return [by_id[ref] for ref in self.xpath("//opf:spine/opf:itemref/@idref")]

    @cached_property
    def nav(self) -> str:
        return next(href for href, item in self.manifest.items() if "nav" in (item.get("properties") or "").split())

    @property
    def pages(self) -> list[str]:
        """Every XHTML document: the spine, then the navigation document."""
        return [*self.spine, self.nav]

    def page(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(join(self.base, href)))

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.xpath("//opf:metadata/opf:meta[@property=$p]", p=prop)]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.xpath(f"//opf:metadata/dc:{name}")]

    def resolve(self, page: str, href: str) -> tuple[str, str]:
        """(document, fragment) of a link in a page: the document relative to the package folder."""
        target, _, fragment = href.partition("#")
        return (normpath(join(dirname(page), target)) if target else page), fragment

    def body_text(self) -> str:
        """The text of the spine's main landmarks in reading order, without footnote calls and footnotes."""
        drop = (".//h:a[@role='doc-noteref'] | .//h:aside[@epub:type='footnote'] | "
                ".//h:*[contains(concat(' ', normalize-space(@class), ' '), ' generated ')]")
        return normalized(" ".join(text(main, drop) for href in self.spine for main in self.xpath("//h:main", self.page(href))))

    def note_text(self) -> str:
        """The text of the footnotes in reading order, without their numbers and back-links."""
        drop = ".//h:span[@class='note-num'] | .//h:a[@role='doc-backlink']"
        asides = [a for href in self.spine for a in self.xpath("//h:aside[@epub:type='footnote']", self.page(href))]
        return normalized(" ".join(text(aside, drop) for aside in asides))


def text(element: etree._Element, drop: str) -> str:
    """The text of an element, blocks separated by spaces, leaving out the elements matching `drop`."""
    element = copy.deepcopy(element)
    for unwanted in element.xpath(drop, namespaces=NS):
        parent, previous = unwanted.getparent(), unwanted.getprevious()
        if unwanted.tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + unwanted.tail
            else:
                parent.text = (parent.text or "") + unwanted.tail
        parent.remove(unwanted)
    for block in element.iter(*BLOCKS):
        block.text = " " + (block.text or "")
        block.tail = " " + (block.tail or "")
    return normalized("".join(element.itertext()))
