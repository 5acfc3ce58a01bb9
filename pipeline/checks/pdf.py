"""Inspections of a finished PDF, independent of how it was made: footnote placement (from its links and named
destinations), tags and properties (pikepdf), text in reading order (pdftotext) and page previews (pdftoppm)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from lxml import etree
from pikepdf import Array, Dictionary, Name

from pipeline import model as m
from pipeline.parity import problems as parity_problems
from pipeline.sourcetext import SourceText

# ---------------------------------------------------------------- footnote placement


def destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Named destination -> page number (from 1)."""
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    return {str(name): pages.get(dest[0].objgen, 0) for name, dest in pikepdf.NameTree(names.Dests).items()}


def note_placement(pdf: pikepdf.Pdf, doc: m.Document) -> list[tuple[int, int, int]]:
    """(number, page of the call, page of the note) for every footnote; 0 where the PDF has none.
    The call is the link annotation that leads to the note; the note is the named destination of its id."""
    dests = destinations(pdf)
    calls: dict[str, int] = {}
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == Name.Link and "/Dest" in annotation:
                calls.setdefault(str(annotation.Dest), number)
    return [(note.number, calls.get(note.id, 0), dests.get(note.id, 0)) for note in doc.notes]


def misplaced_notes(pdf: pikepdf.Pdf, doc: m.Document) -> list[tuple[int, int, int]]:
    """The footnotes found on another page than their call (or without a call or a place)."""
    return [entry for entry in note_placement(pdf, doc) if entry[1] != entry[2] or not entry[1]]


# ---------------------------------------------------------------- tags and properties


@dataclass(frozen=True)
class Font:
    name: str
    embedded: bool
    subset: bool


@dataclass(frozen=True)
class Facts:
    """What pikepdf reads in a PDF that matters for accessibility and for the printer."""

    pages: int
    structure: dict[str, int]  # structure type -> how many elements
    marked: bool
    lang: str | None
    title: str | None
    display_doc_title: bool
    pdfua_part: str | None
    outline: tuple[tuple[int, str], ...]  # (level from 1, title), in order
    fonts: tuple[Font, ...]
    note_ids: tuple[str, ...]  # IDs of Note elements, in tree order
    pagination_artifacts: int  # marked-content sequences marked as pagination artifacts (running heads, numbers)
    untagged_content: int  # marked content whose structure element is missing or outside the tree
    untagged_annotations: int  # link annotations with no place in the structure tree
    broken_links: tuple[str, ...]  # internal link targets with no named destination
    info: dict[str, str]


def _kids(element) -> list:
    kids = element.get("/K") if isinstance(element, Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _structure(pdf: pikepdf.Pdf) -> tuple[dict[str, int], list[str], set]:
    """Elements by type, the IDs of the Note elements, and every element reachable from the root."""
    counts: dict[str, int] = {}
    notes: list[str] = []
    reachable = set()
    root = pdf.Root.get("/StructTreeRoot")
    stack = list(reversed(_kids(root))) if root is not None else []
    while stack:
        element = stack.pop()
        if not isinstance(element, Dictionary) or element.get("/Type") in (Name.OBJR, Name.MCR):
            continue
        reachable.add(element.objgen)
        tag = str(element.get("/S", ""))[1:]
        counts[tag] = counts.get(tag, 0) + 1
        if tag == "Note":
            notes.append(str(element.get("/ID", "")))
        stack.extend(reversed(_kids(element)))
    return counts, notes, reachable


_PAGINATION = re.compile(rb"/Artifact\s*<<[^>]*/Type\s*/Pagination")
_MCID = re.compile(rb"/MCID\s+(\d+)")


def _content(pdf: pikepdf.Pdf, reachable: set) -> tuple[int, int]:
    """(pagination artifacts, marked content not mapped to an element of the tree), over all pages."""
    parents = {}
    root = pdf.Root.get("/StructTreeRoot")
    if root is not None and "/ParentTree" in root:
        parents = {int(key): value for key, value in pikepdf.NumberTree(root.ParentTree).items()}
    pagination = untagged = 0
    for page in pdf.pages:
        contents = page.obj.Contents  # an array on the print master: its marks, then the page
        data = b"\n".join(s.read_bytes() for s in contents) if isinstance(contents, Array) else contents.read_bytes()
        pagination += len(_PAGINATION.findall(data))
        marks = parents.get(int(page.obj.get("/StructParents", -1)))
        for mcid in map(int, _MCID.findall(data)):
            element = marks[mcid] if isinstance(marks, Array) and mcid < len(marks) else None
            untagged += not isinstance(element, Dictionary) or element.objgen not in reachable
    return pagination, untagged


def _outline(pdf: pikepdf.Pdf) -> tuple[tuple[int, str], ...]:
    out: list[tuple[int, str]] = []
    with pdf.open_outline() as outline:
        def visit(items, level):
            for item in items:
                out.append((level, item.title))
                visit(item.children, level + 1)
        visit(outline.root, 1)
    return tuple(out)


def _fonts(pdf: pikepdf.Pdf) -> tuple[Font, ...]:
    seen: dict[tuple, Font] = {}
    for page in pdf.pages:
        resources = [page.obj.get("/Resources")]
        while resources:
            res = resources.pop()
            if not isinstance(res, Dictionary):
                continue
            for font in (res.get("/Font") or {}).values():
                if font.objgen in seen:
                    continue
                described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = described.get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                name = str(font.get("/BaseFont", ""))[1:]
                seen[font.objgen] = Font(name, embedded, bool(re.match(r"[A-Z]{6}\+", name)))
            for xobject in (res.get("/XObject") or {}).values():
                resources.append(xobject.get("/Resources"))
    return tuple(sorted(set(seen.values()), key=lambda f: f.name))


def facts(path: Path) -> Facts:
    """Everything `tag_problems` judges, read with pikepdf."""
    with pikepdf.open(path) as pdf:
        counts, notes, reachable = _structure(pdf)
        pagination, untagged_content = _content(pdf, reachable)
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        untagged = sum(1 for a in annotations if "/StructParent" not in a)
        dests = destinations(pdf)
        broken = tuple(str(a.Dest) for a in annotations if "/Dest" in a and str(a.Dest) not in dests)
        meta = pdf.open_metadata(set_pikepdf_as_editor=False)
        info = {str(k)[1:]: str(v) for k, v in pdf.docinfo.items()}
        return Facts(
            pages=len(pdf.pages),
            structure=counts,
            marked=bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False)),
            lang=str(pdf.Root.Lang) if "/Lang" in pdf.Root else None,
            title=info.get("Title"),
            display_doc_title=bool(pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)),
            pdfua_part=meta.get("pdfuaid:part"),
            outline=_outline(pdf),
            fonts=_fonts(pdf),
            note_ids=tuple(notes),
            pagination_artifacts=pagination,
            untagged_content=untagged_content,
            untagged_annotations=untagged,
            broken_links=broken,
            info=info,
        )


