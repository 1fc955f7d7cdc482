"""Arabic counted nouns: the six plural categories of CLDR for Arabic.

Arabic agrees the noun with the number: «دقيقة واحدة», «دقيقتان», «3 دقائق»
(plural, 3–10), «11 دقيقة» (accusative singular, 11–99: «11 مقالاً»),
«100 دقيقة» (genitive singular). Categories follow CLDR (by n % 100, so 103
is «few» and 111 is «many»):

    zero   0            one    1            two    2
    few    n%100 3–10   many   n%100 11–99  other  everything else (100, 101, 102, 200 …)

Usage: ``count(7, ARTICLE)`` → «7 مقالات». Every count shown to readers or
editors goes through here; add a noun to NOUNS rather than writing forms
inline.
"""

from __future__ import annotations

from dataclasses import dataclass

ZERO, ONE, TWO, FEW, MANY, OTHER = "zero", "one", "two", "few", "many", "other"
CATEGORIES = (ZERO, ONE, TWO, FEW, MANY, OTHER)


def category(n: int) -> str:
    """The CLDR plural category of the integer `n` in Arabic."""
    n = abs(int(n))
    if n == 0:
        return ZERO
    if n == 1:
        return ONE
    if n == 2:
        return TWO
    rest = n % 100
    if 3 <= rest <= 10:
        return FEW
    if 11 <= rest <= 99:
        return MANY
    return OTHER


@dataclass(frozen=True)
class Noun:
    """The forms of one counted noun. `{n}` in a form is replaced by the
    number (already in the site's digit style)."""

    zero: str
    one: str
    two: str
    few: str
    many: str
    other: str

    def form(self, n: int) -> str:
        return getattr(self, category(n))


def count(n: int, noun: Noun, number: str | None = None) -> str:
    """«n noun» with the form Arabic grammar asks for. `number` is how to
    write n (e.g. in Eastern Arabic digits); by default its Western digits."""
    return noun.form(n).replace("{n}", str(n) if number is None else number)


MINUTE = Noun(
    zero="أقل من دقيقة",
    one="دقيقة واحدة",
    two="دقيقتان",
    few="{n} دقائق",
    many="{n} دقيقة",
    other="{n} دقيقة",
)
ARTICLE = Noun(
    zero="لا مقالات",
    one="مقال واحد",
    two="مقالان",
    few="{n} مقالات",
    many="{n} مقالاً",
    other="{n} مقال",
)
RESULT = Noun(
    zero="لا نتائج",
    one="نتيجة واحدة",
    two="نتيجتان",
    few="{n} نتائج",
    many="{n} نتيجة",
    other="{n} نتيجة",
)
TAG = Noun(
    zero="لا وسوم",
    one="وسم واحد",
    two="وسمان",
    few="{n} وسوم",
    many="{n} وسماً",
    other="{n} وسم",
)
AUTHOR = Noun(
    zero="لا كتّاب",
    one="كاتب واحد",
    two="كاتبان",
    few="{n} كتّاب",
    many="{n} كاتباً",
    other="{n} كاتب",
)
PAGE = Noun(
    zero="لا صفحات",
    one="صفحة واحدة",
    two="صفحتان",
    few="{n} صفحات",
    many="{n} صفحة",
    other="{n} صفحة",
)
WORD = Noun(
    zero="لا كلمات",
    one="كلمة واحدة",
    two="كلمتان",
    few="{n} كلمات",
    many="{n} كلمة",
    other="{n} كلمة",
)
IMAGE = Noun(
    zero="لا صور",
    one="صورة واحدة",
    two="صورتان",
    few="{n} صور",
    many="{n} صورة",
    other="{n} صورة",
)
SECTION = Noun(
    zero="لا أقسام",
    one="قسم واحد",
    two="قسمان",
    few="{n} أقسام",
    many="{n} قسماً",
    other="{n} قسم",
)
VIEW = Noun(
    zero="لا مشاهدات",
    one="مشاهدة واحدة",
    two="مشاهدتان",
    few="{n} مشاهدات",
    many="{n} مشاهدة",
    other="{n} مشاهدة",
)

# Names templates use: {% ar_count n "minute" %}.
NOUNS: dict[str, Noun] = {
    "minute": MINUTE,
    "article": ARTICLE,
    "result": RESULT,
    "tag": TAG,
    "author": AUTHOR,
    "page": PAGE,
    "word": WORD,
    "image": IMAGE,
    "section": SECTION,
    "view": VIEW,
}
