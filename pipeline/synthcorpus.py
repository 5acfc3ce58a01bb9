"""A generated corpus for scale tests: COUNT documents of 2 to 50 pages in the six official languages, each with its
own symbol, date and FRBR URIs, some of them translations of others, some citing others by symbol; the same bytes on
every run. The text is pipeline/synth.py's, its words put into each language's script: no meaning, no authority.

    python -m pipeline.synthcorpus DOCUMENTS [--count 200] [--seed 2026]"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from pipeline import synth

#: Words of each language the English words are swapped for, in turn: enough for each script's shaping, line
#: breaking and fonts, not a translation.
WORDS = {
    "fra": "les des et pour dans avec par sur que cette rapport résolution décision session coopération "
           "développement programme stratégie examen assistance États membres organisations régionales".split(),
    "spa": "los las y para en con por sobre que este informe resolución decisión período cooperación "
           "desarrollo programa estrategia examen asistencia Estados Miembros organizaciones regionales".split(),
    "rus": "и в на для с по что этот доклад резолюция решение сессия сотрудничество развитие программа "
           "стратегия обзор помощь государства члены организации региональные".split(),
    "ara": "في من إلى على مع أن هذا التقرير القرار المقرر الدورة التعاون التنمية البرنامج الاستراتيجية "
           "الاستعراض المساعدة الدول الأعضاء المنظمات الإقليمية".split(),
    "zho": "的 和 在 为 与 关于 报告 决议 决定 届会 合作 发展 方案 战略 审查 援助 会员国 组织 区域 执行".split(),
}
LANGUAGES = ("eng", "fra", "spa", "rus", "ara", "zho")
_WORD = re.compile(r"(?<=[>\s(])([A-Za-z][a-z]+)(?=[\s.,;:<)])")


def _language(text: str, code: str) -> str:
    """The document's running text in another language's words (markup, numbers and ids untouched)."""
    words = WORDS[code]
    counter = iter(range(10**9))
    parts = re.split(r"(<[^>]+>)", text)
    out = []
    for part in parts:
        if part.startswith("<"):
            out.append(part)
        else:
            joined = _WORD.sub(lambda m: words[next(counter) % len(words)], f" {part} ")[1:-1]
            out.append(re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", joined) if code == "zho" else joined)
    return "".join(out)


def document(index: int, pages: int, code: str, work: int, cites: int | None) -> str:
    """Document number `index`: a generated text of about `pages` pages in language `code`, the work `work` (its
    translations share it), citing the work `cites` by its symbol."""
    paragraphs = max(4, round(pages * synth.PARAGRAPHS_PER_PAGE))
    text = synth.generate(paragraphs, round(paragraphs * synth.NOTES_PER_PARAGRAPH), annexes=1 + index % 2,
                          seed=1000 + work)
    year, day = 2016 + work % 10, 1 + work % 28
    date = f"{year}-{1 + work % 12:02d}-{day:02d}"
    symbol = f"SYNTH/{year}/{work}"
    text = text.replace("2026-01-15", date).replace("15 January 2026", date)
    text = re.sub(r"<docNumber>SYNTH/[^<]*</docNumber>", f"<docNumber>{symbol}</docNumber>", text)
    text = text.replace("/synth/eng@", f"/synth-{work}/{code}@").replace("/synth\"", f"/synth-{work}\"")
    text = text.replace("/synth/!", f"/synth-{work}/!").replace('language="eng"', f'language="{code}"')
    if cites is not None:
        cited = f"SYNTH/{2016 + cites % 10}/{cites}"
        text = text.replace("</p></content></paragraph>", f" See {cited}.</p></content></paragraph>", 1)
    if code != "eng":
        head, body = text.split("<mainBody>", 1)
        text = head + "<mainBody>" + _language(body, code)
    return text


def corpus(folder: Path, count: int = 200, seed: int = 2026) -> list[Path]:
    """`count` documents in `folder`: about one in three a translation of the one before, pages spread 2 to 50."""
    state = synth._Random(seed)
    written, work, used = [], 0, [""]
    for index in range(count):
        translation = index > 0 and len(used) < len(LANGUAGES) and state.below(3) == 0
        if translation:
            code = next(c for c in LANGUAGES if c not in used)
            used.append(code)
        else:
            work += 1
            code = LANGUAGES[work % 6]  # every language in turn
            used = [code]
        pages = 2 + state.below(49)
        cites = 1 + state.below(work - 1) if work > 1 and state.below(4) == 0 else None
        name = f"synth-{work:03d}" + (f".{code}" if translation else "")
        target = folder / name / "document.xml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document(index, pages, code, work, cites), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.synthcorpus", description=__doc__.splitlines()[0])
    parser.add_argument("documents", type=Path)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    written = corpus(args.documents, args.count, args.seed)
    print(f"{len(written)} documents in {args.documents}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
