"""Sitemaps: an index, per-month article sitemaps, section/tag/author
sitemaps, and a news sitemap (articles of the last 2 days, ≤ 1,000 a file).

Everything is built from ArticlePage's QuerySet methods; each function returns
plain data that the views render with small XML templates."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.functions import Coalesce, TruncMonth
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from sahifa.articles.models import ArticlePage
from sahifa.authors.models import Author
from sahifa.core import visibility
from sahifa.home.models import HomePage
from sahifa.pages.models import InfoPage
from sahifa.sections.models import SectionPage

from .structured import isoformat
from .urls_util import absolute

URLS_PER_FILE = 50_000
NEWS_PER_FILE = 1_000
NEWS_WINDOW = timedelta(days=2)


@dataclass
class Entry:
    loc: str
    lastmod: str | None = None


def articles():
    return ArticlePage.objects.visible()


def _lastmod_expr():
    return Coalesce("last_updated_at", "first_published_at")


def _month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime(year, month, 1))
    end = timezone.make_aware(datetime(year + (month == 12), month % 12 + 1, 1))
    return start, end


def article_months() -> list[dict]:
    """[{year, month, count, lastmod}] for every month with live articles
    (months in the site's time zone)."""
    rows = (
        articles()
        .exclude(first_published_at=None)
        .annotate(month=TruncMonth("first_published_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"), lastmod=Max(_lastmod_expr()))
        .order_by("-month")
    )
    return [
        {
            "year": row["month"].year,
            "month": row["month"].month,
            "count": row["count"],
            "lastmod": row["lastmod"],
        }
        for row in rows
    ]


def month_articles(
    year: int, month: int, page: int = 1, request: HttpRequest | None = None
) -> list[Entry]:
    start, end = _month_bounds(year, month)
    qs = (
        articles()
        .filter(first_published_at__gte=start, first_published_at__lt=end)
        .defer_streamfields()
        .order_by("first_published_at", "pk")
    )
    chunk = qs[(page - 1) * URLS_PER_FILE : page * URLS_PER_FILE]
    return [
        Entry(
            p.get_full_url(request),
            isoformat(p.last_updated_at if p.was_updated else p.first_published_at),
        )
        for p in chunk
    ]


def section_entries(request: HttpRequest | None = None) -> list[Entry]:
    """The site's fronts and standing pages: the home page, each section,
    the tag and author indexes, About/Contact/…"""
    latest = articles().aggregate(m=Max(_lastmod_expr()))["m"]
    out = [
        Entry(home.get_full_url(request), isoformat(latest))
        for home in visibility.visible(HomePage.objects.all()).order_by("path")[:1]
    ]
    for section in SectionPage.objects.live().public().order_by("path"):
        latest = articles().in_section(section).aggregate(m=Max(_lastmod_expr()))["m"]
        lastmod = max(filter(None, [latest, section.last_published_at]), default=None)
        out.append(Entry(section.get_full_url(request), isoformat(lastmod)))
    out += [
        Entry(absolute(reverse("tags:index"), request), isoformat(latest)),
        Entry(absolute(reverse("authors:index"), request), isoformat(latest)),
    ]
    for page in visibility.visible(InfoPage.objects.all()).order_by("path"):
        out.append(Entry(page.get_full_url(request), isoformat(page.last_published_at)))
    return out


def tag_entries(page: int = 1, request: HttpRequest | None = None) -> list[Entry]:
    live_ids = articles().values("pk")
    rows = (
        Tag.objects.filter(articles_articlepagetag_items__content_object__in=live_ids)
        .annotate(
            lastmod=Max(
                Coalesce(
                    "articles_articlepagetag_items__content_object__last_updated_at",
                    "articles_articlepagetag_items__content_object__first_published_at",
                )
            )
        )
        .order_by("name", "pk")
        .distinct()
    )[(page - 1) * URLS_PER_FILE : page * URLS_PER_FILE]
    return [
        Entry(absolute(reverse("tags:detail", args=[t.slug]), request), isoformat(t.lastmod))
        for t in rows
    ]


def tag_count() -> int:
    return (
        Tag.objects.filter(
            articles_articlepagetag_items__content_object__in=articles().values("pk")
        )
        .distinct()
        .count()
    )


def author_entries(page: int = 1, request: HttpRequest | None = None) -> list[Entry]:
    out = []
    authors = Author.objects.order_by("name", "pk")[
        (page - 1) * URLS_PER_FILE : page * URLS_PER_FILE
    ]
    for author in authors:
        latest = articles().by_author(author).aggregate(m=Max(_lastmod_expr()))["m"]
        if latest is None:
            continue  # an author page with no live article is thin: leave it out
        out.append(Entry(absolute(author.get_absolute_url(), request), isoformat(latest)))
    return out


def author_count() -> int:
    return Author.objects.count()


# -- news sitemap -------------------------------------------------------------
def news_queryset():
    since = timezone.now() - NEWS_WINDOW
    return articles().filter(first_published_at__gte=since).defer_streamfields().recent()


def news_entries(page: int = 1, request: HttpRequest | None = None) -> list[dict]:
    chunk = news_queryset().prefetch_related("tagged_items__tag")[
        (page - 1) * NEWS_PER_FILE : page * NEWS_PER_FILE
    ]
    return [
        {
            "loc": p.get_full_url(request),
            "lastmod": isoformat(p.last_updated_at if p.was_updated else p.first_published_at),
            "publication_date": isoformat(p.first_published_at),
            "title": p.title,
            "keywords": ", ".join(t.tag.name for t in p.tagged_items.all()),
        }
        for p in chunk
    ]


def news_files() -> int:
    return max(1, math.ceil(news_queryset().count() / NEWS_PER_FILE))


# -- index --------------------------------------------------------------------
def index_entries(request: HttpRequest | None = None) -> list[Entry]:
    def url(name: str, *args, page: int = 1) -> str:
        path = reverse(f"distribution:{name}", args=args)
        return absolute(path + (f"?p={page}" if page > 1 else ""), request)

    latest = articles().aggregate(m=Max(_lastmod_expr()))["m"]
    entries = [
        Entry(url("sitemap_news", page=n), isoformat(latest)) for n in range(1, news_files() + 1)
    ]
    entries.append(Entry(url("sitemap_sections"), isoformat(latest)))
    for n in range(1, max(1, math.ceil(tag_count() / URLS_PER_FILE)) + 1):
        entries.append(Entry(url("sitemap_tags", page=n), isoformat(latest)))
    for n in range(1, max(1, math.ceil(author_count() / URLS_PER_FILE)) + 1):
        entries.append(Entry(url("sitemap_authors", page=n), isoformat(latest)))
    for month in article_months():
        files = math.ceil(month["count"] / URLS_PER_FILE)
        for n in range(1, files + 1):
            entries.append(
                Entry(
                    url("sitemap_month", f"{month['year']:04d}", f"{month['month']:02d}", page=n),
                    isoformat(month["lastmod"]),
                )
            )
    return entries


def publication_name() -> str:
    return settings.SAHIFA_DISTRIBUTION_NEWS_PUBLICATION_NAME or settings.WAGTAIL_SITE_NAME
