"""Deterministic long documents for tests and benchmarks: valid Akoma Ntoso of any size, the same bytes every run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from xml.sax.saxutils import escape

#: Paragraphs per printed A4 page, measured on the print edition (used by --pages-ish).
PARAGRAPHS_PER_PAGE = 4.4
#: Footnotes per paragraph when only a page count is given.
NOTES_PER_PARAGRAPH = 0.3

_WORDS = (
    "the of and to in for on with by as that this which from at are be is was were has have its their "
    "Member States Assembly Council Committee Secretariat report resolution decision session agenda item "
    "cooperation development implementation programme strategy framework review assistance capacity "
    "international regional national organizations institutions partners participants delegations "
    "support progress measures efforts challenges priorities recommendations commitments mandate "
    "transparency accountability coordination effective sustainable comprehensive integrated timely "
    "peace security human rights law justice protection prevention response recovery resilience "
    "financing budget resources contributions expenditure audit oversight evaluation monitoring "
    "dialogue consultations negotiations consensus adoption provisions paragraph annex article "
    "further noted welcomed emphasized recalled requested encouraged stressed acknowledged reaffirmed"
).split()
_NOUNS = ("Secretary-General", "General Assembly", "Security Council", "Economic and Social Council",
          "Advisory Committee", "Board of Auditors", "Human Rights Council", "Peacebuilding Commission")
_HEADINGS = ("Introduction", "Background", "Mandate and scope", "Progress made", "Financial matters",
             "Coordination and cooperation", "Challenges and lessons learned", "Regional perspectives",
             "Oversight and evaluation", "Conclusions and recommendations")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


class _Random:
    """SplitMix64: the same numbers on every Python version and platform, unlike `random`."""

    def __init__(self, seed: int) -> None:
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        return self.next() % n

    def choice(self, items):
        return items[self.below(len(items))]


def _sentence(rng: _Random, low: int = 10, high: int = 28) -> str:
    words = [rng.choice(_WORDS) for _ in range(low + rng.below(high - low + 1))]
    if rng.below(4) == 0:
        words.insert(rng.below(len(words)), "the " + rng.choice(_NOUNS))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _text(rng: _Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


class _Writer:
    """Builds the body and annexes, numbering paragraphs and footnotes in reading order."""

    def __init__(self, rng: _Random, paragraphs: int, notes: int) -> None:
        self.rng = rng
        self.total = paragraphs
        self.notes_left = notes
        self.paragraphs_left = paragraphs
        self.paragraph = 0
        self.note = 0

    def _note(self) -> str:
        self.note += 1
        self.notes_left -= 1
        kind = self.rng.below(10)
        if kind < 6:
            body = f"<p>{escape(_sentence(self.rng, 6, 16))}</p>"
        elif kind < 9:
            body = f"<p>{escape(_text(self.rng, 2 + self.rng.below(3)))}</p>"
        else:
            body = f"<p>{escape(_text(self.rng, 4))}</p><p>{escape(_text(self.rng, 2))}</p>"
        return f'<authorialNote marker="{self.note}" placement="bottom" eId="fn_{self.note}">{body}</authorialNote>'

    def _notes_here(self) -> int:
        """How many notes the next paragraph carries, so that all notes are spent evenly."""
        if self.notes_left <= 0:
            return 0
        expected = self.notes_left / max(self.paragraphs_left, 1)
        count = int(expected)
        if self.rng.below(1000) < (expected - count) * 1000:
            count += 1
        return min(count, self.notes_left)

    def _p(self, eid: str, sentences: int) -> str:
        pieces = [escape(_sentence(self.rng)) for _ in range(sentences)]
        for _ in range(self._notes_here()):
            at = 1 + self.rng.below(len(pieces))
            pieces.insert(at, self._note())
        if self.paragraph > 3 and self.rng.below(8) == 0:
            target = 1 + self.rng.below(self.paragraph - 1)
            pieces.append(f'See also <ref href="#para_{target}">paragraph {target}</ref>.')
        text = " ".join(pieces).replace(" <authorialNote", "<authorialNote")
        return f'<p eId="{eid}">{text}</p>'

    def paragraph_xml(self) -> str:
        self.paragraph += 1
        self.paragraphs_left -= 1
        n = self.paragraph
        if self.rng.below(9) == 0:
            items = "".join(
                f'<item eId="para_{n}__list_1__item_{letter}"><num>({letter})</num>'
                f'{self._p(f"para_{n}__list_1__item_{letter}__p_1", 1 + self.rng.below(2))}</item>'
                for letter in "abcd"[: 2 + self.rng.below(3)])
            content = (f'<blockList eId="para_{n}__list_1"><listIntroduction>{escape(_sentence(self.rng))}'
                       f"</listIntroduction>{items}</blockList>")
        else:
            content = self._p(f"para_{n}__p_1", 3 + self.rng.below(6))
        return f'<paragraph eId="para_{n}"><num>{n}.</num><content>{content}</content></paragraph>'

    def body(self, count: int) -> str:
        sections, out = max(1, count // 12), []
        per = count // sections
        for s in range(1, sections + 1):
            here = per if s < sections else count - per * (sections - 1)
            heading = f"{_ROMAN[(s - 1) % len(_ROMAN)]}. {_HEADINGS[(s - 1) % len(_HEADINGS)]}"
            inner = []
            for i in range(here):
                if here > 8 and i == here // 2:
                    inner.append(f'<hcontainer eId="sec_{s}__sub_1" name="subsection">'
                                 f"<heading>{escape(_sentence(self.rng, 3, 6)[:-1])}</heading>")
                inner.append(self.paragraph_xml())
            if here > 8:
                inner.append("</hcontainer>")
            out.append(f'<hcontainer eId="sec_{s}" name="section"><heading>{escape(heading)}</heading>'
                       f'{"".join(inner)}</hcontainer>')
        return "".join(out)

    def annex(self, index: int, count: int) -> str:
        rows = "".join(
            f"<tr><td><p>{escape(self.rng.choice(_NOUNS))}</p></td><td><p>{1000 + self.rng.below(9000)}</p></td>"
            f"<td><p>{self.rng.below(100)}</p></td></tr>" for _ in range(6))
        table = (f'<table eId="att_{index}__table_1"><caption>Figures for annex {_ROMAN[index - 1]}</caption>'
                 f"<tr><th><p>Body</p></th><th><p>Amount</p></th><th><p>Share</p></th></tr>{rows}</table>")
        paragraphs = "".join(self.paragraph_xml() for _ in range(count))
        return _ANNEX.format(i=index, number=_ROMAN[index - 1], body=paragraphs + table)


def generate(paragraphs: int, notes: int, annexes: int = 2, *, seed: int = 2026) -> str:
    """An AKN document with `paragraphs` numbered paragraphs (a tenth of them in annexes), `notes` footnotes
    spread evenly in reading order, sections, subsections, lists, cross-references and one table per annex."""
    if paragraphs < 1 or notes < 0 or not 0 <= annexes <= len(_ROMAN):
        raise ValueError("need at least one paragraph, no negative notes, and at most 15 annexes")
    writer = _Writer(_Random(seed), paragraphs, notes)
    in_annexes = min(paragraphs // 10, paragraphs - 1) if annexes else 0
    body = writer.body(paragraphs - in_annexes)
    per_annex = [in_annexes // annexes + (i < in_annexes % annexes) for i in range(annexes)] if annexes else []
    attachments = "".join(writer.annex(i + 1, n) for i, n in enumerate(per_annex))
    title = f"Synthetic Report in {paragraphs} Paragraphs with {notes} Footnotes"
    return _DOCUMENT.format(symbol=f"SYNTH/{paragraphs}/{notes}", title=escape(title), body=body,
                            attachments=f"<attachments>{attachments}</attachments>" if attachments else "")


_FRBR = """<identification source="#publisher">
<FRBRWork><FRBRthis value="/akn/un/doc/synthetic/2026-01-15/synth{part}"/><FRBRuri value="/akn/un/doc/synthetic/2026-01-15/synth"/><FRBRdate date="2026-01-15" name="publication"/><FRBRauthor href="#publisher"/><FRBRcountry value="un"/></FRBRWork>
<FRBRExpression><FRBRthis value="/akn/un/doc/synthetic/2026-01-15/synth/eng@{part}"/><FRBRuri value="/akn/un/doc/synthetic/2026-01-15/synth/eng@"/><FRBRdate date="2026-01-15" name="publication"/><FRBRauthor href="#publisher"/><FRBRlanguage language="eng"/></FRBRExpression>
<FRBRManifestation><FRBRthis value="/akn/un/doc/synthetic/2026-01-15/synth/eng@{part}.xml"/><FRBRuri value="/akn/un/doc/synthetic/2026-01-15/synth/eng@.akn"/><FRBRdate date="2026-01-15" name="publication"/><FRBRauthor href="#publisher"/></FRBRManifestation>
</identification>"""

_ANNEX = ("""<attachment eId="att_{i}"><doc name="annex"><meta>""" + _FRBR.replace("{part}", "/!annex_{i}") +
          """</meta><preface><p class="number"><docNumber>Annex {number}</docNumber></p>
