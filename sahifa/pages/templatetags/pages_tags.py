from django import template

from ..models import footer_pages

register = template.Library()


@register.inclusion_tag("pages/footer_pages.html", takes_context=True)
def footer_links(context):
    """The footer's links to the standing pages (About, Contact …)."""
    return {"pages": footer_pages(), "request": context.get("request")}
