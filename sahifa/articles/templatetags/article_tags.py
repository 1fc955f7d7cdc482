"""`{% article_body page %}`: the body with what features insert into it
(sahifa.articles.plugins)."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from .. import plugins

register = template.Library()


@register.simple_tag(takes_context=True)
def article_body(context, page) -> SafeString:
    """The body blocks, each followed by whatever a feature inserts after it
    (an automatic «اقرأ أيضاً», for instance)."""
    flat = context.flatten()
    inserts = plugins.body_inserts(page, flat)
    parts = []
    for index, block in enumerate(page.body):
        parts.append(block.render(context=flat))
        if index in inserts:
            parts.append(inserts[index])
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts))  # noqa: S308
