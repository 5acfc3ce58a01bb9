"""The printer's master (PDF/X-4 and PDF/X-1a): the preflight passes on the seed and the specimen, every check of it
fails on a deliberately broken file, the pages are the screen edition's set for duplex printing (annexes on rectos,
blank versos bare, padding to a signature), tags and footnotes as in the screen PDF, byte-identical builds, a preview
with the marks. The 300-page document is behind `make print-long` (PIPELINE_PRINT_LONG=1)."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from PIL import Image

from conftest import ROOT, SEED, SPECIMEN, source_text
from pipeline import icc, synth
from pipeline.checks import pdf as checks
from pipeline.checks import preflight
from pipeline.loader import load
from pipeline.writers import Options, pdf_layout, print_finish, printmaster
from pipeline.writers import pdf as screen

DOCUMENTS = {"seed": SEED, "specimen": SPECIMEN}
MM = 72 / 25.4
LONG = {"paragraphs": 1500, "notes": 450}


def options(source: Path, **changes) -> Options:
    return Options(source_dir=source.parent, **{"pdf_variant": "print", **changes})


def cli(source: Path, target: Path, *extra: str, wait: bool = True):
    """`pipeline build --to pdf --variant print` in its own process."""
    command = [sys.executable, "-m", "pipeline", "build", str(source), "--to", "pdf", "-q", "-o", str(target), *extra]
    if "--variant" not in extra:
        command += ["--variant", "print"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0"}
    if wait:
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)


class Master:
    """A print master built in this process (with its layout) while the command line builds it again."""

    def __init__(self, source: Path, folder: Path) -> None:
        second = cli(source, folder / "cli.pdf", wait=False)
        self.doc = load(source)
        self.layout, data = printmaster.build(self.doc, options(source))
        self.path = folder / f"{self.doc.name}.print.pdf"
        self.path.write_bytes(data)
        assert second.wait(timeout=900) == 0, second.stderr.read().decode()
        self.cli = folder / "cli.pdf"
        self.report = preflight.run(self.path)
        self.facts = checks.facts(self.path)
        self.blank = checks.blank_pages(self.path)


@pytest.fixture(scope="module", params=sorted(DOCUMENTS), ids=str)
def master(request, tmp_path_factory):
    return Master(DOCUMENTS[request.param], tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="module")
def screen_facts(tmp_path_factory):
    """The screen PDF of each document, to compare with."""
    out = {}
    for name, source in DOCUMENTS.items():
        path = tmp_path_factory.mktemp(f"screen-{name}") / "screen.pdf"
        path.write_bytes(screen.render(load(source), Options(source_dir=source.parent)))
        out[load(source).name] = (checks.facts(path), checks.annex_pages(path, load(source)))
    return out


# ---------------------------------------------------------------- the masters of the seed and the specimen


def test_the_preflight_passes(master):
    print(f"\n{preflight.table({master.doc.name: master.report})}")
    assert master.report.variant == "PDF/X-4"
    assert [r.check for r in master.report.results] == list(preflight.CHECKS)
    assert master.report.ok and all(r.warnings == 0 for r in master.report.results)


def test_two_builds_are_byte_identical(master):
    assert master.cli.read_bytes() == master.path.read_bytes()


def test_footnotes_stay_on_the_page_of_their_call(master):
    with pikepdf.open(master.path) as pdf:
        placement = checks.note_placement(pdf, master.doc)
        assert checks.misplaced_notes(pdf, master.doc) == []
    assert len(placement) == len(master.doc.notes) and all(call for _, call, _ in placement)
    assert pdf_layout.misplaced(master.layout, master.doc) == []


def test_tags_language_bookmarks_and_fonts_are_the_screen_editions(master, screen_facts):
    facts, (found, _) = master.facts, screen_facts[master.doc.name]
    assert checks.tag_problems(facts, master.doc, master.blank) == []
    assert (facts.structure, facts.lang, facts.outline, facts.note_ids) == \
        (found.structure, found.lang, found.outline, found.note_ids)
    assert {f.name.split("+")[1] for f in facts.fonts} == {f.name.split("+")[1] for f in found.fonts}
    assert all(f.embedded and f.subset for f in facts.fonts)
    problems, counts = checks.reading_problems(master.path, master.doc, source_text(master.doc.name))
    assert problems == [] and counts["running heads"] == counts["pages"] - 1 - master.blank


def test_annexes_start_on_rectos_after_bare_blank_versos(master, screen_facts):
    """The master has the screen edition's pages plus one blank verso before each annex that would start on an even
    page: the measure is the same, so nothing else moves."""
    facts, screen_annexes = screen_facts[master.doc.name]
    shift, expected = 0, []
    for start in screen_annexes:
        shift += (start + shift) % 2 == 0
        expected.append(start + shift)
    annexes = checks.annex_pages(master.path, master.doc)
    print(f"\n{master.doc.name}: {facts.pages} screen pages, {master.facts.pages} print pages, annexes on {annexes}")
    assert annexes == expected and all(page % 2 == 1 for page in annexes)
    assert master.facts.pages == facts.pages + shift == len(master.layout.pages)
    assert master.blank == shift
    text = checks.pdftotext_pages(master.path)
    blank = [number for number in range(1, len(text) + 1) if number + 1 in annexes and not text[number - 1].strip()]
    assert len(blank) == shift  # no running head, no page number, no "intentionally left blank"


def test_mirrored_margins_keep_the_measure(master):
    """The inner margin (left on rectos, right on versos) is 25 mm, the outer one 19 mm: 44 mm as on screen."""
    for number, page in enumerate(master.layout.pages, start=1):
        box = page._page_box
        left, right = (round(v * 25.4 / 96, 1) for v in (box.margin_left, box.margin_right))
        assert (left, right) == ((25.0, 19.0) if number % 2 else (19.0, 25.0)), number


def test_right_to_left_documents_bind_on_the_right(tmp_path, specimen_doc):
    """In Arabic the first page is a left-hand recto: the inner margin is then on its right."""
    source = tmp_path / "document.xml"
    source.write_text(SPECIMEN.read_text(encoding="utf-8").replace('language="eng"', 'language="ara"'),
                      encoding="utf-8")
    doc = load(source)
    layout, data = printmaster.build(doc, options(source))
    margins = [tuple(round(v * 25.4 / 96, 1) for v in (p._page_box.margin_left, p._page_box.margin_right))
               for p in layout.pages]
    assert margins == [(19.0, 25.0) if number % 2 else (25.0, 19.0) for number in range(1, len(margins) + 1)]
    (tmp_path / "rtl.pdf").write_bytes(data)
    assert all(page % 2 == 1 for page in checks.annex_pages(tmp_path / "rtl.pdf", doc))
    assert preflight.run(tmp_path / "rtl.pdf").ok


def test_boxes_marks_and_black_ink_only(master):
    """Trim = A4, bleed 3 mm, the sheet 12 mm larger for the marks; text and rules in 100 % K only, the marks in
    the registration colour, nothing else."""
    with pikepdf.open(master.path) as pdf:
        for page in pdf.pages:
            trim = [round(float(v), 2) for v in page.obj.TrimBox]
            assert trim == [0, 0, 595.28, 841.89]
            assert [round((float(v) - t) / MM, 2) for v, t in zip(page.obj.BleedBox, trim)] == [-3, -3, 3, 3]
            assert [round((float(v) - t) / MM, 2) for v, t in zip(page.obj.MediaBox, trim)] == [-12, -12, 12, 12]
            colours = set()
            for stream in page.obj.Contents:
                operations = pikepdf.parse_content_stream(stream, "cs CS scn SCN")
                colours |= {(str(op), tuple(float(v) for v in operands) if "scn" in str(op).lower() else
                             str(operands[0])) for operands, op in operations}
            assert colours <= {("cs", "/DeviceCMYK"), ("CS", "/DeviceCMYK"), ("scn", (0, 0, 0, 1)),
                               ("SCN", (0, 0, 0, 1)), ("CS", "/PMAll"), ("SCN", (1,))}
        intent = pdf.Root.OutputIntents[0]
        assert (str(intent.OutputConditionIdentifier), str(intent.RegistryName)) == ("FOGRA39", "http://www.color.org")
        assert intent.DestOutputProfile.read_bytes() == icc.standard("FOGRA39").read_bytes()


def test_a_preview_of_the_first_page_shows_the_marks(master):
    """build/<document>/preview/print-page-1.png: crop marks where they belong, nothing in the bleed."""
    shot = checks.preview(master.path, 1, ROOT / "build" / master.doc.name / "preview" / "print-page-1.png",
                          resolution=100)
    image = Image.open(shot).convert("L")
    px = 100 / 72  # pixels per point
    slug = 12 * MM * px
    expected = ((595.28 + 2 * 12 * MM) * px, (841.89 + 2 * 12 * MM) * px)
    assert all(abs(found - size) <= 1 for found, size in zip(image.size, expected))

    def dark(x: float, y: float) -> bool:
        return min(image.getpixel((round(x) + dx, round(y) + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)) < 128

    for corner_x, corner_y in ((slug, slug), (image.size[0] - slug, slug), (slug, image.size[1] - slug),
                               (image.size[0] - slug, image.size[1] - slug)):
        out_x = -1 if corner_x < image.size[0] / 2 else 1
        out_y = -1 if corner_y < image.size[1] / 2 else 1
        assert dark(corner_x + out_x * 7.5 * MM * px, corner_y), "horizontal crop mark"
        assert dark(corner_x, corner_y + out_y * 7.5 * MM * px), "vertical crop mark"
        assert not dark(corner_x + out_x * 1.5 * MM * px, corner_y + out_y * 1.5 * MM * px), "the bleed is clean"
    assert dark(image.size[0] / 2, slug - 7.5 * MM * px), "registration target above the page"


# ---------------------------------------------------------------- variants and options


def test_pdf_x1a_is_cmyk_only_without_transparency(tmp_path, specimen_doc):
    data = printmaster.render(specimen_doc, options(SPECIMEN, pdf_variant="print-x1a"))
    report = preflight.run(io.BytesIO(data))
    assert report.variant == "PDF/X-1a" and report.ok
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.pdf_version == "1.4" and b"/ObjStm" not in data and b"/XRef" not in data
        assert (str(pdf.docinfo.GTS_PDFXVersion), str(pdf.docinfo.GTS_PDFXConformance)) == print_finish.X1A
        assert not any("/Group" in x for x in pdf.pages[0].obj.Resources.XObject.values())
    transparency = next(r for r in report.results if r.check == "transparency")
    assert (transparency.errors, transparency.detail) == (0, "none")


def test_pdf_x1a_refuses_transparency_rather_than_flattening_it():
    with pikepdf.open(io.BytesIO(printmaster.render(load(SEED), options(SEED)))) as pdf:
        _transparency(pdf)
        with pytest.raises(print_finish.FinishingError, match="transparent.*PDF/X-4"):
            print_finish.x1a(pdf)


def _one_page(pdf: pikepdf.Pdf, trim=(0, 0, 595.28, 841.89)) -> pikepdf.Dictionary:
    """A page as WeasyPrint leaves it for the finishing step: trim, 3 mm of bleed, one content stream."""
    bleed = [trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM, trim[3] + 3 * MM]
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=pikepdf.Array(bleed), TrimBox=pikepdf.Array(trim),
                              BleedBox=pikepdf.Array(bleed), Resources=pikepdf.Dictionary(),
                              Contents=pdf.make_stream(b"0 0 0 1 k 10 10 100 100 re f"))
    pdf.pages.append(pikepdf.Page(page))
    return pdf.pages[-1].obj


def _points(content: bytes) -> list[tuple[float, float]]:
    """Every point a content stream's paths go through (m, l and the three points of c)."""
    pdf = pikepdf.new()
    points = []
    for operands, operator in pikepdf.parse_content_stream(pdf.make_stream(content), "m l c"):
        values = [float(v) for v in operands]
        points += list(zip(values[::2], values[1::2]))
    return points


