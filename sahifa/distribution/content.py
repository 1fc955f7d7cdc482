"""An article body as portable HTML and as structured blocks, for feeds and
the API: each block renders itself (sahifa.articles.blocks); this module
supplies absolute URLs and image renditions for the request and sanitises
the result with nh3."""

from __future__ import annotations

import re
from html import escape
from typing import Any

import nh3
from django.http import HttpRequest
from wagtail.rich_text import expand_db_html

from sahifa.articles import body as article_body

from .structured import rendition_data
from .urls_util import absolute

ALLOWED_TAGS = {
    "p", "br", "h2", "b", "strong", "i", "em", "a", "ul", "ol", "li",
    "blockquote", "cite", "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}}
_HREF = re.compile(r'(\b(?:href|src)=")(/[^"]*)"')


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    )


class SiteOutput:
    """`sahifa.articles.blocks.Output` for one request (or none: SITE_URL)."""

    def __init__(self, request: HttpRequest | None = None):
        self.request = request

    def absolute(self, url: str) -> str:
        return absolute(url, self.request)

    def rendition(self, image, spec: str) -> dict:
        return rendition_data(image, spec, self.request)

    def rich_text(self, html: str) -> str:
        expanded = expand_db_html(html)
        absolute_links = _HREF.sub(
            lambda m: f'{m.group(1)}{escape(self.absolute(m.group(2)))}"', expanded
        )
        return sanitize(absolute_links)


def body_html(page, request: HttpRequest | None = None) -> str:
    """The body of `page` as sanitised HTML with absolute URLs."""
    # Every block already writes absolute URLs (through `out`); the final
    # sanitise guards the blocks' own markup.
    return sanitize(article_body.portable_html(page.body, SiteOutput(request)))


def body_blocks(page, request: HttpRequest | None = None) -> list[dict[str, Any]]:
    """The body as typed blocks with resolved images and links (API)."""
    return article_body.api_blocks(page.body, SiteOutput(request))
