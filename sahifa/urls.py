from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from sahifa.core import views as core_views
from sahifa.search import views as search_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("authors/", include("sahifa.authors.urls")),
    path("tags/", include("sahifa.tags.urls")),
]

if settings.SERVE_MEDIA:
    # Embedded default: the app serves uploads itself; production puts a
    # reverse proxy in front and sets SERVE_MEDIA=0.
    # Documents are left out: Wagtail serves them through its own view,
    # which checks privacy settings.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(
            rf"^{media_prefix}(?P<path>(?:images|original_images|audio)/.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "sahifa.core.views.page_not_found"
handler500 = "sahifa.core.views.server_error"
