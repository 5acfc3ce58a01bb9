"""What Word has that a source cannot take silently: fields, the table of contents, text boxes, shapes, charts,
embedded objects, equations, hidden text, images. Each is found with its place; the XML is made plain where
pandoc would lose text (a simple field's result, the paragraph around a text box), and the rest is reported."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from lxml import etree

from pipeline.importer.package import Package
from pipeline.importer.places import Places
from pipeline.importer.report import Report
from pipeline.importer.word import R, on, w

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
O = "urn:schemas-microsoft-com:office:office"
#: Pictures the editions can show, by the file's first bytes.
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"GIF87a": "gif", b"GIF89a": "gif"}
#: Fields whose result pandoc turns into a link or keeps as it should: nothing to say about them.
QUIET_FIELDS = {"HYPERLINK", "REF", "PAGEREF", "NOTEREF"}


@dataclass(frozen=True)
class Picture:
    """An embedded picture: its part in the package, what kind of file it is, and its alt text."""

    part: str
    kind: str
    alt: str


def _run_of(element: etree._Element) -> etree._Element:
    """The run (or, failing that, the element) that holds a drawing, to remove it whole."""
    return next(element.iterancestors(w("r")), element)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _instruction(field: etree._Element) -> str:
    return (field.get(w("instr")) or "").strip()


def _field_name(instruction: str) -> str:
    return instruction.split()[0].upper() if instruction.split() else "?"


def simple_fields(part: etree._Element) -> None:
    """A simple field (w:fldSimple) becomes a complex one, which pandoc reads: as a link for HYPERLINK, as its
    shown text otherwise (pandoc drops a simple field's text)."""
    for field in list(part.iter(w("fldSimple"))):
        instruction = _instruction(field)
        parent, at = field.getparent(), field.getparent().index(field)
        runs = [_field_run("begin"), _instr_run(instruction), _field_run("separate"),
                *[c for c in field if c.tag != w("fldData")], _field_run("end")]
        for offset, run in enumerate(runs):
            parent.insert(at + offset, run)
        parent.remove(field)


def _field_run(kind: str) -> etree._Element:
    run = etree.Element(w("r"))
    etree.SubElement(run, w("fldChar")).set(w("fldCharType"), kind)
    return run


def _instr_run(instruction: str) -> etree._Element:
    run = etree.Element(w("r"))
    etree.SubElement(run, w("instrText")).text = f" {instruction} "
    return run


def fields(part: etree._Element, places: Places, report: Report) -> None:
    """Complex fields: the table of contents is left out (every edition makes its own); other fields keep the
    text they showed when the draft was saved, and say so."""
    stack: list[tuple[list[str], etree._Element]] = []
    tables: list[tuple[etree._Element, etree._Element]] = []
    for node in part.iter(w("fldChar"), w("instrText")):
        if node.tag == w("instrText"):
            if stack:
                stack[-1][0].append(node.text or "")
            continue
        kind = node.get(w("fldCharType"))
        if kind == "begin":
            stack.append(([], node))
        elif kind == "end" and stack:
            words, begin = stack.pop()
            name = _field_name("".join(words))
            if name == "TOC":
                tables.append((begin, node))
            elif name not in QUIET_FIELDS and not any(_field_name("".join(s[0])) == "TOC" for s in stack):
                where, text = places.of(begin)
                report.warn(f"a field ({name}) is imported as the text it showed when the draft was saved",
                            where, text)
    for begin, end in tables:
        _drop_contents(begin, end, places, report)
    for gallery in list(part.iter(w("docPartGallery"))):
        if (gallery.get(w("val")) or "").lower() == "table of contents":
            sdt = next(gallery.iterancestors(w("sdt")), None)
            if sdt is not None and sdt.getparent() is not None:
                where, text = places.of(sdt)
                report.warn("the table of contents is left out: every edition makes its own", where, text)
                _remove(sdt)


def _drop_contents(begin: etree._Element, end: etree._Element, places: Places, report: Report) -> None:
    """Remove the paragraphs of a table of contents field, from the one it begins in to the one it ends in."""
    first, last = places.paragraph(begin), places.paragraph(end)
    if first is None or last is None or first.getparent() is None or first.getparent() is not last.getparent():
        return
    siblings = list(first.getparent())
    span = siblings[siblings.index(first): siblings.index(last) + 1]
    where, text = places.of(first)
    report.warn(f"the table of contents ({len(span)} lines) is left out: every edition makes its own", where, text)
    for element in span:
        _remove(element)


def alternate_content(part: etree._Element) -> None:
    """Word writes drawings twice (a modern choice and an old fallback): keep the choice only."""
    for fallback in list(part.iter(f"{{{MC}}}Fallback")):
        choice = fallback.getparent().find(f"{{{MC}}}Choice")
        if choice is not None:
            _remove(fallback)


def text_boxes(part: etree._Element, places: Places, report: Report) -> None:
    """The paragraphs of a text box come out of it, after the paragraph the box is anchored in, so that pandoc
    keeps both the box's text and the paragraph's (it keeps only the box's)."""
    for _ in range(100):  # boxes inside boxes come out one level at a time
        boxes = [b for b in part.iter(w("txbxContent")) if not any(a.tag == w("txbxContent") for a in b.iterancestors())]
        if not boxes:
            return
        for box in boxes:
            anchor = next((a for a in box.iterancestors(w("p"))), None)
            holder = next((a for a in box.iterancestors() if a.tag in (w("drawing"), w("pict"), f"{{{MC}}}AlternateContent")), box)
            blocks = [c for c in box if c.tag in (w("p"), w("tbl"))]
            if anchor is None:
                _remove(holder)
                continue
            where, text = places.of(anchor)
            report.warn(f"a text box: its {len(blocks)} paragraph{'s' if len(blocks) != 1 else ''} "
                        "are imported as ordinary text after this paragraph", where, text)
            at = anchor.getparent().index(anchor)
            for offset, block in enumerate(blocks, start=1):
                anchor.getparent().insert(at + offset, block)
            _remove(_run_of(holder) if holder.tag != f"{{{MC}}}AlternateContent" else holder)


def hidden_text(part: etree._Element, places: Places, report: Report) -> None:
    """Text formatted as hidden is not part of the document as Word shows and prints it: it is left out."""
    for run in list(part.iter(w("r"))):
        properties = run.find(w("rPr"))
        if properties is not None and on(properties.find(w("vanish"))) and run.find(w("t")) is not None:
            where, text = places.of(run)
            hidden = "".join(t.text or "" for t in run.iter(w("t")))
            report.warn(f"hidden text left out: {hidden[:40]!r}", where, text)
            _remove(run)


def shapes(part: etree._Element, places: Places, report: Report) -> None:
    """Drawings that are not pictures (shapes, charts, diagrams, canvases) and embedded objects are left out."""
    for drawing in list(part.iter(w("drawing"), w("pict"), w("object"))):
        if drawing.getparent() is None:
            continue
        if drawing.tag == w("drawing") and drawing.find(f".//{{{PIC}}}pic") is not None:
            continue
        if drawing.tag == w("pict") and drawing.find(f".//{{{V}}}imagedata") is not None:
            continue
        data = drawing.find(f".//{{{A}}}graphicData")
        uri = (data.get("uri") or "") if data is not None else ""
        what = ("a chart" if uri.endswith("/chart") else "a diagram (SmartArt)" if "diagram" in uri
                else "an embedded object" if drawing.tag == w("object") else "a shape or drawing")
        where, text = places.of(drawing)
        report.warn(f"{what} is left out: a source holds text and pictures only (insert it as a picture "
                    "with alt text to keep it)", where, text)
        holder = drawing.getparent() if drawing.getparent().tag == f"{{{MC}}}Choice" else drawing
        holder = holder.getparent().getparent() if holder.tag == f"{{{MC}}}Choice" else holder
        _remove(_run_of(holder))


def equations(part: etree._Element, places: Places, report: Report) -> None:
    for math in part.iter(f"{{{M}}}oMathPara", f"{{{M}}}oMath"):
        if any(a.tag in (f"{{{M}}}oMathPara", f"{{{M}}}oMath") for a in math.iterancestors()):
            continue
        where, text = places.of(math)
        report.refuse("an equation cannot be imported: the editions cannot show Word's equations; "
                      "write it as text, or insert it as a picture with alt text", where, text)


def chunks(part: etree._Element, places: Places, report: Report) -> None:
    for chunk in part.iter(w("altChunk")):
        where, text = places.of(chunk.getprevious() if chunk.getprevious() is not None else chunk)
        report.refuse("an embedded document (altChunk, e.g. pasted HTML or RTF) cannot be read: "
                      "open the draft in Word and save it again, which merges it into the text", where, text)


def _reference(holder: etree._Element) -> tuple[str | None, str | None, str] | None:
    """A picture's relationship ids (embedded, linked) and its alt text; None when it holds no picture."""
    if holder.tag == w("drawing"):
        blip = holder.find(f".//{{{A}}}blip")
        if blip is None:
            return None
        properties = holder.find(f".//{{{WP}}}docPr")
        alt = (properties.get("descr") or properties.get("title") or "") if properties is not None else ""
        return blip.get(f"{{{R}}}embed"), blip.get(f"{{{R}}}link"), " ".join(alt.split())
    data = holder.find(f".//{{{V}}}imagedata")
    if data is None:
        return None
    alt = data.getparent().get("alt") or data.get(f"{{{O}}}title") or ""
    return data.get(f"{{{R}}}id"), None, " ".join(alt.split())


def pictures(package: Package, source_part: str, part: etree._Element, places: Places,
             report: Report) -> dict[str, Picture]:
    """Every picture of a part by its part name (pandoc names them by path), with its alt text. Pictures without
    alt text, linked rather than embedded, or in a format the editions cannot show, are refused."""
    relationships = package.relationships(source_part)
    found: dict[str, Picture] = {}
    for holder in part.iter(w("drawing"), w("pict")):
        reference = _reference(holder)
        if reference is None:
            continue
        rid, link, alt = reference
        where, text = places.of(holder)
        if rid is None or rid not in relationships or relationships[rid][2]:
            if link or rid:
                report.refuse("a picture linked to a file outside the draft: embed it in Word "
                              "(Insert > Pictures, not \"Insert and Link\")", where, text)
            continue
        target = relationships[rid][1]
        head = package.read(target)[:16] if package.has(target) else b""
        kind = next((k for magic, k in IMAGE_TYPES.items() if head.startswith(magic)), None)
        if kind is None:
            name = posixpath.splitext(target)[1].lstrip(".").upper() or "unknown"
            report.refuse(f"a picture in {name} format, which the editions cannot show: "
                          "replace it by a PNG or JPEG picture", where, text)
            continue
        if not alt:
            report.refuse("a picture without alt text: every edition needs a description for readers who cannot "
                          "see it (in Word: right-click the picture > View Alt Text)", where, text)
        found[target] = Picture(target, kind, alt)
    return found
