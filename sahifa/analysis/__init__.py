"""The one home of Arabic text knowledge: search, related news, tag
suggestions, speech and presentation all ask here (map: docs/analysis.md).

    normalize(text)           fold spelling variants (harakat, hamza on alef, ى, ة, digits …)
    tokenize(text)            normalized words in order
    stem(token)               light stem of one normalized token
    analyze(text)             index/query terms: normalize, tokenize, drop stopwords, stem
    indexed_words(text)       normalized words minus stopwords, before stemming
    lemma_terms(text)         extra, lower-weighted terms: broken plural → singular, nisba → base
    lemmas_of_token(token)    the same for one word as written (its stem's, and the whole word's)
    fingerprint()             which analyzer this is (indexes store it: version.py)
    autocomplete_terms(text)  normalized words (and their article-less forms), not stemmed

    letters.py   diacritics, tatweel, invisible controls, digit tables and conversion
    months.py    month names, Gregorian transliterated and Levantine/Syriac
    clitics.py   proclitics و ف ب ل ك and the article

Pure Python, no project imports: the bottom layer. Its only data files are
three word lists derived from Arramooz (data/, see lemma.py). The same
functions run at index and query time, which is what makes SQLite and
PostgreSQL agree.
"""

from .clitics import (
    ARTICLE_PREFIX,
    CLITIC_LETTERS,
    CONJUNCTIONS,
    PREPOSITIONS,
    proclitic_forms,
    split_article_prefix,
    strip_article,
)
from .lemma import lemmas_of_stem, lemmas_of_token
from .letters import (
    ARABIC_INDIC_DIGITS,
    DIACRITICS,
    INVISIBLE,
    PERSIAN_DIGITS,
    SHADDA,
    SHORT_VOWELS,
    SUKUN,
    TANWEEN,
    TATWEEL,
    strip_diacritics,
    to_arabic_indic_digits,
    to_western_digits,
)
from .lexicon import STOPWORDS
from .months import GREGORIAN_MONTHS, LEVANTINE_MONTHS, MONTH_NUMBERS, MONTH_PATTERN
from .normalize import _WORD, RAW_WORD, normalize, tokenize
from .stemmer import stem
from .version import fingerprint

__all__ = [
    "ARABIC_INDIC_DIGITS",
    "ARTICLE_PREFIX",
    "CLITIC_LETTERS",
    "CONJUNCTIONS",
    "DIACRITICS",
    "GREGORIAN_MONTHS",
    "INVISIBLE",
    "LEVANTINE_MONTHS",
    "MONTH_NUMBERS",
    "MONTH_PATTERN",
    "PERSIAN_DIGITS",
    "PREPOSITIONS",
    "RAW_WORD",
    "SHADDA",
    "SHORT_VOWELS",
    "STOPWORDS",
    "SUKUN",
    "TANWEEN",
    "TATWEEL",
    "analyze",
    "autocomplete_terms",
    "fingerprint",
    "lemma_terms",
    # The words analyze() stems, for callers that read them once for stems
    # and lemmas (search's index, related news).
    "indexed_words",
    # Lemmas of one already-analysed term: lets callers that hold analyze()
    # output (search queries, related news) skip analysing the text twice.
    "lemmas_of_stem",
    # Lemmas of one normalized word as written (its stem's, and the whole
    # word's before stemming): what the index stores.
    "lemmas_of_token",
    "normalize",
    "proclitic_forms",
    "split_article_prefix",
    "stem",
    "strip_article",
    "strip_diacritics",
    "to_arabic_indic_digits",
    "to_western_digits",
    "tokenize",
]


def indexed_words(text: str) -> list[str]:
    """The normalized words of `text` that are indexed (stopwords dropped),
    in order, before stemming: what analyze() stems and lemma_terms() reads."""
    stopwords = STOPWORDS
    return [token for token in _WORD.findall(normalize(text)) if token not in stopwords]


def analyze(text: str) -> list[str]:
    """Index and query terms, in order: stopwords dropped, light-stemmed."""
    return [stem(token) for token in indexed_words(text)]


def lemma_terms(text: str) -> list[str]:
    """Lemmas that differ from the light stems of `text`, in order.

    Index them in a separate, lower-weighted field and match each query
    term's lemmas against both fields.
    """
    return [lemma for token in indexed_words(text) for lemma in lemmas_of_token(token)]


def autocomplete_terms(text: str) -> list[str]:
    """Normalized, unstemmed words for prefix matching; a word with an
    article or clitic prefix (والحكومة) is followed by its bare form
    (حكومة), so typing either finds it."""
    terms: list[str] = []
    for token in _WORD.findall(normalize(text)):
        terms.append(token)
        prefix, bare = split_article_prefix(token)
        if prefix:
            terms.append(bare)
    return terms
