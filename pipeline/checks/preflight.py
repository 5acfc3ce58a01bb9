"""Preflight of a print master: the checks a print shop runs on a PDF/X file (ISO 15930-4 for PDF/X-1a:2003,
ISO 15930-7 for PDF/X-4), read with pikepdf from the file alone, each counting what is wrong in the whole file.

    python -m pipeline.checks.preflight FILE.pdf ...     one table; exit 1 if any check finds an error
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pikepdf
from pikepdf import Dictionary, Name

from pipeline.checks.pdfcontent import Content

MM = 72 / 25.4
BLEED = 3 * MM
PPI = 300
TOLERANCE = 0.01  # points: rounding in box coordinates
NS_PDFX = "http://ns.adobe.com/pdfx/1.3/"
NS_PDFXID = "http://www.npes.org/pdfx/ns/id/"
#: Colour spaces each variant allows when the output intent is CMYK. PDF/X-4 takes colour-managed colour (ICC-based,
#: Lab) and device CMYK and grey; PDF/X-1a only CMYK, grey and spot colours. Device RGB is in neither.
ALLOWED = {
    "PDF/X-4": {"DeviceCMYK", "DeviceGray", "ICCBased", "Lab", "CalGray", "CalRGB", "Separation", "DeviceN",
                "Indexed", "Pattern"},
    "PDF/X-1a": {"DeviceCMYK", "DeviceGray", "Separation", "DeviceN", "Indexed", "Pattern"},
}
CHECKS = ("PDF/X identification", "page boxes present and nested", "bleed at least 3 mm", "same trim on every page",
          "fonts embedded and subset", "output intent", "colour spaces", "transparency",
          f"images at {PPI} ppi or more", "annotations inside the trim")


@dataclass(frozen=True)
class Result:
    """One check over the whole file: how many errors and warnings, and a word on what it saw."""

    check: str
    errors: int
    warnings: int = 0
    detail: str = ""


@dataclass(frozen=True)
class Report:
    variant: str | None  # "PDF/X-4", "PDF/X-1a", or None when the file does not say
    pages: int
    results: tuple[Result, ...]

    @property
    def ok(self) -> bool:
        return all(r.errors == 0 for r in self.results)


def _some(items: list[str], limit: int = 3) -> str:
    return "; ".join(items[:limit]) + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


# ---------------------------------------------------------------- identification


def variant_of(pdf: pikepdf.Pdf) -> str | None:
    """The PDF/X part the file claims: PDF/X-4 from its XMP, PDF/X-1a from its Info dictionary."""
    meta = pdf.open_metadata(set_pikepdf_as_editor=False)
    if str(meta.get(f"{{{NS_PDFXID}}}GTS_PDFXVersion", "")).startswith("PDF/X-4"):
        return "PDF/X-4"
    if str(pdf.docinfo.get("/GTS_PDFXConformance", "")).startswith("PDF/X-1a"):
        return "PDF/X-1a"
    return None


def identification(pdf: pikepdf.Pdf, raw: bytes, variant: str | None) -> Result:
    """The PDF/X version keys, Trapped, the XMP a PDF/X-4 needs, the PDF version, no encryption."""
    problems = []
    meta = pdf.open_metadata(set_pikepdf_as_editor=False)
    info = pdf.docinfo
    if variant is None:
        problems.append("no PDF/X identification (XMP pdfxid:GTS_PDFXVersion or Info GTS_PDFXConformance)")
    elif variant == "PDF/X-4":
        if pdf.pdf_version > "1.6":
            problems.append(f"PDF {pdf.pdf_version}: PDF/X-4 is PDF 1.6 at most")
        for key in ("xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass"):
            if not meta.get(key):
                problems.append(f"XMP {key} missing")
    else:
        expected = {"/GTS_PDFXVersion": "PDF/X-1:2003", "/GTS_PDFXConformance": "PDF/X-1a:2003"}
        problems += [f"Info {k[1:]} is {str(info.get(k))!r}, not {v!r}" for k, v in expected.items()
                     if str(info.get(k, "")) != v]
        if pdf.pdf_version > "1.4":
            problems.append(f"PDF {pdf.pdf_version}: PDF/X-1a:2003 is PDF 1.4 at most")
        if b"/ObjStm" in raw or b"/XRef" in raw:
            problems.append("object or cross-reference streams (PDF 1.5), which PDF/X-1a:2003 cannot have")
    trapped = str(info.get("/Trapped", ""))
    if trapped not in ("/True", "/False"):
        problems.append(f"Info Trapped is {trapped or 'missing'}, not /True or /False")
    elif str(meta.get("pdf:Trapped", "")) != trapped[1:]:
        problems.append(f"XMP pdf:Trapped {meta.get('pdf:Trapped')!r} does not match Info Trapped {trapped}")
    if not (info.get("/Title") or meta.get("dc:title")):
        problems.append("no title")
    problems += [f"Info {k[1:]} missing" for k in ("/CreationDate", "/ModDate") if k not in info]
    if pdf.is_encrypted:
        problems.append("encrypted")
    return Result(CHECKS[0], len(problems), 0, _some(problems) or str(variant))


# ---------------------------------------------------------------- pages


def _box(page: Dictionary, key: str) -> tuple[float, ...] | None:
    if key not in page:
        return None
    x0, y0, x1, y1 = (float(v) for v in page[key])
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner, outer) -> bool:
    return (inner[0] >= outer[0] - TOLERANCE and inner[1] >= outer[1] - TOLERANCE
            and inner[2] <= outer[2] + TOLERANCE and inner[3] <= outer[3] + TOLERANCE)


def boxes(pdf: pikepdf.Pdf) -> list[Result]:
    """Page boxes present and nested; bleed at least 3 mm beyond the trim; one trim size for every page."""
    nesting, bleed, sizes, smallest = [], [], [], None
    first = None
    for number, page in enumerate(pdf.pages, start=1):
        obj = page.obj
        media, crop = _box(obj, "/MediaBox"), _box(obj, "/CropBox")
        trim, art, bleeds = _box(obj, "/TrimBox"), _box(obj, "/ArtBox"), _box(obj, "/BleedBox")
        if trim is None:
            nesting.append(f"page {number}: no TrimBox")
        elif art is not None:
            nesting.append(f"page {number}: both TrimBox and ArtBox")
        elif bleeds is None:
            nesting.append(f"page {number}: no BleedBox")
        elif not (_inside(trim, bleeds) and _inside(bleeds, media) and (crop is None or _inside(bleeds, crop))):
            nesting.append(f"page {number}: not Trim ⊂ Bleed ⊂ Media")
        if trim is None:
            continue
        margin = min(trim[0] - bleeds[0], bleeds[2] - trim[2], trim[1] - bleeds[1], bleeds[3] - trim[3]) \
            if bleeds is not None else 0.0
        smallest = margin if smallest is None else min(smallest, margin)
        if margin < BLEED - TOLERANCE:
            bleed.append(f"page {number}: {margin / MM:.1f} mm")
        size = (trim[2] - trim[0], trim[3] - trim[1])
        first = first or size
        if abs(size[0] - first[0]) > TOLERANCE or abs(size[1] - first[1]) > TOLERANCE:
            sizes.append(f"page {number}: {size[0] / MM:.1f} × {size[1] / MM:.1f} mm")
    trim_size = f"{first[0] / MM:.1f} × {first[1] / MM:.1f} mm" if first else "no trim"
    return [Result(CHECKS[1], len(nesting), 0, _some(nesting) or f"{len(pdf.pages)} pages"),
            Result(CHECKS[2], len(bleed), 0,
                   _some(bleed) or (f"{smallest / MM:.1f} mm" if smallest is not None else "")),
            Result(CHECKS[3], len(sizes), 0, _some(sizes) or trim_size)]


# ---------------------------------------------------------------- resources: fonts and transparency


def _resources(pdf: pikepdf.Pdf):
    """(where, resources) for every page, and every form, pattern, Type 3 font and annotation appearance below."""
    seen: set = set()
    stack = []
    for number, page in enumerate(pdf.pages, start=1):
        stack.append((f"page {number}", page.obj.get("/Resources")))
        for annotation in page.obj.get("/Annots", []):
            for appearance in (annotation.get("/AP") or {}).values():
                if isinstance(appearance, pikepdf.Stream):
                    stack.append((f"page {number} annotation", appearance.get("/Resources")))
    stack.reverse()  # the first page that shares a dictionary names it
    while stack:
        where, res = stack.pop()
        if not isinstance(res, Dictionary) or (res.is_indirect and res.objgen in seen):
            continue
        if res.is_indirect:
            seen.add(res.objgen)
        yield where, res
        for group in ("/XObject", "/Pattern", "/Font"):
            for name, item in (res.get(group) or {}).items():
                if isinstance(item, (Dictionary, pikepdf.Stream)) and "/Resources" in item:
                    stack.append((f"{where} {name}", item.Resources))


def fonts(pdf: pikepdf.Pdf) -> Result:
    """Every font embedded (Type 3 fonts are drawn by the file itself); a whole font embedded is a warning."""
    seen: dict = {}
    for _, res in _resources(pdf):
        for font in (res.get("/Font") or {}).values():
            if font.objgen in seen and font.is_indirect:
                continue
            name = str(font.get("/BaseFont", "/Type3"))[1:]
            if font.get("/Subtype") == Name.Type3:
                seen[font.objgen] = (name, True, True)
                continue
            described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor") or {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            seen[font.objgen] = (name, embedded, len(name) > 7 and name[6] == "+" and name[:6].isupper())
    missing = [name for name, embedded, _ in seen.values() if not embedded]
    whole = [name for name, embedded, subset in seen.values() if embedded and not subset]
    return Result(CHECKS[4], len(missing), len(whole),
                  _some([f"{n} not embedded" for n in missing] + [f"{n} embedded whole" for n in whole])
                  or f"{len(seen)} fonts, all embedded subsets")


def transparency(pdf: pikepdf.Pdf, variant: str | None) -> Result:
    """Constant alpha below 1, soft masks, blend modes other than Normal, transparency groups: none in PDF/X-1a."""
    found = []
    for where, res in _resources(pdf):
        for name, state in (res.get("/ExtGState") or {}).items():
            if (float(state.get("/ca", 1)) < 1 or float(state.get("/CA", 1)) < 1
                    or str(state.get("/SMask", "/None")) != "/None"
                    or str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible")):
                found.append(f"{where}: graphics state {name}")
        for name, item in (res.get("/XObject") or {}).items():
            if "/SMask" in item or int(item.get("/SMaskInData", 0)):
                found.append(f"{where}: soft mask on {name}")
            group = item.get("/Group")
            if isinstance(group, Dictionary) and group.get("/S") == Name.Transparency:
                found.append(f"{where}: transparency group {name}")
    for number, page in enumerate(pdf.pages, start=1):
        group = page.obj.get("/Group")
        if isinstance(group, Dictionary) and group.get("/S") == Name.Transparency:
            found.append(f"page {number}: page transparency group")
    if variant == "PDF/X-1a":
        return Result(CHECKS[7], len(found), 0, _some(found) or "none")
    allowed = f"{len(found)} transparency group(s) or state(s), allowed in {variant}"
    return Result(CHECKS[7], 0, 0, allowed if found else "none")


# ---------------------------------------------------------------- content: colour and images


def colours(content: Content, variant: str | None, intent_space: str | None) -> Result:
    """Every colour space drawn with, against what the variant allows (device RGB only under an RGB intent)."""
    allowed = set(ALLOWED.get(variant or "PDF/X-1a"))
    if intent_space == "RGB":
        allowed.add("DeviceRGB")
    bad = sum(count for space, count in content.colours.items() if space not in allowed) + len(content.undefined)
    detail = ", ".join(f"{space} {count}" + ("" if space in allowed else " (not allowed)")
                       for space, count in sorted(content.colours.items()))
    return Result(CHECKS[6], bad, 0, _some(content.undefined) or detail or "nothing drawn")


def images(content: Content) -> Result:
    low = [(where, ppi) for where, ppi in content.images if ppi < PPI]
    if not content.images:
        return Result(CHECKS[8], 0, 0, "no images")
    lowest = min(ppi for _, ppi in content.images)
    return Result(CHECKS[8], len(low), 0, _some([f"{w}: {p:.0f} ppi" for w, p in low])
                  or f"{len(content.images)} image(s), lowest {lowest:.0f} ppi")


# ---------------------------------------------------------------- output intent and annotations


def output_intent(pdf: pikepdf.Pdf, variant: str | None) -> tuple[Result, str | None]:
    """Exactly one GTS_PDFX output intent, naming its condition, with an output profile embedded whose colour
    space is the one its /N says (CMYK for PDF/X-1a). Returns the result and the profile's colour space."""
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFX]
    problems, space = [], None
    if len(intents) != 1:
        problems.append(f"{len(intents)} GTS_PDFX output intents, not 1")
    for intent in intents[:1]:
        if not str(intent.get("/OutputConditionIdentifier", "")):
            problems.append("no OutputConditionIdentifier")
        profile = intent.get("/DestOutputProfile")
        if profile is None:
            problems.append("no DestOutputProfile (the ICC profile is not embedded)")
            continue
        data = profile.read_bytes()
        if len(data) < 132 or data[36:40] != b"acsp":
            problems.append("DestOutputProfile is not an ICC profile")
            continue
        space = data[16:20].decode("latin-1").strip()
        if data[12:16] != b"prtr":
            problems.append(f"profile class {data[12:16].decode('latin-1')!r}, not an output profile ('prtr')")
        if int(profile.get("/N", 0)) != {"CMYK": 4, "RGB": 3, "GRAY": 1}.get(space, 0):
            problems.append(f"/N {profile.get('/N')} does not match the profile's colour space {space}")
        if variant == "PDF/X-1a" and (space != "CMYK" or data[8] > 2):
            problems.append(f"PDF/X-1a:2003 needs a version 2 CMYK profile, not version {data[8]} {space}")
    name = str(intents[0].get("/OutputConditionIdentifier", "")) if intents else ""
    return Result(CHECKS[5], len(problems), 0, _some(problems) or f"{name} ({space})"), space


