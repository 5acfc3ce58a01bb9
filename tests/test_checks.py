"""The validator runners pass good files and catch bad ones, on small hand-written fixtures."""

from __future__ import annotations

import struct
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pipeline.checks import epubcheck, nu

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
EPUB_PARTS = FIXTURES / "epub"


@pytest.fixture(scope="module")
def jvms(tmp_path_factory):
    """The Nu HTML Checker and EPUBCheck started together, each on all its fixtures, in the background."""
    names = ["good.html", "good.css", "wide.html", "bad-markup.html", "bad.css", "epub/EPUB/chapter.xhtml"]
    folder = tmp_path_factory.mktemp("epubs")
    good = build_epub(folder / "good.epub")
    no_nav = build_epub(folder / "no-nav.epub", without_nav=True)
    truncated = folder / "truncated.epub"
    truncated.write_bytes(good.read_bytes()[:500])
    with ThreadPoolExecutor(2) as pool:
        yield {
            "nu": pool.submit(nu.check, *(FIXTURES / name for name in names)),
            "epubcheck": pool.submit(epubcheck.check, good, no_nav, truncated),
        }


@pytest.fixture(scope="module")
def nu_report(jvms):
    """The Nu HTML Checker's messages on the HTML, XHTML and CSS fixtures."""
    return jvms["nu"].result()


def build_epub(target: Path, without_nav: bool = False) -> Path:
    """Zip the fixture EPUB's parts, mimetype first and stored; optionally with no navigation document."""
    with zipfile.ZipFile(target, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), (EPUB_PARTS / "mimetype").read_bytes(), zipfile.ZIP_STORED)
        for part in sorted(p for p in EPUB_PARTS.rglob("*") if p.is_file() and p.name != "mimetype"):
            name = part.relative_to(EPUB_PARTS).as_posix()
            data = part.read_bytes()
            if without_nav and name == "EPUB/nav.xhtml":
                continue
            if without_nav and name == "EPUB/package.opf":
                data = b"\n".join(line for line in data.split(b"\n") if b'properties="nav"' not in line)
            book.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return target


@pytest.fixture(scope="module")
def epub_reports(jvms):
    """EPUBCheck's reports on a good EPUB, one without its navigation document and a truncated one."""
    return {path.stem: report for path, report in jvms["epubcheck"].result().items()}


# axe-core in Chromium

@pytest.mark.parametrize("name", ["good.html", "epub/EPUB/chapter.xhtml"])
def test_axe_passes_accessible_html_and_xhtml(axe, name):
    assert [str(v) for v in axe.run(FIXTURES / name)] == []


def test_axe_catches_missing_alt_text_and_low_contrast(axe):
    found = {v.rule: v for v in axe.run(FIXTURES / "bad-a11y.html")}
    assert set(found) == {"image-alt", "color-contrast"}
    assert found["image-alt"].targets == ("img",)
    assert found["image-alt"].impact == "critical"
    assert len(found["color-contrast"].targets) == 1  # the pale paragraph, and not the heading


def test_axe_blocks_and_reports_requests_that_leave_the_machine(axe):
    found = {v.rule: v for v in axe.run(FIXTURES / "remote.html")}
    assert found["external-request"].targets == ("https://example.com/style.css",)


def test_reflow_at_320_px(axe):
    assert axe.reflows(FIXTURES / "good.html")
    assert not axe.reflows(FIXTURES / "wide.html")
    assert axe.overflow(FIXTURES / "wide.html") > 600
    assert axe.reflows(FIXTURES / "wide.html", width=1280)


def test_screenshot_is_a_png_of_the_asked_width(axe, tmp_path):
    png = axe.screenshot(FIXTURES / "good.html", tmp_path / "shot.png", width=320)
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24])[0] == 320


def test_axe_refuses_a_missing_file(axe, tmp_path):
    with pytest.raises(FileNotFoundError):
        axe.run(tmp_path / "absent.html")


# The Nu HTML Checker

@pytest.mark.parametrize("name", ["good.html", "good.css", "wide.html"])
def test_nu_passes_valid_html_and_css(nu_report, name):
    assert [str(m) for m in nu_report[FIXTURES / name]] == []


def test_nu_catches_an_unclosed_element_and_an_obsolete_attribute(nu_report):
    messages = nu_report[FIXTURES / "bad-markup.html"]
    assert ("error", "Unclosed element “span”.", 11) in {(m.kind, m.text, m.line) for m in messages}
    warnings = [m.text for m in messages if m.kind == "warning"]
    assert any("“align” attribute on the “p” element is obsolete" in text for text in warnings)


def test_nu_checks_css_files(nu_report):
    errors = [(m.line, m.text) for m in nu_report[FIXTURES / "bad.css"] if m.kind == "error"]
    assert any(line == 1 and "“colour”" in text for line, text in errors)
    assert any(line == 2 and "Unknown dimension" in text for line, text in errors)


def test_nu_reports_epub_type_in_xhtml_which_is_why_epubs_go_to_epubcheck(nu_report):
    errors = [m.text for m in nu_report[FIXTURES / "epub/EPUB/chapter.xhtml"] if m.kind == "error"]
    assert errors and all("Attribute “type” not allowed" in text for text in errors)


def test_nu_problems_lists_errors_and_warnings_with_their_file(nu_report):
    lines = nu.problems(nu_report)
    assert any(line.startswith(f"{FIXTURES / 'bad.css'}:1:") for line in lines)
    assert not any(str(FIXTURES / "good.html") in line for line in lines)


def test_nu_refuses_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        nu.check(tmp_path / "absent.html")


# EPUBCheck

def test_epubcheck_passes_a_valid_epub(epub_reports):
    report = epub_reports["good"]
    assert [str(m) for m in report.messages] == []
    assert report.ok and set(report.counts.values()) == {0}


def test_epubcheck_catches_a_missing_navigation_document(epub_reports):
    report = epub_reports["no-nav"]
    assert not report.ok and report.counts["ERROR"] >= 1
    nav = [m for m in report.messages if m.id == "RSC-005" and "nav" in m.text]
    assert nav and nav[0].locations[0].startswith("EPUB/package.opf:")


def test_epubcheck_reports_a_broken_zip_as_fatal_without_raising(epub_reports):
    report = epub_reports["truncated"]
    assert report.counts["FATAL"] == 1
    assert report.messages[0].id.startswith("PKG-")
