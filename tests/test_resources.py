"""Resources are locked down: only templates/ and the document's own folder, no network, no escapes."""

from __future__ import annotations

import pytest
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from pipeline.resources import TEMPLATES, LockedFetcher, ResourceRefused, refusal


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/style.css",
    "https://example.org/font.woff2",
    "data:text/css,body{}",
    "ftp://example.org/x",
    "file://otherhost/etc/passwd",
    "file:///etc/passwd",
    f"file://{TEMPLATES}/../../../etc/passwd",
])
def test_everything_but_local_template_files_is_refused(url):
    assert refusal(url, (TEMPLATES,)) is not None


def test_files_inside_the_allowed_folders_are_read(tmp_path):
    assert refusal((TEMPLATES / "labels.json").as_uri(), (TEMPLATES,)) is None
    assert refusal((tmp_path / "picture.png").as_uri(), (TEMPLATES, tmp_path)) is None


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "escape").symlink_to("/etc")
    assert "outside" in refusal((tmp_path / "escape" / "passwd").as_uri(), (tmp_path,))


def test_weasyprint_stops_with_a_clear_message(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = HTML(string=f'<link rel="stylesheet" href="{secret.as_uri()}"><p>x</p>', base_url=str(TEMPLATES),
                url_fetcher=LockedFetcher(TEMPLATES))
    with pytest.raises(ResourceRefused, match="outside the folders"):
        html.render()
    network = HTML(string='<img src="http://127.0.0.1:9/x.png">', base_url=str(TEMPLATES),
                   url_fetcher=LockedFetcher(TEMPLATES))
    with pytest.raises(ResourceRefused, match="not a local file"):
        network.render()


def test_a_sibling_folder_whose_name_starts_alike_is_outside(tmp_path):
    """Containment is by folder, not by the start of a path: templates-old/ is not inside templates/."""
    documents = tmp_path / "documents" / "x"
    for sibling in (tmp_path / "documents" / "x-draft", tmp_path / "documents" / "xy"):
        sibling.mkdir(parents=True)
        (sibling / "picture.png").write_bytes(b"")
        assert "outside" in refusal((sibling / "picture.png").as_uri(), (documents,))
    assert "outside" in refusal(TEMPLATES.with_name(TEMPLATES.name + "-old").joinpath("a.css").as_uri(), (TEMPLATES,))
    assert refusal((documents / "sub" / "picture.png").as_uri(), (documents,)) is None


def test_a_resource_missing_inside_the_allowed_folders_stops_the_build_too(tmp_path):
    """Not printed without it: a stylesheet or picture that cannot be read is an error, never a warning."""
    missing = tmp_path / "missing.css"
    html = HTML(string=f'<link rel="stylesheet" href="{missing.as_uri()}"><p>x</p>', base_url=str(tmp_path),
                url_fetcher=LockedFetcher(tmp_path))
    with pytest.raises(FatalURLFetchingError):
        html.render()


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
    (b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
    (b"GIF89a" + b"\0" * 20, "image/gif"),
    (b"GIF87a" + b"\0" * 20, "image/gif"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', "image/svg+xml"),
    (b'\xef\xbb\xbf\n  <?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n', "image/svg+xml"),
    (b'<?xml version="1.0"?><html><p>not a picture</p></html>', None),
    (b"an svg <svg> mentioned in text", None),
    (b"<!--" + b"-" * 4085 + b"--><svg/>", "image/svg+xml"),  # its root within the first 4 KiB, whole
    (b"<!--" + b"-" * 4086 + b"--><svg/>", None),  # a byte later: a file that long before its root is no picture
    (b"", None),
])
def test_a_picture_is_known_by_its_content(data, kind):
    from pipeline.pictures import media_type

    assert media_type(data) == kind


def test_a_picture_needs_the_documents_folder():
    from pipeline.pictures import read

    with pytest.raises(ValueError, match="'a.png': the document's folder is not known"):
        read(None, "a.png")


def test_the_pdf_engine_reads_no_file_outside_the_documents_folder_even_one_the_loader_let_through(tmp_path):
    """Defence in depth: a picture swapped for a link out of the folder after loading is refused by the engine."""
    from PIL import Image

    from akn import document
    from pipeline.loader import load
    from pipeline.writers import Options, pdf

    folder = tmp_path / "doc"
    folder.mkdir()
    Image.new("RGB", (4, 4), "white").save(folder / "pic.png")
    Image.new("RGB", (4, 4), "black").save(tmp_path / "secret.png")
    source = folder / "document.xml"
    source.write_text(document('      <p eId="p_2"><img src="pic.png" alt="A square"/></p>'), encoding="utf-8")
    doc = load(source)
    (folder / "pic.png").unlink()
    (folder / "pic.png").symlink_to(tmp_path / "secret.png")
    with pytest.raises(ResourceRefused, match="outside the folders"):
        pdf.layout(doc, Options(source_dir=folder))


def test_a_refusal_names_the_folders_resources_may_come_from(tmp_path):
    reason = refusal("file:///etc/passwd", (TEMPLATES, tmp_path))
    assert reason.endswith(f"is outside the folders resources may come from ({TEMPLATES} and {tmp_path})")


def test_a_refused_address_is_shown_in_its_first_80_characters():
    """A data: URL may be megabytes long: the message names it by its start, not whole."""
    data = "data:image/png;base64," + "A" * 10_000
    assert refusal(data, (TEMPLATES,)) == f"{data[:80]!r} is not a local file: no network access, and no data: or " \
                                         "other URLs, is allowed"
    remote = "file://example.org/" + "x" * 200
    assert refusal(remote, (TEMPLATES,)) == f"{remote[:80]!r} names another host: only local files may be read"
