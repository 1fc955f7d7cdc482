"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site and for each section,
tag and author.

Summary feeds carry the dek; `?full=1` (or SAHIFA_DISTRIBUTION_FEED_FULL_CONTENT) adds the
whole body as HTML (RSS `content:encoded`, Atom `content`, JSON
`content_html`). The hero is the enclosure; every author is a `dc:creator`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from taggit.models import Tag

from sahifa.articles.models import ArticlePage
from sahifa.authors.models import Author
from sahifa.core.feedgen import WellFormedFeedMixin
from sahifa.core.text import clean_data
from sahifa.sections.models import SectionPage

from . import structured
from .content import body_html
from .urls_util import absolute, base_url

ENCLOSURE_SPEC = "width-1200|format-jpeg"


@dataclass
class Scope:
    """What a feed covers: the whole site, or one section, tag or author."""

    request: HttpRequest
    kind: str = "site"
    obj: Any = None
    full: bool = False
    items: list = field(default_factory=list)

    @property
    def title(self) -> str:
        name = settings.WAGTAIL_SITE_NAME
        if self.kind == "section":
            return f"{name}: {self.obj.title}"
        if self.kind == "tag":
            return f"{name}: {self.obj.name}"
        if self.kind == "author":
            return f"{name}: {self.obj.name}"
        return f"{name}: آخر الأخبار"

    @property
    def link(self) -> str:
        if self.kind == "section":
            return self.obj.get_full_url(self.request)
        if self.kind == "tag":
            return absolute(reverse("tags:detail", args=[self.obj.slug]), self.request)
        if self.kind == "author":
            return absolute(self.obj.get_absolute_url(), self.request)
        return base_url(self.request) + "/"

    def feed_path(self, fmt: str) -> str:
        if self.kind == "site":
            return reverse(f"distribution:feed_{fmt}")
        return reverse(f"distribution:{self.kind}_{fmt}", args=[self.obj.slug])

    def queryset(self):
        qs = ArticlePage.objects.visible()
        # Tag and author feeds read the (tag | author, date) index, as their pages.
        if self.kind == "tag":
            qs = qs.tag_listing(self.obj)
        elif self.kind == "author":
            qs = qs.author_listing(self.obj)
        else:
            qs = (qs.in_section(self.obj) if self.kind == "section" else qs).recent()
        qs = qs.select_related("hero_image").prefetch_related(
            "article_authors__author", "tagged_items__tag"
        )
        return qs.with_sections()[: settings.SAHIFA_DISTRIBUTION_FEED_ITEMS]


def resolve_scope(request: HttpRequest, kind: str = "site", slug: str | None = None) -> Scope:
    full_arg = request.GET.get("full")
    full = (
        settings.SAHIFA_DISTRIBUTION_FEED_FULL_CONTENT
        if full_arg is None
        else full_arg in ("1", "true", "yes")
    )
    if kind == "section":
        obj = SectionPage.objects.live().public().filter(slug=slug).first()
        if obj is None:
            raise Http404("unknown section")
    elif kind == "tag":
        obj = get_object_or_404(Tag, slug=slug)
    elif kind == "author":
        obj = get_object_or_404(Author, slug=slug)
    elif kind == "site":
        obj = None
    else:
        raise Http404
    scope = Scope(request=request, kind=kind, obj=obj, full=full)
    scope.items = list(scope.queryset())
    for item in scope.items:
        item._feed_scope = scope
    return scope


def plain_summary(item) -> str:
    """The item's summary as plain text (escaped wherever HTML is expected)."""
    return item.search_description or item.dek or item.title


def item_authors(item) -> list[Author]:
    return [link.author for link in item.article_authors.all()]


def item_enclosure(item, request) -> Enclosure | None:
    if not item.hero_image_id:
        return None
    try:
        rendition = item.hero_image.get_rendition(ENCLOSURE_SPEC)
        length = rendition.file.size
    except Exception:  # noqa: BLE001 - a broken image file drops the enclosure only
        return None
    return Enclosure(absolute(rendition.url, request), str(length), "image/jpeg")


