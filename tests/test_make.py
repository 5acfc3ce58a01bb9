"""The Makefile as publishing staff and CI use it, on a copy of the project: incremental, safe to interrupt,
verified, and releasing reproducibly."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow
DOCS = ("chairmans-summary-2011", "specimen")
SKIP = {".git", "build", ".venv", "node_modules", ".cache", "__pycache__", ".pytest_cache", ".hypothesis"}


def outputs(root: Path) -> dict[str, Path]:
    paths = {}
    for name in DOCS:
        paths[f"{name}.html"] = root / "build" / name / "html" / "index.html"
        for fmt in ("pdf", "epub", "docx"):
            paths[f"{name}.{fmt}"] = root / "build" / name / f"{name}.{fmt}"
    return paths


def make(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["make", "-C", str(root), *args], capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def workers_of(root: Path, wait: float = 3.0) -> list[str]:
    """The warm workers (pipeline/warm.py) still running for this copy of the project, after `wait` s at most."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                words = cmdline.read_bytes().split(b"\0")
            except OSError:
                continue
            if b"pipeline.warm" in words and b"serve" in words and any(str(root).encode() in w for w in words):
                found.append(b" ".join(words).decode(errors="replace"))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def stamps(root: Path) -> dict[str, int]:
    return {key: path.stat().st_mtime_ns for key, path in outputs(root).items()}


