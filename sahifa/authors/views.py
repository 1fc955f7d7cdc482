from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, render

from sahifa.articles.models import ArticleAuthor, ArticlePage
from sahifa.core import surrogate
from sahifa.core.pagination import LISTING_KEYS, keyset_page

from .models import Author


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    surrogate.add(surrogate.author(author.pk))  # a new article by them purges this page
    # Ordered by the byline link's copy of the date: any page is one range
    # of the (author, date) index (core.pagination).
    articles = ArticlePage.objects.visible().author_listing(author).for_listing()
    page_obj = keyset_page(articles, request, settings.SAHIFA_PAGE_SIZE, keys=LISTING_KEYS)
    return render(request, "authors/author.html", {"author": author, "page_obj": page_obj})


INDEX_PAGE_SIZE = 48


def visible_authors():
    """Authors with at least one article the public may see, with their
    count and photo (photo renditions in one query for the whole page)."""
    counts = (
        ArticleAuthor.objects.filter(
            author=OuterRef("pk"), page__in=ArticlePage.objects.visible().values("pk")
        )
        .order_by()
        .values("author")
        .annotate(n=Count("page", distinct=True))
        .values("n")
    )
    return (
        Author.objects.annotate(article_count=Subquery(counts))
        .filter(article_count__gt=0)
        .select_related("photo")
        .prefetch_related("photo__renditions")
        .order_by("name", "pk")
    )


def author_index(request):
    page_obj = Paginator(visible_authors(), INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "authors/index.html", {"page_obj": page_obj})
