from django import template
from django.conf import settings

from ..models import RelatedSettings
from ..services import auto_read_also as _auto_read_also
from ..services import related_articles

register = template.Library()


@register.simple_tag
def related_for(page, limit=None):
    """{% related_for page as stories %}: «أخبار ذات صلة» for an article."""
    if not getattr(page, "pk", None):
        return []
    return related_articles(page, limit=limit or settings.SAHIFA_RELATED_COUNT)


@register.simple_tag(takes_context=True)
def auto_read_also(context, page):
    """{% auto_read_also page as auto %}: (body index, target) when the site
    setting asks for an automatic «اقرأ أيضاً» block in this article."""
    request = context.get("request")
    if request is None or not getattr(page, "pk", None):
        return None
    conf = RelatedSettings.for_request(request)
    if not conf.auto_read_also:
        return None
    return _auto_read_also(page, conf.auto_read_also_after)
