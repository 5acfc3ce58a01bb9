"""Bad input: every case gets FILE:LINE:COL: error: message, a non-zero exit, no traceback and no output."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SPECIMEN
from akn import annex, document
from hypothesis import HealthCheck, given, settings
from strategies import dangling_references
from pipeline.cli import main

SECRET = "TOP-SECRET-7f3a9c"

def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def write(tmp_path: Path, content: str | bytes, name: str = "document.xml") -> Path:
    folder = tmp_path / "bad"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (tmp_path / "secret.txt").write_text(SECRET)
    return path


def _truncated():
    text = SPECIMEN.read_text(encoding="utf-8")
    cut = text[: len(text) // 2]
    return cut, cut.count("\n") + 1, "malformed XML"


def _invalid_utf8():
    text = document('      <p eId="p_2">caf\udcff</p>')
    raw = text.encode("utf-8", "surrogateescape")
    return raw, line_of(text, 'eId="p_2"'), "invalid UTF-8"


def _external_entity(secret_path: str):
    text = document('      <p eId="p_2">&xxe;</p>', prolog=f'\n<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file://{secret_path}">]>')
    return text, 2, "DOCTYPE"


def _bomb():
    entities = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10))
    text = document('      <p eId="p_2">&l9;</p>', prolog=f"\n<!DOCTYPE akomaNtoso [{entities}]>")
    return text, 2, "DOCTYPE"


def _case(body: str, needle: str, message: str):
    text = document(body)
    return text, line_of(text, needle), message


def _replaced(old: str, new: str, message: str):
    text = document()
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    return text, line_of(text, new), message


def _picture(tmp: Path, content: bytes | None, message: str):
    """A picture the folder holds (with these bytes) or lacks (None)."""
    if content is not None:
        (tmp / "bad").mkdir(exist_ok=True)
        (tmp / "bad" / "picture.png").write_bytes(content)
    return _case('      <p eId="p_2">A picture <img src="picture.png" alt="A chart"/>.</p>', "<img", message)


CASES = {
    "truncated": lambda tmp: _truncated(),
    "empty": lambda tmp: ("", 1, "file is empty"),
    "not-utf8": lambda tmp: _invalid_utf8(),
    "not-akn": lambda tmp: ('<?xml version="1.0"?>\n<html><body><p>hi</p></body></html>\n', 2, "not an Akoma Ntoso 3.0 document"),
    "schema": lambda tmp: _case('      <blockList eId="list_9"></blockList>', 'eId="list_9"', "schema: Element 'blockList': Missing child"),
    "duplicate-eid": lambda tmp: _case('      <p eId="p_1">Again.</p>', "Again.", "duplicate eId 'p_1'"),
    "picture-without-alt": lambda tmp: _case('      <p eId="p_2">A picture <img src="picture.png"/>.</p>', "<img", "<img> needs an alt text"),
    "picture-outside": lambda tmp: _case('      <p eId="p_2">A picture <img src="../secret.png" alt="x"/>.</p>', "<img", "must be a file in the document's own folder"),
    "picture-missing": lambda tmp: _picture(tmp, None, "picture 'picture.png' is not in the document's folder (bad/)"),
    "picture-not-an-image": lambda tmp: _picture(
        tmp, b"GIF89 is not enough: this is text", "picture 'picture.png' is not a PNG, JPEG, GIF or SVG file"),
    "external-entity": lambda tmp: _external_entity(str(tmp / "secret.txt")),
    "entity-bomb": lambda tmp: _bomb(),
    "xinclude": lambda tmp: _case(
        '      <p eId="p_2"><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="../secret.txt" parse="text"/></p>',
        "xi:include", "XInclude is not allowed"),
    "javascript-link": lambda tmp: _case('      <p eId="p_2"><ref href="javascript:alert(1)">click</ref></p>', "javascript:", "is not allowed"),
    "javascript-picture": lambda tmp: _case('      <p eId="p_2">A picture <img src="javascript:alert(1)" alt="x"/>.</p>', "<img",
                                            "picture 'javascript:alert(1)' is not allowed"),
}

# Problems that stop nothing: the document publishes, the problem is printed where it is; --strict refuses it.
WARNINGS = {
    "dangling-ref": lambda tmp: _case('      <p eId="p_2">See <ref href="#nowhere">there</ref>.</p>', "#nowhere", "points to no element"),
    "dangling-refersto": lambda tmp: _case(
        '      <p eId="p_2">By <organization refersTo="#nobody">a body</organization>.</p>', "#nobody", "points to no element"),
    "dangling-source": lambda tmp: _replaced('<references source="#unit">', '<references source="#nobody">', "points to no element"),
    "dangling-author": lambda tmp: _replaced('<FRBRauthor href="#unit"/>\n          <FRBRcountry', '<FRBRauthor href="#nobody"/>\n          <FRBRcountry', "points to no element"),
    "marker-out-of-sequence": lambda tmp: _case(
        '      <p eId="p_2">Text.<authorialNote marker="3" eId="fn_1" placement="bottom"><p>Note.</p></authorialNote></p>',
        'marker="3"', "out of sequence"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_reported_with_file_line_and_column(name, tmp_path, capsys):
    content, line, message = CASES[name](tmp_path)
    path = write(tmp_path, content)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    found = re.match(rf"^{re.escape(str(path))}:(\d+):(\d+): error: (.*)$", first)
    assert found, err
    assert int(found.group(1)) == line, err
    assert int(found.group(2)) >= 1
    assert message in err
    assert SECRET not in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_a_warning_is_printed_where_it_is_and_stops_nothing_unless_strict(name, tmp_path, capsys):
    content, line, message = WARNINGS[name](tmp_path)
    path = write(tmp_path, content)
    out = tmp_path / "out" / "html"
    assert main(["build", str(path), "--to", "html", "-q", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert re.search(rf"^{re.escape(str(path))}:{line}:\d+: warning: .*{re.escape(message)}", err, re.M), err
    assert (out / "index.html").is_file() and '<a href="#nowhere"' not in (out / "index.html").read_text()
    assert main(["validate", "--strict", str(path)]) == 1
    assert re.search(rf"^{re.escape(str(path))}:{line}:\d+: error: .*{re.escape(message)}", capsys.readouterr().err, re.M)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_writes_no_output(name, tmp_path, capsys):
    content, _, _ = CASES[name](tmp_path)
    path = write(tmp_path, content)
    out = tmp_path / "out" / "html"
    assert main(["build", str(path), "--to", "html", "-o", str(out)]) == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err


def test_every_problem_is_reported_not_just_the_first(tmp_path, capsys):
    text = document('      <p eId="p_1">Again.</p>\n      <p eId="p_3">See <ref href="#nowhere">x</ref> and <ref href="javascript:x">y</ref>.</p>')
    path = write(tmp_path, text)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3, err
    assert [int(e.split(":")[1]) for e in err] == sorted(int(e.split(":")[1]) for e in err)


def test_messages_of_one_kind_are_grouped_after_twenty(tmp_path, capsys):
    refs = "".join(f'<ref href="#gone_{n}">{n}</ref> ' for n in range(45))
    path = write(tmp_path, document(f'      <p eId="p_2">{refs}</p>\n      <p eId="p_3"><b>x</b></p>'))
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 21, err
    assert err[-1].endswith("warning: … and 25 more of the same kind (dangling href)")


def test_annex_named_wrongly_is_a_warning_and_strict_refuses_it(tmp_path, capsys):
    right = SPECIMEN.read_text(encoding="utf-8")
    assert right.count('<ref href="#att_1">annex I</ref>') == 1
    assert main(["validate", "--strict", str(write(tmp_path, right))]) == 0  # "annex I" names "Annex I": any case
    assert capsys.readouterr().err == ""
    text = right.replace('<ref href="#att_1">annex I</ref>', '<ref href="#att_1">annex II</ref>')
    path = write(tmp_path, text)
    assert main(["validate", str(path)]) == 0
    assert "warning: reference 'annex II' points to 'Annex I'" in capsys.readouterr().err
    assert main(["validate", "--strict", str(path)]) == 1
    assert "error: reference 'annex II' points to 'Annex I'" in capsys.readouterr().err


def test_a_reference_naming_an_annex_that_has_no_number_is_taken_at_its_word(tmp_path, capsys):
    """With no number on the annex to compare, "Annex II" is no warning: nothing says it is wrong."""
    unnumbered = annex("att_1", "Annex II", "Figures", '            <p eId="att_1__p_1">Figures.</p>').replace(
        "            <p><docNumber>Annex II</docNumber></p>\n", "")
    assert "docNumber" not in unnumbered
    path = write(tmp_path, document('      <p eId="p_2">See <ref href="#att_1">Annex II</ref>.</p>', annexes=unnumbered))
    assert main(["validate", "--strict", str(path)]) == 0
    assert capsys.readouterr().err == ""


def test_usage_and_io_errors_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing.xml")]) == 2
    assert main(["validate", str(tmp_path)]) == 2
    assert main(["build", str(SPECIMEN), "--to", "nonsense", "-o", str(tmp_path / "x")]) == 2
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "is a directory" in err and "Traceback" not in err


def test_valid_documents_exit_0(capsys):
    assert main(["validate", str(SPECIMEN)]) == 0
    assert "valid (11 footnotes, 2 annexes)" in capsys.readouterr().out


def test_command_line_never_shows_a_traceback(tmp_path):
    """The real console entry point, on every bad case at once: one process, every file reported."""
    paths = []
    for name, make in sorted(CASES.items()):
        content, _, message = make(tmp_path)
        folder = tmp_path / name
        folder.mkdir()
        (folder / "document.xml").write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths.append(str(folder / "document.xml"))
    (tmp_path / "secret.txt").write_text(SECRET)
    run = subprocess.run([sys.executable, "-m", "pipeline", "validate", *paths], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and SECRET not in run.stderr + run.stdout
    reported = {line.split(":")[0] for line in run.stderr.splitlines()}
    assert reported == set(paths)


def test_an_output_folder_holding_other_files_is_refused_not_emptied(tmp_path, capsys):
    folder = tmp_path / "edition"
    (folder / "keep").mkdir(parents=True)
    (folder / "notes.txt").write_text("mine")
    assert main(["build", str(SPECIMEN), "--to", "html", "-o", str(folder)]) == 2
    assert (folder / "notes.txt").read_text() == "mine" and (folder / "keep").is_dir()
    assert "holds files this edition does not write (keep, notes.txt)" in capsys.readouterr().err
    assert main(["build", str(SPECIMEN), "--to", "html", "-o", str(tmp_path / "new")]) == 0
    assert main(["build", str(SPECIMEN), "--to", "html", "-o", str(tmp_path / "new")]) == 0  # its own: replaced


def _preface_with(extra: str) -> str:
    return document().replace("<p><docTitle>A test document</docTitle></p>", f"<p><docTitle>A test document</docTitle></p>\n      {extra}")


# Valid AKN that the first release refused: each now publishes whole.
ONCE_REFUSED = {
    "preface-markup": _preface_with("<p><b>CONFIDENTIAL</b></p>"),
    "second-title": _preface_with("<p><docTitle>Another</docTitle></p>"),
    "note-in-title": document().replace("A test document</docTitle>", 'A test<authorialNote marker="1" eId="fn_1"><p>In the title.</p></authorialNote></docTitle>'),
    "note-in-num": document('      <paragraph eId="para_2"><num>2.<authorialNote marker="1" eId="fn_1"><p>In the number.</p></authorialNote></num><content><p>Text.</p></content></paragraph>'),
    "note-in-ref": document('      <p eId="p_2"><ref href="#p_1">see<authorialNote marker="1" eId="fn_1"><p>In the link.</p></authorialNote></ref> here</p>'),
    "section-without-eid": document('      <hcontainer name="s"><heading>Heading</heading><content><p>Section text.</p></content></hcontainer>'),
    "reserved-eid": document('      <p eId="main">Main text.</p><p eId="title">Title text.</p><p eId="x-heading">Heading text.</p>'),
    "link-to-metadata": document('      <p eId="p_2"><ref href="#unit">the unit</ref></p>'),
}


@pytest.mark.parametrize("name", sorted(ONCE_REFUSED))
def test_valid_akn_the_first_release_refused_publishes_whole(name, tmp_path):
    from lxml import html as lxml_html

    from pipeline import sourcetext
    from pipeline.extract import html_text
    from pipeline.verify import problems

    path = write(tmp_path, ONCE_REFUSED[name])
    out = tmp_path / "html"
    assert main(["build", str(path), "--to", "html", "-q", "-o", str(out)]) == 0
    page = (out / "index.html").read_bytes()
    assert problems(sourcetext.read(path), *html_text(page)) == []
    root = lxml_html.fromstring(page)
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids)), "every id of the page is unique"
    assert all(root.xpath(f"//*[@id='{h[1:]}']") for h in root.xpath("//a/@href") if h.startswith("#")), "no dead link"
    assert len(root.xpath("//h1")) == 1


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=dangling_references())
def test_every_kind_of_dangling_reference_is_reported_where_it_is(case, tmp_path, capsys):
    source, where, target = case
    path = write(tmp_path, source)
    assert main(["validate", "--strict", str(path)]) == 1, where
    err = capsys.readouterr().err
    line = line_of(source, f'"#{target}"')
    assert f"{path}:{line}:" in err and f"'#{target}' points to no element" in err, (where, err)


@pytest.mark.parametrize("make_one, kind, severity", [
    (lambda n: f'<ref href="javascript:alert({n})">{n}</ref>', "unsafe link", "error"),
    (lambda n: f'<ref href="#att_1">annex II</ref>', "annex names", "warning"),
])
def test_every_kind_is_grouped_under_its_own_name_at_the_last_message_kept(tmp_path, capsys, make_one, kind,
                                                                            severity):
    lines = "\n".join(f'      <p eId="p_{n + 2}">{make_one(n)}</p>' for n in range(23))
    annexes = annex("att_1", "Annex I", "Participants", '            <p eId="att_1__p_1">Annex text.</p>')
    path = write(tmp_path, document(lines, annexes=annexes))
    main(["validate", str(path)])
    err = [e for e in capsys.readouterr().err.splitlines() if f" {severity}: " in e]
    assert len(err) == 21, err
    assert err[-1].endswith(f"{severity}: … and 3 more of the same kind ({kind})")
    assert err[-1].split(":")[1] == err[-2].split(":")[1]  # on the line of the last one printed, not another's


def test_numbered_markers_are_counted_in_reading_order_and_signs_are_outside_the_count(tmp_path, capsys):
    def note(marker: str, n: int) -> str:
        return f'<authorialNote marker="{marker}" eId="fn_{n}" placement="bottom"><p>Note {n}.</p></authorialNote>'

    calls = "".join(f"Call{note(marker, n)} " for n, marker in enumerate(["1", "2", "*", "3", "\u2020"], start=1))
    path = write(tmp_path, document(f'      <p eId="p_2">{calls}</p>\n      <p eId="p_3">Last{note("5", 6)}.</p>'))
    assert main(["validate", "--strict", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    line = line_of(path.read_text(encoding="utf-8"), 'marker="5"')
    assert len(err) == 1 and err[0].startswith(f"{path}:{line}:"), err
    assert err[0].endswith("footnote marker '5' is out of sequence: it is the numbered footnote 4 in reading order; "
                           "the editions show '5' as written")