@pytest.mark.parametrize("trim", [(0, 0, 595.28, 841.89), (36, 36, 648, 828)], ids=["a4", "offset letter"])
def test_the_marks_lie_between_the_bleed_and_the_edge_of_the_sheet_on_all_four_sides(trim):
    """Crop marks and registration targets are drawn outside the 3 mm bleed (they must never print on the page)
    and inside the sheet; each side of the page has its own."""
    x0, y0, x1, y1 = trim
    points = _points(print_finish.marks_content(trim))
    for x, y in points:
        outside_bleed = x < x0 - 3 * MM or x > x1 + 3 * MM or y < y0 - 3 * MM or y > y1 + 3 * MM
        on_sheet = x0 - 12 * MM <= x <= x1 + 12 * MM and y0 - 12 * MM <= y <= y1 + 12 * MM
        assert outside_bleed and on_sheet, (x, y)
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    sides = {"left": [p for p in points if p[0] < x0 and abs(p[1] - mid_y) < 5 * MM],
             "right": [p for p in points if p[0] > x1 and abs(p[1] - mid_y) < 5 * MM],
             "bottom": [p for p in points if p[1] < y0 and abs(p[0] - mid_x) < 5 * MM],
             "top": [p for p in points if p[1] > y1 and abs(p[0] - mid_x) < 5 * MM]}
    assert all(sides.values()), {side: len(found) for side, found in sides.items()}


