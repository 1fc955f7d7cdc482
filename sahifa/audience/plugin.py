"""How audience plugs into pages: «الأكثر قراءة» / «الأكثر تداولاً» in the
side columns of articles, sections and the home page (with the beacon), and
a lifecycle consumer that drops the cached lists when an article changes."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from wagtail.models import Page

from sahifa.articles import lifecycle
from sahifa.articles.models import ArticlePage
from sahifa.core import fragments, renditions

from .blocks import blocks_context
from .services import forget_rankings


def _lists(context: dict, section=None) -> str:
    request = context.get("request")
    return render_to_string(
        "audience/blocks.html",
        blocks_context(request, context.get("page"), section),
        request=request,
    )


def site_lists(context: dict) -> str:
    return _lists(context)


def section_lists(context: dict) -> str:
    return _lists(context, section=context.get("page"))


# In a cached page the lists are a live fragment: filled again every minute
# (and after any article event) without purging the page. The key is what
# the block depends on: the section listed, and the article the beacon counts.
def _key(context: dict, section: bool) -> tuple[int, int]:
    page = context.get("page")
    article_id = page.pk if isinstance(page, ArticlePage) else 0
    return (getattr(page, "pk", 0) if section else 0, article_id)


def _from_key(key: tuple[int, int]) -> str:
    section_id, article_id = key
    section = Page.objects.filter(pk=section_id).first() if section_id else None
    context = {"page": ArticlePage(pk=article_id) if article_id else SimpleNamespace(pk=0)}
    return _lists(context, section=section)


LIVE_SITE = fragments.Live(key=lambda context: _key(context, False), render=_from_key)
LIVE_SECTION = fragments.Live(key=lambda context: _key(context, True), render=_from_key)


def register_all() -> None:
    # The lists' thumbnails (audience/lists.html), made on publish.
    renditions.need("hero", "fill-96x64 format-webp")
    # Cheap (one cache increment) and needed at once: inline.
    lifecycle.register(
        lifecycle.Consumer(
            "audience",
            sync=forget_rankings,
            sync_many=forget_rankings,
            refresh=forget_rankings,
            inline=True,
        )
    )
    fragments.add("article_rail", site_lists, live=LIVE_SITE)
    fragments.add("home_rail", site_lists, live=LIVE_SITE)
    fragments.add("section_rail", section_lists, live=LIVE_SECTION)
