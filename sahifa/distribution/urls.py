"""Included by sahifa/urls.py before Wagtail's catch-all. Only specific paths,
so /api/v2/search/ (the search app) is never shadowed."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.cache import cache_control

from . import feeds, openapi, views, webapp
from .api import api_router

app_name = "distribution"


@cache_control(public=True, max_age=3600)
def openapi_view(request):
    response = JsonResponse(openapi.document(request), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


feed_patterns = [
    path("feed/", feeds.ArticleFeed(), name="feed_rss"),
    path("feed/atom/", feeds.ArticleAtomFeed(), name="feed_atom"),
    path("feed/json/", feeds.json_feed_view, name="feed_json"),
]
for kind in ("section", "tag", "author"):
    feed_patterns += [
        path(f"feed/{kind}/<str:slug>/", feeds.scoped(feeds.ArticleFeed, kind), name=f"{kind}_rss"),
        path(
            f"feed/{kind}/<str:slug>/atom/",
            feeds.scoped(feeds.ArticleAtomFeed, kind),
            name=f"{kind}_atom",
        ),
        path(
            f"feed/{kind}/<str:slug>/json/",
            feeds.json_feed_view,
            {"kind": kind},
            name=f"{kind}_json",
        ),
    ]

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", webapp.favicon, name="favicon"),
    path("manifest.webmanifest", webapp.manifest_view, name="manifest"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", views.sitemap_news, name="sitemap_news"),
    path("sitemap-sections.xml", views.sitemap_sections, name="sitemap_sections"),
    path("sitemap-tags.xml", views.sitemap_tags, name="sitemap_tags"),
    path("sitemap-authors.xml", views.sitemap_authors, name="sitemap_authors"),
    re_path(
        r"^sitemap-articles-(?P<year>\d{4})-(?P<month>\d{2})\.xml$",
        views.sitemap_month,
        name="sitemap_month",
    ),
    path("share/<int:pk>-<str:version>.png", views.share_image, name="share_image"),
    path("api/v2/openapi.json", openapi_view, name="openapi"),
    *feed_patterns,
]

# Wagtail API v2 endpoints (pages/, articles/, images/) in their own namespace.
api_urlpatterns = [path("api/v2/", api_router.urls)]
