"""Shared fixtures: the repository's documents, loaded once, and the paths tests need."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from pipeline import sourcetext
from pipeline.loader import load

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "documents"
SEED = DOCUMENTS / "chairmans-summary-2011" / "document.xml"
SPECIMEN = DOCUMENTS / "specimen" / "document.xml"
ALL_DOCUMENTS = sorted(DOCUMENTS.glob("*/document.xml"))


@functools.cache
def source_text(name: str) -> sourcetext.SourceText:
    """The text of documents/<name>/document.xml read from the XML itself: what every edition must hold."""
    return sourcetext.read(DOCUMENTS / name / "document.xml")


@pytest.fixture(scope="session")
def seed_doc():
    return load(SEED)


@pytest.fixture(scope="session")
def specimen_doc():
    return load(SPECIMEN)


@pytest.fixture(scope="session")
def axe():
    """One headless Chromium with axe-core for the whole session."""
    from pipeline.checks.axe import Axe

    with Axe() as browser:
        yield browser