def rebuilt(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {key for key in before if before[key] != after[key]}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the working tree that shares the set-up (.venv, node_modules, the colour profiles in .cache),
    built once with -j2."""
    root = tmp_path_factory.mktemp("project") / "pipeline"
    shutil.copytree(ROOT, root, ignore=lambda folder, names: [n for n in names if n in SKIP or (
        Path(folder) == ROOT / "documents" and n not in DOCS)])  # the seed and the specimen, not its translations
    (ROOT / ".cache").mkdir(exist_ok=True)
    for shared in (".venv", "node_modules", ".cache"):
        (root / shared).symlink_to(ROOT / shared)
    make(root, "-j2")
    return root


def touch(path: Path) -> None:
    time.sleep(0.01)
    path.touch()


def test_first_make_builds_everything_and_second_does_nothing(project):
    assert all(p.is_file() for p in outputs(project).values())
    again = make(project)
    assert "Nothing to be done for 'all'" in again.stdout


def test_touching_a_source_rebuilds_only_that_document(project):
    before = stamps(project)
    touch(project / "documents" / "specimen" / "document.xml")
    make(project, "-j2")
    assert rebuilt(before, stamps(project)) == {f"specimen.{f}" for f in ("html", "pdf", "epub", "docx")}


@pytest.mark.parametrize("fmt", ["html", "pdf", "epub", "docx"])
def test_touching_a_template_rebuilds_only_its_format(project, fmt):
    template = sorted(p for p in (project / "templates" / fmt).iterdir() if p.is_file())[0]
    before = stamps(project)
    touch(template)
    make(project, "-j2")
    assert rebuilt(before, stamps(project)) == {f"{name}.{fmt}" for name in DOCS}


def test_the_print_masters_depend_on_their_own_stylesheet_and_not_the_other_way(project):
    prints = {name: project / "build" / name / f"{name}.print.pdf" for name in DOCS}
    make(project, "-j2", "print")
    before = {**stamps(project), **{n: p.stat().st_mtime_ns for n, p in prints.items()}}
    touch(project / "templates" / "pdf" / "print-master.css")
    make(project, "-j2", "all", "print")
    after = {**stamps(project), **{n: p.stat().st_mtime_ns for n, p in prints.items()}}
    assert rebuilt(before, after) == set(DOCS)  # the print masters, not the screen PDFs
    assert "Nothing to be done for 'print'" in make(project, "print").stdout


def test_changing_the_paper_or_the_epoch_rebuilds_what_they_change(project):
    before = stamps(project)
    make(project, "-j2", "PAPER=letter")
    assert rebuilt(before, stamps(project)) == {f"{name}.pdf" for name in DOCS}
    import pikepdf

    with pikepdf.open(outputs(project)["specimen.pdf"]) as pdf:
        assert [round(float(x)) for x in pdf.pages[0].mediabox] == [0, 0, 612, 792]  # US Letter
    assert "Nothing to be done" in make(project, "PAPER=letter").stdout
    before = stamps(project)
    make(project, "-j2")  # back to A4
    assert rebuilt(before, stamps(project)) == {f"{name}.pdf" for name in DOCS}
    before = stamps(project)
    make(project, "-j2", "SOURCE_DATE_EPOCH=86400")
    assert rebuilt(before, stamps(project)) == set(before)
    make(project, "-j2")


def test_an_interrupted_build_leaves_no_partial_output_and_the_next_make_completes(project):
    touch(project / "documents" / "specimen" / "document.xml")
    build = subprocess.Popen(["make", "-C", str(project), "-j2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True)
    deadline = time.monotonic() + 30
    while not list((project / "build").glob(".warm/*/*.sock")) and time.monotonic() < deadline:
        time.sleep(0.01)  # until a warm worker has been handed a build
    time.sleep(0.2)  # inside the builds: the engines are working
    os.killpg(build.pid, signal.SIGTERM)
    build.wait(timeout=60)
    assert build.returncode != 0  # make was stopped, not done
    assert workers_of(project) == []
    leftovers = [p for p in (project / "build").rglob("*") if p.name.startswith(".") and ".part" in p.name]
    assert leftovers == []
    import pikepdf

    for key, path in outputs(project).items():
        if path.exists() and key.endswith(".pdf"):
            pikepdf.open(path).close()  # any PDF there is whole
    make(project)
    assert all(p.is_file() for p in outputs(project).values())
    assert "Nothing to be done" in make(project).stdout


def test_verify_passes_and_fails_on_a_lost_footnote(project):
    ok = make(project, "verify")
    assert ok.stdout.count(" ok") == 10  # 2 documents x (4 editions + the print master)
    page = outputs(project)["specimen.html"]
    text = page.read_text(encoding="utf-8")
    start = text.index('<li id="fn_4"')
    page.write_text(text[:start] + text[text.index("</li>", start) + 5:], encoding="utf-8")
    try:
        failed = make(project, "verify", check=False)
        assert failed.returncode != 0
        assert "unit 4 missing: 'A footnote in a nested list item.'" in failed.stdout
        assert "footnotes are numbered" in failed.stdout
    finally:
        page.write_text(text, encoding="utf-8")


def test_two_clean_releases_are_identical(project):
    make(project, "release", "VERSION=0.1.0")
    folder = project / "build" / "release"
    first = {p.name: (p / "SHA256SUMS").read_text() for p in folder.iterdir()}
    assert sorted(first) == [f"{name}-0.1.0" for name in DOCS]
    listed = re.findall(r"  (\S+)\n", first["specimen-0.1.0"])
    assert listed == sorted(["manifest.json", "specimen-html.zip", "specimen.docx", "specimen.epub", "specimen.pdf",
                             "specimen.print.pdf"])
    make(project, "clean")
    make(project, "-j2", "release", "VERSION=0.1.0")
    second = {p.name: (p / "SHA256SUMS").read_text() for p in folder.iterdir()}
    assert first == second


def test_release_needs_a_version(project):
    result = make(project, "release", check=False)
    assert result.returncode != 0 and "make release VERSION=x.y.z" in result.stderr


def test_a_translation_added_rebuilds_the_pages_of_its_other_languages_only(project):
    """Its own editions are built, the page of the original, which now links to it, and the HTML editions of the
    others, whose links between documents the collection decides (build/.collection.json); no PDF, EPUB or Word
    file (an EPUB links to other documents only with SITE_URL). (It leaves the translation in the copy: the tests
    after it build it too.)"""
    before = stamps(project)
    shutil.copytree(ROOT / "documents" / "specimen.fra", project / "documents" / "specimen.fra")
    touch(project / "documents" / "specimen.fra" / "document.xml")  # written now, as a translator would
    make(project)
    assert rebuilt(before, stamps(project)) == {"specimen.html", "chairmans-summary-2011.html"}
    page = outputs(project)["specimen.html"].read_text(encoding="utf-8")
    assert 'hreflang="fr" href="../../specimen.fra/html/index.html"' in page
    assert (project / "build" / "specimen.fra" / "specimen.fra.pdf").is_file()
    assert make(project, "-q", check=False).returncode == 0


def test_warm_workers_build_the_same_bytes_and_are_gone_when_make_ends(project):
    """Builds handed to the warm workers of make (pipeline/warm.py) against each output in its own process."""
    def sums() -> dict[str, str]:
        return {p.relative_to(project / "build").as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in (project / "build").rglob("*") if p.is_file() and p.parts[len(project.parts) + 1][0] != "."}

    make(project, "clean")
    make(project, "-j2")
    assert workers_of(project) == []
    warm = sums()
    make(project, "clean")
    make(project, "-j2", "WARM=0")
    assert sums() == warm and len(warm) >= 2 * 6


def test_a_warm_worker_stops_when_the_code_changes(project, tmp_path):
    """A worker never builds with code older than the files of pipeline/: it stops and a fresh one builds."""
    trace = tmp_path / "served-by"
    steps = project / "restart.mk"
    build = (f"PIPELINE_WARM=build/.warm PIPELINE_WARM_TRACE={trace} .venv/bin/python -m pipeline.warm build -q "
             "documents/specimen/document.xml --to html -o build/restart-{n}")
    steps.write_text("all:\n" + "".join(f"\t{line}\n" for line in (
        build.format(n=1), build.format(n=2), "touch pipeline/transforms.py", build.format(n=3))))
    make(project, "-f", "restart.mk")
    first, second, third = trace.read_text().split()
    assert first == second != third

