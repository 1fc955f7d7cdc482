"""Arabic presentation helpers: dates with dual month names, digit styles and
bidi isolation of Latin runs. Pure functions, used by templates, feeds and
importers alike. Month names and digit tables come from sahifa.analysis."""

import re
from datetime import datetime

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sahifa.analysis import GREGORIAN_MONTHS, LEVANTINE_MONTHS, to_arabic_indic_digits

DATE_STYLE_DUAL = "dual"
DATE_STYLE_GREGORIAN = "gregorian"
DATE_STYLE_LEVANTINE = "levantine"
DATE_STYLES = (
    (DATE_STYLE_DUAL, "مزدوج: أكتوبر/تشرين الأول"),
    (DATE_STYLE_GREGORIAN, "أكتوبر (مصر والخليج والمغرب العربي)"),
    (DATE_STYLE_LEVANTINE, "تشرين الأول (المشرق والعراق)"),
)

DIGITS_WESTERN = "western"
DIGITS_ARABIC = "arabic"
DIGIT_STYLES = (
    (DIGITS_WESTERN, "أرقام غربية 0123456789"),
    (DIGITS_ARABIC, "أرقام مشرقية ٠١٢٣٤٥٦٧٨٩"),
)


def month_name(month: int, style: str = DATE_STYLE_DUAL) -> str:
    """The month (1–12) as the site's date style writes it."""
    gregorian = GREGORIAN_MONTHS[month - 1]
    levantine = LEVANTINE_MONTHS[month - 1]
    if style == DATE_STYLE_GREGORIAN:
        return gregorian
    if style == DATE_STYLE_LEVANTINE:
        return levantine
    return f"{gregorian}/{levantine}"


def localize_digits(text: str, digits: str = DIGITS_WESTERN) -> str:
    return to_arabic_indic_digits(text) if digits == DIGITS_ARABIC else text


def format_date(
    value: datetime,
    style: str = DATE_STYLE_DUAL,
    digits: str = DIGITS_WESTERN,
    with_time: bool = False,
) -> str:
    """`25 أكتوبر/تشرين الأول 2024`, optionally followed by the local time."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    text = f"{value.day} {month_name(value.month, style)} {value.year}"
    if with_time:
        text += f"، {value:%H:%M}"
    return localize_digits(text, digits)


# A run of Latin-script words (with digits and joining punctuation inside it),
# e.g. "SpaceX", "Real Madrid", "GPT-5".
_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9&.'’\-]*[A-Za-z0-9])?"
_LATIN_RUN = re.compile(rf"(?=[A-Za-z]){_WORD}(?:\s+{_WORD})*")


def isolate_latin(text: str) -> SafeString:
    """Escape plain text and wrap Latin runs in <bdi> so neutral characters
    around them (dots, brackets, quotes) keep Arabic order."""
    out, last = [], 0
    for match in _LATIN_RUN.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f'<bdi dir="ltr">{escape(match.group(0))}</bdi>')
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


_TAG = re.compile(r"(<[^>]+>)")
# In HTML `&` starts an entity: a run may hold `&amp;` (AT&amp;T) but must not
# end inside another entity, or the wrapping splits it (`ipt&gt;` would
# become `ipt&gt</bdi>;` and the reader sees a stray semicolon).
_WORD_IN_HTML = r"[A-Za-z0-9](?:(?:[A-Za-z0-9.'’\-]|&amp;)*[A-Za-z0-9])?"
_LATIN_RUN_IN_HTML = re.compile(rf"(?<![&#\w])(?=[A-Za-z]){_WORD_IN_HTML}(?:\s+{_WORD_IN_HTML})*")


def isolate_latin_html(html: str) -> SafeString:
    """The same isolation for trusted HTML (rendered rich text): only text
    between tags is touched, never tags, attributes or entities. Links that
    no reader can follow are unwrapped on the way."""
    parts = _TAG.split(unwrap_non_web_links(html))
    depth_bdi = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            if part.startswith("<bdi"):
                depth_bdi += 1
            elif part.startswith("</bdi"):
                depth_bdi -= 1
            continue
        if not depth_bdi and part:
            parts[i] = _LATIN_RUN_IN_HTML.sub(lambda m: f'<bdi dir="ltr">{m.group(0)}</bdi>', part)
    return mark_safe("".join(parts))


_NON_WEB_LINK = re.compile(
    r'<a\s[^>]*href="(?!https?:|mailto:|tel:|/|#)[^"]*"[^>]*>(.*?)</a>', re.S
)


def unwrap_non_web_links(html: str) -> str:
    """Keep the text of links readers cannot follow: imported links to items
    (ninjs `urn:`/`tag:` uris) that have not arrived yet."""
    return _NON_WEB_LINK.sub(r"\1", str(html))
