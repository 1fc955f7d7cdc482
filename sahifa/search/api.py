"""GET /api/v2/search/?q=&section=&from=&to=&sort=&page= — the site search as
JSON, same hits and order as /search/ (the OpenAPI schema documents it)."""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from . import services
from .forms import SearchForm
from .views import ENGINE_ERRORS, UNAVAILABLE, logger


@require_GET
def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    per_page = settings.SAHIFA_SEARCH_PAGE_SIZE
    try:
        outcome = services.search(
            form.cleaned_data["q"] or "", per_page=per_page, **form.search_kwargs()
        )
    except ENGINE_ERRORS:
        logger.exception("search engine failed (API)")
        response = JsonResponse(
            {"error": "search unavailable", "message": UNAVAILABLE},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    results = []
    for result in outcome.results:
        section = result.section
        results.append(
            {
                "id": result.page.pk,
                "title": result.page.title,
                "url": result.page.get_full_url(request),
                "snippet": str(result.snippet_html),
                "section": {"id": section.pk, "title": section.title, "slug": section.slug}
                if section
                else None,
                "first_published_at": result.first_published_at.isoformat()
                if result.first_published_at
                else None,
            }
        )
    response = JsonResponse(
        {
            "query": outcome.query,
            "sort": outcome.sort,
            "page": outcome.page,
            "page_size": per_page,
            "total": outcome.total,
            # false: more than `total` articles match; counting stops there
            "total_exact": not outcome.more,
            "num_pages": outcome.num_pages,
            "relaxed": outcome.relaxed,
            "suggestions": outcome.suggestions,
            "results": results,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = f"public, max-age={settings.SAHIFA_DISTRIBUTION_API_MAX_AGE}"
    return response
