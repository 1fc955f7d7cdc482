"""Article and image data for the API: plain functions of (object, request)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from sahifa.listen.services import audio_object
from sahifa.related.services import related_articles

from . import content, structured
from .urls_util import absolute

HERO_RENDITIONS = {
    **structured.CROPS,
    "og": structured.OG_SPEC,
    "thumbnail": "fill-400x225-c0",
    "medium": "width-800",
}


def published_at(page, request: HttpRequest | None = None) -> str | None:
    return structured.isoformat(page.first_published_at)


def updated_at(page, request: HttpRequest | None = None) -> str | None:
    return structured.isoformat(page.last_updated_at) if page.was_updated else None


def section(page, request: HttpRequest | None = None) -> dict | None:
    parent = page.section
    if parent is None:
        return None
    return {
        "id": parent.pk,
        "title": parent.title,
        "slug": parent.slug,
        "url": parent.get_full_url(request),
    }


def authors(page, request: HttpRequest | None = None) -> list[dict]:
    return [
        {
            "id": author.pk,
            "name": author.name,
            "slug": author.slug,
            "role": author.role,
            "url": absolute(author.get_absolute_url(), request),
        }
        for author in page.authors()
    ]


def tags(page, request: HttpRequest | None = None) -> list[dict]:
    return [
        {
            "name": tag.name,
            "slug": tag.slug,
            "url": absolute(reverse("tags:detail", args=[tag.slug]), request),
        }
        for tag in page.tags.all()
    ]


def image_renditions(image, request: HttpRequest | None = None, specs: dict | None = None) -> dict:
    out: dict[str, Any] = {}
    for name, spec in (specs or HERO_RENDITIONS).items():
        data = structured.rendition_data(image, spec, request)
        if data:
            out[name] = data
    return out


def hero(page, request: HttpRequest | None = None) -> dict | None:
    image = page.hero_image
    if image is None:
        return None
    return {
        "id": image.pk,
        "caption": page.caption,
        "alt": image.description or page.caption or image.title,
        "photographer": image.photographer,
        "agency": image.agency,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
        "renditions": image_renditions(image, request),
    }


def body(page, request: HttpRequest | None = None) -> list[dict]:
    return content.body_blocks(page, request)


def body_html(page, request: HttpRequest | None = None) -> str:
    return content.body_html(page, request)


def audio(page, request: HttpRequest | None = None) -> dict | None:
    return audio_object(page)


def related(page, request: HttpRequest | None = None) -> list[dict]:
    return [
        {"id": item.pk, "title": item.title, "url": item.get_full_url(request)}
        for item in related_articles(page)
    ]


def share_image(page, request: HttpRequest | None = None) -> str | None:
    image = structured.share_image(page, request)
    return image.get("url") if image else None
