"""Reading Wagtail rich text (the stored "database HTML") without building
block values: its text lines, its links, and turning source links into page
links. Regex-based on purpose: the full related/search rebuilds read every
paragraph of the archive, and an HTML parser costs several times more."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

# A source uri (ninjs `uri`, WordPress permalink…) → id of the page imported
# from it, or None while that item is not imported.
LinkResolver = Callable[[str], int | None]

_BREAK = re.compile(r"<br\s*/?>|</?(?:p|li|h[1-6]|blockquote|ul|ol|div)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_A_TAG = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_LINKTYPE = re.compile(r"""\blinktype\s*=\s*["']?page\b""", re.IGNORECASE)
_ANY_LINKTYPE = re.compile(r"\blinktype\s*=", re.IGNORECASE)
_PAGE_ID = re.compile(r"""\bid\s*=\s*["']?(\d+)""", re.IGNORECASE)


def _href(attrs: str) -> str | None:
    """The plain `href` of an <a>'s attributes; None for a page link (or no href)."""
    href = _HREF.search(attrs)
    if not href or _ANY_LINKTYPE.search(attrs):
        return None
    return unescape(href.group(1) or href.group(2) or "").strip()


def text_lines(html: str) -> list[str]:
    """The text of `html`, one line per paragraph, list item or <br>."""
    text = unescape(_TAG.sub("", _BREAK.sub("\n", html or "")))
    return [line for line in (" ".join(raw.split()) for raw in text.split("\n")) if line]


def page_links(html: str) -> list[int]:
    """Ids of the pages `html` links to (`<a linktype="page" id="…">`)."""
    ids = []
    for match in _A_TAG.finditer(html or ""):
        attrs = match.group(1)
        page_id = _PAGE_ID.search(attrs)
        if _LINKTYPE.search(attrs) and page_id:
            ids.append(int(page_id.group(1)))
    return ids


def external_links(html: str) -> list[str]:
    """Plain `href`s of `html` (not page links)."""
    hrefs = (_href(match.group(1)) for match in _A_TAG.finditer(html or ""))
    return [href for href in hrefs if href is not None]


def relink(html: str, resolve: LinkResolver) -> str:
    """Turn `<a href="uri">` into page links where `resolve` knows the uri."""

    def replace(match: re.Match) -> str:
        href = _href(match.group(1))
        if href is None:
            return match.group(0)
        page_id = resolve(href)
        return f'<a linktype="page" id="{int(page_id)}">' if page_id else match.group(0)

    return _A_TAG.sub(replace, html)