def blank_pages(path: Path) -> int:
    """Pages with no tagged content at all: the print master's blank versos and the pages that fill its last
    signature, which carry no running head and no page number."""
    with pikepdf.open(path) as pdf:
        count = 0
        for page in pdf.pages:
            contents = page.obj.Contents
            streams = list(contents) if isinstance(contents, Array) else [contents]
            count += not any(_MCID.search(s.read_bytes()) for s in streams)
        return count


def tag_problems(found: Facts, doc: m.Document, blank: int = 0) -> list[str]:
    """What an accessible, printable edition of `doc` lacks. Empty when all is well. `blank` pages (see
    `blank_pages`) carry no running head or page number."""
    out = []
    if not found.structure.get("Document"):
        out.append("no structure tree")
    if not found.marked:
        out.append("MarkInfo /Marked is not true")
    if found.lang != doc.meta.lang:
        out.append(f"/Lang is {found.lang!r}, not {doc.meta.lang!r}")
    if not found.title or doc.meta.title not in found.title:
        out.append(f"title {found.title!r} does not hold {doc.meta.title!r}")
    if not found.display_doc_title:
        out.append("DisplayDocTitle is not set")
    if found.pdfua_part != "1":
        out.append(f"XMP pdfuaid:part is {found.pdfua_part!r}, not '1'")
    expected = tuple((entry.level, entry.label) for entry in doc.contents)
    if found.outline != expected:
        out.append(f"outline {found.outline} is not one entry per heading and annex {expected}")
    out.extend(f"font {f.name} is not embedded" for f in found.fonts if not f.embedded)
    out.extend(f"font {f.name} is embedded whole, not as a subset" for f in found.fonts if f.embedded and not f.subset)
    if list(found.note_ids) != [note.id for note in doc.notes]:
        out.append(f"{len(found.note_ids)} Note elements with IDs, not the {len(doc.notes)} footnotes in order")
    if found.pages - blank > 1 and found.pagination_artifacts < 2 * (found.pages - blank - 1):
        out.append(f"running heads and page numbers are not all pagination artifacts "
                   f"({found.pagination_artifacts} on {found.pages} pages, {blank} blank)")
    if found.untagged_content:
        out.append(f"{found.untagged_content} marked-content sequence(s) outside the structure tree")
    if found.broken_links:
        out.append(f"links to missing destinations: {', '.join(found.broken_links[:10])}")
    if found.untagged_annotations:
        out.append(f"{found.untagged_annotations} link annotation(s) outside the structure tree")
    return out


# ---------------------------------------------------------------- text in reading order

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad"))


def pdftotext_pages(path: Path) -> list[str]:
    """The text of each page as Debian's pdftotext lays it out (-layout: one line per printed line)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise RuntimeError("pdftotext is missing: install poppler-utils (scripts/setup does)")
    result = subprocess.run([tool, "-layout", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, check=True, timeout=300)
    return result.stdout.decode("utf-8").split("\f")[:-1]


def _squeeze(text: str) -> str:
    """Text for comparison: NFC, no invisible or direction marks, no white space at all."""
    return "".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).split())


def _joined(lines: list[str]) -> list[str]:
    """Lines with words hyphenated by the layout (U+2010 at the end of a line) joined again."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].endswith("\u2010"):
            out[-1] = out[-1][:-1] + line.lstrip()
        else:
            out.append(line)
    return out


