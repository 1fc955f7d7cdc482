"""Rendering the two reader-facing blocks, cached briefly as HTML so a page
render costs one cache read for both."""

import time

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from sahifa.articles.models import ArticlePage

from .middleware import BEACON_PATH
from .services import cache_version, most_read, trending

BLOCK_SIZE = 5


def render_lists(section=None, request=None) -> tuple[str, int]:
    """(HTML of both lists, when it was rendered as epoch seconds)."""
    key = f"audience:blocks:{cache_version()}:{getattr(section, 'pk', 0)}"
    cached = cache.get(key)
    if cached is None:
        cached = (
            render_to_string(
                "audience/lists.html",
                {
                    "most_read": most_read(section, "24h", BLOCK_SIZE),
                    "trending": trending(section, BLOCK_SIZE),
                },
                request=request,
            ),
            int(time.time()),
        )
        cache.set(key, cached, settings.SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS)
    return cached


def fragment_url(section=None) -> str:
    url = reverse("audience:blocks")
    return f"{url}?{urlencode({'section': section.pk})}" if section is not None else url


def blocks_context(request, page, section=None) -> dict:
    lists, rendered = render_lists(section, request)
    return {
        "lists": mark_safe(lists.strip()),
        "rendered": rendered,
        "fragment_url": fragment_url(section),
        "page_id": page.pk if isinstance(page, ArticlePage) else None,
        "beacon_url": BEACON_PATH,
        # Older than this, the page came from a full-page cache: refresh.
        "stale_after": 3 * settings.SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS,
    }
