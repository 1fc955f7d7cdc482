from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def newsroom_name() -> str:
    """The newsroom's name (SAHIFA_SITE_NAME) for the admin's own branding."""
    return settings.WAGTAIL_SITE_NAME
