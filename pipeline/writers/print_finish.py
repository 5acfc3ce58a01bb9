"""Finishing the printer's master with pikepdf: the sheet widened for crop and registration marks drawn in the
registration colour, the output intent with its ICC profile, the PDF/X keys WeasyPrint gets wrong or leaves random,
PDF/X-1a's stricter rules, and blank pages to fill the last signature. Anything unexpected raises."""

from __future__ import annotations

import io
import uuid

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

from pipeline.icc import Intent

MM = 72 / 25.4
#: How far the sheet (MediaBox) reaches beyond the trim: room for the marks, outside the 3 mm bleed.
SLUG = 12 * MM
#: Crop marks: from this far outside the trim (clear of the bleed, so they never print on the page) ...
CROP_FROM = 5 * MM
#: ... to this far; a hairline of 0.25 pt, the usual weight.
CROP_TO = 10 * MM
MARK_WIDTH = 0.25
#: Registration targets at the middle of each side: a circle and a cross, this far outside the trim.
TARGET_AT = 7.5 * MM
TARGET_RADIUS = 2 * MM
TARGET_ARM = 3.5 * MM
#: The registration colour: every plate at 100 %, so the marks show on each separation.
REGISTRATION = Name("/PMAll")
X1A = ("PDF/X-1:2003", "PDF/X-1a:2003")
NS_PDFX = "http://ns.adobe.com/pdfx/1.3/"
NS_PDFXID = "http://www.npes.org/pdfx/ns/id/"


class FinishingError(RuntimeError):
    """The file cannot be made into the master asked for (e.g. transparency in a PDF/X-1a)."""


# ---------------------------------------------------------------- marks


