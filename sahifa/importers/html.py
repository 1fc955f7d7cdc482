"""Imported HTML → Sahifa body blocks.

The HTML is first sanitized with nh3 (scripts, styles, event handlers and
unknown tags go), then its top-level elements are walked with BeautifulSoup's
stdlib `html.parser` and mapped to `ArticleBodyBlock` children in their raw
(JSON) form. Nothing here touches the database: links and images are resolved
through callbacks supplied by the article writer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape, unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

from sahifa.analysis import normalize, tokenize
from sahifa.articles.richtext import LinkResolver

RawBlock = tuple[str, Any]
# href → id of a local ArticlePage, or None.
# attributes of an <img> → id of a SahifaImage, or None to leave it out.
ImageResolver = Callable[[dict[str, str]], int | None]

ALLOWED_TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "footer", "cite",
    "figure", "figcaption", "img", "iframe", "a", "b", "strong", "i", "em",
    "ul", "ol", "li", "div", "section", "article", "main", "header", "aside", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "data-assoc-ref", "data-uri"},
    "iframe": {"src", "title"},
}
# Dropped together with their content (a <title> would otherwise leak into the text).
DROPPED_WITH_CONTENT = {"script", "style", "title", "noscript", "template", "object"}
# `urn`/`tag`: ninjs item uris, kept so links to other items can be rewritten;
# `file`: local image sources.
URL_SCHEMES = {"http", "https", "mailto", "tel", "urn", "tag", "file"}
LINK_SCHEMES = {"http", "https", "mailto", "tel", "urn", "tag", ""}
EMBED_CLASSES = {"twitter-tweet", "instagram-media", "tiktok-embed"}
EMBED_HOSTS = (
    "youtube.com", "youtu.be", "vimeo.com", "dailymotion.com", "twitter.com", "x.com",
    "instagram.com", "facebook.com", "tiktok.com", "soundcloud.com", "spotify.com",
)  # fmt: skip

INLINE_TAGS = {"a", "b", "strong", "i", "em", "span", "br"}
BLOCKISH_TAGS = ALLOWED_TAGS - INLINE_TAGS

# Deeper HTML is refused (the converter walks the tree recursively; real
# articles are a few levels deep).
MAX_DEPTH = 100

_WS = re.compile(r"\s+")
# «اقرأ أيضاً» and its common spellings, after normalize(); then a colon.
_READ_ALSO = re.compile(r"^\s*[\W_]*\s*اقرا\s*ايضا\s*[:：]\s*[\W_]*\s*$")
_DASHES = "—–―-"


class HtmlTooDeep(ValueError):
    """The HTML nests deeper than MAX_DEPTH elements."""


def _parse(html: str) -> BeautifulSoup:
    if _open_tags(html) > 10 * MAX_DEPTH:
        # Parsing is quadratic in depth (100,000 nested <div>s: over a
        # minute): refuse before, by a coarse count, then exactly after.
        raise HtmlTooDeep(f"HTML nested deeper than {MAX_DEPTH} elements")
    soup = BeautifulSoup(sanitize(html), "html.parser")
    if _depth(soup) > MAX_DEPTH:
        raise HtmlTooDeep(f"HTML nested deeper than {MAX_DEPTH} elements")
    return soup


_ANY_TAG = re.compile(r"<[^>]*>?")
_DROPPED = re.compile(
    r"<(" + "|".join(DROPPED_WITH_CONTENT) + r")\b.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
# Void elements and those whose end tag may be left out do not nest.
_NOT_NESTING = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody",
}  # fmt: skip


def _open_tags(html: str) -> int:
    """Most elements open at once in the raw HTML (an upper bound of the
    parsed depth for all but sloppy markup)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in _NOT_NESTING or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _depth(root: Tag) -> int:
    """Element nesting depth, without recursion."""
    deepest, stack = 0, [(root, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tag))
    return deepest


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"blockquote": EMBED_CLASSES},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (for deks and captions), one line."""
    if not html or "<" not in html and "&" not in html:
        return " ".join((html or "").split())
    try:
        soup = _parse(html)
    except HtmlTooDeep:
        # A dek or caption: its words are enough, without parsing.
        text = _DROPPED.sub(" ", html)
        return " ".join(unescape(_ANY_TAG.sub(" ", text)).split())
    return " ".join(" ".join(_lines(soup)).split())


def text_to_blocks(text: str) -> list[RawBlock]:
    """A plain-text body: blank lines separate paragraphs (single newlines
    too when there are no blank lines)."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return []
    chunks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    blocks: list[RawBlock] = []
    for chunk in chunks:
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        value = "<br/>".join(escape(line, quote=False) for line in lines if line)
        if value:
            blocks.append(("paragraph", f"<p>{value}</p>"))
    return blocks


