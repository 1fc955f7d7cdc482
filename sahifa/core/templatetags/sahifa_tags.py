from django import template
from django.utils import timezone

from sahifa.core import arabic, fragments, parts
from sahifa.core.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name):
    """{% slot "name" %}: what features registered for that place
    (sahifa.core.fragments)."""
    return fragments.render(name, context.flatten())


class PartNode(template.Node):
    def __init__(self, name, values, nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context):
        values = [value.resolve(context) for value in self.values]
        return parts.reuse(
            self.name,
            values,
            lambda: self.nodelist.render(context),
            context.get("request"),
            served=context.get("page"),
        )


@register.tag("part")
def part(parser, token):
    """{% part "name" page … %}…{% endpart %}: HTML kept per process and
    reused while nothing it shows changed (sahifa.core.parts). The values
    after the name identify it; a page among them ties it to that page."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('{% part %} takes a quoted name: {% part "name" page %}')
    nodelist = parser.parse(("endpart",))
    parser.delete_first_token()
    return PartNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)


def _site_settings(context) -> SiteSettings | None:
    # for_request() caches on the request: one query per page, not per date.
    request = context.get("request")
    return SiteSettings.for_request(request) if request else None


@register.simple_tag(takes_context=True)
def ar_date(context, value, with_time=False):
    """Arabic date in the site's month-name and digit style."""
    if not value:
        return ""
    conf = _site_settings(context)
    return arabic.format_date(
        value,
        style=conf.date_style if conf else arabic.DATE_STYLE_DUAL,
        digits=conf.digits if conf else arabic.DIGITS_WESTERN,
        with_time=with_time,
    )


@register.simple_tag(takes_context=True)
def ar_num(context, value):
    conf = _site_settings(context)
    return arabic.localize_digits(str(value), conf.digits if conf else arabic.DIGITS_WESTERN)


@register.filter
def bidi(value):
    """Escape text and isolate its Latin runs."""
    return arabic.isolate_latin(str(value or ""))


@register.filter
def bidi_html(value):
    """Isolate Latin runs inside already-rendered, trusted HTML."""
    return arabic.isolate_latin_html(str(value or ""))


@register.simple_tag(takes_context=True)
def ar_count(context, value, noun):
    """{% ar_count n "minute" %}: «3 دقائق», «دقيقتان» — the Arabic plural
    form for n (sahifa.analysis.plural.NOUNS names the nouns)."""
    conf = _site_settings(context)
    return arabic.count(int(value), noun, conf.digits if conf else arabic.DIGITS_WESTERN)


@register.filter
def iso(value):
    """A datetime for `<time datetime>`: ISO 8601 in the site's time zone,
    to the second (the HTML spec allows at most three fraction digits, and
    readers need none)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")