def test_pages_added_for_a_signature_are_pages_with_the_last_ones_boxes_and_marks():
    """Every page object of the file says it is one (/Type /Page, which ISO 32000 requires and strict readers
    look for), the added ones too."""
    pdf = pikepdf.new()
    _one_page(pdf)
    print_finish.add_marks(pdf)
    assert print_finish.pad(pdf, 4) == 3 and len(pdf.pages) == 4
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)  # page objects in clear, streams not
    data = out.getvalue()
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 4, "every page object typed /Page"
    with pikepdf.open(io.BytesIO(data)) as saved:
        first = saved.pages[0].obj
        for page in saved.pages[1:]:
            assert [list(page.obj[box]) for box in ("/MediaBox", "/TrimBox", "/BleedBox")] == \
                   [list(first[box]) for box in ("/MediaBox", "/TrimBox", "/BleedBox")]
            assert page.obj.Contents.read_bytes() == print_finish.marks_content(
                tuple(float(v) for v in first.TrimBox))
    assert print_finish.pad(pdf, 4) == 0 and print_finish.pad(pdf, 1) == 0


def test_a_link_marked_to_print_is_made_one_that_cannot_print_without_a_border():
    """PDF/X lets links lie inside the trim only if nothing of them can print: the print flag is cleared and the
    border removed, whatever the engine wrote; other annotations are left as they are."""
    pdf = pikepdf.new()
    page = _one_page(pdf)
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[10, 10, 50, 20], F=4 | 2,
                              Border=pikepdf.Array([0, 0, 1]))
    note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[10, 30, 50, 40], F=4)
    page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link), pdf.make_indirect(note)]))
    print_finish.links_do_not_print(pdf)
    link, note = page.Annots
    assert int(link.F) == 2 and [int(v) for v in link.Border] == [0, 0, 0]
    assert int(note.F) == 4 and "/Border" not in note


