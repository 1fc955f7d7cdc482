"""Character-level normalization and tokenization of Arabic text.

One folding table does what Lucene's ArabicNormalizationFilter does
(harakat, tatweel, alef forms, ى→ي, ة→ه) plus what newsroom copy needs on
top: Arabic-Indic and Persian digits to Western digits, Persian/Urdu
look-alike letters (ک ی ہ …) to their Arabic forms and removal of the
zero-width and bidi control characters that pasted text carries.
"""

import re
import unicodedata

from .letters import DIACRITICS, DIGIT_VALUES, INVISIBLE, TATWEEL

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
    # Quranic small waw and small yeh stand for letters: keep them as letters.
    "\u06e5": "و",
    "\u06e6": "ي",
    **DIGIT_VALUES,
}
# Every other mark, tatweel and the invisible controls are dropped.
_DROP = [ch for ch in DIACRITICS + TATWEEL + INVISIBLE if ch not in _MAP]

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
RAW_WORD = re.compile(f"(?:[^\\W_]|[{DIACRITICS}{TATWEEL}\u200c\u200d])+")
