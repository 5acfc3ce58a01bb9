"""Atomic output, in the writer's own terms: files and folders appear whole or not at all, with the permissions a
release needs whatever the umask, beside a folder that is another's nothing is deleted, and a failure restores what
was there."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from pipeline import output


@pytest.fixture(autouse=True)
def strict_umask():
    previous = os.umask(0o077)  # outputs must not depend on it
    yield
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_file_is_written_whole_in_a_folder_made_for_it(tmp_path):
    target = tmp_path / "a" / "b" / "edition.pdf"
    output.write_file(target, b"%PDF data")
    assert target.read_bytes() == b"%PDF data" and mode(target) == 0o644
    assert leftovers(target.parent) == []


def test_a_file_is_written_beside_its_target_and_renamed_into_place(tmp_path, monkeypatch):
    """The part file lies in the target's own folder, hidden and named after it: a rename within one file system
    is atomic, one across file systems (a temporary folder elsewhere) is not even possible."""
    target = tmp_path / "edition.pdf"
    real_replace, renames = os.replace, []
    monkeypatch.setattr(os, "replace", lambda source, destination: (renames.append((source, destination)),
                                                                    real_replace(source, destination))[1])
    output.write_file(target, b"%PDF data")
    monkeypatch.undo()
    ((source, destination),) = renames
    assert os.path.dirname(source) == str(tmp_path) and os.path.basename(source).startswith(".edition.pdf.")
    assert str(source).endswith(".part") and destination == target and target.read_bytes() == b"%PDF data"


def test_unchanged_bytes_are_not_rewritten_only_touched(tmp_path):
    target = tmp_path / "edition.epub"
    output.write_file(target, b"PK one")
    inode = target.stat().st_ino
    os.utime(target, (1, 1))
    output.write_file(target, b"PK one")
    assert target.stat().st_ino == inode and target.stat().st_mtime > 1  # the same file, newer for make
    output.write_file(target, b"PK two")
    assert target.read_bytes() == b"PK two" and target.stat().st_ino != inode  # a new file renamed into place


def test_a_folder_is_written_whole_with_its_subfolders(tmp_path):
    target = tmp_path / "deep" / "html"
    output.write_dir(target, {"index.html": b"<p>1</p>", "images/seal.png": b"\x89PNG"})
    assert (target / "index.html").read_bytes() == b"<p>1</p>" and (target / "images" / "seal.png").is_file()
    assert mode(target / "index.html") == 0o644 and mode(target) == 0o755
    output.write_dir(target, {"index.html": b"<p>2</p>", "images/seal.png": b"\x89PNG"})  # its own: replaced
    assert (target / "index.html").read_bytes() == b"<p>2</p>"
    assert leftovers(target.parent) == []


def test_a_folder_holding_anything_else_is_refused_and_kept(tmp_path):
    target = tmp_path / "html"
    target.mkdir()
    for name in ("keep.txt", "a", "b", "c", "d", "e", "f"):
        (target / name).write_text("mine")
    with pytest.raises(output.NotOurs) as refused:
        output.write_dir(target, {"index.html": b"x"})
    assert str(refused.value) == (f"{target} holds files this edition does not write (a, b, c, d, e): "
                                  "give an empty or new folder")
    assert sorted(p.name for p in target.iterdir()) == ["a", "b", "c", "d", "e", "f", "keep.txt"]


def test_a_link_or_a_folder_inside_is_another_s_and_a_file_in_the_way_too(tmp_path):
    for make in (lambda p: (p / "index.html").symlink_to("/etc/hostname"), lambda p: (p / "index.html").mkdir()):
        target = tmp_path / f"html{len(list(tmp_path.iterdir()))}"
        target.mkdir()
        make(target)
        with pytest.raises(output.NotOurs, match=r"holds files this edition does not write \(index.html\)"):
            output.write_dir(target, {"index.html": b"x"})
    plain_file = tmp_path / "taken"
    plain_file.write_text("a file")
    with pytest.raises(output.NotOurs, match=f"^{plain_file} exists and is not a folder$"):
        output.write_dir(plain_file, {"index.html": b"x"})


def test_a_name_that_leaves_the_folder_is_refused_and_nothing_is_left(tmp_path):
    with pytest.raises(ValueError, match=r"^output file name '../escape' escapes its folder$"):
        output.write_dir(tmp_path / "html", {"index.html": b"x", "../escape": b"y"})
    assert list(tmp_path.iterdir()) == [] and not (tmp_path / "escape").exists()


def test_a_failure_while_writing_a_folder_restores_the_old_one_whole(tmp_path, monkeypatch):
    target = tmp_path / "html"
    output.write_dir(target, {"index.html": b"old", "style.css": b"old css"})
    seen, real_write = [], os.write

    def failing(fd: int, data) -> int:
        seen.append(os.readlink(f"/proc/self/fd/{fd}"))
        if len(seen) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", failing)
    with pytest.raises(OSError):
        output.write_dir(target, {"index.html": b"new", "style.css": b"new css"})
    monkeypatch.undo()
    assert (target / "index.html").read_bytes() == b"old" and (target / "style.css").read_bytes() == b"old css"
    assert leftovers(tmp_path) == []
    folder = os.path.basename(os.path.dirname(seen[0]))
    assert folder.startswith(".html.") and folder.endswith(".part")  # a hidden part, found and cleaned by name


def test_a_failure_in_the_swap_puts_the_old_folder_back(tmp_path, monkeypatch):
    target = tmp_path / "html"
    output.write_dir(target, {"index.html": b"old"})
    real_replace, calls = os.replace, []

    def failing_second(source, destination):
        calls.append((str(source), str(destination)))
        if len(calls) == 2:  # the old folder moved aside, then the new one fails to take its place
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_replace(source, destination)

    monkeypatch.setattr(os, "replace", failing_second)
    with pytest.raises(OSError):
        output.write_dir(target, {"index.html": b"new"})
    monkeypatch.undo()
    assert (target / "index.html").read_bytes() == b"old"
    assert calls[0] == (str(target), str(tmp_path / ".html.old"))
    assert leftovers(tmp_path) == []


def test_a_short_write_is_continued(tmp_path, monkeypatch):
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))  # three bytes at a time
    output.write_file(tmp_path / "x.bin", b"0123456789")
    monkeypatch.undo()
    assert (tmp_path / "x.bin").read_bytes() == b"0123456789"


def test_an_old_folder_that_cannot_be_removed_leaves_the_new_one_in_place(tmp_path, monkeypatch):
    """The new edition is in place once swapped: what is left of the old one is not the writer's failure."""
    folder = tmp_path / "html"
    output.write_dir(folder, {"index.html": b"old"})
    real_rmdir = os.rmdir

    def stubborn(path, *args, **kwargs):  # the old folder cannot be removed (another process holds it, say)
        if os.fsdecode(path).endswith(".html.old"):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_rmdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "rmdir", stubborn)
    output.write_dir(folder, {"index.html": b"new"})
    assert (folder / "index.html").read_bytes() == b"new"


def test_a_failed_swap_whose_part_folder_cannot_be_removed_still_puts_the_old_folder_back(tmp_path, monkeypatch):
    """Cleaning up after a failure may fail too: the old folder is put back all the same, and the error that
    stopped the writing is the one raised."""
    target = tmp_path / "html"
    output.write_dir(target, {"index.html": b"old"})
    real_replace, real_rmdir, calls = os.replace, os.rmdir, []

    def failing_second(source, destination):
        calls.append(source)
        if len(calls) == 2:  # the new folder fails to take the old one's place
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_replace(source, destination)

    def stubborn(path, *args, **kwargs):  # the half-written folder cannot be removed
        if os.fsdecode(path).endswith(".part"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))
        return real_rmdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing_second)
    monkeypatch.setattr(os, "rmdir", stubborn)
    with pytest.raises(OSError) as raised:
        output.write_dir(target, {"index.html": b"new"})
    monkeypatch.undo()
    assert raised.value.errno == errno.EIO
    assert (target / "index.html").read_bytes() == b"old"