@pytest.mark.parametrize("case", ["fill alpha", "stroke alpha", "soft mask", "blend mode", "soft-masked picture",
                                  "inside a form", "opaque"])
def test_what_pdf_x1a_calls_transparency_is_found_wherever_it_is_drawn(case):
    """Graphics states with alpha, a soft mask or a blend mode, and pictures with a soft mask (PNG's alpha), on
    the page or in a form it draws: each is named, with where it is, and PDF/X-1a refuses the file for it; what
    is opaque (alpha 1, no mask, the Normal or Compatible blend mode) is not."""
    pdf = pikepdf.new()
    page = _one_page(pdf)
    Name = pikepdf.Name
    opaque = pikepdf.Dictionary(ca=1, CA=1.0, SMask=Name("/None"), BM=Name.Compatible)
    picture = pdf.make_stream(b"\xff", Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                              ColorSpace=Name.DeviceGray, BitsPerComponent=8)
    states = {"fill alpha": pikepdf.Dictionary(ca=0.5), "stroke alpha": pikepdf.Dictionary(CA=0.25),
              "soft mask": pikepdf.Dictionary(SMask=pikepdf.Dictionary(S=Name.Luminosity)),
              "blend mode": pikepdf.Dictionary(BM=Name.Multiply)}
    resources = pikepdf.Dictionary(ExtGState=pikepdf.Dictionary(opaque=opaque), XObject=pikepdf.Dictionary(Im0=picture))
    if case in states:
        resources.ExtGState.GS1 = states[case]
    if case == "soft-masked picture":
        picture.SMask = pdf.make_stream(b"\x80", Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                                        ColorSpace=Name.DeviceGray, BitsPerComponent=8)
    form_resources = pikepdf.Dictionary(ExtGState=pikepdf.Dictionary(GS1=pikepdf.Dictionary(ca=0)))
    form = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 10, 10],
                           Resources=form_resources if case == "inside a form" else pikepdf.Dictionary())
    resources.XObject.Fm0 = form
    page.Resources = resources
    expected = {"soft-masked picture": ["page 1: image /Im0 (soft mask)"],
                "inside a form": ["page 1, /Fm0: graphics state /GS1"], "opaque": []}.get(
        case, ["page 1: graphics state /GS1"])
    assert print_finish.transparency(pdf) == expected
    if expected:
        with pytest.raises(print_finish.FinishingError, match=f"^{re.escape(expected[0])} is transparent"):
            print_finish.x1a(pdf)
    else:
        print_finish.x1a(pdf)


