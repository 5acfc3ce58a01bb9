#!/usr/bin/env python3
"""Rebuilds templates/docx/reference.docx from pandoc's default reference document and the house styles."""

from __future__ import annotations

import argparse
import copy
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

from pipeline import TEMPLATES
from pipeline.writers.docx import pandoc

HERE = TEMPLATES / "docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTER_REL = f"{R}/footer"
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold: nothing here depends on the clock
CORE_TIME = "2000-01-01T00:00:00Z"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def default_reference() -> dict[str, bytes]:
    """The parts of the reference document bundled with pandoc, in their order."""
    data = subprocess.run([pandoc(), "--print-default-data-file", "reference.docx"],
                          check=True, capture_output=True).stdout
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(tree: etree._Element) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def merge_styles(styles: bytes, house: etree._Element) -> bytes:
    """pandoc's styles with the house docDefaults, each house style replacing its namesake or added."""
    root = etree.fromstring(styles)
    root.replace(root.find(w("docDefaults")), copy.deepcopy(house.find(w("docDefaults"))))
    existing = {s.get(w("styleId")): s for s in root.findall(w("style"))}
    for style in map(copy.deepcopy, house.findall(w("style"))):
        old = existing.get(style.get(w("styleId")))
        if old is not None:
            root.replace(old, style)
        else:
            root.append(style)
    etree.cleanup_namespaces(root)
    return xml(root)


def sample_body(house: etree._Element, section: etree._Element) -> bytes:
    """A body that shows each house paragraph style in itself, so the reference document explains itself."""
    document = etree.Element(w("document"), nsmap={"w": W, "r": R})
    body = etree.SubElement(document, w("body"))
    for style in house.findall(w("style")):
        name = style.find(w("name")).get(w("val"))
        paragraph = etree.SubElement(body, w("p"))
        if style.get(w("type")) == "paragraph":
            etree.SubElement(etree.SubElement(paragraph, w("pPr")), w("pStyle")).set(w("val"), style.get(w("styleId")))
            etree.SubElement(etree.SubElement(paragraph, w("r")), w("t")).text = name
        elif style.get(w("type")) == "character":
            run = etree.SubElement(paragraph, w("r"))
            etree.SubElement(etree.SubElement(run, w("rPr")), w("rStyle")).set(w("val"), style.get(w("styleId")))
            etree.SubElement(run, w("t")).text = f"{name} (character style)"
        else:
            etree.SubElement(etree.SubElement(paragraph, w("r")), w("t")).text = f"{name} (table style)"
    body.append(section)
    return xml(document)


def add_footer(rels: bytes, types: bytes) -> tuple[bytes, bytes]:
    """The footer part registered in the relationships and the content types; the sample hyperlink dropped."""
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    root = etree.fromstring(rels)
    for rel in root.findall(f"{{{ns}}}Relationship"):
        if rel.get("TargetMode") == "External":
            root.remove(rel)
    etree.SubElement(root, f"{{{ns}}}Relationship", Id="rIdFooter1", Type=FOOTER_REL, Target="footer1.xml")
    types_root = etree.fromstring(types)
    ct = "http://schemas.openxmlformats.org/package/2006/content-types"
    etree.SubElement(types_root, f"{{{ct}}}Override", PartName="/word/footer1.xml", ContentType=FOOTER_TYPE)
    return xml(root), xml(types_root)


def clean_settings(settings: bytes) -> bytes:
    """No claim that the text was already proofread: Word checks the spelling of every build afresh."""
    root = etree.fromstring(settings)
    for element in root.findall(w("proofState")) + root.findall(w("rsids")):
        root.remove(element)
    return xml(root)


def clean_app(app: bytes) -> bytes:
    """The extended properties without the statistics of pandoc's sample text or a claim to be Word."""
    root = etree.fromstring(app)
    for element in list(root):
        if etree.QName(element).localname not in {"DocSecurity", "SharedDoc"}:
            root.remove(element)
    return xml(root)


def fixed_core(core: bytes) -> bytes:
    text = core.decode()
    text = re.sub(r"<dc:title>.*?</dc:title>", "<dc:title>House styles</dc:title>", text)
    text = re.sub(r"<dc:creator>.*?</dc:creator>", "<dc:creator></dc:creator>", text)
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", CORE_TIME, text).encode()


def theme_fonts(theme: bytes) -> bytes:
    """The theme's heading and body fonts set to the house face, so Word's font menu agrees with the styles."""
    text = theme.decode()
    text = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*(" panose=")[^"]*"',
                  r'\1Times New Roman\g<2>02020603050405020304"', text)
    return text.encode()


def build() -> bytes:
    parts = default_reference()
    house = etree.parse(str(HERE / "styles.xml")).getroot()
    section = etree.parse(str(HERE / "section.xml")).getroot()
    parts["word/styles.xml"] = merge_styles(parts["word/styles.xml"], house)
    parts["word/document.xml"] = sample_body(house, section)
    parts["word/_rels/document.xml.rels"], parts["[Content_Types].xml"] = add_footer(
        parts["word/_rels/document.xml.rels"], parts["[Content_Types].xml"])
    parts["word/footer1.xml"] = xml(etree.parse(str(HERE / "footer.xml")).getroot())
    parts["word/settings.xml"] = clean_settings(parts["word/settings.xml"])
    parts["docProps/app.xml"] = clean_app(parts["docProps/app.xml"])
    parts["docProps/core.xml"] = fixed_core(parts["docProps/core.xml"])
    parts["word/theme/theme1.xml"] = theme_fonts(parts["word/theme/theme1.xml"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml"):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name], compresslevel=9)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-o", "--output", type=Path, default=HERE / "reference.docx")
    args = parser.parse_args(argv)
    args.output.write_bytes(build())
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
