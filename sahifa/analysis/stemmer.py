"""A light Arabic stemmer in the Lucene/Larkey tradition, tuned for news.

Light stemming strips affixes and never tries to find the root, so
precision stays high. On top of Lucene's ArabicStemmer it strips stacked
clitics (و+ب+ال، ف+لل), possessive pronouns with the ta marbuta they hide
(حكومتها→حكومة), nisba and sound-plural suffixes repeatedly (المصريين→مصر),
and it leaves protected names whole (ماكرون is not ماكر+ون).

What matters for search is that every form of a word reaches the *same*
stem at index and query time; the stem need not be a real word.
"""

import re

from .clitics import CLITIC_LETTERS, split_article_prefix
from .lexicon import NUN_PLURALS, PROTECTED, WAW_WORDS

PRONOUN_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا")
_SUFFIXES = ("ات", "ون", "ين", "ان", "ه", "ي")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")

# Stems of native و-initial words, computed with the same rules below so
# that "وزير" and "الوزير" and "ووزارتها" agree.
_WAW_STEMS: frozenset[str] = frozenset()

_cache: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def stem(token: str) -> str:
    """Light stem of one normalized token (see `normalize`)."""
    cached = _cache.get(token)
    if cached is None:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        cached = _cache[token] = _stem(token)
    return cached


def _protected_tail(token: str) -> str | None:
    """The token without up to two clitic letters, when that is a name."""
    if token in PROTECTED:
        return token
    for cut in (1, 2):
        if len(token) > cut and token[cut - 1] in CLITIC_LETTERS:
            if token[cut:] in PROTECTED:
                return token[cut:]
        else:
            break
    return None


def _strip_suffixes(word: str) -> str:
    # Possessive pronoun first; the ta marbuta then shows as ت (حكومتها).
    for pronoun in PRONOUN_SUFFIXES:
        if word.endswith(pronoun) and len(word) - len(pronoun) >= 3:
            word = word[: -len(pronoun)]
            if word.endswith("ات") and len(word) >= 5:
                word = word[:-2]
            elif word.endswith("ت") and len(word) >= 4 and word[-2] != "و":
                word = word[:-1]
            break
    # Final alef: accusative tanween (رئيساً) and country names whose nisba
    # drops it (روسيا/روسي، أمريكا/أمريكي).
    if word.endswith("ا") and len(word) >= 4 and word not in PROTECTED:
        word = word[:-1]
    # Plural, dual, ta marbuta and nisba, repeatedly: مصريين → مصري → مصر.
    while word not in PROTECTED and word not in NUN_PLURALS:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def _stem(token: str, strip_waw: bool = True) -> str:
    if len(token) < 3 or not _ARABIC_LETTER.match(token):
        return token
    protected = _protected_tail(token)
    if protected:
        return protected
    prefix, token = split_article_prefix(token)
    if prefix and token in PROTECTED:
        return token
    word = _strip_suffixes(token)
    if word in PROTECTED:
        return word
    # A leading و left over is the conjunction unless the word is native.
    while strip_waw and word.startswith("و") and len(word) >= 4 and not _is_waw_word(word):
        word = _strip_suffixes(word[1:])
    return word


def _is_waw_word(word: str) -> bool:
    # وزرائها → وزرائ: the hamza sits on ي before a pronoun, on the line alone.
    return word in _WAW_STEMS or (word.endswith("ئ") and word[:-1] + "ء" in _WAW_STEMS)


_WAW_STEMS = frozenset(_stem(word, strip_waw=False) for word in WAW_WORDS)
