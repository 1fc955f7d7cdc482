"""Character-level normalization and tokenization of Arabic text.

One folding table does what Lucene's ArabicNormalizationFilter does
(harakat, tatweel, alef forms, ى→ي, ة→ه) plus what newsroom copy needs on
top: Arabic-Indic and Persian digits to Western digits, Persian/Urdu
look-alike letters (ک ی ہ …) to their Arabic forms and removal of the
zero-width and bidi control characters that pasted text carries.
"""

import re
import unicodedata

_DROP = (
    # harakat, shadda, sukun, dagger alef and the Quranic annotation marks
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    # tatweel
    + ["\u0640"]
    # zero-width, bidi controls, soft hyphen, BOM, Arabic letter mark
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff", "\u061c", "\u2060"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_MAP = {
    # alef forms
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    # final forms readers type interchangeably
    "ى": "ي",
    "ة": "ه",
    # Persian / Urdu look-alikes
    "ک": "ك",
    "ڪ": "ك",
    "ی": "ي",
    "ې": "ي",
    "ۍ": "ي",
    "ے": "ي",
    "ہ": "ه",
    "ە": "ه",
    "ۀ": "ه",
    "ۃ": "ه",
    "ھ": "ه",
    "ٶ": "ؤ",
    "ٸ": "ئ",
    "ۓ": "ئ",
    "\u06e5": "و",
    "\u06e6": "ي",
}
_MAP.update({chr(0x0660 + d): str(d) for d in range(10)})  # Arabic-Indic digits
_MAP.update({chr(0x06F0 + d): str(d) for d in range(10)})  # Persian digits

_TABLE = str.maketrans({**dict.fromkeys(_DROP), **_MAP})
# The same folding as (character, replacement) pairs. No replacement is
# itself folded, so the order of the replacements does not matter.
_PAIRS = tuple((ch, "") for ch in _DROP) + tuple(_MAP.items())
# `str.translate` looks every character of non-ASCII text up in a dict
# (about 0.1 µs each); above this length, replacing only the characters
# present is about four times faster (each `in`/`replace` is a C scan).
_LONG = 64

# Presentation forms (ﻻ, ﷲ, isolated/final glyphs) only occur in text
# pasted from old PDFs; NFKC folds them to letters, so run it only then.
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")

# After normalization a word is a run of letters/digits (\w minus "_").
_WORD = re.compile(r"[^\W_]+")


def normalize(text: str) -> str:
    """Fold spelling variants to one form; lengths may change."""
    if not text:
        return ""
    if _PRESENTATION.search(text):
        text = unicodedata.normalize("NFKC", text)
    if len(text) <= _LONG:
        return text.translate(_TABLE).lower()
    for ch, replacement in _PAIRS:
        if ch in text:
            text = text.replace(ch, replacement)
    return text.lower()


def tokenize(text: str) -> list[str]:
    """Normalized word tokens in reading order; nothing dropped or stemmed."""
    return _WORD.findall(normalize(text))


# A word in raw text: letters/digits plus the marks normalization drops, so
# snippets can highlight a word in its original spelling (harakat and all).
RAW_WORD = re.compile(
    r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d])+"
)
