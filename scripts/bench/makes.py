"""make itself: a no-op `make` in the working tree, and a clean build of a corpus with -j1 against -j2 on a copy."""

from __future__ import annotations

import compileall
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline import synth

from .measure import Series, environment, interleaved, once
from .subjects import PARAGRAPHS_PER_PAGE, ROOT

SETUP = ".venv/.setup-done"
#: Left out of the copy: history, outputs, caches and the shared set-up (linked instead).
SKIP = {".git", "build", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis"}


def _make(root: Path, *args: str) -> list[str]:
    return ["make", "--no-print-directory", "-C", str(root), *args]


def _setup_current(root: Path) -> bool:
    """Whether make would leave the set-up alone (so a measured make does not install anything)."""
    return subprocess.run(_make(root, "-q", SETUP), capture_output=True, env=environment()).returncode == 0


def noop(root: Path, runs: int) -> dict:
    """`make` when everything is built: brought up to date first, then timed `runs` times."""
    extra = [] if _setup_current(root) else ["-o", SETUP]
    subprocess.run(_make(root, *extra), capture_output=True, check=True, env=environment())
    series = Series(_make(root, *extra))
    for _ in range(runs):
        series.runs.append(once(series.command, ROOT))
    idle = subprocess.run(series.command, capture_output=True, text=True, env=environment())
    result = series.as_dict()
    result["nothing_to_do"] = "Nothing to be done" in idle.stdout
    if extra:
        result["note"] = f"the set-up stamp was out of date, so make ran with -o {SETUP}"
    return result


def corpus(out: Path, count: int, pages: int) -> list[Path]:
    """`count` generated documents, each with its own text (seed): of about `pages` pages, or, when `pages` is 0,
    short ones of 2 to 5 pages in turn, as most official documents are."""
    sources = []
    for number in range(1, count + 1):
        paragraphs = max(1, round((pages or 2 + (number - 1) % 4) * PARAGRAPHS_PER_PAGE))
        source = out / f"corpus-{number:03d}" / "document.xml"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(synth.generate(paragraphs, round(paragraphs * synth.NOTES_PER_PARAGRAPH), seed=number),
                          encoding="utf-8")
        sources.append(source)
    return sources


def project_copy(into: Path, sources: list[Path]) -> Path:
    """The working tree without history, outputs or caches; the set-up linked; the corpus as its documents."""
    root = into / "project"
    shutil.copytree(ROOT, root, ignore=lambda folder, names: [n for n in names if n in SKIP])
    for shared in (".venv", "node_modules"):
        (root / shared).symlink_to(ROOT / shared)
    shutil.rmtree(root / "documents")
    for source in sources:
        target = root / "documents" / source.parent.name / "document.xml"
        target.parent.mkdir(parents=True)
        shutil.copy2(source, target)
    compileall.compile_dir(root / "pipeline", quiet=1)  # neither run pays for compiling our modules
    return root


def jobs(out: Path, count: int, pages: int, runs: int) -> dict:
    """A clean `make -j1` against a clean `make -j2` of the corpus, taking turns; then a no-op make of it."""
    sources = corpus(out / "corpus", count, pages)
    with tempfile.TemporaryDirectory(prefix="bench-make-") as tmp:
        root = project_copy(Path(tmp), sources)
        extra = [] if _setup_current(root) else ["-o", SETUP]
        clean = _make(root, "clean")
        series = {"-j1": Series(_make(root, "-j1", *extra)), "-j2": Series(_make(root, "-j2", *extra))}
        for _ in range(runs):
            for one in series.values():
                subprocess.run(clean, capture_output=True, check=True)
                one.runs.append(once(one.command, root))
        built = sorted(p.relative_to(root / "build").as_posix() for p in (root / "build").rglob("*")
                       if p.is_file() and p.suffix in (".pdf", ".epub", ".docx", ".html"))
        idle = interleaved([_make(root, *extra)], max(runs, 3), root)[0]
    engines = engines_alone(out / "corpus-engines", sources)
    j1, j2 = series["-j1"], series["-j2"]
    return {"documents": count, "pages_each": pages or "2 to 5", "outputs": len(built),
            "j1": j1.as_dict(), "j2": j2.as_dict(), "speedup": round(j1.median / j2.median, 3),
            "engines_alone_s": round(engines, 3), "versus_engines": round(j2.median / engines, 3),
            "noop_corpus": idle.as_dict()}


def engines_alone(out: Path, sources: list[Path]) -> float:
    """The engines alone doing the same conversions as `make` on the corpus, two at a time, as make -j2 runs them:
    WeasyPrint on our print HTML, pandoc from the same content to HTML, EPUB and DOCX (inputs made first, not
    timed). Returns the wall time."""
    import sys
    import time
    from concurrent.futures import ThreadPoolExecutor

    from . import subjects

    commands = []
    for source in sources:
        size = subjects.Size(source.parent.name, source.parent.name, source)
        inputs = subjects.prepare(size, out)
        for stage in ("html", "pdf", "epub", "docx"):
            commands.append(subjects.baselines(sys.executable, inputs, stage)[0][1])
    env = environment()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in pool.map(lambda c: subprocess.run(c, capture_output=True, env=env, cwd=ROOT), commands):
            if done.returncode:
                raise subprocess.CalledProcessError(done.returncode, done.args, stderr=done.stderr)
    return time.perf_counter() - started
