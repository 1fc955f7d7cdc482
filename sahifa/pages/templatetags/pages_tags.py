from django import template

from sahifa.core import sitewide

from ..models import footer_pages

register = template.Library()


@register.inclusion_tag("pages/footer_pages.html", takes_context=True)
def footer_links(context):
    """The footer's links to the standing pages (About, Contact …)."""
    # Kept per process until a site-wide purge (core/sitewide.py): a
    # standing page published, moved or deleted is one.
    pages = sitewide.remember("footer_pages", lambda: list(footer_pages()))
    return {"pages": pages, "request": context.get("request")}
