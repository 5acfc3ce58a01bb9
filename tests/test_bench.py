"""The benchmark's own machinery: measuring a process, checking the targets, and a tiny real run writing its table
and results.json. No timing is asserted: only that figures are measured, kept and reported consistently."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))

from scripts.bench import __main__ as bench  # noqa: E402
from scripts.bench import measure, report  # noqa: E402


def test_a_run_measures_the_peak_memory_of_its_own_process():
    held = bytearray(200_000_000)  # what the measuring process holds must not count (forked, it would)
    held[::4096] = b"1" * len(held[::4096])
    small = measure.once([sys.executable, "-c", "pass"], ROOT)
    large = measure.once([sys.executable, "-c", "x = bytearray(120_000_000); x[::4096] = b'1' * len(x[::4096])"], ROOT)
    assert small.seconds > 0 and small.cpu > 0 and small.peak_mb < 50
    assert large.peak_mb > small.peak_mb + 100
    del held


def test_a_failing_command_is_an_error_not_a_figure():
    with pytest.raises(measure.CommandFailed, match="exit 3"):
        measure.once([sys.executable, "-c", "import sys; print('no', file=sys.stderr); sys.exit(3)"], ROOT)


def _row(size: str, stage: str, ours: float, base: float | None, peak: float = 100.0) -> dict:
    bases = [] if base is None else [{"label": "engine", "median_s": base, "peak_mb": 50.0, "ratio": ours / base}]
    return {"size": size, "stage": stage, "ours": {"median_s": ours, "peak_mb": peak}, "baselines": bases}


def test_targets_are_checked_against_their_limits():
    results = {"stages": [_row("seed", "html", 0.17, 0.09), _row("seed", "pdf", 1.2, 1.0),
                          _row("50 pages", "pdf", 10.4, 10.0), _row("500 pages", "pdf", 130.0, 120.0, peak=1100.0),
                          _row("50 pages", "html", 0.7, 1.0), _row("500 pages", "html", 8.0, 7.0),
                          _row("50 pages", "docx", 1.3, 1.0)],
               "make": {"noop": {"median_s": 0.2}, "jobs": {"speedup": 1.9, "versus_engines": 1.2}},
               "preview": {"seed": {"median_ms": 40.0}, "50 pages": {"median_ms": 650.0}}}
    met = {t["target"]: t["met"] for t in report.targets(results)}
    assert met["html vs engine (seed)"] is True             # 1.89 <= 2
    assert met["pdf vs engine (seed)"] is False             # 1.2 > 1.10
    assert met["pdf vs engine (50 pages)"] is True          # 1.04 <= 1.14
    assert met["pdf vs engine (500 pages)"] is False        # 1.083 > 1.02
    assert met["html vs engine (50 pages)"] is True         # 0.7 <= 0.78
    assert met["html vs engine (500 pages)"] is False
    assert met["docx vs engine (50 pages)"] is False        # 1.3 > 1.2
    assert met["pdf: 500 pages / 50 pages"] is False        # 12.5 > 12
    assert met["html: 500 pages / 50 pages"] is True        # 11.4
    assert met["docx: 500 pages / 50 pages"] is None        # no 500-page DOCX measured
    assert met["peak memory of the 500-page PDF (MB)"] is False
    assert met["no-op make (s)"] is True
    assert met["make -j2 speed-up over -j1"] is True        # 1.9 >= 1.8
    assert met["make -j2 of the corpus / the engines alone, two at a time"] is False  # 1.2 > 1.15
    assert met["preview: warm rebuild (seed, ms)"] is True
    assert met["preview: warm rebuild (50 pages, ms)"] is False


def test_a_tiny_run_writes_its_table_and_results(tmp_path, capsys, seed_doc):
    """The seed document, HTML and DOCX only, one run each: real commands, real baselines."""
    bench.main(["--sizes", "seed", "--stages", "html,docx", "--runs", "1", "--no-make", "--no-phases",
                "--out", str(tmp_path)])
    assert (tmp_path / "schema-cache").is_dir()  # timed as make runs it: the verdict remembered
    printed = capsys.readouterr().out
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    rows = {(row["size"], row["stage"]): row for row in results["stages"]}
    assert set(rows) == {("seed", "html"), ("seed", "docx")}
    docx = rows[("seed", "docx")]
    assert [b["label"] for b in docx["baselines"]] == ["pandoc Markdown→DOCX", "pandoc JSON→DOCX (engine)"]
    for row in rows.values():
        assert row["ours"]["median_s"] > 0 and row["ours"]["peak_mb"] > 0
        for base in row["baselines"]:
            assert base["ratio"] == pytest.approx(row["ours"]["median_s"] / base["median_s"], rel=1e-2)
            assert f"{base['ratio']:6.2f}" in printed
    # the baselines really converted the same content: the seed's title is in pandoc's HTML
    assert seed_doc.meta.title.split()[0] in (tmp_path / "seed" / "baseline" / "out.html").read_text(encoding="utf-8")
    assert (tmp_path / "seed" / "ours" / "html" / "index.html").is_file()
    assert {t["target"] for t in results["targets"] if t["met"] is not None} == {
        "html vs pandoc Markdown→HTML (seed)", "docx vs pandoc Markdown→DOCX (seed)",
        "preview: warm rebuild (seed, ms)"}
    assert results["preview"]["seed"]["median_ms"] > 0 and "preview seed: warm rebuild" in printed
