"""How related news plugs into the article: lifecycle consumer, editor
panels and tab, the «أخبار ذات صلة» block and the automatic «اقرأ أيضاً»."""

from django.conf import settings
from django.template.loader import render_to_string

from sahifa.articles import lifecycle, plugins
from sahifa.core import fragments

from . import panels, services, tasks
from .models import RelatedSettings


def _related(page, request) -> list:
    """The page's «أخبار ذات صلة», read once per request: the block below
    the article and the automatic «اقرأ أيضاً» both use it."""
    memo = getattr(request, "_sahifa_related", None) if request is not None else None
    if memo is not None and memo[0] == page.pk:
        return memo[1]
    stories = services.related_articles(page, limit=settings.SAHIFA_RELATED_COUNT)
    if request is not None:
        request._sahifa_related = (page.pk, stories)
    return stories


def related_block(context: dict) -> str:
    page = context.get("page")
    if not getattr(page, "pk", None):
        return ""
    stories = _related(page, context.get("request"))
    if not stories:
        return ""
    return render_to_string(
        "related/related_block.html", {"related_stories": stories}, request=context.get("request")
    )


def auto_read_also(page, context: dict) -> tuple[int, str] | None:
    """After the configured paragraph, when the site asks for it and the
    body has no «اقرأ أيضاً» of its own."""
    request = context.get("request")
    if request is None or not getattr(page, "pk", None):
        return None
    conf = RelatedSettings.for_request(request)
    if not conf.auto_read_also:
        return None
    found = services.auto_read_also(page, conf.auto_read_also_after, _related(page, request))
    if found is None:
        return None
    position, target = found
    html = render_to_string("related/auto_read_also.html", {"target": target}, request=request)
    return position, html


def register_all() -> None:
    lifecycle.register(lifecycle.Consumer("related", sync=tasks.sync))
    plugins.add_content_panel(panels.TagSuggestionsPanel(heading="وسوم مقترحة"))
    plugins.add_tab("ذات صلة", panels.related_panels)
    plugins.add_body_insert(auto_read_also)
    fragments.add("article_after_body", related_block)
