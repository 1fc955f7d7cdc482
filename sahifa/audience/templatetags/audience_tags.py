from django import template

from ..blocks import blocks_context

register = template.Library()


@register.inclusion_tag("audience/blocks.html", takes_context=True)
def audience_blocks(context, section=None):
    """«الأكثر قراءة» and «الأكثر تداولاً» (site-wide, or for one section),
    plus the beacon script; on an article page the beacon counts it."""
    return blocks_context(context.get("request"), context.get("page"), section)
