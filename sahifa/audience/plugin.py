"""How audience plugs into pages: «الأكثر قراءة» / «الأكثر تداولاً» in the
side columns of articles, sections and the home page (with the beacon), and
a lifecycle consumer that drops the cached lists when an article changes."""

from django.template.loader import render_to_string

from sahifa.articles import lifecycle
from sahifa.core import fragments

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


def register_all() -> None:
    # Cheap (one cache increment) and needed at once: inline.
    lifecycle.register(
        lifecycle.Consumer("audience", sync=forget_rankings, refresh=forget_rankings, inline=True)
    )
    fragments.add("article_rail", site_lists)
    fragments.add("home_rail", site_lists)
    fragments.add("section_rail", section_lists)
