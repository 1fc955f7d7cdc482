"""Rendering the two reader-facing blocks, cached briefly as HTML so a page
render costs one cache read for both."""

import logging
import time

from django.conf import settings
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from sahifa.articles.models import ArticlePage

from .middleware import BEACON_PATH
from .services import cache_get, cache_set, cache_version, most_read, trending

log = logging.getLogger(__name__)

BLOCK_SIZE = 5


def render_lists(section=None, request=None) -> tuple[str, int]:
    """(HTML of both lists, when it was rendered as epoch seconds)."""
    key = f"audience:blocks:{cache_version()}:{getattr(section, 'pk', 0)}"
    cached = cache_get(key) or _last_known(section, key)
    if cached is None:
        try:
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
        except DatabaseError:  # the page itself may still render: no lists then
            log.warning("audience lists unavailable; showing the last known", exc_info=True)
            stale = _local.get(getattr(section, "pk", 0))
            return stale[1] if stale else ("", int(time.time()))
        cache_set(key, cached, settings.SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS)
        _local[getattr(section, "pk", 0)] = (key, cached)
    return cached


# The last lists this process rendered, per section, under the same cache
# key: what a page shows while the shared cache (Redis) is down, re-rendered
# from the database every RANKING_CACHE_SECONDS, so a dead Redis costs one
# ranking query per process every few seconds, not one per page.
_local: dict[int, tuple[str, tuple[str, int]]] = {}


def _last_known(section, key: str) -> tuple[str, int] | None:
    value = _local.get(getattr(section, "pk", 0))
    if value is None or value[0] != key:
        return None
    if time.time() - value[1][1] >= settings.SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS:
        return None
    return value[1]


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
