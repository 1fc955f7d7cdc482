"""/favicon.ico and the web app manifest (/manifest.webmanifest).

Browsers ask for /favicon.ico whatever the page links, so it is answered at
the root rather than only under /static/. Icons are the brand mark in
sahifa/static/img (red square with «ص»)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

BRAND_COLOR = "#7a1c28"
BACKGROUND_COLOR = "#ffffff"
DAY = 24 * 3600


@lru_cache(maxsize=4)
def _static_bytes(name: str) -> bytes:
    path = finders.find(name) or (Path(settings.STATIC_ROOT) / name)
    try:
        return Path(path).read_bytes()
    except OSError:
        raise Http404(name) from None


@require_safe
@cache_control(public=True, max_age=7 * DAY)
def favicon(request):
    return HttpResponse(_static_bytes("img/favicon.ico"), content_type="image/x-icon")


def manifest() -> dict:
    """The web app manifest: Arabic, right to left, the site's name."""
    name = settings.WAGTAIL_SITE_NAME
    return {
        "name": name,
        "short_name": name,
        "lang": "ar",
        "dir": "rtl",
        "start_url": "/",
        "scope": "/",
        "display": "minimal-ui",
        "theme_color": BRAND_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


@require_safe
@cache_control(public=True, max_age=DAY)
def manifest_view(request):
    return HttpResponse(
        json.dumps(manifest(), ensure_ascii=False),
        content_type="application/manifest+json; charset=utf-8",
    )
