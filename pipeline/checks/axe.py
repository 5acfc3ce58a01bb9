"""axe-core in headless Chromium: accessibility violations, reflow at 320 CSS px and screenshots of local pages."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

#: The rule sets run: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")

#: A quiet, offline browser: no GPU, no sandbox (containers), no background traffic.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: Runs axe on the loaded page; returns each violation with the selectors of its nodes.
_RUN = """async (options) => {
  await document.fonts.ready;
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help, help_url: v.helpUrl,
    targets: v.nodes.map(n => n.target.flat(Infinity).join(' >>> ')),
  }));
}"""

_OVERFLOW = """async () => {
  await document.fonts.ready;
  const root = document.documentElement;
  return Math.max(0, root.scrollWidth - root.clientWidth);
}"""


@dataclass(frozen=True)
class Violation:
    """One failed rule on one page, with the CSS selectors of the nodes that fail it.

    Besides axe's rules, `run` reports the rule "external-request" when the page asked for
    anything that is not a local file (the request was blocked; its URLs are the targets).
    """

    rule: str
    impact: str | None
    help: str
    targets: tuple[str, ...]
    help_url: str = ""

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}): {self.help}: {', '.join(self.targets)}"


class Axe:
    """One headless Chromium with axe-core, started once and reused for many pages.

    Use as a context manager: `with Axe() as axe: axe.run(path)`. Not thread-safe.
    """

    def __init__(self, width: int = 1280, height: int = 800):
        self.width, self.height = width, height
        self._playwright = self._browser = self._context = self._page = None
        self._axe_js = ""
        self._blocked: list[str] = []

    def __enter__(self) -> Axe:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Launch the browser (about a second) with one tab, which every call reuses."""
        if not AXE_JS.is_file():
            raise RuntimeError(f"{AXE_JS} is missing: run `make setup` to install axe-core")
        chromium = shutil.which("chromium")
        if chromium is None:
            raise RuntimeError("chromium is not on PATH: run `make setup` to install it")
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            self._context = self._browser.new_context(viewport={"width": self.width, "height": self.height}, bypass_csp=True)
            self._context.route("**/*", self._only_local)
            self._axe_js = AXE_JS.read_text(encoding="utf-8")
        except BaseException:
            self.close()
            raise

    def new_page(self, width: int | None = None):
        """A tab of its own in a context of its own, for a test that drives a page served on localhost (the
        context axe runs in lets only local files through)."""
        context = self._browser.new_context(viewport={"width": width or self.width, "height": self.height})
        return context.new_page()

    def close(self) -> None:
        """Stop the browser; safe to call twice."""
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._playwright = self._browser = self._context = self._page = None

    @property
    def version(self) -> str:
        """The versions of axe-core and Chromium, for reports."""
        page = self._load(None, self.width)
        return f"axe-core {self._with_axe(page).evaluate('axe.version')}, Chromium {self._browser.version}"

    def run(self, path: Path | str, width: int | None = None, color_scheme: str = "light") -> list[Violation]:
        """The WCAG 2.2 A/AA and best-practice violations of a local HTML or XHTML file,
        in the light or dark colour scheme."""
        page = self._load(path, width, color_scheme)
        options = {"runOnly": {"type": "tag", "values": list(TAGS)}, "resultTypes": ["violations"]}
        found = self._with_axe(page).evaluate(_RUN, options)
        violations = [Violation(v["rule"], v["impact"], v["help"], tuple(v["targets"]), v["help_url"]) for v in found]
        if self._blocked:
            help = "The page asked for resources that are not local files; they were blocked"
            violations.append(Violation("external-request", "serious", help, tuple(dict.fromkeys(self._blocked))))
        return violations

    def overflow(self, path: Path | str, width: int = 320) -> int:
        """How many CSS px the page is wider than a viewport `width` px wide (0: no sideways scrolling)."""
        return self._load(path, width).evaluate(_OVERFLOW)

    def reflows(self, path: Path | str, width: int = 320) -> bool:
        """Whether the page reads without horizontal scrolling at `width` CSS px (WCAG 2.2, 1.4.10 Reflow)."""
        return self.overflow(path, width) == 0

    def screenshot(self, path: Path | str, out_png: Path | str, width: int | None = None, full_page: bool = True) -> Path:
        """A PNG of the page at `width` CSS px, the whole page by default, for reviewers."""
        out = Path(out_png)
        out.parent.mkdir(parents=True, exist_ok=True)
        page = self._load(path, width)
        page.evaluate("document.fonts.ready.then(() => true)")
        page.screenshot(path=str(out), full_page=full_page)
        return out

    def _load(self, path: Path | str | None, width: int | None, color_scheme: str = "light"):
        """The one reused tab, at the given width, with the file loaded (a blank page when path is None)."""
        if self._context is None:
            raise RuntimeError("Axe is not started: use `with Axe() as axe:` or call start()")
        file = None if path is None else Path(path).resolve()
        if file is not None and not file.is_file():
            raise FileNotFoundError(file)
        if self._page is None or self._page.is_closed():
            self._page = self._context.new_page()
        self._blocked = []
        self._page.set_viewport_size({"width": width or self.width, "height": self.height})
        self._page.emulate_media(color_scheme=color_scheme)
        self._page.goto("about:blank" if file is None else file.as_uri(), wait_until="load")
        return self._page

    def _with_axe(self, page):
        """The page with axe-core defined in it (evaluated in the page's global scope, not added to its DOM)."""
        page.evaluate("source => { (0, eval)(source); }", self._axe_js)
        return page

    def _only_local(self, route) -> None:
        """Let local files through; refuse anything else, and remember it."""
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self._blocked.append(url)
            route.abort("blockedbyclient")
