"""`pipeline preview FILE` (and `make preview DOC=name`): the HTML edition served on localhost, rebuilt in the same
warm process when the source, a file of its folder, another language version or an HTML template changes; the open
page reloads itself. A source that does not build shows its problems in the page, as FILE:LINE:COL.

It runs in the foreground until it is interrupted (Ctrl-C) and leaves nothing behind: no files are written, the
edition is served from memory. Changes to the pipeline's own code need a restart."""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

from lxml import etree

from pipeline import TEMPLATES
from pipeline.errors import InvalidDocument, UsageError
from pipeline.versions import base

#: How often the watched files are looked at, in seconds.
POLL = 0.1
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript",
         ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".svg": "image/svg+xml"}


class Preview:
    """The current build of one document's HTML edition, and what it was built from."""

    def __init__(self, source: Path) -> None:
        self.source = Path(source)
        self.files: dict[str, bytes] = {}
        self.version = 0
        self.seconds = 0.0
        self.lock = threading.Lock()
        self.seen: dict[Path, int] = {}

    def watched(self) -> dict[Path, int]:
        """Every file a rebuild reads, with its modification time: the source's folder (the source, its pictures),
        its other language versions, the HTML templates and the interface words."""
        folder = self.source.resolve().parent
        paths = [p for p in folder.iterdir() if p.is_file()]
        name = base(folder.name)
        paths += [folder.parent / name / "document.xml", *sorted(folder.parent.glob(f"{name}.*/document.xml"))]
        paths += sorted((TEMPLATES / "html").iterdir()) + [TEMPLATES / "labels.json", TEMPLATES / "preview" / "reload.js"]
        found = {}
        for path in paths:
            try:
                found[path] = path.stat().st_mtime_ns
            except OSError:
                continue
        return found

    def rebuild(self) -> None:
        """Build the edition anew (or the page of its problems) and make it the one served."""
        from pipeline.loader import load
        from pipeline.writers import Options, html, source_date_epoch
        from pipeline.writers.htmlparts import labels

        started = time.perf_counter()
        self.seen = self.watched()
        version = self.version + 1
        try:
            labels.cache_clear()  # the interface words may have changed
            doc = load(self.source)
            files = html.render(doc, Options(source_dir=self.source.resolve().parent, epoch=source_date_epoch()))
            files["index.html"] = with_reload(files["index.html"], version)
        except InvalidDocument as exc:
            files = {"index.html": error_page([str(p) for p in exc.problems], version)}
        except (UsageError, ValueError, OSError) as exc:
            files = {"index.html": error_page([f"{self.source}: error: {exc}"], version)}
        except Exception as exc:  # a bug: shown, so that the author sees it, and the preview goes on
            files = {"index.html": error_page([f"{self.source}: internal error: {type(exc).__name__}: {exc}"],
                                              version)}
        files["__preview.js"] = (TEMPLATES / "preview" / "reload.js").read_bytes()
        with self.lock:
            self.files, self.version = files, version
        self.seconds = time.perf_counter() - started

    def changed(self) -> bool:
        return self.watched() != self.seen

    def get(self, name: str) -> bytes | None:
        with self.lock:
            return self.files.get(name)


def _script(version: int) -> etree._Element:
    return etree.Element("script", src=f"/__preview.js?v={version}")


def with_reload(page: bytes, version: int) -> bytes:
    """The page with the script that reloads it when a newer version is built (the edition itself has none)."""
    from pipeline.writers.html import serialize

    root = etree.fromstring(page, etree.HTMLParser(encoding="utf-8"))
    root.find("body").append(_script(version))
    return serialize(root)


def error_page(problems: list[str], version: int) -> bytes:
    """The page that shows why the document does not build, one problem a line (templates/preview/error.html)."""
    from pipeline.writers.html import serialize

    root = etree.fromstring((TEMPLATES / "preview" / "error.html").read_bytes(), etree.HTMLParser(encoding="utf-8"))
    listing = root.find(".//ol")
    for problem in problems:
        item = etree.SubElement(listing, "li")
        etree.SubElement(item, "code").text = problem
    root.find("body").append(_script(version))
    return serialize(root)


def handler(preview: Preview) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            path = self.path.split("?", 1)[0].lstrip("/") or "index.html"
            if path == "__version":
                self._send(str(preview.version).encode(), "text/plain; charset=utf-8")
                return
            found = preview.get(path)
            if found is None:
                self.send_error(404)
                return
            self._send(found, TYPES.get(Path(path).suffix.lower(), "application/octet-stream"))

        def _send(self, data: bytes, media_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args) -> None:  # quiet: the terminal says what was rebuilt
            pass

    return Handler


def run(source: Path, port: int, host: str = "127.0.0.1") -> int:
    """Serve until interrupted; rebuild on every change."""
    if not source.is_file():
        raise UsageError(f"{source}: no such document")
    preview = Preview(source)
    preview.rebuild()
    server = http.server.ThreadingHTTPServer((host, port), handler(preview))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Preview of {source} at http://{host}:{server.server_address[1]}/ (built in "
          f"{preview.seconds * 1000:.0f} ms; Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(POLL)
            if preview.changed():
                preview.rebuild()
                state = "problems shown" if b'class="problems"' in preview.files["index.html"] else "rebuilt"
                print(f"  PREVIEW {state} in {preview.seconds * 1000:.0f} ms", flush=True)
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
        server.server_close()
