from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from sahifa.articles.models import ArticlePage


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = ArticlePage.objects.visible().tagged(tag).for_listing().recent()
    page_obj = Paginator(articles, settings.SAHIFA_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tags/tag.html", {"tag": tag, "page_obj": page_obj})
