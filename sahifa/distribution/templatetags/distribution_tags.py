"""`{% distribution_head %}`: Open Graph, Twitter card, JSON-LD and feed
<link rel="alternate"> tags for whatever page or listing is being rendered."""

from __future__ import annotations

import logging

from django import template
from django.urls import reverse

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
    from sahifa.sections.models import SectionPage

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
    try:
        from sahifa.articles.models import ArticlePage
        from sahifa.home.models import HomePage

        out["meta"] = structured.og_tags(page, request)
        if isinstance(page, ArticlePage):
            out["jsonld"].append(structured.to_script(structured.article_jsonld(page, request)))
        if isinstance(page, HomePage):
            out["jsonld"].append(structured.to_script(structured.website_jsonld(request)))
        crumbs = structured.breadcrumb_jsonld(page, request)
        if crumbs:
            out["jsonld"].append(structured.to_script(crumbs))
    except Exception:  # noqa: BLE001 - head metadata must never take the page down
        log.exception("distribution head for page %s", getattr(page, "pk", None))
    return out