def test_pdf_x1a_drops_the_lab_colour_spaces_weasyprint_declares_and_keeps_the_others():
    """WeasyPrint declares two Lab spaces on every page (and in forms) and never draws with them; PDF/X-1a allows
    no Lab, so they go. Every other space stays."""
    pdf = pikepdf.new()
    page = _one_page(pdf)
    Name = pikepdf.Name
    lab = pikepdf.Array([Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])])
    separation = pikepdf.Array([Name.Separation, Name.All, Name.DeviceCMYK, pdf.make_indirect(pikepdf.Dictionary(
        FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1))])
    form = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 1, 1], Resources=pikepdf.Dictionary(
        ColorSpace=pikepdf.Dictionary(lab1=lab)))
    page.Resources = pikepdf.Dictionary(ColorSpace=pikepdf.Dictionary(lab0=lab, lab1=lab, all=separation,
                                                                       cmyk=Name.DeviceCMYK),
                                        XObject=pikepdf.Dictionary(Fm0=form))
    print_finish.x1a(pdf)
    assert sorted(page.Resources.ColorSpace.keys()) == ["/all", "/cmyk"]
    assert list(form.Resources.ColorSpace.keys()) == []


def test_the_engine_blends_the_masters_groups_in_cmyk(seed_doc):
    """WeasyPrint puts every form (the footnote rule, say) in a transparency group: for the master, laid out for a
    CMYK output intent, each group blends in DeviceCMYK, not in WeasyPrint's default DeviceRGB."""
    layout = printmaster.layout(seed_doc, options(SEED))
    with pikepdf.open(io.BytesIO(layout.write_pdf(pdf_variant="pdf/x-4"))) as pdf:
        spaces = [item.Group.get("/CS") for _, res in print_finish.resources(pdf)
                  for item in (res.get("/XObject") or {}).values() if "/Group" in item]
    assert spaces and set(spaces) == {pikepdf.Name.DeviceCMYK}, spaces


