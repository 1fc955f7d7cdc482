from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from sahifa.articles.models import ArticlePage
from sahifa.core import surrogate
from sahifa.core.pagination import LISTING_KEYS, keyset_page


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    surrogate.add(surrogate.tag(tag.pk))  # a newly tagged article purges this page
    # Ordered by the tag link's copy of the date: a rare tag or a deep keyset
    # page is one range of the (tag, date) index (core.pagination).
    articles = ArticlePage.objects.visible().tag_listing(tag).for_listing()
    page_obj = keyset_page(articles, request, settings.SAHIFA_PAGE_SIZE, keys=LISTING_KEYS)
    return render(request, "tags/tag.html", {"tag": tag, "page_obj": page_obj})


# An index lists names, not cards: more to a page than a listing of stories.
INDEX_PAGE_SIZE = 60


def visible_tags():
    """Tags of articles the public may see, with how many each has, the
    most used first (counts cover visible articles only)."""
    return (
        Tag.objects.filter(
            articles_articlepagetag_items__content_object__in=ArticlePage.objects.visible().values(
                "pk"
            )
        )
        .annotate(article_count=Count("articles_articlepagetag_items", distinct=True))
        .order_by("-article_count", "name", "pk")
    )


def tag_index(request):
    page_obj = Paginator(visible_tags(), INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tags/index.html", {"page_obj": page_obj})
