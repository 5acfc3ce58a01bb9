"""The generated corpus for scale tests (make bench-site): valid documents in the six languages, translations of
one work, citations that name documents of the corpus, the same bytes every run. A bounded sample here; the
benchmark generates 200."""

from __future__ import annotations

from pipeline import collection, synthcorpus
from pipeline.loader import load


def test_a_generated_corpus_is_valid_in_six_languages_and_the_same_every_run(tmp_path):
    written = synthcorpus.corpus(tmp_path / "a", count=24)
    again = synthcorpus.corpus(tmp_path / "b", count=24)
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in again]
    docs = [load(path) for path in written]  # the schema, the project's rules, the versions' own rules
    assert {d.meta.language for d in docs} == set(synthcorpus.LANGUAGES)
    translations = [d for d in docs if "." in d.name]
    assert translations and all(d.versions for d in translations)
    entries = collection.read(tmp_path / "a")
    symbols = {e.symbol for e in entries}
    cited = [path for path in written if "See SYNTH/" in path.read_text(encoding="utf-8")]
    assert cited, "some documents cite others"
    for path in cited:
        text = path.read_text(encoding="utf-8")
        symbol = text.split("See ", 1)[1].split(".</p>", 1)[0]
        assert symbol in symbols, symbol
    pages = [len(path.read_bytes()) for path in written]
    assert max(pages) > 10 * min(pages)  # 2 to 50 pages, not all alike
