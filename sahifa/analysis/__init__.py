"""Arabic text analysis shared by search, related news and tag suggestions.

    normalize(text)           fold spelling variants (harakat, hamza on alef, ى, ة, digits …)
    tokenize(text)            normalized words in order
    stem(token)               light stem of one normalized token
    analyze(text)             index/query terms: normalize, tokenize, drop stopwords, stem
    lemma_terms(text)         extra, lower-weighted terms: broken plural → singular, nisba → base
    autocomplete_terms(text)  normalized words (and their article-less forms), not stemmed

Pure Python, no data files; the same functions run at index and query time,
which is what makes SQLite and PostgreSQL agree.
"""

from .lemma import lemmas_of_stem
from .lexicon import STOPWORDS
from .normalize import _WORD, normalize, tokenize
from .stemmer import _PREFIX, stem

__all__ = [
    "STOPWORDS",
    "analyze",
    "autocomplete_terms",
    "lemma_terms",
    # Lemmas of one already-analysed term: lets callers that hold analyze()
    # output (search queries, related news) skip analysing the text twice.
    "lemmas_of_stem",
    "normalize",
    "stem",
    "tokenize",
]


def analyze(text: str) -> list[str]:
    """Index and query terms, in order: stopwords dropped, light-stemmed."""
    stopwords = STOPWORDS
    return [stem(token) for token in _WORD.findall(normalize(text)) if token not in stopwords]


def lemma_terms(text: str) -> list[str]:
    """Lemmas that differ from the light stems of `text`, in order.

    Index them in a separate, lower-weighted field and match each query
    term's lemmas against both fields.
    """
    terms: list[str] = []
    for term in analyze(text):
        terms.extend(lemmas_of_stem(term))
    return terms


def autocomplete_terms(text: str) -> list[str]:
    """Normalized, unstemmed words for prefix matching; a word with an
    article or clitic prefix (والحكومة) is followed by its bare form
    (حكومة), so typing either finds it."""
    terms: list[str] = []
    for token in _WORD.findall(normalize(text)):
        terms.append(token)
        match = _PREFIX.match(token)
        if match and len(token) - match.end() >= 2:
            terms.append(token[match.end() :])
    return terms