def test_the_output_intent_names_its_printing_condition_and_embeds_its_profile():
    pdf = pikepdf.new()
    _one_page(pdf)
    intent = icc.intent("a4")
    print_finish.add_output_intent(pdf, intent)
    (entry,) = pdf.Root.OutputIntents
    assert (entry.S, str(entry.OutputConditionIdentifier), str(entry.OutputCondition), str(entry.Info),
            str(entry.RegistryName)) == (pikepdf.Name.GTS_PDFX, intent.identifier, intent.condition, intent.info,
                                         intent.registry)
    assert entry.DestOutputProfile.read_bytes() == intent.profile and int(entry.DestOutputProfile.N) == 4
    custom = dataclasses.replace(intent, identifier="Custom", registry=None)
    print_finish.add_output_intent(pdf, custom)
    (entry,) = pdf.Root.OutputIntents
    assert str(entry.OutputConditionIdentifier) == "Custom" and "/RegistryName" not in entry


def test_a_master_that_fails_its_preflight_is_refused_naming_every_failed_check(seed_doc, monkeypatch):
    from types import SimpleNamespace

    results = [preflight.Result("fonts embedded and subset", 2, 0, "2 not embedded"), preflight.Result("ok", 0),
               preflight.Result("output intent", 1, 0, "none")]
    monkeypatch.setattr(preflight, "run", lambda data: SimpleNamespace(results=results))
    with pytest.raises(printmaster.PreflightFailed) as refused:
        printmaster.verify(b"%PDF")
    assert str(refused.value) == ("the print master fails its preflight: fonts embedded and subset: 2 (2 not "
                                  "embedded); output intent: 1 (none)")


def test_the_identifiers_of_a_master_change_with_the_profile_of_its_printing_condition(seed_doc):
    """Two masters made for two printers' profiles (of the same name) are two files: their identifiers differ."""
    opts = options(SEED)
    standard = icc.intent("a4")
    other = dataclasses.replace(standard, profile=standard.profile[:-1] + bytes([standard.profile[-1] ^ 1]))
    assert printmaster.key(seed_doc, opts, standard) == printmaster.key(seed_doc, opts, icc.intent("a4"))
    assert printmaster.key(seed_doc, opts, standard) != printmaster.key(seed_doc, opts, other)
    assert printmaster.key(seed_doc, opts, standard) != printmaster.key(seed_doc, options(SEED, signature=4), standard)


def test_letter_paper_is_gracol_and_a_signature_pads_with_bare_pages(tmp_path, specimen_doc):
    plain = printmaster.render(specimen_doc, options(SPECIMEN, paper="letter"))
    padded = printmaster.render(specimen_doc, options(SPECIMEN, paper="letter", signature=4))
    path = tmp_path / "padded.pdf"
    path.write_bytes(padded)
    with pikepdf.open(io.BytesIO(plain)) as before, pikepdf.open(path) as after:
        count = len(before.pages)
        assert len(after.pages) % 4 == 0 and count <= len(after.pages) < count + 4
        assert [round(float(v) / MM, 1) for v in after.pages[0].obj.TrimBox] == [0, 0, 215.9, 279.4]
        assert str(after.Root.OutputIntents[0].OutputConditionIdentifier) == "CGATS TR 006"
        for page in after.pages[count:]:
            assert len(page.obj.Contents.read_bytes()) > 0 and "/StructParents" not in page.obj
    text = checks.pdftotext_pages(path)
    assert all(not page.strip() for page in text[count:])
    assert preflight.run(path).ok
    (tmp_path / "plain.pdf").write_bytes(plain)
    assert checks.blank_pages(path) == checks.blank_pages(tmp_path / "plain.pdf") + len(text) - count


def test_a_printers_own_profile_is_a_custom_condition(tmp_path):
    profile = tmp_path / "press.icc"
    shutil.copyfile(icc.standard("FOGRA39"), profile)
    result = cli(SEED, tmp_path / "custom.pdf", "--icc", str(profile))
    assert result.returncode == 0, result.stderr
    with pikepdf.open(tmp_path / "custom.pdf") as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.OutputConditionIdentifier) == "Custom" and "/RegistryName" not in intent
        assert str(intent.OutputCondition) == icc.description(profile.read_bytes())
        assert intent.DestOutputProfile.read_bytes() == profile.read_bytes()
    assert preflight.run(tmp_path / "custom.pdf").ok


