"""WordPress eXtended RSS (WXR 1.1/1.2) → plain data. No database here.

WordPress's Tools → Export writes one RSS file with the site's authors,
categories and tags, then one <item> per post, page and attachment. We keep
posts (any status but trash and auto-draft) and attachments (the uploads that
featured and inline images point to)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from defusedxml import ElementTree as SafeET

from .types import date_problem

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
# Older exports (WXR 1.0/1.1) use the same elements under other namespace URIs.
_WP_NAMESPACES = (
    "http://wordpress.org/export/1.2/",
    "http://wordpress.org/export/1.1/",
    "http://wordpress.org/export/1.0/",
)
_EXCERPT_NAMESPACES = (
    "http://wordpress.org/export/1.2/excerpt/",
    "http://wordpress.org/export/1.1/excerpt/",
    "http://wordpress.org/export/1.0/excerpt/",
)
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}


class WxrError(ValueError):
    """The file is not a WXR export we can read; `item` is 1-based or None."""

    def __init__(self, message: str, item: int | None = None, post_id: str = ""):
        self.item = item
        self.post_id = post_id
        self.message = message
        where = f"item {item} (post {post_id}): " if item is not None else ""
        super().__init__(where + message)


@dataclass
class WxrAuthor:
    login: str
    display_name: str
    email: str = ""


@dataclass
class WxrTerm:
    slug: str  # WordPress nicename, percent-decoded
    name: str
    parent: str = ""


@dataclass
class WxrAttachment:
    post_id: str
    url: str
    title: str = ""
    caption: str = ""
    alt: str = ""
    description: str = ""
    parent: str = ""


@dataclass
class WxrPost:
    index: int
    post_id: str
    guid: str
    link: str
    title: str
    content: str
    excerpt: str
    status: str  # publish, draft, pending, future, private
    author_login: str
    date: datetime | None
    modified: datetime | None
    slug: str
    categories: list[WxrTerm] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    thumbnail_id: str = ""
    sticky: bool = False

    @property
    def source_uri(self) -> str:
        return "wxr:" + (self.guid or f"post-{self.post_id}")


@dataclass
class WxrExport:
    title: str
    base_site_url: str
    base_blog_url: str
    authors: dict[str, WxrAuthor] = field(default_factory=dict)
    categories: dict[str, WxrTerm] = field(default_factory=dict)
    tags: dict[str, WxrTerm] = field(default_factory=dict)
    posts: list[WxrPost] = field(default_factory=list)
    attachments: dict[str, WxrAttachment] = field(default_factory=dict)


def _find(element, *paths: str) -> str:
    for path in paths:
        found = element.find(path)
        if found is not None and found.text:
            return found.text
    return ""


def _wp(element, name: str) -> str:
    return _find(element, *(f"{{{ns}}}{name}" for ns in _WP_NAMESPACES))


def _date(value: str, gmt: bool, tz: ZoneInfo) -> datetime | None:
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        naive = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if date_problem(naive):  # year 1 or 9999: as unusable as an unparsable date
        return None
    return naive.replace(tzinfo=UTC if gmt else tz)


def _post_date(item, tz: ZoneInfo, field: str) -> datetime | None:
    return _date(_wp(item, f"{field}_gmt"), True, tz) or _date(_wp(item, field), False, tz)


def _meta(item) -> dict[str, str]:
    out = {}
    for ns in _WP_NAMESPACES:
        for meta in item.findall(f"{{{ns}}}postmeta"):
            key = _find(meta, f"{{{ns}}}meta_key")
            if key:
                out[key] = _find(meta, f"{{{ns}}}meta_value")
    return out


def parse(text: str | bytes, site_tz: str = "UTC") -> WxrExport:
    """Parse a WXR document. `site_tz` is used for dates without a GMT twin."""
    tz = ZoneInfo(site_tz)
    try:
        root = SafeET.fromstring(text)
    except SafeET.ParseError as exc:
        raise WxrError(f"not well-formed XML: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - defusedxml refuses entities/DTDs
        raise WxrError(f"refused XML: {exc.__class__.__name__}") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise WxrError("not a WordPress export: no <rss><channel>")
    version = _wp(channel, "wxr_version")
    if not version:
        raise WxrError("not a WordPress export: no <wp:wxr_version>")
    export = WxrExport(
        title=_find(channel, "title"),
        base_site_url=_wp(channel, "base_site_url"),
        base_blog_url=_wp(channel, "base_blog_url") or _wp(channel, "base_site_url"),
    )
    for ns in _WP_NAMESPACES:
        for author in channel.findall(f"{{{ns}}}author"):
            login = _find(author, f"{{{ns}}}author_login")
            if login:
                export.authors[login] = WxrAuthor(
                    login=login,
                    display_name=(_find(author, f"{{{ns}}}author_display_name") or login).strip(),
                    email=_find(author, f"{{{ns}}}author_email"),
                )
        for cat in channel.findall(f"{{{ns}}}category"):
            slug = unquote(_find(cat, f"{{{ns}}}category_nicename"))
            if slug:
                export.categories[slug] = WxrTerm(
                    slug=slug,
                    name=_find(cat, f"{{{ns}}}cat_name").strip() or slug,
                    parent=unquote(_find(cat, f"{{{ns}}}category_parent")),
                )
        for tag in channel.findall(f"{{{ns}}}tag"):
            slug = unquote(_find(tag, f"{{{ns}}}tag_slug"))
            if slug:
                export.tags[slug] = WxrTerm(
                    slug=slug, name=_find(tag, f"{{{ns}}}tag_name").strip() or slug
                )

    for index, item in enumerate(channel.findall("item"), start=1):
        post_type = _wp(item, "post_type")
        post_id = _wp(item, "post_id")
        meta = _meta(item)
        if post_type == "attachment":
            url = _wp(item, "attachment_url") or _find(item, "guid")
            if post_id and url:
                export.attachments[post_id] = WxrAttachment(
                    post_id=post_id,
                    url=url.strip(),
                    title=_find(item, "title").strip(),
                    caption=_find(
                        item, *(f"{{{ns}}}encoded" for ns in _EXCERPT_NAMESPACES)
                    ).strip(),
                    alt=meta.get("_wp_attachment_image_alt", "").strip(),
                    description=_find(item, f"{{{NS['content']}}}encoded").strip(),
                    parent=_wp(item, "post_parent"),
                )
            continue
        if post_type != "post":
            continue  # pages, menus, custom types: not news articles
        status = _wp(item, "status") or "publish"
        if status in SKIPPED_STATUSES:
            continue
        title = " ".join(_find(item, "title").split())
        if not title:
            raise WxrError("title: missing", index, post_id)
        categories, tags = [], []
        for cat in item.findall("category"):
            domain = cat.get("domain")
            slug = unquote(cat.get("nicename", ""))
            name = (cat.text or "").strip()
            if domain == "category" and (slug or name):
                term = export.categories.get(slug) or WxrTerm(slug=slug or name, name=name or slug)
                if term not in categories:
                    categories.append(term)
            elif domain == "post_tag" and name and name not in tags:
                tags.append(name)
        export.posts.append(
            WxrPost(
                index=index,
                post_id=post_id,
                guid=_find(item, "guid").strip(),
                link=_find(item, "link").strip(),
                title=title,
                content=_find(item, f"{{{NS['content']}}}encoded"),
                excerpt=_find(item, *(f"{{{ns}}}encoded" for ns in _EXCERPT_NAMESPACES)).strip(),
                status=status,
                author_login=_find(item, f"{{{NS['dc']}}}creator").strip(),
                date=_post_date(item, tz, "post_date"),
                modified=_post_date(item, tz, "post_modified"),
                slug=unquote(_wp(item, "post_name")),
                categories=categories,
                tags=tags,
                thumbnail_id=meta.get("_thumbnail_id", ""),
                sticky=_wp(item, "is_sticky") == "1",
            )
        )
    return export


# -- content -----------------------------------------------------------------
MORE = re.compile(r"<!--\s*more(?:\s[^>]*)?-->", re.I)
NEXTPAGE = re.compile(r"<!--\s*nextpage\s*-->", re.I)
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.S)
_BLOCK_TAGS = re.compile(r"<(p|div|h[1-6]|ul|ol|blockquote|figure|table|pre|hr)\b", re.I)
_SHORTCODE = re.compile(
    r"\[(\[?)([a-zA-Z][\w-]*)(?![\w-])([^\]\/]*(?:\/(?!\])[^\]\/]*)*?)(?:(\/)\]|\](?:([^\[]*(?:\[(?!\/\2\])[^\[]*)*)\[\/\2\])?)(\]?)",
    re.S,
)
_EMBED_WRAPPER = re.compile(
    r"<div[^>]*wp-block-embed__wrapper[^>]*>\s*(https?://[^\s<]+)\s*</div>", re.I
)
# WordPress auto-embeds a URL standing alone on its line (oEmbed).
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def split_more(content: str) -> tuple[str, str]:
    """(teaser, full content without the marker). Teaser is "" without <!--more-->."""
    match = MORE.search(content)
    if not match:
        return "", content
    return content[: match.start()], content[: match.start()] + content[match.end() :]


def strip_block_comments(content: str) -> str:
    """Gutenberg's `<!-- wp:paragraph -->` delimiters (their HTML stays)."""
    return BLOCK_COMMENT.sub("", content)


