"""Word drafts made the way other tools make them: python-docx with Word's own footnote, endnote and numbering
parts (not typed numbers), tracked changes, comments, pictures, right-to-left paragraphs; LibreOffice from an
OpenDocument and an HTML file written here."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}s+xml"

#: A nested list numbered by Word: (a), (b) … then (i), (ii) … then 1., 2. …
LETTERED = (("lowerLetter", "(%1)"), ("lowerRoman", "(%2)"), ("decimal", "%3."))


class Draft:
    """A python-docx document with footnotes, endnotes and Word-numbered lists added through real parts."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self.notes = {"footnote": [], "endnote": []}
        self.lists = 0

    # ------------------------------------------------------------ text

    def para(self, text: str = "", style: str | None = None):
        return self.doc.add_paragraph(text, style=style)

    def note(self, paragraph, text: str, kind: str = "footnote") -> None:
        """A real footnote (or endnote): a reference in the text, the note in word/footnotes.xml."""
        number = len(self.notes[kind]) + 1
        self.notes[kind].append((number, text))
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Reference w:id="{number}"/></w:r>'))

    def numbered(self, items: list[tuple[int, str]], formats=LETTERED):
        """Paragraphs numbered by a list definition of their own in numbering.xml, at the given levels."""
        numbering = self.doc.part.numbering_part.element
        self.lists += 1
        abstract_id, num_id = 900 + self.lists, 900 + self.lists
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
            for i, (fmt, text) in enumerate(formats))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                             f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                                   f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'))
        out = []
        for level, text in items:
            paragraph = self.doc.add_paragraph(text, style="List Paragraph")
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
            out.append(paragraph)
        return out

    def table(self, caption: str, header: list[str], rows: list[list[str]]):
        self.para(caption, style="Caption")
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        for i, text in enumerate(header):
            table.cell(0, i).text = text
        row_properties = table.rows[0]._tr.get_or_add_trPr()
        row_properties.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        for r, row in enumerate(rows, start=1):
            for i, text in enumerate(row):
                table.cell(r, i).text = text
        return table

    # ------------------------------------------------------------ saving

    def save(self, path: Path) -> Path:
        for kind, notes in self.notes.items():
            if notes:
                self._notes_part(kind, notes)
        self.doc.save(path)
        return path

    def _notes_part(self, kind: str, notes: list[tuple[int, str]]) -> None:
        body = "".join(
            f'<w:{kind} w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {_escape(text)}</w:t></w:r></w:p></w:{kind}>' for n, text in notes)
        separators = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
                      f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                      f'</w:r></w:p></w:{kind}>')
        blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s xmlns:w="{W}">' \
               f'{separators}{body}</w:{kind}s>'
        part = Part(PackURI(f"/word/{kind}s.xml"), NOTES_CT.format(kind), blob.encode(), self.doc.part.package)
        self.doc.part.relate_to(part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run_xml(inner: str) -> str:
    return f'<w:r {nsdecls("w")}>{inner}</w:r>'


def png(width: int = 4, height: int = 4) -> bytes:
    """A small real PNG (a red square), written without any imaging library."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def picture(draft: Draft, text: str, alt: str | None):
    """A paragraph holding a picture, with alt text in Word's place for it (wp:docPr/@descr) or none."""
    paragraph = draft.para(text)
    paragraph.add_run().add_picture(io.BytesIO(png()))
    properties = paragraph._p.find(".//" + qn("wp:docPr"))
    for attribute in ("descr", "title"):
        properties.attrib.pop(attribute, None)
    if alt is not None:
        properties.set("descr", alt)
    return paragraph


def title_block(draft: Draft, title: str = "Report on the Import of Word Drafts") -> None:
    draft.para("A/80/123")
    draft.para(title, style="Title")
    draft.para("15 January 2026")
    draft.para("Report of the Secretary-General", style="Subtitle")


# ---------------------------------------------------------------- LibreOffice

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>Note on Water Cooperation</dc:title><dc:language>en-GB</dc:language>
  <meta:initial-creator>Drafting Unit</meta:initial-creator><meta:creation-date>2026-02-03T10:00:00</meta:creation-date></office:meta>
 <office:body><office:text>
  <text:p text:style-name="Title">Note on Water Cooperation</text:p>
  <text:h text:outline-level="1">Background</text:h>
  <text:p>Water cooperation was discussed at length.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>A footnote written in OpenDocument.</text:p></text:note-body></text:note> The delegations agreed on three points:</text:p>
  <text:list><text:list-item><text:p>sharing data;</text:p></text:list-item><text:list-item><text:p>joint monitoring;</text:p></text:list-item><text:list-item><text:p>a yearly meeting.</text:p></text:list-item></text:list>
  <text:h text:outline-level="1">Figures</text:h>
  <table:table table:name="Basins"><table:table-column table:number-columns-repeated="2"/>
   <table:table-header-rows><table:table-row><table:table-cell><text:p>Basin</text:p></table:table-cell><table:table-cell><text:p>States</text:p></table:table-cell></table:table-row></table:table-header-rows>
   <table:table-row><table:table-cell><text:p>Nile</text:p></table:table-cell><table:table-cell><text:p>11</text:p></table:table-cell></table:table-row>
  </table:table>
  <text:p>The text ends here.</text:p>
 </office:text></office:body>
</office:document>
"""

HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Note sur la coopération</title></head>
<body>
<h1>Note sur la coopération</h1>
<h2>Contexte</h2>
<p>La coopération a été examinée en détail, avec des <b>mots en gras</b> et <i>en italique</i>.</p>
<ol><li>partager les données ;</li><li>surveiller ensemble.</li></ol>
<table><tr><th>Bassin</th><th>États</th></tr><tr><td>Nil</td><td>11</td></tr></table>
<p>Le texte s’arrête ici.</p>
</body></html>
"""
