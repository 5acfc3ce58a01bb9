"""The pictures of a document: files of its own folder, in a format every edition can show (PNG, JPEG, GIF, SVG)."""

from __future__ import annotations

from pathlib import Path

from pipeline import model as m
from pipeline import walk

#: The first bytes of each format, and its media type.
SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF87a", "image/gif"),
              (b"GIF89a", "image/gif"))


def media_type(data: bytes) -> str | None:
    """The media type of a picture by its content (not its name), or None for any other kind of file."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"<svg" in data[:4096]:
        return "image/svg+xml"
    return None


def sources(doc: m.Document) -> list[str]:
    """Every picture's path, once each, in reading order."""
    found: dict[str, None] = {}
    for block in walk.document_blocks(doc):
        if isinstance(block, m.Para):
            found.update((n.src, None) for n in walk.inlines(block.inlines) if isinstance(n, m.Image))
    return list(found)


def read(folder: Path | None, src: str) -> bytes:
    """A picture's bytes, from the document's own folder (the loader has checked that it is there)."""
    if folder is None:
        raise ValueError(f"picture {src!r}: the document's folder is not known")
    return (folder / src).read_bytes()