@pytest.mark.parametrize("case", ["rgb", "text", "screen"])
def test_a_wrong_profile_or_option_is_a_usage_error_and_writes_nothing(tmp_path, case):
    target = tmp_path / "out.pdf"
    if case == "rgb":  # an sRGB display profile is not a printing condition
        srgb = Path(weasyprint.__file__).parent / "pdf" / "sRGB2014.icc"
        extra, message = ("--icc", str(srgb)), "output profile of CMYK, not class 'mntr', colour space 'RGB'"
    elif case == "text":
        (tmp_path / "notes.icc").write_text("not a profile")
        extra, message = ("--icc", str(tmp_path / "notes.icc")), "not an ICC profile"
    else:
        extra, message = ("--variant", "ua", "--signature", "4"), "--icc and --signature are for the print master"
    result = cli(SEED, target, *extra)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not target.exists() and list(tmp_path.glob(".out.pdf*")) == []


# ---------------------------------------------------------------- every check fails on a broken file


def _content(pdf: pikepdf.Pdf, page: int, data: bytes) -> None:
    obj = pdf.pages[page].obj
    obj.Contents = pikepdf.Array([*obj.Contents, pdf.make_stream(data)])


def _image(pdf: pikepdf.Pdf, page: int, pixels: int, millimetres: float, space: str = "/DeviceRGB") -> None:
    """An image of pixels × pixels drawn millimetres wide, inside the trim."""
    image = pdf.make_stream(bytes(pixels * pixels * (3 if space == "/DeviceRGB" else 4)))
    image.Type, image.Subtype, image.Width, image.Height = pikepdf.Name.XObject, pikepdf.Name.Image, pixels, pixels
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name(space), 8
    pdf.pages[page].obj.Resources.XObject[pikepdf.Name("/Broken")] = image
    size = millimetres * MM
    _content(pdf, page, f"q {size:.2f} 0 0 {size:.2f} 100 100 cm /Broken Do Q".encode())


def _font(pdf: pikepdf.Pdf) -> None:
    font = next(iter(pdf.pages[0].obj.Resources.Font.values()))
    del font.DescendantFonts[0].FontDescriptor["/FontFile2"]


def _annotation(pdf: pikepdf.Pdf) -> None:
    note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[100, 100, 120, 120], F=4,
                              Contents=pikepdf.String("a comment left in"))
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(note))


