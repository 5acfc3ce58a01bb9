"""Mutation fuzzing of the specimen: every mutant ends in a valid build or a clear error; never a crash.

Bounded for `make test` (FUZZ_CASES, default 400); `make fuzz` runs a longer campaign.
"""

from __future__ import annotations

import os
import random
import re
import signal

import pytest

from conftest import SPECIMEN
from pipeline import sourcetext
from pipeline.cli import main
from pipeline.errors import InvalidDocument
from pipeline.loader import load
from pipeline.extract import html_text
from pipeline.verify import problems
from pipeline.writers import Options, writer
from pipeline.writers import html as html_writer

CASES = int(os.environ.get("FUZZ_CASES", "400"))
SEED = int(os.environ.get("FUZZ_SEED", "20110919"))
ALL_FORMATS = int(os.environ.get("FUZZ_ALL_FORMATS", "4"))  # valid mutants also built as PDF, EPUB and DOCX
SOURCE = SPECIMEN.read_bytes()
TAGS = sorted(set(re.findall(rb"<([A-Za-z]+)[\s>/]", SOURCE)))
GARBAGE = [b"\x00", b"\xff\xfe", b"&", b"<", b"]]>", b"&#0;", b"&#xD800;", b'"', b"\xe2\x80\xae", b"\xd8\xb3", b"\xcc\x81"]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def flip(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]


def swap_tags(rng: random.Random, data: bytes) -> bytes:
    a, b = rng.sample(TAGS, 2)
    return re.sub(rb"(</?)" + re.escape(a) + rb"(?=[\s>/])", rb"\g<1>" + b, data, count=rng.randint(1, 3))


def attribute_garbage(rng: random.Random, data: bytes) -> bytes:
    tags = [m.end() for m in re.finditer(rb"<[A-Za-z]+", data)]
    at = rng.choice(tags)
    value = rng.choice([b' eId="para_1"', b' href="#nowhere"', b' href="javascript:x"', b' marker="99"',
                        b' xml:base="file:///etc/"', b' style="x"', b' eId=""', b" eId", b' date="2026-13-45"'])
    return data[:at] + value + data[at:]


def insert_garbage(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.choice(GARBAGE) + data[at:]


def drop_line(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


MUTATIONS = [truncate, flip, swap_tags, attribute_garbage, insert_garbage, drop_line]


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def mutants():
    rng = random.Random(SEED)
    for index in range(CASES):
        mutation = MUTATIONS[index % len(MUTATIONS)]
        yield index, mutation.__name__, mutation(rng, SOURCE)


def test_every_mutant_is_built_or_refused_clearly(tmp_path):
    outcomes = {"valid": 0, "refused": 0}
    by_mutation = {m.__name__: [0, 0] for m in MUTATIONS}  # [built, refused]
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for index, name, data in mutants():
            path = tmp_path / f"case{index}" / "document.xml"
            path.parent.mkdir()
            path.write_bytes(data)
            signal.alarm(20)
            try:
                doc = load(path)
            except InvalidDocument as exc:
                outcomes["refused"] += 1
                by_mutation[name][1] += 1
                assert exc.problems, (index, name)
                for problem in exc.problems:
                    assert problem.path == str(path) and problem.line >= 1 and problem.column >= 1, (index, name, problem)
                    assert problem.message.strip()
                continue
            except Hang:
                pytest.fail(f"case {index} ({name}) took more than 20 s")
            except Exception as exc:  # anything else is a crash: show the case
                pytest.fail(f"case {index} ({name}) crashed: {type(exc).__name__}: {exc}")
            finally:
                signal.alarm(0)
            outcomes["valid"] += 1
            by_mutation[name][0] += 1
            options = Options(source_dir=path.parent)
            page = html_writer.render(doc, options)["index.html"]
            assert problems(sourcetext.read(path), *html_text(page)) == [], (index, name)
            if outcomes["valid"] <= ALL_FORMATS:  # the first few are built in every format
                for fmt in ("pdf", "epub", "docx"):
                    try:
                        assert writer(fmt).render(doc, options)[:2] in (b"%P", b"PK"), (index, name, fmt)
                    except ValueError as exc:  # the one refusal a writer may make: text no font can print
                        assert fmt == "pdf" and "no installed font" in str(exc), (index, name, exc)
    finally:
        signal.signal(signal.SIGALRM, previous)
    print(f"\nfuzz: {CASES} mutants: {outcomes['valid']} valid and built, {outcomes['refused']} refused with a message")
    for name, (built, refused) in by_mutation.items():
        print(f"  {name:<18} {built:>5} built {refused:>5} refused")
    assert outcomes["refused"] > 0


def test_refused_mutants_leave_no_output(tmp_path, capsys):
    """Through the command line, a sample of refused mutants writes nothing and shows no traceback."""
    checked = 0
    for index, name, data in mutants():
        if checked == 12:
            break
        path = tmp_path / f"case{index}" / "document.xml"
        path.parent.mkdir()
        path.write_bytes(data)
        out = tmp_path / f"out{index}" / "index"
        code = main(["build", str(path), "--to", "html", "-o", str(out)])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        if code == 1:
            checked += 1
            assert not out.exists() and not out.parent.exists(), (index, name)
            assert err.startswith(str(path) + ":"), err