<p class="title"><docTitle>Supporting material {number}</docTitle></p></preface>
<mainBody>{body}</mainBody></doc></attachment>
""")

_DOCUMENT = ("""<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by pipeline.synth: synthetic text with no meaning and no authority. -->
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
<doc name="synthetic"><meta>""" + _FRBR.replace("{part}", "/!main") + """
<references source="#publisher"><TLCOrganization eId="publisher" href="/akn/ontology/organizations/synthetic/publisher" showAs="Synthetic Publishing Unit"/></references>
</meta>
<preface><p class="symbol"><docNumber>{symbol}</docNumber></p><p class="title"><docTitle>{title}</docTitle></p>
<p class="date"><docDate date="2026-01-15">15 January 2026</docDate></p><p class="type"><docType>Synthetic report</docType></p></preface>
<mainBody>{body}</mainBody>
{attachments}
</doc>
</akomaNtoso>
""")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.synth", description=__doc__)
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--paragraphs", type=int, metavar="N", help="numbered paragraphs")
    size.add_argument("--pages-ish", type=int, metavar="P", help="about this many A4 pages in print")
    parser.add_argument("--notes", type=int, metavar="M", help="footnotes (default: 0.3 per paragraph)")
    parser.add_argument("--annexes", type=int, default=2, metavar="K", help="annexes (default 2)")
    parser.add_argument("--seed", type=int, default=2026, help="a different seed gives a different text")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="where to write (default: stdout)")
    args = parser.parse_args(argv)
    paragraphs = args.paragraphs or max(1, round(args.pages_ish * PARAGRAPHS_PER_PAGE))
    notes = args.notes if args.notes is not None else round(paragraphs * NOTES_PER_PARAGRAPH)
    text = generate(paragraphs, notes, args.annexes, seed=args.seed)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