def image_attributes(html: str) -> list[dict[str, str]]:
    """The attributes of each <img> html_to_blocks() would see, in order."""
    try:
        soup = _parse(html)
    except HtmlTooDeep:
        return []  # html_to_blocks() refuses such a body anyway
    return [
        {key: value for key, value in img.attrs.items() if isinstance(value, str)}
        for img in soup.find_all("img")
    ]


def html_to_blocks(
    html: str,
    *,
    resolve_link: LinkResolver | None = None,
    resolve_image: ImageResolver | None = None,
    headline: str = "",
) -> list[RawBlock]:
    """Sanitize `html` and map it to raw StreamField blocks.

    `headline` lets a leading <h1> that repeats the headline be dropped (some
    agencies send the whole article document). Raises HtmlTooDeep."""
    soup = _parse(html)
    return _Converter(resolve_link, resolve_image, headline).convert(soup)


class _Converter:
    def __init__(
        self,
        resolve_link: LinkResolver | None,
        resolve_image: ImageResolver | None,
        headline: str,
    ):
        self.resolve_link = resolve_link or (lambda href: None)
        self.resolve_image = resolve_image
        # Compared word by word, spelling folded: a leading <h1> may repeat
        # the headline with other hamzas, tashkeel or punctuation.
        self.headline = tokenize(headline)
        self.blocks: list[RawBlock] = []
        self.pending: list[NavigableString | Tag] = []

    def convert(self, root: Tag) -> list[RawBlock]:
        self.walk(root.children)
        self.flush()
        return self.blocks

    # -- walking -------------------------------------------------------------
    def walk(self, nodes: Iterable[Any]) -> None:
        for node in list(nodes):
            if isinstance(node, NavigableString):
                if type(node) is NavigableString and (node.strip() or self.pending):
                    self.pending.append(node)
            elif isinstance(node, Tag):
                if node.name in INLINE_TAGS:
                    self.pending.append(node)
                else:
                    self.flush()
                    self.block(node)

    def flush(self) -> None:
        """Loose inline content between blocks becomes a paragraph."""
        nodes, self.pending = self.pending, []
        inner = self.inline(nodes)
        if inner:
            self.blocks.append(("paragraph", f"<p>{inner}</p>"))

    def block(self, node: Tag) -> None:
        name = node.name
        if name == "p":
            self.paragraph(node)
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = _text(node)
            if text and not (name == "h1" and self.headline and tokenize(text) == self.headline):
                self.blocks.append(("subheading", text))
        elif name == "blockquote":
            self.quote(node)
        elif name == "figure":
            self.figure(node)
        elif name == "img":
            self.image(node)
        elif name == "iframe":
            self.iframe(node)
        elif name in ("ul", "ol"):
            value = self.list(node)
            if value:
                self.blocks.append(("paragraph", value))
        else:
            # Containers (div, section, article, …): their children are blocks.
            self.walk(node.children)

    # -- blocks ----------------------------------------------------------------
    def paragraph(self, node: Tag) -> None:
        for handler in (self.read_also, self.link_embed):
            block = handler(node)
            if block:
                self.blocks.append(block)
                return
        inner = self.inline(node.children)
        if inner:
            self.blocks.append(("paragraph", f"<p>{inner}</p>"))
        # Media inside a paragraph follows it as blocks of its own.
        for media in node.find_all(["img", "iframe"]):
            self.block(media)
        for sublist in node.find_all(["ul", "ol"], recursive=False):
            self.block(sublist)

    def read_also(self, node: Tag) -> RawBlock | None:
        """`<p>اقرأ أيضاً: <a href=…>title</a></p>` → read_also."""
        links = node.find_all("a")
        if len(links) != 1:
            return None
        link = links[0]
        link_text = _text(link)
        href = (link.get("href") or "").strip()
        if not link_text or not href:
            return None
        # normalize() keeps punctuation, so the colon after «اقرأ أيضاً» still counts.
        rest = normalize(_text(node)).replace(normalize(link_text), "", 1)
        if not _READ_ALSO.match(rest):
            return None
        page_id = self.resolve_link(href)
        if page_id:
            # The title is read live from the page.
            return ("read_also", {"page": page_id, "url": "", "title": ""})
        if _scheme(href) not in LINK_SCHEMES:
            return None
        return ("read_also", {"page": None, "url": href, "title": link_text})

    def link_embed(self, node: Tag) -> RawBlock | None:
        """A paragraph that is nothing but a link to a media provider."""
        links = node.find_all("a")
        if len(links) != 1:
            return None
        href = (links[0].get("href") or "").strip()
        if not _is_embed_host(href):
            return None
        link_text = _text(links[0])
        if _text(node).replace(link_text, "", 1).strip():
            return None
        title = "" if link_text in (href, href.rstrip("/")) else link_text
        return ("embed", {"url": _canonical_media_url(href), "title": title, "caption": ""})

    def quote(self, node: Tag, attribution: str = "") -> None:
        classes = set(node.get("class") or [])
        if classes & EMBED_CLASSES:
            hrefs = [
                a.get("href", "")
                for a in node.find_all("a")
                if _scheme(a.get("href", "")) in ("http", "https")
            ]
            if hrefs:
                self.blocks.append(("embed", {"url": hrefs[-1], "title": "", "caption": ""}))
                return
        children = [
            c for c in node.children if not (isinstance(c, NavigableString) and not c.strip())
        ]
        if children and isinstance(children[-1], Tag) and children[-1].name in ("footer", "cite"):
            attribution = _text(children[-1]) or attribution
            children[-1].extract()
        elif children and isinstance(children[-1], Tag) and children[-1].name == "p":
            # <p>— <cite>name</cite></p>
            cites = children[-1].find_all("cite")
            if len(cites) == 1 and not _text(children[-1]).replace(_text(cites[0]), "").strip(
                _DASHES + " "
            ):
                attribution = _text(cites[0]) or attribution
                children[-1].extract()
        lines = _lines(node)
        if lines and lines[-1][0] in _DASHES and not attribution:
            attribution = lines.pop().lstrip(_DASHES + " ")
        text = "\n".join(lines)
        if text:
            attribution = attribution.lstrip(_DASHES + " ")
            self.blocks.append(("quote", {"text": text, "attribution": attribution}))

    def figure(self, node: Tag) -> None:
        figcaption = node.find("figcaption")
        caption = _text(figcaption) if figcaption else ""
        if node.find("iframe"):
            self.iframe(node.find("iframe"), caption)
        elif node.find("img"):
            self.image(node.find("img"), caption)
        elif node.find("blockquote"):
            self.quote(node.find("blockquote"), attribution=caption)
        else:
            if figcaption:
                figcaption.extract()
            self.walk(node.children)

    def image(self, node: Tag, caption: str = "") -> None:
        if not self.resolve_image:
            return
        attrs = {key: value for key, value in node.attrs.items() if isinstance(value, str)}
        image_id = self.resolve_image(attrs)
        if image_id:
            self.blocks.append(("image", {"image": image_id, "caption": caption}))

    def iframe(self, node: Tag, caption: str = "") -> None:
        src = (node.get("src") or "").strip()
        if src.startswith("//"):
            src = "https:" + src
        if _scheme(src) not in ("http", "https"):
            return
        title = " ".join((node.get("title") or "").split())
        self.blocks.append(
            ("embed", {"url": _canonical_media_url(src), "title": title, "caption": caption})
        )

    def list(self, node: Tag) -> str:
        items = []
        for li in node.find_all("li", recursive=False):
            nested = list(li.find_all(["ul", "ol"], recursive=False))
            for child in nested:
                child.extract()
            inner = self.inline(li.children) + "".join(self.list(child) for child in nested)
            if inner:
                items.append(f"<li>{inner}</li>")
        return f"<{node.name}>{''.join(items)}</{node.name}>" if items else ""

    # -- inline rich text ------------------------------------------------------
    def inline(self, nodes: Iterable[Any]) -> str:
        """Wagtail's rich-text storage format: only <b>, <i>, <a>, <br/>."""
        html = self._inline(nodes)
        html = re.sub(r" {2,}", " ", html)
        html = re.sub(r"\s*<br/>\s*", "<br/>", html)
        html = re.sub(r"^(?:<br/>)+|(?:<br/>)+$", "", html.strip())
        return html.strip() if _has_text(html) else ""

    def _inline(self, nodes: Iterable[Any]) -> str:
        out = []
        for node in nodes:
            if isinstance(node, NavigableString):
                if type(node) is NavigableString:
                    out.append(escape(_WS.sub(" ", str(node)), quote=False))
            elif isinstance(node, Tag):
                name = node.name
                if name in ("b", "strong", "i", "em"):
                    tag = "b" if name in ("b", "strong") else "i"
                    inner = self._inline(node.children)
                    out.append(f"<{tag}>{inner}</{tag}>" if inner.strip() else inner)
                elif name == "br":
                    out.append("<br/>")
                elif name == "a":
                    out.append(self.link(node))
                elif name in ("img", "iframe", "ul", "ol", "figure", "figcaption"):
                    continue  # emitted as blocks by paragraph()
                else:
                    out.append(self._inline(node.children))
        return "".join(out)

    def link(self, node: Tag) -> str:
        inner = self._inline(node.children)
        href = (node.get("href") or "").strip()
        if not href or not inner.strip():
            return inner
        page_id = self.resolve_link(href)
        if page_id:
            return f'<a linktype="page" id="{int(page_id)}">{inner}</a>'
        if _scheme(href) not in LINK_SCHEMES:
            return inner
        return f'<a href="{escape(href)}">{inner}</a>'


