"""Atomic output: every file is written beside its target and renamed into place, so no reader sees half a file."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def _write_all(fd: int, data: bytes) -> None:
    """Every byte to an open file, then to the disk, and the file closed: a short write is continued, a failed
    one raises."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes) -> None:
    """Write bytes to path atomically. Unchanged bytes are not rewritten, only touched (for make)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        os.utime(path)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        _write_all(fd, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class NotOurs(Exception):
    """The output folder holds files this pipeline would not write there: it is not replaced."""


def _foreign(path: Path, files: dict[str, bytes]) -> list[str]:
    """What a folder holds that this set of files would not write: files it does not name, folders none of its
    names lie in, links of any kind."""
    folders = {"/".join(name.split("/")[:i]) for name in files for i in range(1, name.count("/") + 1)}
    found = []
    for entry in sorted(path.rglob("*")):
        name = entry.relative_to(path).as_posix()
        ours = (name in folders) if entry.is_dir() else (name in files)
        if entry.is_symlink() or not ours:
            found.append(name)
    return found


def write_dir(path: Path, files: dict[str, bytes]) -> None:
    """Replace a folder with exactly these files, swapping a complete new folder into place. A folder that
    holds anything else (another edition, a source, a subfolder) is refused, never deleted."""
    if path.exists():
        if not path.is_dir():
            raise NotOurs(f"{path} exists and is not a folder")
        foreign = _foreign(path, files)
        if foreign:
            raise NotOurs(f"{path} holds files this edition does not write ({', '.join(foreign[:5])}): "
                          "give an empty or new folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    old = None
    try:
        for name, data in sorted(files.items()):
            target = (tmp / name).resolve()
            if tmp.resolve() not in target.parents:
                raise ValueError(f"output file name {name!r} escapes its folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_all(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), data)
            os.chmod(target, 0o644)
        os.chmod(tmp, 0o755)
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not path.exists():
            os.replace(old, path)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
