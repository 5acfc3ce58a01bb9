"""Locked-down resource loading: engines may read only files under templates/ and the document's own folder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher

from pipeline import TEMPLATES



class ResourceRefused(FatalURLFetchingError):
    """A resource outside the allowed folders, or on the network: the build stops with this message."""


def refusal(url: str, roots: tuple[Path, ...]) -> str | None:
    """Why `url` may not be read, or None when it is a file inside one of `roots` (after resolving `..`
    and symbolic links)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        return f"{url[:80]!r} is not a local file: no network access, and no data: or other URLs, is allowed"
    if parts.netloc not in ("", "localhost"):
        return f"{url[:80]!r} names another host: only local files may be read"
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(root.resolve()) for root in roots):
        shown = " and ".join(str(r) for r in roots)
        return f"{path} is outside the folders resources may come from ({shown})"
    return None


class LockedFetcher(URLFetcher):
    """WeasyPrint's fetcher, limited to local files under the given folders; anything else stops the build."""

    def __init__(self, *roots: Path):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(roots) or (TEMPLATES,)

    def fetch(self, url, headers=None):
        reason = refusal(url, self.roots)
        if reason:
            raise ResourceRefused(f"resource refused: {reason}")
        return super().fetch(url, headers)
