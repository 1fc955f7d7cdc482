"""The XSS corpus (sahifa/tests/data/xss_vectors.txt) and the browser side of
test_xss.py: a chromium context that records every execution of a vector,
and a scan of the DOM for markup a vector managed to inject."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

VECTORS_FILE = Path(__file__).parent / "data" / "xss_vectors.txt"
MARKER = "__xss"
_PLACEHOLDER = re.compile(r"\{(js|id|TAB|NL|CR|U\+[0-9A-Fa-f]{4,6})\}")
# A call of the marker (or alert, or VBScript's msgbox), or a request to
# evil.example naming the vector (for markup that leaks rather than runs).
_MARKER_CALL = re.compile(r"(?:xss|alert|msgbox)\W{0,3}(\d+)|evil\.example/\??(\d+)")


@dataclass(frozen=True)
class Vector:
    id: int
    text: str


def load_vectors(path: Path = VECTORS_FILE) -> list[Vector]:
    """Non-comment lines, numbered from 1, placeholders expanded."""
    vectors = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        number = len(vectors) + 1

        def expand(match, number=number):
            name = match.group(1)
            if name == "js":
                return f"{MARKER}({number}),alert({number})"
            if name == "id":
                return str(number)
            if name.startswith("U+"):
                return chr(int(name[2:], 16))
            return {"TAB": "\t", "NL": "\n", "CR": "\r"}[name]

        vectors.append(Vector(number, _PLACEHOLDER.sub(expand, line)))
    return vectors


def squeeze(text: str) -> str:
    """Text without any whitespace: templates may turn a newline into <br>
    or collapse runs, which changes nothing a reader could be attacked with."""
    return "".join((text or "").split())


def marker_ids(text: str) -> list[int]:
    return [int(a or b) for a, b in _MARKER_CALL.findall(text or "")]


# Markup that only a vector could have put in the DOM: the site's templates
# use no inline event handlers, no frames or plugins, no <base> or refresh,
# and no script-bearing URL.
_SCAN_DOM = """() => {
  const found = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data",
                    "background", "poster", "codebase", "dynsrc", "lowsrc", "to", "values"];
  const scheme = /^(javascript|vbscript|data|livescript):/;
  const clean = (v) => v.replace(/[\\u0000-\\u0020\\u007f-\\u00a0\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff]/g, "").toLowerCase();
  const describe = (el) => el.outerHTML.slice(0, 300);
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      const tag = el.localName;
      if (["iframe", "frame", "frameset", "object", "embed", "base", "applet", "template"].includes(tag))
        found.push("element <" + tag + ">: " + describe(el));
      if (tag === "meta" && (el.getAttribute("http-equiv") || "").toLowerCase() === "refresh")
        found.push("meta refresh: " + describe(el));
      if (tag === "script" && el.type !== "application/ld+json" && el.textContent.includes("__xss"))
        found.push("script: " + describe(el));
      if (tag === "style" && el.closest("body"))
        found.push("style in body: " + describe(el));
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on")) found.push("handler " + name + ": " + describe(el));
        if (name === "srcdoc" || name === "style" && /expression|url\\(|behavior|animation|transition/i.test(attr.value))
          found.push("attribute " + name + ": " + describe(el));
        if (urlAttrs.includes(name) && scheme.test(clean(attr.value)))
          found.push("url in " + name + ": " + describe(el));
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return found;
}"""


@dataclass
class Finding:
    url: str
    what: str

    def __str__(self):
        ids = marker_ids(self.what)
        return f"{self.url}: vector {ids or '?'} {self.what}"


@dataclass
class Reader:
    """One chromium context: `__xss()` and `alert()` calls are recorded with
    the page they came from, requests to other hosts too (markup that loads
    something from elsewhere was injected)."""

    browser: object
    base_url: str
    executions: list[Finding] = field(default_factory=list)
    injected: list[Finding] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    visited: int = 0

    def __post_init__(self):
        self.context = self.browser.new_context(
            locale="ar", viewport={"width": 1280, "height": 900}
        )
        self.context.set_default_timeout(20_000)
        self.current = ""
        # Exposed to every frame, before any script of the page runs; calls
        # reach Python at once, even if the vector then navigates away.
        self.context.expose_function(
            MARKER,
            lambda number=None: self.executions.append(Finding(self.current, f"__xss({number})")),
        )
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("request", self._request)

    def _dialog(self, dialog):
        self.executions.append(Finding(self.current, f"{dialog.type}({dialog.message})"))
        dialog.dismiss()

    def _request(self, request):
        if urlsplit(request.url).hostname not in ("localhost", "127.0.0.1", None):
            self.foreign.append(request.url)

    def visit(self, path: str, *, html: bool = True):
        """Load `path`, let timers, autofocus and animations run, and scan
        the DOM. Returns the Playwright response."""
        url = self.base_url + path
        self.current = url
        response = self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(40)
        self.visited += 1
        assert response is not None and response.status == 200, (url, response and response.status)
        if html:
            # A meta refresh or a <base> would have taken us elsewhere.
            assert self.page.url == url, (url, self.page.url)
            self.injected += [Finding(url, what) for what in self.page.evaluate(_SCAN_DOM)]
        return response

    def texts(self, selector: str) -> list[str]:
        """Text content of every match; `selector@attr` reads an attribute."""
        selector, _, attr = selector.partition("@")
        if attr:
            return self.page.locator(selector).evaluate_all(
                f"els => els.map(e => e.getAttribute({attr!r}) || '')"
            )
        return self.page.locator(selector).all_text_contents()

    def assert_shown(self, expected: list[tuple[str, str]]):
        """Each (selector, text): the text is shown, as text, by one of the
        selector's matches (whitespace aside; `selector@attr` reads an
        attribute). So an escaped vector is really on the page, not silently
        dropped. One round trip to the browser for the lot."""
        specs = sorted({selector for selector, _ in expected})
        found = self.page.evaluate(
            """specs => specs.map(spec => {
                 const [selector, attr] = spec.split("@");
                 return Array.from(document.querySelectorAll(selector),
                   el => attr ? (el.getAttribute(attr) || "") : el.textContent);
               })""",
            specs,
        )
        seen = {
            spec: [squeeze(text) for text in texts]
            for spec, texts in zip(specs, found, strict=True)
        }
        missing = [
            (selector, text)
            for selector, text in expected
            if squeeze(text) and not any(squeeze(text) in got for got in seen[selector])
        ]
        assert not missing, (self.current, missing)

    def click_all(self, selector: str) -> int:
        buttons = self.page.locator(selector)
        count = buttons.count()
        for index in range(count):
            button = buttons.nth(index)
            if button.is_visible():
                button.click()
                self.page.wait_for_timeout(100)
        return count

    def close(self):
        self.context.close()