def _metadata(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        del meta[f"{{{preflight.NS_PDFXID}}}GTS_PDFXVersion"]


def _trim(pdf: pikepdf.Pdf) -> None:
    del pdf.pages[1].obj["/TrimBox"]


def _bleed(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.BleedBox = pdf.pages[0].obj.TrimBox


def _size(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.TrimBox = pikepdf.Array([0, 0, 500, 800])


def _intent(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/OutputIntents"]


def _two_intents(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OutputIntents.append(pdf.Root.OutputIntents[0])


def _rgb(pdf: pikepdf.Pdf) -> None:
    _content(pdf, 0, b"q 1 0 0 rg 100 100 10 10 re f Q")


def _transparency(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.Resources.ExtGState[pikepdf.Name("/half")] = pikepdf.Dictionary(ca=0.5)


BROKEN = {  # name: (variant, how to break it, the check that must fail)
    "no PDF/X version in the XMP": ("print", _metadata, "PDF/X identification"),
    "a page without TrimBox": ("print", _trim, "page boxes present and nested"),
    "no bleed": ("print", _bleed, "bleed at least 3 mm"),
    "a page of another size": ("print", _size, "same trim on every page"),
    "an unembedded font": ("print", _font, "fonts embedded and subset"),
    "no output intent": ("print", _intent, "output intent"),
    "two output intents": ("print", _two_intents, "output intent"),
    "RGB text colour": ("print", _rgb, "colour spaces"),
    "an RGB image in an X-1a file": ("print-x1a", lambda pdf: _image(pdf, 0, 600, 20), "colour spaces"),
    "transparency in an X-1a file": ("print-x1a", _transparency, "transparency"),
    "a 72 ppi image": ("print", lambda pdf: _image(pdf, 0, 57, 20, "/DeviceCMYK"), "images at 300 ppi or more"),
    "a comment inside the trim": ("print", _annotation, "annotations inside the trim"),
}


@pytest.fixture(scope="module")
def good_masters(seed_doc) -> dict[str, bytes]:
    return {variant: printmaster.render(seed_doc, options(SEED, pdf_variant=variant))
            for variant in ("print", "print-x1a")}


@pytest.mark.parametrize("case", sorted(BROKEN), ids=str)
def test_each_check_fails_on_a_broken_file(case, good_masters):
    variant, breaking, check = BROKEN[case]
    good = preflight.run(io.BytesIO(good_masters[variant]))
    assert good.ok
    with pikepdf.open(io.BytesIO(good_masters[variant])) as pdf:
        breaking(pdf)
        out = io.BytesIO()
        pdf.save(out, force_version=pdf.pdf_version)
    report = preflight.run(out)
    failed = {r.check: r for r in report.results if r.errors}
    print(f"\n{case}: {check}: {failed.get(check)}")
    assert check in failed, report.results
    assert not report.ok


def test_the_checks_see_what_passes_too(good_masters):
    """Transparency is allowed in PDF/X-4; a 600 ppi CMYK image passes; without crop marks the file still passes."""
    for breaking in (_transparency, lambda pdf: _image(pdf, 0, 600, 25.4, "/DeviceCMYK")):
        with pikepdf.open(io.BytesIO(good_masters["print"])) as pdf:
            breaking(pdf)
            out = io.BytesIO()
            pdf.save(out)
        report = preflight.run(out)
        assert report.ok, report.results
    assert "1 image(s), lowest 600 ppi" in [r.detail for r in report.results]


def test_the_preflight_command_prints_a_table_and_fails_on_a_broken_file(tmp_path, good_masters):
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(good_masters["print"])
    with pikepdf.open(io.BytesIO(good_masters["print"])) as pdf:
        _intent(pdf)
        pdf.save(bad)
    run = [sys.executable, "-m", "pipeline.checks.preflight"]
    ok = subprocess.run([*run, str(good)], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and "1 file(s), 0 failed" in ok.stdout
    failed = subprocess.run([*run, str(good), str(bad)], capture_output=True, text=True, cwd=ROOT)
    assert failed.returncode == 1 and "FAIL 0 GTS_PDFX output intents, not 1" in failed.stdout


def test_the_writer_refuses_a_master_that_fails_its_preflight(seed_doc, monkeypatch):
    monkeypatch.setattr(print_finish, "add_output_intent", lambda pdf, intent: None)
    with pytest.raises(printmaster.PreflightFailed, match="output intent: 1"):
        printmaster.render(seed_doc, options(SEED))


# ---------------------------------------------------------------- 300 pages: make print-long

long = pytest.mark.skipif(not os.environ.get("PIPELINE_PRINT_LONG"), reason="make print-long builds 300 pages")


@pytest.fixture(scope="module")
def long_master(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long") / "synthetic-long"
    folder.mkdir()
    source = folder / "document.xml"
    source.write_text(synth.generate(LONG["paragraphs"], LONG["notes"]), encoding="utf-8")
    return Master(source, folder)


@long
def test_long_document_print_master(long_master):
    master = long_master
    print(f"\n{preflight.table({master.doc.name: master.report})}")
    print(f"{master.facts.pages} pages, {len(master.doc.notes)} footnotes, {master.blank} blank")
    assert master.facts.pages >= 300 and master.report.ok
    assert master.cli.read_bytes() == master.path.read_bytes()
    with pikepdf.open(master.path) as pdf:
        assert checks.misplaced_notes(pdf, master.doc) == []
    assert all(page % 2 == 1 for page in checks.annex_pages(master.path, master.doc))
    assert checks.tag_problems(master.facts, master.doc, master.blank) == []
    checks.preview(master.path, 1, ROOT / "build" / master.doc.name / "preview" / "print-page-1.png")
