"""Sharded builds: the parts are deterministic, cover every document once and are balanced by cost; each part built
in a project of its own ("another machine") and merged gives the same bytes as one build; a merge refuses what does
not add up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import shard
from projects import add_case, copy, make

DOCS = ("chairmans-summary-2011", "specimen")


def documents(folder: Path, sizes: dict[str, int]) -> Path:
    for name, size in sizes.items():
        (folder / name).mkdir(parents=True)
        (folder / name / "document.xml").write_bytes(b"x" * size)
    return folder


@settings(max_examples=40, deadline=None)
@given(sizes=st.dictionaries(st.from_regex(r"[a-z][a-z0-9-]{0,8}(\.fra)?", fullmatch=True),
                             st.integers(1, 400_000), min_size=1, max_size=30),
       parts=st.integers(1, 8))
def test_the_parts_cover_every_document_once_and_are_balanced(tmp_path_factory, sizes, parts):
    folder = documents(tmp_path_factory.mktemp("docs"), sizes)
    plan = shard.plan(folder, parts)
    assert plan == shard.plan(folder, parts)  # the same parts on every machine
    assert sorted(n for part in plan for n in part) == sorted(sizes)
    assert len(plan) == parts
    costs = [sum(shard.cost(folder, n) for n in part) for part in plan]
    largest = max(shard.cost(folder, n) for n in sizes)
    assert max(costs) - min(costs) <= largest  # no part is more than one document behind another


def test_a_shard_outside_its_range_is_refused_with_its_reason(tmp_path, capsys):
    folder = documents(tmp_path / "documents", {"a": 10})
    for wrong in ("0/2", "3/2", "2", "a/b", "1/0", "", "1/100000000000"):
        assert shard.main(["select", wrong, "--documents", str(folder)]) == 2
        assert "SHARD must be k/N" in capsys.readouterr().err


OPTIONS = {"PAPER": "a4", "SITE_URL": "", "SOURCE_DATE_EPOCH": "0"}


def part(build: Path, folder: Path, spec: str, options: dict | None = None) -> dict:
    """A part as a machine leaves it: its outputs (files standing for them) and its manifest."""
    k, n = shard.parse(spec)
    for name in shard.plan(folder, n)[k - 1]:
        (build / name / "html").mkdir(parents=True, exist_ok=True)
        (build / name / "html" / "index.html").write_text(f"<p>{name}</p>")
        for suffix in shard.SUFFIXES:
            (build / name / f"{name}{suffix}").write_bytes(f"{suffix} of {name}".encode())
    manifest = shard.manifest(build, folder, spec, options or OPTIONS)
    (build / "parts").mkdir(exist_ok=True)
    (build / "parts" / f"{k}-of-{n}.json").write_text(json.dumps(manifest))
    return manifest


def edit(path: Path, change) -> None:
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def test_a_part_of_another_document_is_refused_even_with_the_right_digest(merged):
    """A part may list only its own documents' outputs: one of another part's, with its true digest, is refused."""
    build, folder = merged
    other = json.loads((build / "parts" / "2-of-3.json").read_text())
    stolen = next(iter(other["files"].items()))
    edit(build / "parts" / "1-of-3.json", lambda m: m["files"].update([stolen]))
    with pytest.raises(shard.ShardError, match="no output of its documents"):
        shard.merge(build, folder, OPTIONS)


def test_hidden_folders_are_no_documents(tmp_path):
    folder = documents(tmp_path / "documents", {"a": 10, ".import-a.part": 10})
    assert shard.documents(folder) == ["a"]


@pytest.fixture
def merged(tmp_path) -> tuple[Path, Path]:
    folder = documents(tmp_path / "documents", {"a": 100, "b": 2000, "c": 300, "d": 50_000})
    build = tmp_path / "build"
    for spec in ("1/3", "2/3", "3/3"):
        part(build, folder, spec)
    return build, folder


def test_merge_accepts_the_parts_that_add_up(merged):
    build, folder = merged
    files = shard.merge(build, folder, OPTIONS)
    assert sorted({path.split("/")[0] for path in files}) == ["a", "b", "c", "d"]
    assert len(files) == 4 * 5


@pytest.mark.parametrize("damage, message", [
    (lambda build, folder: (build / "parts" / "2-of-3.json").unlink(), "parts 2/3 missing"),
    (lambda build, folder: (build / "b" / "b.pdf").write_bytes(b"%PDF other"), "SHA-256 differs"),
    (lambda build, folder: (build / "c" / "c.pdf").unlink(), "c.pdf is missing"),
    (lambda build, folder: (folder / "a" / "document.xml").write_bytes(b"y" * 100), "other versions of a"),
    (lambda build, folder: documents(folder, {"e": 10}), "built from other sources"),
    (lambda build, folder: (build / "parts" / "1-of-2.json").write_text(
        json.dumps({"shard": 1, "of": 2, "documents": [], "key": {}, "files": {}})), "different splits"),
    (lambda build, folder: (build / "parts" / "3-of-3.json").write_text("{"), "not a part's manifest"),
    (lambda build, folder: (build / "parts" / "3-of-3.json").write_text("[]"), "not a part's manifest"),
    (lambda build, folder: edit(build / "parts" / "1-of-3.json", lambda m: m.pop("key")), "not a part's manifest"),
    (lambda build, folder: (folder / "b" / "seal.png").write_bytes(b"picture"), "other versions of b"),
    (lambda build, folder: part(build, folder, "2/3", {**OPTIONS, "PAPER": "letter"}), "other options: PAPER"),
    (lambda build, folder: part(build, folder, "1/3", {**OPTIONS, "SITE_URL": "https://x.org/"}), "SITE_URL"),
    (lambda build, folder: edit(build / "parts" / "1-of-3.json", lambda m: m["key"].update(code="0")), "other code"),
    (lambda build, folder: edit(build / "parts" / "1-of-3.json",
                                lambda m: m["files"].update({"../../etc/hostname": "0" * 64})), "no output of its"),
    (lambda build, folder: edit(build / "parts" / "1-of-3.json",
                                lambda m: m["files"].update({"/etc/hostname": "0" * 64})), "no output of its"),
    (lambda build, folder: edit(build / "parts" / "1-of-3.json",
                                lambda m: [m["files"].pop(f) for f in list(m["files"]) if f.endswith(".epub")]),
     "lacks"),
])
def test_merge_refuses_parts_that_do_not_add_up(merged, capsys, damage, message):
    build, folder = merged
    damage(build, folder)
    with pytest.raises(shard.ShardError, match=message):
        shard.merge(build, folder, OPTIONS)
    assert shard.main(["merge", "--build", str(build), "--documents", str(folder),
                       *(f"--option={k}={v}" for k, v in OPTIONS.items())]) == 2
    assert not (build / "SHA256SUMS").exists()
    assert "shard: error:" in capsys.readouterr().err


@pytest.mark.slow
def test_shards_built_apart_and_merged_are_the_same_bytes_as_one_build(tmp_path):
    """Three machines build a part each of four documents; a fourth gathers their parts into a fresh checkout,
    merges them and has exactly what one unsharded build makes, and make finds nothing left to build."""

    def project(name: str) -> Path:
        root = copy(tmp_path / name, DOCS)
        add_case(root, "resolution", "resolution")
        add_case(root, "bill", "bill")
        return root

    whole = project("whole")
    make(whole, "-j2", "all", "print", "sums")
    expected = (whole / "build" / "SHA256SUMS").read_text()
    assert expected.count("\n") >= 4 * 5  # five outputs of each document (the HTML edition: its files)

    gathered = project("merge")
    for k in (1, 2, 3):
        machine = project(f"machine-{k}")
        result = make(machine, "-j2", f"SHARD={k}/3")
        assert "PART" in result.stdout
        for item in (machine / "build").iterdir():  # what CI uploads: the documents' folders and the part
            if not item.name.startswith("."):
                shutil.copytree(item, gathered / "build" / item.name, dirs_exist_ok=True)
    result = make(gathered, "merge")
    assert "3 parts checked" in result.stdout
    assert (gathered / "build" / "SHA256SUMS").read_text() == expected
    assert make(gathered, "-q", "all", "print", check=False).returncode == 0, "make would build again after a merge"
