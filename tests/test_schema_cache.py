"""The remembered schema verdict (PIPELINE_SCHEMA_CACHE): a valid tree is known valid without compiling the schema
again; an invalid one is never remembered and always reported; without the variable nothing is written."""

from __future__ import annotations

import pytest

from conftest import SPECIMEN
from pipeline import schema
from pipeline.errors import InvalidDocument
from pipeline.loader import load


def _no_schema():
    raise AssertionError("the schema was compiled although the verdict was remembered")


def test_a_valid_document_is_remembered_and_then_loaded_without_the_schema(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PIPELINE_SCHEMA_CACHE", str(cache))
    first = load(SPECIMEN)
    assert len(list(cache.iterdir())) == 1
    monkeypatch.setattr(schema, "schema", _no_schema)
    assert load(SPECIMEN) == first


def test_a_changed_tree_is_checked_again_and_the_same_tree_is_not(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_SCHEMA_CACHE", str(tmp_path / "cache"))
    load(SPECIMEN)
    source = SPECIMEN.read_text(encoding="utf-8")
    monkeypatch.setattr(schema, "schema", _no_schema)
    same = tmp_path / "same" / "document.xml"  # other bytes, the same tree: white space inside a tag
    same.parent.mkdir()
    same.write_text(source.replace("<docTitle>", "<docTitle >", 1), encoding="utf-8")
    assert load(same).meta.title == load(SPECIMEN).meta.title
    changed = tmp_path / "changed" / "document.xml"
    changed.parent.mkdir()
    changed.write_text(source.replace("</docTitle>", " (revised)</docTitle>", 1), encoding="utf-8")
    with pytest.raises(AssertionError, match="compiled"):
        load(changed)


def test_an_invalid_document_is_never_remembered(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PIPELINE_SCHEMA_CACHE", str(cache))
    bad = tmp_path / "document.xml"
    bad.write_text(SPECIMEN.read_text(encoding="utf-8").replace("</preface>", "<unknownElement/></preface>", 1),
                   encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InvalidDocument, match="schema: .*unknownElement"):
            load(bad)
    assert not cache.exists() or not any(cache.iterdir())


def test_without_the_variable_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv("PIPELINE_SCHEMA_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    load(SPECIMEN)
    assert not any(tmp_path.iterdir())


def test_a_folder_that_cannot_be_written_only_costs_the_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PIPELINE_SCHEMA_CACHE", str(blocker / "cache"))
    assert load(SPECIMEN).notes