def annotations(pdf: pikepdf.Pdf) -> Result:
    """Inside the trim, only links that cannot print (and printer's marks or trap networks)."""
    found, links = [], 0
    for number, page in enumerate(pdf.pages, start=1):
        trim = _box(page.obj, "/TrimBox") or _box(page.obj, "/MediaBox")
        for annotation in page.obj.get("/Annots", []):
            x0, y0, x1, y1 = (float(v) for v in annotation.Rect)
            if min(x0, x1) > trim[2] or max(x0, x1) < trim[0] or min(y0, y1) > trim[3] or max(y0, y1) < trim[1]:
                continue
            subtype = str(annotation.get("/Subtype"))
            if subtype in ("/PrinterMark", "/TrapNet"):
                continue
            if subtype == "/Link" and not int(annotation.get("/F", 0)) & 4:
                links += 1
                continue
            found.append(f"page {number}: {subtype[1:]}" + (" (printing)" if subtype == "/Link" else ""))
    return Result(CHECKS[9], len(found), 0, _some(found) or f"{links} links, none printing")


# ---------------------------------------------------------------- the whole preflight


def run(source: Path | BinaryIO) -> Report:
    """Every check on one file."""
    raw = source.read_bytes() if isinstance(source, Path) else source.getvalue() if isinstance(
        source, io.BytesIO) else source.read()
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        variant = variant_of(pdf)
        intent, space = output_intent(pdf, variant)
        content = Content(pdf)
        results = (identification(pdf, raw, variant), *boxes(pdf), fonts(pdf), intent,
                   colours(content, variant, space), transparency(pdf, variant), images(content), annotations(pdf))
        return Report(variant, len(pdf.pages), results)


def table(reports: dict[str, Report]) -> str:
    """The reports as one table: file, check, errors, warnings, result."""
    header = ("file", "check", "errors", "warnings", "result")
    lines = [(name, r.check, str(r.errors), str(r.warnings), ("ok " if not r.errors else "FAIL ") + r.detail)
             for name, report in reports.items() for r in report.results]
    widths = [max(len(x[i]) for x in [header, *lines]) for i in range(len(header) - 1)]
    return "\n".join("  ".join([*(c.ljust(w) for c, w in zip(line, widths)), line[-1]]).rstrip()
                     for line in [header, *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.checks.preflight", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    reports = {}
    for path in args.files:
        try:
            reports[str(path)] = run(path)
        except (OSError, pikepdf.PdfError) as exc:
            print(f"preflight: error: {path}: {exc}", file=sys.stderr)
            return 2
    print(table(reports))
    failed = sum(not r.ok for r in reports.values())
    print(f"{len(reports)} file(s), {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
