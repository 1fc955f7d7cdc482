from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from sahifa.core import media
from sahifa.core import views as core_views
from sahifa.distribution.urls import api_urlpatterns as distribution_api_urls
from sahifa.listen import views as listen_views
from sahifa.search import api as search_api
from sahifa.search import views as search_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/autocomplete/", search_views.autocomplete, name="search_autocomplete"),
    # Before any other api/v2/ route and the Wagtail catch-all.
    path("api/v2/search/", search_api.search, name="search_api"),
    path("authors/", include("sahifa.authors.urls")),
    path("tags/", include("sahifa.tags.urls")),
    path("audience/", include("sahifa.audience.urls")),
    path("listen/", include("sahifa.listen.urls")),
]

if settings.SERVE_MEDIA:
    # Embedded default: the app serves uploads itself; production puts a
    # reverse proxy in front and sets SERVE_MEDIA=0.
    # Every path is confined to its folder (sahifa/core/media.py): no `..`,
    # encoded separators or symlinks out. Documents are refused: Wagtail
    # serves them through /documents/, whose view checks privacy settings.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        # Audio needs HTTP Range requests, or browsers cannot seek in it.
        re_path(
            rf"^{media_prefix}(?P<path>audio/.*)$",
            media.confined(listen_views.serve_audio, ["audio"]),
        ),
        re_path(rf"^{media_prefix}(?P<path>(?:images|original_images)/.*)$", media.serve_image),
        re_path(rf"^{media_prefix}(?P<path>.*)$", media.refuse),
    ]

# Distribution: robots.txt, sitemaps, feeds, share images, API v2 (pages,
# articles, images; specific paths only, so /api/v2/search/ stays the search app's).
urlpatterns += [path("", include("sahifa.distribution.urls")), *distribution_api_urls]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "sahifa.core.views.page_not_found"
handler500 = "sahifa.core.views.server_error"