def _lines(page: str) -> list[str]:
    """The lines of a page that hold text, hyphenated words joined."""
    return [line for line in _joined(page.splitlines()) if line.strip()]


def split_page(page: str, number: int, doc: m.Document, notes: list[str], next_note: int
               ) -> tuple[list[str], list[str], list[str], int]:
    """One page as (furniture, body lines, note lines, number of the last note on it). Furniture is the running
    head (pages after the first) and the page number; the notes are the run of whole notes, from `next_note` on,
    that ends the page; `notes` holds the squeezed text of each note, its marker first."""
    lines = _lines(page)
    furniture = []
    heads = {_squeeze(doc.meta.symbol or ""), _squeeze(doc.meta.title)} - {""}
    if number > 1 and lines and _squeeze(lines[0]) in heads:
        furniture.append(lines.pop(0))
    if lines and _squeeze(lines[-1]) == str(number):
        furniture.append(lines.pop())
    squeezed = [_squeeze(line) for line in lines]
    for start in range(len(lines)):
        if next_note > len(notes) or not squeezed[start].startswith(notes[next_note - 1][:len(squeezed[start])]):
            continue
        rest, expected = "".join(squeezed[start:]), ""
        for index in range(next_note - 1, len(notes)):
            expected += notes[index]
            if expected == rest:
                return furniture, lines[:start], lines[start:], index + 1
            if not rest.startswith(expected):
                break
    return furniture, lines, [], next_note - 1


def reading_problems(path: Path, doc: m.Document, source: SourceText) -> tuple[list[str], dict[str, int]]:
    """Whether pdftotext finds every text unit of the source (read from the source, not the model), body and
    notes, each in reading order. Returns the problems and counts: pages, pages with a running head, notes
    found whole at page feet."""
    pages = pdftotext_pages(path)
    notes = [_squeeze(note.marker + "".join(note.text(calls=True))) for note in source.notes]
    body, feet, heads, last = [], [], 0, 0
    for number, page in enumerate(pages, start=1):
        furniture, text, found, last = split_page(page, number, doc, notes, last + 1)
        heads += any(_squeeze(line) != str(number) for line in furniture)
        body.extend(text)
        feet.extend(found)
    units = [_squeeze(u) for u in source.body(calls=True)]
    problems = parity_problems(units, _squeeze(" ".join(_joined(body))))  # a word hyphenated across two pages
    note_text = [_squeeze(u) for note in source.notes for u in note.text(calls=True)]
    notes_found = parity_problems(note_text, _squeeze(" ".join(feet)))
    if problems or notes_found:
        cells = block_texts(path)
        problems = _not_in_a_block(problems, units, cells)
        notes_found = _not_in_a_block(notes_found, note_text, cells)
    problems += [f"note text: {p}" for p in notes_found]
    if last != len(notes):
        problems.append(f"only {last} of {len(notes)} notes found, whole and in order, at the foot of pages")
    return problems, {"pages": len(pages), "running heads": heads, "notes at page feet": last}


def block_texts(path: Path) -> list[str]:
    """The squeezed text of each block pdftotext finds on the pages (a table cell is one): where the reading line by
    line across a row mixes the lines of cells that wrap, each cell is still whole in its block."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"], capture_output=True,
                         check=True, timeout=300).stdout
    root = etree.fromstring(out, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    return [_squeeze("".join(_joined([" ".join(w.text or "" for w in line.iter("{*}word"))
                                      for line in block.iter("{*}line")])))
            for block in root.iter("{*}block")]


def _not_in_a_block(problems: list[str], units: list[str], blocks: list[str]) -> list[str]:
    """The problems but those of a unit found whole in one block: present, if not in the reading of the lines."""
    kept = []
    for problem in problems:
        found = re.match(r"unit (\d+) (missing|out of order)", problem)
        unit = units[int(found.group(1)) - 1] if found else None
        if unit is None or not any(unit in block for block in blocks):
            kept.append(problem)
    return kept


# ---------------------------------------------------------------- previews


def preview(path: Path, page: int, target: Path, resolution: int = 100) -> Path:
    """One page rendered to PNG by pdftoppm, for a person to look at."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise RuntimeError("pdftoppm is missing: install poppler-utils (scripts/setup does)")
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool, "-png", "-r", str(resolution), "-f", str(page), "-l", str(page), "-singlefile",
                    str(path), str(target.with_suffix(""))], check=True, capture_output=True, timeout=120)
    return target


def annex_pages(path: Path, doc: m.Document) -> list[int]:
    """The page each annex starts on."""
    with pikepdf.open(path) as pdf:
        dests = destinations(pdf)
    return [dests.get(annex.id, 0) for annex in doc.annexes]