# -- relinking stored bodies ---------------------------------------------------
# -- helpers -------------------------------------------------------------------
def _text(node: Tag | None) -> str:
    return " ".join(node.get_text().split()) if node else ""


def _lines(node: Tag) -> list[str]:
    """Text of `node`, one entry per block element or <br>."""
    parts: list[str] = []

    def collect(current: Tag) -> None:
        for child in current.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:
                    parts.append(str(child))
            elif child.name == "br":
                parts.append("\n")
            elif child.name in BLOCKISH_TAGS:
                parts.append("\n")
                collect(child)
                parts.append("\n")
            else:
                collect(child)

    collect(node)
    return [line for line in (" ".join(raw.split()) for raw in "".join(parts).split("\n")) if line]


def _has_text(html: str) -> bool:
    return bool(re.sub(r"<[^>]+>", "", html).strip())


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return "invalid"


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _is_embed_host(url: str) -> bool:
    if _scheme(url) not in ("http", "https"):
        return False
    host = _host(url)
    return any(host == known or host.endswith("." + known) for known in EMBED_HOSTS)


def _canonical_media_url(url: str) -> str:
    """Player URLs (youtube.com/embed/ID) → the page a reader can open; the
    embed block renders a link card, not an iframe."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        if len(segments) == 2 and segments[0] in ("embed", "shorts", "live"):
            return f"https://www.youtube.com/watch?v={segments[1]}"
        video = parse_qs(parts.query).get("v")
        if video:
            return f"https://www.youtube.com/watch?v={video[0]}"
    if host == "player.vimeo.com" and len(segments) == 2 and segments[0] == "video":
        return f"https://vimeo.com/{segments[1]}"
    return url