def autop(content: str) -> str:
    """WordPress's wpautop for classic-editor posts: blank lines separate
    paragraphs, single newlines are <br>. HTML that already has block tags
    (Gutenberg) is left alone apart from its loose text runs."""
    content = content.replace("\r\n", "\n").strip()
    if not content:
        return ""
    chunks = re.split(r"\n\s*\n", content)
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if _BLOCK_TAGS.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>") + "</p>")
    return "\n".join(out)


def shortcode_attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTR.finditer(text)
    }


def expand_shortcodes(content: str, attachment_url=lambda post_id: "") -> str:
    """Replace WordPress shortcodes with the HTML they stand for, sensibly:
    [caption] → <figure>, [embed]/[video]/[audio] → a link, [gallery] → its
    images, anything unknown → its inner text (or nothing)."""

    def replace(match: re.Match) -> str:
        if match.group(1) == "[" and match.group(6) == "]":
            return match.group(0)[1:-1]  # [[escaped]] → [escaped]
        name = match.group(2).lower()
        attrs = shortcode_attrs(match.group(3) or "")
        inner = match.group(5) or ""
        if name in ("caption", "wp_caption"):
            inner = expand_shortcodes(inner, attachment_url)
            img = re.search(r"(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?", inner, re.I)
            caption = attrs.get("caption") or (inner[img.end() :] if img else inner).strip()
            image_html = re.search(r"<img\b[^>]*>", img.group(0), re.I).group(0) if img else ""
            return f"<figure>{image_html}<figcaption>{caption}</figcaption></figure>"
        if name in ("embed", "video", "audio", "youtube"):
            url = (
                inner.strip()
                or attrs.get("src")
                or attrs.get("url")
                or attrs.get("mp4")
                or attrs.get("mp3")
                or ""
            )
            return (
                f'\n\n<p><a href="{url}">{url}</a></p>\n\n'
                if url.startswith(("http://", "https://"))
                else ""
            )
        if name == "gallery":
            ids = [i.strip() for i in attrs.get("ids", "").split(",") if i.strip()]
            images = [attachment_url(i) for i in ids]
            return (
                "\n\n"
                + "".join(
                    f'<figure><img src="{u}" data-attachment="{i}"></figure>'
                    for i, u in zip(ids, images, strict=True)
                    if u
                )
                + "\n\n"
            )
        if name == "playlist":
            return ""
        return expand_shortcodes(inner, attachment_url) if inner else ""

    return _SHORTCODE.sub(replace, content)


def prepare_html(content: str, attachment_url=lambda post_id: "") -> str:
    """Post content → clean HTML for html_to_blocks: block comments gone,
    <!--more--> and <!--nextpage--> removed, shortcodes expanded, wpautop."""
    content = strip_block_comments(content)
    content = MORE.sub("", content)
    content = NEXTPAGE.sub("\n\n", content)
    content = expand_shortcodes(content, attachment_url)
    content = _EMBED_WRAPPER.sub(
        lambda m: f'<p><a href="{m.group(1)}">{m.group(1)}</a></p>', content
    )
    content = _BARE_URL_LINE.sub(
        lambda m: f'\n<p><a href="{m.group(1)}">{m.group(1)}</a></p>\n', content
    )
    return autop(content)
