import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sahifa.sections.models import SectionPage

from . import services
from .forms import SearchForm

logger = logging.getLogger(__name__)
# What a failing engine raises: the database (SQLite FTS5, PostgreSQL) or the
# network (Elasticsearch over urllib: URLError and HTTPError are OSErrors).
ENGINE_ERRORS = (DatabaseError, OSError)
UNAVAILABLE = "البحث غير متاح الآن بسبب عطل مؤقت. حاول مرة أخرى بعد قليل."


@require_GET
def search(request):
    form = SearchForm(request.GET)
    outcome = None
    unavailable = False
    if form.is_valid() and form.cleaned_data["q"].strip():
        try:
            outcome = services.search(
                form.cleaned_data["q"],
                per_page=settings.SAHIFA_SEARCH_PAGE_SIZE,
                **form.search_kwargs(),
            )
        except ENGINE_ERRORS:
            logger.exception("search engine failed")
            unavailable = True
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "query": form.cleaned_data.get("q", "").strip() if form.is_valid() else "",
        "outcome": outcome,
        "sections": SectionPage.objects.live().public().order_by("path"),
        "params": params.urlencode(),
        "unavailable": UNAVAILABLE if unavailable else "",
    }
    response = render(request, "search/search.html", context, status=503 if unavailable else 200)
    response["X-Robots-Tag"] = "noindex"
    if unavailable:
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
    return response


@require_GET
def autocomplete(request):
    """Headline suggestions for the search box (progressive enhancement)."""
    try:
        pages = services.autocomplete(request.GET.get("q", ""))
    except ENGINE_ERRORS:
        # Suggestions are a convenience: none, and the search box still works.
        logger.exception("search engine failed (autocomplete)")
        response = JsonResponse({"results": []})
        response["Cache-Control"] = "no-store"
        return response
    response = JsonResponse(
        {"results": [{"title": page.title, "url": page.get_url(request)} for page in pages]},
        json_dumps_params={"ensure_ascii": False},
    )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "public, max-age=60"
    return response
