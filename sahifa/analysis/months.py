"""Gregorian month names in the two Arabic traditions.

Egypt, the Gulf and the Maghreb transliterate the Latin names (يناير، أكتوبر);
the Levant and Iraq use the Syriac ones (كانون الثاني، تشرين الأول). News copy
writes either, or both («أكتوبر/تشرين الأول»).
"""

GREGORIAN_MONTHS: tuple[str, ...] = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
LEVANTINE_MONTHS: tuple[str, ...] = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)  # fmt: skip
# Other spellings found in copy (mostly Egyptian), with their month.
_VARIANTS = {"إبريل": 4, "يونيه": 6, "يوليه": 7}

# Every written month name → 1–12.
MONTH_NUMBERS: dict[str, int] = {
    **{name: number for number, name in enumerate(GREGORIAN_MONTHS, 1)},
    **{name: number for number, name in enumerate(LEVANTINE_MONTHS, 1)},
    **_VARIANTS,
}

# Regex alternation of every month name, longest first so that no name
# stops a longer one short.
MONTH_PATTERN: str = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
