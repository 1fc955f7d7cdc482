"""`{% distribution_head %}`: Open Graph, Twitter card, JSON-LD and feed
<link rel="alternate"> tags for whatever page or listing is being rendered."""

from __future__ import annotations

import logging

from django import template
from django.conf import settings
from django.urls import reverse

from sahifa.articles.models import ArticlePage
from sahifa.home.models import HomePage
from sahifa.sections.models import SectionPage

from .. import structured

register = template.Library()
log = logging.getLogger(__name__)


def feed_links(context) -> list[dict]:
    """The site's feeds, plus those of the section, tag or author shown."""
    links = [
        {
            "type": "application/rss+xml",
            "title": "آخر الأخبار (RSS)",
            "href": reverse("distribution:feed_rss"),
        },
        {
            "type": "application/atom+xml",
            "title": "آخر الأخبار (Atom)",
            "href": reverse("distribution:feed_atom"),
        },
        {
            "type": "application/feed+json",
            "title": "آخر الأخبار (JSON Feed)",
            "href": reverse("distribution:feed_json"),
        },
    ]
    scoped = None
    page = context.get("page")
    section = context.get("section")
    if page is not None and isinstance(page, SectionPage):
        section = page
    if section is not None and isinstance(section, SectionPage):
        scoped = ("section", section.slug, f"قسم {section.title}")
    elif context.get("tag") is not None and hasattr(context["tag"], "slug"):
        scoped = ("tag", context["tag"].slug, f"وسم {context['tag'].name}")
    elif context.get("author") is not None and hasattr(context["author"], "slug"):
        scoped = ("author", context["author"].slug, f"مقالات {context['author'].name}")
    if scoped:
        kind, slug, title = scoped
        links += [
            {
                "type": "application/rss+xml",
                "title": f"{title} (RSS)",
                "href": reverse(f"distribution:{kind}_rss", args=[slug]),
            },
            {
                "type": "application/atom+xml",
                "title": f"{title} (Atom)",
                "href": reverse(f"distribution:{kind}_atom", args=[slug]),
            },
        ]
    return links


@register.inclusion_tag("distribution/head.html", takes_context=True)
def distribution_head(context):
    request = context.get("request")
    page = context.get("page")
    out = {"feeds": feed_links(context), "meta": [], "jsonld": []}
    if page is None or not hasattr(page, "get_full_url"):
        return out
    page = getattr(page, "specific", page)
    out["meta"] = _part("Open Graph", page, lambda: structured.og_tags(page, request), [])
    parts = [lambda: structured.breadcrumb_jsonld(page, request)]
    if isinstance(page, ArticlePage):
        parts.insert(0, lambda: structured.article_jsonld(page, request))
    if isinstance(page, HomePage):
        parts.insert(0, lambda: structured.website_jsonld(request))
    for build in parts:
        data = _part("JSON-LD", page, build, None)
        if data:
            out["jsonld"].append(structured.to_script(data))
    return out


def _part(what: str, page, build, fallback):
    """Each piece on its own: a bug in one costs that piece, not the page or
    the other pieces, and is logged as an error with the page id (raised
    under DEBUG, so developers see it at once)."""
    try:
        return build()
    except Exception:  # noqa: BLE001 - readers still get the page; logged loudly
        if settings.DEBUG:
            raise
        log.exception("%s metadata failed for page %s", what, page.pk)
        return fallback
