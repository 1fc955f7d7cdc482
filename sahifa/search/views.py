from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sahifa.sections.models import SectionPage

from . import services
from .forms import SearchForm


@require_GET
def search(request):
    form = SearchForm(request.GET)
    outcome = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        outcome = services.search(
            form.cleaned_data["q"],
            per_page=settings.SAHIFA_SEARCH_PAGE_SIZE,
            **form.search_kwargs(),
        )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "query": form.cleaned_data.get("q", "").strip() if form.is_valid() else "",
        "outcome": outcome,
        "sections": SectionPage.objects.live().order_by("path"),
        "params": params.urlencode(),
    }
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def autocomplete(request):
    """Headline suggestions for the search box (progressive enhancement)."""
    pages = services.autocomplete(request.GET.get("q", ""))
    response = JsonResponse(
        {"results": [{"title": page.title, "url": page.get_url(request)} for page in pages]},
        json_dumps_params={"ensure_ascii": False},
    )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "public, max-age=60"
    return response
