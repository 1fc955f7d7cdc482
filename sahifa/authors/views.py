from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from sahifa.articles.models import ArticlePage

from .models import Author


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = ArticlePage.objects.visible().by_author(author).for_listing().recent()
    page_obj = Paginator(articles, settings.SAHIFA_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "authors/author.html", {"author": author, "page_obj": page_obj})
