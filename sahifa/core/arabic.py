"""Arabic presentation helpers: dates with dual month names, digit styles and
bidi isolation of Latin runs. Pure functions, used by templates, feeds and
importers alike. Month names and digit tables come from sahifa.analysis."""

import re
from datetime import date, datetime

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sahifa.analysis import GREGORIAN_MONTHS, LEVANTINE_MONTHS, plural, to_arabic_indic_digits

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
    value: date,
    style: str = DATE_STYLE_DUAL,
    digits: str = DIGITS_WESTERN,
    with_time: bool = False,
) -> str:
    """`25 أكتوبر/تشرين الأول 2024`, optionally followed by the local time."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = f"{value.day} {month_name(value.month, style)} {value.year}"
    if with_time:
        text += f"، {value:%H:%M}"
    return localize_digits(text, digits)


def count(n: int, noun: str | plural.Noun, digits: str = DIGITS_WESTERN) -> str:
    """«7 مقالات», «دقيقتان»: a count with the noun in the form Arabic grammar
    asks for (sahifa.analysis.plural), digits in the site's style. `noun` is a
    plural.Noun or the name of one in plural.NOUNS."""
    if isinstance(noun, str):
        noun = plural.NOUNS[noun]
    return plural.count(n, noun, localize_digits(str(n), digits))


# Silent reading of Arabic news prose by adults runs at about 140–200 words a
# minute; 180 keeps estimates honest for the dense wire copy Sahifa carries.
READING_WORDS_PER_MINUTE = 180


def reading_minutes(words: int) -> int:
    """Whole minutes to read `words` words, at least one."""
    return max(1, round(words / READING_WORDS_PER_MINUTE))


# Latin letters, accented and extended included («Étoile», «Ørsted», «Łódź»,
# «Nguyễn»): Latin-1 letters (× and ÷ excluded), Latin Extended-A/B and
# Latin Extended Additional. Combining accents may follow a letter (NFD text).
LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_MARKS = "\u0300-\u036f"
# A run of Latin-script words (with digits and joining punctuation inside it),
# e.g. "SpaceX", "Real Madrid", "GPT-5".
_WORD = rf"[{LATIN_LETTERS}0-9](?:[{LATIN_LETTERS}{_MARKS}0-9&.'’\-]*[{LATIN_LETTERS}{_MARKS}0-9])?"
_LATIN_RUN = re.compile(rf"(?=[{LATIN_LETTERS}]){_WORD}(?:\s+{_WORD})*")


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
_WORD_IN_HTML = (
    rf"[{LATIN_LETTERS}0-9]"
    rf"(?:(?:[{LATIN_LETTERS}{_MARKS}0-9.'’\-]|&amp;)*[{LATIN_LETTERS}{_MARKS}0-9])?"
)
_LATIN_RUN_IN_HTML = re.compile(
    rf"(?<![&#\w])(?=[{LATIN_LETTERS}]){_WORD_IN_HTML}(?:\s+{_WORD_IN_HTML})*"
)


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