def _box(page: Dictionary, key: str) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in page[key])
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _n(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def _circle(cx: float, cy: float, r: float) -> str:
    """A circle as four Bézier curves."""
    k = 0.5523 * r
    points = [(cx + r, cy), (cx + r, cy + k, cx + k, cy + r, cx, cy + r), (cx - k, cy + r, cx - r, cy + k, cx - r, cy),
              (cx - r, cy - k, cx - k, cy - r, cx, cy - r), (cx + k, cy - r, cx + r, cy - k, cx + r, cy)]
    first, *curves = points
    return " ".join([f"{_n(first[0])} {_n(first[1])} m"] + [" ".join(map(_n, c)) + " c" for c in curves]) + " S"


def marks_content(trim: tuple[float, float, float, float]) -> bytes:
    """Crop marks at the four corners and registration targets at the middle of each side, as a page artifact
    (ISO 32000-1, 14.8.2.2: "cut marks and colour bars"), stroked in the registration colour."""
    x0, y0, x1, y1 = trim
    lines = []
    for x, out in ((x0, -1), (x1, 1)):
        for y, up in ((y0, -1), (y1, 1)):
            lines.append(f"{_n(x + out * CROP_FROM)} {_n(y)} m {_n(x + out * CROP_TO)} {_n(y)} l S")
            lines.append(f"{_n(x)} {_n(y + up * CROP_FROM)} m {_n(x)} {_n(y + up * CROP_TO)} l S")
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    for cx, cy in ((mid_x, y1 + TARGET_AT), (mid_x, y0 - TARGET_AT), (x0 - TARGET_AT, mid_y), (x1 + TARGET_AT, mid_y)):
        lines.append(_circle(cx, cy, TARGET_RADIUS))
        lines.append(f"{_n(cx - TARGET_ARM)} {_n(cy)} m {_n(cx + TARGET_ARM)} {_n(cy)} l S")
        lines.append(f"{_n(cx)} {_n(cy - TARGET_ARM)} m {_n(cx)} {_n(cy + TARGET_ARM)} l S")
    body = "\n".join(lines)
    return (f"/Artifact <</Type /Page>> BDC\nq\n{REGISTRATION} CS 1 SCN {_n(MARK_WIDTH)} w 0 J 0 j []0 d\n"
            f"{body}\nQ\nEMC\n").encode()


def _registration(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """[/Separation /All /DeviceCMYK tint -> (t t t t)]: the registration colour."""
    tint = Dictionary(FunctionType=2, Domain=Array([0, 1]), C0=Array([0, 0, 0, 0]), C1=Array([1, 1, 1, 1]), N=1)
    return pdf.make_indirect(Array([Name.Separation, Name.All, Name.DeviceCMYK, pdf.make_indirect(tint)]))


def add_marks(pdf: pikepdf.Pdf) -> None:
    """Every page: the sheet widened by the slug, and the marks drawn first, in one content stream shared by
    every page of the same trim."""
    colour = _registration(pdf)
    shared: dict[tuple, pikepdf.Object] = {}
    for index, page in enumerate(pdf.pages, start=1):
        obj = page.obj
        if "/TrimBox" not in obj or "/BleedBox" not in obj:
            raise FinishingError(f"page {index} has no TrimBox or BleedBox: is `bleed` set in print-master.css?")
        trim = _box(obj, "/TrimBox")
        obj.MediaBox = Array([round(v, 3) for v in (trim[0] - SLUG, trim[1] - SLUG, trim[2] + SLUG, trim[3] + SLUG)])
        resources = obj.Resources
        if "/ColorSpace" not in resources:
            resources.ColorSpace = Dictionary()
        if REGISTRATION not in resources.ColorSpace:
            resources.ColorSpace[REGISTRATION] = colour
        if trim not in shared:
            shared[trim] = pdf.make_stream(marks_content(trim))
        contents = obj.Contents
        obj.Contents = Array([shared[trim], *(contents if isinstance(contents, Array) else [contents])])


def pad(pdf: pikepdf.Pdf, signature: int) -> int:
    """Blank pages at the end, up to a multiple of `signature` pages (4 for saddle stitching): the last page's
    boxes and marks, nothing else. Returns how many were added."""
    missing = -len(pdf.pages) % signature if signature > 1 else 0
    if missing:
        last = pdf.pages[-1].obj
        for _ in range(missing):
            blank = Dictionary(Type=Name.Page, MediaBox=last.MediaBox, TrimBox=last.TrimBox, BleedBox=last.BleedBox,
                               Resources=last.Resources, Contents=last.Contents[0])
            pdf.pages.append(pikepdf.Page(blank))
    return missing


# ---------------------------------------------------------------- output intent and identification


def add_output_intent(pdf: pikepdf.Pdf, intent: Intent) -> None:
    """One GTS_PDFX output intent with the profile embedded, naming the printing condition."""
    components = 4 if intent.profile[16:20] == b"CMYK" else 3 if intent.profile[16:20] == b"RGB " else 1
    profile = pdf.make_stream(intent.profile)
    profile.N = components
    entry = Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFX,
                       OutputConditionIdentifier=String(intent.identifier), OutputCondition=String(intent.condition),
                       Info=String(intent.info), DestOutputProfile=profile)
    if intent.registry:
        entry.RegistryName = String(intent.registry)
    pdf.Root.OutputIntents = Array([pdf.make_indirect(entry)])


def identify(pdf: pikepdf.Pdf, variant: str, key: str) -> None:
    """The XMP and Info keys of the variant. WeasyPrint writes a random xmpMM:DocumentID (made here from what the
    file is made from), no PDF/UA identification (the tags are the screen edition's), and for PDF/X-1a the name of
    the conformance level where ISO 15930-4 wants the version ("PDF/X-1:2003")."""
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["xmpMM:DocumentID"] = f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"
        meta["xmpMM:InstanceID"] = f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key + '|instance')}"
        meta["pdfuaid:part"] = "1"
        if variant == "print-x1a":
            meta[f"{{{NS_PDFX}}}GTS_PDFXVersion"], meta[f"{{{NS_PDFX}}}GTS_PDFXConformance"] = X1A
            del meta[f"{{{NS_PDFXID}}}GTS_PDFXVersion"]
            del meta[f"{{{NS_PDFXID}}}part"]  # WeasyPrint's, a property no schema defines
        else:  # PDF/X-4 is identified by pdfxid:GTS_PDFXVersion alone; it has no conformance level
            del meta[f"{{{NS_PDFX}}}GTS_PDFXConformance"]
    if variant == "print-x1a":
        pdf.docinfo.GTS_PDFXVersion, pdf.docinfo.GTS_PDFXConformance = (String(v) for v in X1A)


