"""The HTML edition under the real validators: axe-core in Chromium and the Nu HTML Checker."""

from __future__ import annotations

import pytest

from conftest import ALL_DOCUMENTS
from pipeline import output
from pipeline.checks import nu
from pipeline.loader import load
from pipeline.writers import Options
from pipeline.writers import html as writer

NAMES = [p.parent.name for p in ALL_DOCUMENTS]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each document's HTML edition, written as `make` writes it."""
    root = tmp_path_factory.mktemp("html")
    folders = {}
    for path in ALL_DOCUMENTS:
        folder = root / path.parent.name / "html"
        output.write_dir(folder, writer.render(load(path), Options(source_dir=path.parent)))
        folders[path.parent.name] = folder
    return folders


@pytest.fixture(scope="module")
def nu_report(built):
    """The Nu HTML Checker over every page and stylesheet, in one JVM."""
    files = [f for folder in built.values() for f in sorted(folder.iterdir())]
    return nu.check(*files)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violation(axe, built, name, width):
    violations = axe.run(built[name] / "index.html", width=width)
    assert [str(v) for v in violations] == []


@pytest.mark.parametrize("name", NAMES)
def test_axe_finds_no_violation_in_dark_mode(axe, built, name):
    violations = axe.run(built[name] / "index.html", color_scheme="dark")
    assert [str(v) for v in violations] == []


@pytest.mark.parametrize("name", NAMES)
def test_text_reflows_at_320_css_px(axe, built, name):
    assert axe.overflow(built[name] / "index.html", width=320) == 0


@pytest.mark.parametrize("name", NAMES)
def test_nu_html_checker_finds_no_error_or_warning(built, nu_report, name):
    files = {path: messages for path, messages in nu_report.items() if built[name] in path.parents}
    assert len(files) == 3  # the page and its two stylesheets
    assert nu.problems(files) == []


def test_screenshots_for_review(axe, built):
    """Desktop and phone screenshots of every document, beside the build, for a reviewer to look at."""
    for name, folder in built.items():
        for label, width in (("desktop", 1280), ("phone", 375)):
            png = axe.screenshot(folder / "index.html", folder.parent / "preview" / f"html-{label}.png", width=width)
            assert png.stat().st_size > 10_000
