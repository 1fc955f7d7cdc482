from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from sahifa.articles.models import ArticlePage


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    page_obj = None
    if query:
        results = ArticlePage.objects.live().select_related("hero_image").search(query)
        page_obj = Paginator(results, settings.SAHIFA_PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(request, "search/search.html", {"query": query, "page_obj": page_obj})
    response["X-Robots-Tag"] = "noindex"
    return response
