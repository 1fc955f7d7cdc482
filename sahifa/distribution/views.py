"""Thin views: sitemaps, robots.txt and generated share images. Feeds are in
feeds.py and the API in api.py."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from sahifa.articles.models import ArticlePage
from sahifa.core.pagination import MAX_DB_INT
from sahifa.core.text import clean_text

from . import sitemaps, social
from .urls_util import absolute

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def escape(value: str) -> str:
    """XML text: escaped, and without characters XML 1.0 forbids (rows
    stored before the clean-text rule must not break a sitemap)."""
    return xml_escape(clean_text(value))


def _page_arg(request: HttpRequest) -> int:
    try:
        page = int(request.GET.get("p", "1"))
    except ValueError:
        raise Http404("bad page") from None
    # 50,000 URLs a file: no site has a millionth file (and a huge number
    # overflows the database driver).
    if not 1 <= page <= 1_000_000:
        raise Http404("bad page")
    return page


def _xml(body: str) -> HttpResponse:
    response = HttpResponse(XML_HEAD + body, content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={settings.SAHIFA_DISTRIBUTION_SITEMAP_MAX_AGE}"
    return response


def _urlset(entries: list[sitemaps.Entry]) -> HttpResponse:
    rows = []
    for entry in entries:
        lastmod = f"<lastmod>{entry.lastmod}</lastmod>" if entry.lastmod else ""
        rows.append(f"<url><loc>{escape(entry.loc)}</loc>{lastmod}</url>")
    return _xml(f'<urlset xmlns="{SITEMAP_NS}">\n' + "\n".join(rows) + "\n</urlset>\n")


@require_safe
def sitemap_index(request):
    rows = []
    for entry in sitemaps.index_entries(request):
        lastmod = f"<lastmod>{entry.lastmod}</lastmod>" if entry.lastmod else ""
        rows.append(f"<sitemap><loc>{escape(entry.loc)}</loc>{lastmod}</sitemap>")
    return _xml(f'<sitemapindex xmlns="{SITEMAP_NS}">\n' + "\n".join(rows) + "\n</sitemapindex>\n")


@require_safe
def sitemap_month(request, year: str, month: str):
    year_n, month_n = int(year), int(month)
    if not (1 <= month_n <= 12 and 1900 <= year_n <= 9999):
        raise Http404
    entries = sitemaps.month_articles(year_n, month_n, _page_arg(request), request)
    if not entries:
        raise Http404("no articles that month")
    return _urlset(entries)


@require_safe
def sitemap_sections(request):
    return _urlset(sitemaps.section_entries(request))


@require_safe
def sitemap_tags(request):
    return _urlset(sitemaps.tag_entries(_page_arg(request), request))


@require_safe
def sitemap_authors(request):
    return _urlset(sitemaps.author_entries(_page_arg(request), request))


@require_safe
def sitemap_news(request):
    name = escape(sitemaps.publication_name())
    rows = []
    for item in sitemaps.news_entries(_page_arg(request), request):
        keywords = (
            f"<news:keywords>{escape(item['keywords'])}</news:keywords>" if item["keywords"] else ""
        )
        rows.append(
            f"<url><loc>{escape(item['loc'])}</loc><lastmod>{item['lastmod']}</lastmod>"
            "<news:news><news:publication>"
            f"<news:name>{name}</news:name><news:language>ar</news:language>"
            "</news:publication>"
            f"<news:publication_date>{item['publication_date']}</news:publication_date>"
            f"<news:title>{escape(item['title'])}</news:title>{keywords}"
            "</news:news></url>"
        )
    body = (
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )
    response = _xml(body)
    # Google fetches news sitemaps often; keep them fresh.
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in settings.SAHIFA_DISTRIBUTION_ROBOTS_DISALLOW]
    lines += [
        "",
        f"Sitemap: {absolute(reverse('distribution:sitemap_index'), request)}",
        f"Sitemap: {absolute(reverse('distribution:sitemap_news'), request)}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def share_image(request, pk: int, version: str):
    """The generated 1200×630 card of a live article (made on first request
    when the background task has not made it yet)."""
    if pk > MAX_DB_INT:  # larger ids overflow the database driver
        raise Http404
    page = ArticlePage.objects.visible().filter(pk=pk).select_related("hero_image").first()
    if page is None:
        raise Http404
    if version != social.card_version(page):
        response = redirect(social.card_url(page))
        response["Cache-Control"] = "public, max-age=300"
        return response
    try:
        name = social.ensure_card(page)
    except social.FontUnavailable as exc:
        raise Http404(str(exc)) from None
    return FileResponse(default_storage.open(name, "rb"), content_type="image/png")