class SahifaRss(WellFormedFeedMixin, Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per author and content:encoded."""

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xmlns:dc"] = "http://purl.org/dc/elements/1.1/"
        attrs["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        return attrs

    def add_item_elements(self, handler, item):
        creators = item.pop("creators", [])
        item["author_name"] = None  # written below, one element per author
        content = item.pop("content_html", "")
        super().add_item_elements(handler, item)
        for name in creators:
            handler.addQuickElement("dc:creator", name)
        if content:
            handler.addQuickElement("content:encoded", content)


class SahifaAtom(WellFormedFeedMixin, Atom1Feed):
    """Atom with every author and the full body as `content`."""

    def add_item_elements(self, handler, item):
        creators = item.pop("creators", [])
        content = item.pop("content_html", "")
        super().add_item_elements(handler, item)
        for author in creators[1:]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author)
            handler.endElement("author")
        if content:
            handler.addQuickElement("content", content, {"type": "html"})


class ArticleFeed(Feed):
    feed_type = SahifaRss
    kind = "site"
    fmt = "rss"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = f"public, max-age={settings.SAHIFA_DISTRIBUTION_FEED_MAX_AGE}"
        return response

    def get_object(self, request, slug=None):
        return resolve_scope(request, self.kind, slug)

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def feed_url(self, scope):
        return absolute(scope.feed_path(self.fmt), scope.request)

    def description(self, scope):
        # RSS readers take <description> as HTML: plain text is escaped.
        return escape(self.subtitle(scope))

    def subtitle(self, scope):
        # Atom's <subtitle> is plain text.
        if scope.kind == "section" and scope.obj.intro:
            return scope.obj.intro
        return scope.title

    def items(self, scope):
        return scope.items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(plain_summary(item))

    def item_link(self, item):
        return item.get_full_url(item._feed_scope.request)

    def item_guid(self, item):
        return item.get_full_url(item._feed_scope.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_updated_at if item.was_updated else item.first_published_at

    def item_author_name(self, item):
        authors = item_authors(item)
        return authors[0].name if authors else None

    def item_author_link(self, item):
        authors = item_authors(item)
        return (
            absolute(authors[0].get_absolute_url(), item._feed_scope.request) if authors else None
        )

    def item_categories(self, item):
        section = item.section
        return ([section.title] if section else []) + [t.tag.name for t in item.tagged_items.all()]

    def item_enclosures(self, item):
        enclosure = item_enclosure(item, item._feed_scope.request)
        return [enclosure] if enclosure else []

    def item_extra_kwargs(self, item):
        scope = item._feed_scope
        return {
            "creators": [a.name for a in item_authors(item)],
            "content_html": body_html(item, scope.request) if scope.full else "",
        }


class ArticleAtomFeed(ArticleFeed):
    feed_type = SahifaAtom
    fmt = "atom"


def scoped(base: type[ArticleFeed], kind: str) -> ArticleFeed:
    return type(f"{kind.title()}{base.__name__}", (base,), {"kind": kind})()


# -- JSON Feed 1.1 ---------------------------------------------------------------
def json_feed(scope: Scope) -> dict:
    request = scope.request
    data: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": scope.title,
        "home_page_url": scope.link,
        "feed_url": absolute(scope.feed_path("json"), request),
        "language": "ar",
        "items": [],
    }
    conf = structured.site_settings(request)
    if conf and conf.publisher_logo_id:
        logo = structured.rendition_data(conf.publisher_logo, structured.LOGO_SPEC, request)
        if logo:
            data["icon"] = logo["url"]
    for item in scope.items:
        entry: dict[str, Any] = {
            "id": item.get_full_url(request),
            "url": item.get_full_url(request),
            "title": item.title,
            "summary": plain_summary(item),
            "date_published": structured.isoformat(item.first_published_at),
            "language": "ar",
        }
        if item.was_updated:
            entry["date_modified"] = structured.isoformat(item.last_updated_at)
        entry["content_html"] = body_html(item, request) if scope.full else escape(entry["summary"])
        enclosure = item_enclosure(item, request)
        if enclosure:
            entry["image"] = enclosure.url
        authors = item_authors(item)
        if authors:
            entry["authors"] = [
                {"name": a.name, "url": absolute(a.get_absolute_url(), request)} for a in authors
            ]
        tags = [t.tag.name for t in item.tagged_items.all()]
        if tags:
            entry["tags"] = tags
        data["items"].append(entry)
    return data


def json_feed_view(
    request: HttpRequest, kind: str = "site", slug: str | None = None
) -> HttpResponse:
    scope = resolve_scope(request, kind, slug)
    response = HttpResponse(
        json.dumps(clean_data(json_feed(scope)), ensure_ascii=False, indent=1),
        content_type="application/feed+json; charset=utf-8",
    )
    response["Cache-Control"] = f"public, max-age={settings.SAHIFA_DISTRIBUTION_FEED_MAX_AGE}"
    return response