def links_do_not_print(pdf: pikepdf.Pdf) -> None:
    """Links lie inside the trim; PDF/X lets them stay only if nothing of them can print."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == Name.Link:
                annotation.F = int(annotation.get("/F", 0)) & ~4
                annotation.Border = Array([0, 0, 0])


# ---------------------------------------------------------------- PDF/X-1a


def _transparent(state: Dictionary) -> bool:
    return (float(state.get("/ca", 1)) < 1 or float(state.get("/CA", 1)) < 1
            or state.get("/SMask", Name("/None")) != Name("/None")
            or state.get("/BM", Name.Normal) not in (Name.Normal, Name.Compatible))


def resources(pdf: pikepdf.Pdf):
    """(where, resource dictionary) for every page and every form, pattern and Type 3 font reachable from them."""
    seen: set = set()
    stack = [(f"page {number}", page.obj.get("/Resources")) for number, page in enumerate(pdf.pages, start=1)]
    while stack:
        where, res = stack.pop()
        if not isinstance(res, Dictionary) or (res.is_indirect and res.objgen in seen):
            continue
        if res.is_indirect:
            seen.add(res.objgen)
        yield where, res
        for group in ("/XObject", "/Pattern", "/Font"):
            for name, item in (res.get(group) or {}).items():
                if isinstance(item, (Dictionary, Stream)) and "/Resources" in item:
                    stack.append((f"{where}, {name}", item.Resources))


def transparency(pdf: pikepdf.Pdf) -> list[str]:
    """What is drawn transparent: graphics states with alpha, soft masks or blend modes; images with soft masks."""
    found = []
    for where, res in resources(pdf):
        found += [f"{where}: graphics state {name}" for name, state in (res.get("/ExtGState") or {}).items()
                  if _transparent(state)]
        found += [f"{where}: image {name} (soft mask)" for name, item in (res.get("/XObject") or {}).items()
                  if item.get("/Subtype") == Name.Image and "/SMask" in item]
    return found


def drop_idle_groups(pdf: pikepdf.Pdf) -> int:
    """WeasyPrint puts every form (the footnote rule, say) in a transparency group. When nothing is transparent, a
    group only sends the page down a RIP's transparency path: the groups go. Returns how many."""
    dropped = 0
    for _, res in resources(pdf):
        for item in (res.get("/XObject") or {}).values():
            group = item.get("/Group")
            if isinstance(group, Dictionary) and group.get("/S") == Name.Transparency:
                del item["/Group"]
                dropped += 1
    return dropped


def x1a(pdf: pikepdf.Pdf) -> None:
    """PDF/X-1a: no transparency and no colour but CMYK, grey and spot. Real transparency is refused, never
    flattened; WeasyPrint's two Lab colour spaces, declared on every page and never drawn with, go (the preflight
    then checks every colour that is drawn)."""
    found = transparency(pdf)
    if found:
        raise FinishingError(f"{found[0]} is transparent, which PDF/X-1a forbids: use --variant print (PDF/X-4)")
    for _, res in resources(pdf):
        spaces = res.get("/ColorSpace")
        if spaces is not None:
            for name in [n for n, space in spaces.items() if isinstance(space, Array) and space[0] == Name.Lab]:
                del spaces[name]


# ---------------------------------------------------------------- the whole step


def apply(pdf: pikepdf.Pdf, variant: str, intent: Intent, key: str, signature: int = 1) -> int:
    """Finish a tagged PDF/X from WeasyPrint in place; returns how many blank pages were added."""
    if variant == "print-x1a":
        x1a(pdf)
    if not transparency(pdf):
        drop_idle_groups(pdf)
    add_marks(pdf)
    added = pad(pdf, signature)
    add_output_intent(pdf, intent)
    links_do_not_print(pdf)
    identify(pdf, variant, key)
    return added


def save(pdf: pikepdf.Pdf, variant: str) -> bytes:
    """The file, the same bytes for the same input: PDF 1.6 with object streams for PDF/X-4; PDF 1.4 with a
    classic cross-reference table for PDF/X-1a:2003, which is based on PDF 1.4."""
    out = io.BytesIO()
    if variant == "print-x1a":
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 compress_streams=True, force_version="1.4")
    else:
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True, force_version="1.6")
    return out.getvalue()
