"""Beyond light stemming: broken plurals and nisba adjectives.

Light stems cannot join الوزراء and الوزير, or الروسية and روسيا. These
lemma terms do, from a lexicon first and from root-pattern rules second.
They go into a separate, lower-weighted index field, so a wrong guess costs
a little ranking, never a lost match.
"""

from .lexicon import BROKEN_PLURALS, NISBA
from .stemmer import stem

# stem of the plural/adjective → stem(s) of the singular/base
_LEXICON: dict[str, tuple[str, ...]] = {}


def _add(form: str, base: str) -> None:
    key, value = stem(form), stem(base)
    if key != value and value not in _LEXICON.get(key, ()):
        _LEXICON[key] = (*_LEXICON.get(key, ()), value)


for _plural, _singular in BROKEN_PLURALS.items():
    _add(_plural, _singular)
for _adjective, _base in NISBA.items():
    _add(_adjective, _base)


def _pattern_singulars(word: str) -> tuple[str, ...]:
    """Singular candidates from the common broken-plural patterns.

    مفاعل and فعول are left to the lexicon: as patterns they also match
    singulars (مقاتل، حكومة→حكوم) and would join unrelated words."""
    n = len(word)
    if n == 5 and word[0] == "ا" and word[3] == "ا":  # أفعال: اخبار → خبر
        return (word[1] + word[2] + word[4],)
    if n == 5 and word[3] == "ا" and word[4] == "ء":  # فعلاء: وزراء → وزير، علماء → عالم
        return (word[0] + word[1] + "ي" + word[2], word[0] + "ا" + word[1] + word[2])
    if n == 6 and word[0] == "م" and word[2] == "ا" and word[4] == "ي":  # مفاعيل
        return (word[0] + word[1] + word[3] + "و" + word[5],)
    if n == 5 and word[1] == "و" and word[2] == "ا":  # فواعل: شوارع → شارع
        return (word[0] + "ا" + word[3] + word[4],)
    if n == 5 and word[2] == "ا" and word[3] == "ئ":  # فعائل: رسائل → رسالة/قبيلة
        return (word[0] + word[1] + "ا" + word[4], word[0] + word[1] + "ي" + word[4])
    return ()


_cache: dict[str, tuple[str, ...]] = {}


def lemmas_of_stem(word: str) -> tuple[str, ...]:
    """Extra terms for one stem (empty when the stem is its own lemma)."""
    found = _cache.get(word)
    if found is None:
        if len(_cache) >= 500_000:
            _cache.clear()
        found = _LEXICON.get(word)
        if found is None:
            found = tuple(c for c in _pattern_singulars(word) if c != word)
        _cache[word] = found
    return found
