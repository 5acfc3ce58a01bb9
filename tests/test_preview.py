"""The author's preview (`pipeline preview`, `make preview`): a real browser on the served page sees an edit of the
source, the problems of a source that does not build (with file, line and column), and the mended source again."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED

pytestmark = pytest.mark.slow


@pytest.fixture
def served(tmp_path):
    """A copy of the seed, previewed on a free port; yields (source, url), then stops the preview."""
    folder = tmp_path / "summary"
    shutil.copytree(SEED.parent, folder)
    source = folder / "document.xml"
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "preview", str(source), "--port", "0"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert url, first + process.stderr.read()
        yield source, url.group(0), process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=10)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in SEED.parent.iterdir())  # writes nothing


@pytest.fixture
def browser(axe):
    """A tab of the suite's one Chromium (two Playwright drivers cannot run in one process)."""
    page = axe.new_page()
    yield page
    page.context.close()


def _shows(page, text: str) -> None:
    page.wait_for_function("text => document.body && document.body.innerText.includes(text)", arg=text,
                           timeout=20_000)


def test_an_edit_shows_in_the_open_page_and_problems_show_with_their_place(served, browser):
    source, url, process = served
    page = browser
    page.goto(url)
    assert "International Counter-Terrorism Cooperation" in page.inner_text("body")
    original = source.read_text(encoding="utf-8")

    source.write_text(original.replace("Counter-Terrorism Cooperation", "Counter-Terrorism Collaboration"),
                      encoding="utf-8")
    _shows(page, "International Counter-Terrorism Collaboration")

    broken = original.replace("</docTitle>", "</docTitl>", 1)
    source.write_text(broken, encoding="utf-8")
    _shows(page, "The document does not build")
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "</docTitl>" in text)
    assert re.search(rf"document\.xml:{line}:\d+: error: malformed XML", page.inner_text("body"))

    source.write_text(original, encoding="utf-8")
    _shows(page, "International Counter-Terrorism Cooperation")
    assert "does not build" not in page.inner_text("body")

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    lines = process.stdout.read()
    assert "PREVIEW rebuilt" in lines and "PREVIEW problems shown" in lines


def test_the_templates_and_the_other_languages_are_watched():
    from pipeline import TEMPLATES
    from pipeline.preview import Preview

    watched = Preview(ROOT / "documents" / "specimen.fra" / "document.xml").watched()
    for path in (TEMPLATES / "html" / "style.css", TEMPLATES / "labels.json", ROOT / "documents" / "specimen" /
                 "document.xml", ROOT / "documents" / "specimen.ara" / "document.xml"):
        assert path in watched


def test_a_missing_document_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "preview", str(tmp_path / "none.xml"), "--port", "0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no such document" in result.stderr
