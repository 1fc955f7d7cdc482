"""An article body as portable HTML and as structured blocks, for feeds and
the API: absolute links, no Wagtail-internal markup, sanitised with nh3."""

from __future__ import annotations

import re
from html import escape
from typing import Any

import nh3
from django.http import HttpRequest
from wagtail.rich_text import expand_db_html

from .structured import rendition_data
from .urls_util import absolute

BODY_IMAGE_SPEC = "width-1200"
ALLOWED_TAGS = {
    "p", "br", "h2", "b", "strong", "i", "em", "a", "ul", "ol", "li",
    "blockquote", "cite", "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}}
_HREF = re.compile(r'(\b(?:href|src)=")(/[^"]*)"')


def _absolutize(html: str, request: HttpRequest | None) -> str:
    return _HREF.sub(lambda m: f'{m.group(1)}{escape(absolute(m.group(2), request))}"', html)


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    )


def _read_also_target(value) -> tuple[str, str]:
    page = value.get("page")
    if page is not None and page.live:
        return page.url or "", page.title
    return value.get("url") or "", value.get("title") or value.get("url") or ""


def body_html(page, request: HttpRequest | None = None) -> str:
    """The body of `page` as sanitised HTML with absolute URLs."""
    parts: list[str] = []
    for block in page.body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            html = expand_db_html(value.source)
            parts.append(html if html.lstrip().startswith("<") else f"<p>{html}</p>")
        elif kind == "subheading":
            parts.append(f"<h2>{escape(str(value))}</h2>")
        elif kind == "quote":
            text = "<br>".join(escape(line) for line in value["text"].splitlines())
            cite = (
                f"<cite>{escape(value['attribution'])}</cite>" if value.get("attribution") else ""
            )
            parts.append(f"<blockquote><p>{text}</p>{cite}</blockquote>")
        elif kind == "image" and value.get("image") is not None:
            image = value["image"]
            data = rendition_data(image, BODY_IMAGE_SPEC, request)
            if data:
                caption = value.get("caption") or image.caption
                alt = image.description or caption or image.title
                figcaption = ""
                if caption or image.credit:
                    figcaption = (
                        "<figcaption>"
                        + escape(" — ".join(x for x in (caption, image.credit) if x))
                        + "</figcaption>"
                    )
                parts.append(
                    f'<figure><img src="{escape(data["url"])}" alt="{escape(alt)}" '
                    f'width="{data["width"]}" height="{data["height"]}">{figcaption}</figure>'
                )
        elif kind == "embed":
            title = value.get("title") or value["url"]
            caption = f" — {escape(value['caption'])}" if value.get("caption") else ""
            parts.append(f'<p><a href="{escape(value["url"])}">{escape(title)}</a>{caption}</p>')
        elif kind == "read_also":
            url, title = _read_also_target(value)
            if url:
                parts.append(f'<p>اقرأ أيضاً: <a href="{escape(url)}">{escape(title)}</a></p>')
    return sanitize(_absolutize("\n".join(parts), request))


def body_blocks(page, request: HttpRequest | None = None) -> list[dict[str, Any]]:
    """The body as typed blocks with resolved images and links (API)."""
    out: list[dict[str, Any]] = []
    for block in page.body:
        kind, value = block.block_type, block.value
        item: dict[str, Any] = {"type": kind, "id": block.id}
        if kind == "paragraph":
            item["value"] = sanitize(_absolutize(expand_db_html(value.source), request))
        elif kind == "subheading":
            item["value"] = str(value)
        elif kind == "quote":
            item["value"] = {"text": value["text"], "attribution": value.get("attribution") or ""}
        elif kind == "image":
            image = value.get("image")
            if image is None:
                continue
            item["value"] = {
                "image": image.pk,
                "caption": value.get("caption") or image.caption,
                "credit": image.credit,
                "rendition": rendition_data(image, BODY_IMAGE_SPEC, request) or None,
            }
        elif kind == "embed":
            item["value"] = {
                "url": value["url"],
                "title": value.get("title") or "",
                "caption": value.get("caption") or "",
            }
        elif kind == "read_also":
            url, title = _read_also_target(value)
            target = value.get("page")
            item["value"] = {
                "page": target.pk if target is not None and target.live else None,
                "url": absolute(url, request),
                "title": title,
            }
        else:
            continue
        out.append(item)
    return out
