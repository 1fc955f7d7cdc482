"""Character tables of written Arabic: marks, tatweel, invisible controls, digits.

Plain strings of characters, so callers can build a `str.translate` table
or a regex class (``f"[{DIACRITICS}]"``: none of them is special inside a
class) from the same definition.
"""

import re


def _span(first: int, last: int) -> str:
    return "".join(chr(code) for code in range(first, last + 1))


TANWEEN = "\u064b\u064c\u064d"  # fathatan, dammatan, kasratan
SHORT_VOWELS = "\u064e\u064f\u0650"  # fatha, damma, kasra
SHADDA = "\u0651"
SUKUN = "\u0652"
# Tashkeel: the above, the rarer marks after them (maddah, hamza above and
# below, subscript alef …) and the dagger alef.
HARAKAT = _span(0x064B, 0x065F) + "\u0670"
# Honorific and Quranic signs written above or below letters.
ARABIC_SIGNS = _span(0x0610, 0x061A)
QURANIC_MARKS = _span(0x06D6, 0x06ED)
# Every mark a writer may add to or leave off a word without changing it.
DIACRITICS = ARABIC_SIGNS + HARAKAT + QURANIC_MARKS
TATWEEL = "\u0640"

# Zero-width and bidi control characters that pasted text carries: ZWSP,
# ZWNJ, ZWJ, LRM, RLM, soft hyphen, BOM, Arabic letter mark, word joiner,
# the embeddings/overrides and the isolates.
INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u00ad\ufeff\u061c\u2060"
    + _span(0x202A, 0x202E)
    + _span(0x2066, 0x2069)
)

WESTERN_DIGITS = "0123456789"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # Extended Arabic-Indic, typed on Persian/Urdu keyboards
# Each non-Western digit → its Western digit.
DIGIT_VALUES: dict[str, str] = dict(
    zip(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, WESTERN_DIGITS * 2, strict=True)
)

# `str.translate` costs about 0.1 µs per character of Arabic text, a regex
# scan a tenth of that: search first, translate only text that needs it.
_EASTERN_DIGIT = re.compile(f"[{ARABIC_INDIC_DIGITS}{PERSIAN_DIGITS}]")
_TO_WESTERN = str.maketrans(DIGIT_VALUES)
_TO_ARABIC_INDIC = str.maketrans(WESTERN_DIGITS, ARABIC_INDIC_DIGITS)
_MARKS = re.compile(f"[{DIACRITICS}{TATWEEL}]")


def to_western_digits(text: str) -> str:
    """Arabic-Indic (٢٠٢٤) and Persian (۲۰۲۴) digits → 2024."""
    return text.translate(_TO_WESTERN) if _EASTERN_DIGIT.search(text) else text


def to_arabic_indic_digits(text: str) -> str:
    """2024 → ٢٠٢٤, for sites that print Eastern digits."""
    return text.translate(_TO_ARABIC_INDIC)


def strip_diacritics(text: str) -> str:
    """The text without tashkeel, honorific/Quranic signs and tatweel;
    letters, hamza forms and spacing untouched (unlike `normalize`)."""
    return _MARKS.sub("", text)
