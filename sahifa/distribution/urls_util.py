"""Absolute URLs for things that are not pages (images, tags, authors)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Site


def site_for(request: HttpRequest | None) -> Site | None:
    site = Site.find_for_request(request) if request is not None else None
    return site or Site.objects.filter(is_default_site=True).first()


def base_url(request: HttpRequest | None = None) -> str:
    """The site root (`https://example.com`), no trailing slash: the page
    tree's site when one matches, else SITE_URL."""
    site = site_for(request)
    return (site.root_url if site else settings.SITE_URL).rstrip("/")


def absolute(url: str, request: HttpRequest | None = None) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return base_url(request) + (url if url.startswith("/") else "/" + url)
