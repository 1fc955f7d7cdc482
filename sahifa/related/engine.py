"""The related-articles scoring, free of the database so that the service,
the full rebuild and the evaluation in bench/ run exactly the same maths.

Text similarity is a cosine between BM25-IDF-weighted term vectors built
from the shared Arabic analysis (light stems, plus lower-weighted lemma
terms that join broken plurals and nisba forms), with the headline and dek
counting more than the body. It is then blended with shared tags, same
section and closeness in time. Candidates come from each article's most
distinctive terms, as in Lucene's MoreLikeThis.
"""

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sahifa.analysis import analyze, lemmas_of_stem

FIELD_WEIGHTS = {"title": 3.0, "dek": 2.0, "body": 1.0}
LEMMA_WEIGHT = 0.5  # lemma terms are guesses: they count half
MAX_TERMS = 400  # terms kept per article (by weight), bounds storage
KEY_TERMS = 25  # distinctive terms stored per article (postings)
QUERY_TERMS = 30  # distinctive terms of the new article looked up in them
EXHAUSTIVE = 2000  # archives up to this size are scored in full, no postings
MAX_DF_RATIO = 0.05  # terms in more articles than this (and than MAX_DF_FLOOR)
MAX_DF_FLOOR = 500  # do not find candidates: their posting lists are too long
CANDIDATES = 80  # candidates scored exactly
TAG_CANDIDATES = 50  # latest articles sharing a tag, scored besides text matches
STORED = 12  # links stored per article (room for exclusions and unpublishing)

TAG_WEIGHT = 0.15  # added per unit of tag cosine
TAG_BOOST = 0.5  # multiplies the text score by (1 + TAG_BOOST * tag cosine)
SECTION_BOOST = 0.1
RECENCY_BOOST = 0.15
RECENCY_DAYS = 30.0
MIN_ARCHIVE = 20  # IDF floor for the archive size (see idf())
MIN_SCORE = 0.12  # below this a story is not related, whatever the rank


@dataclass
class Vector:
    """One article as the scorer sees it."""

    key: int
    terms: dict[str, float]
    norm: float = 1.0
    tags: frozenset = field(default_factory=frozenset)
    section: int | None = None
    published: datetime | None = None


def term_weights(title: str, dek: str, body: str) -> dict[str, float]:
    """Field-weighted, sublinear term frequencies (no IDF yet)."""
    weights: dict[str, float] = defaultdict(float)
    for name, text in (("title", title), ("dek", dek), ("body", body)):
        if not text:
            continue
        weight = FIELD_WEIGHTS[name]
        terms = Counter(analyze(text))
        lemmas: Counter = Counter()
        # = Counter(lemma_terms(text)), without analysing the text twice.
        for term, count in terms.items():
            for lemma in lemmas_of_stem(term):
                lemmas[lemma] += count
        for term, count in terms.items():
            weights[term] += weight * (1.0 + math.log(count))
        for term, count in lemmas.items():
            weights[term] += weight * LEMMA_WEIGHT * (1.0 + math.log(count))
    if len(weights) > MAX_TERMS:
        kept = heapq.nlargest(MAX_TERMS, weights.items(), key=lambda item: item[1])
        return dict(kept)
    return dict(weights)


def idf(df: int, n: int) -> float:
    """BM25's IDF, kept positive. A young site is treated as if it held
    MIN_ARCHIVE articles: with three articles, a word two of them share is
    no reason to be ignored."""
    n = max(n, MIN_ARCHIVE)
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def vector_norm(terms: Mapping[str, float], df: Mapping[str, int], n: int) -> float:
    total = sum((w * idf(df.get(t, 0), n)) ** 2 for t, w in terms.items())
    return math.sqrt(total) or 1.0


def keywords(
    terms: Mapping[str, float], df: Mapping[str, int], n: int, limit: int = KEY_TERMS
) -> dict[str, float]:
    """The article's most distinctive terms with their TF-IDF weight,
    leaving out terms too common to narrow the search."""
    max_df = max(MAX_DF_FLOOR, int(n * MAX_DF_RATIO))
    scored = (
        (term, weight * idf(df.get(term, 0), n))
        for term, weight in terms.items()
        if df.get(term, 0) <= max_df
    )
    return dict(heapq.nlargest(limit, scored, key=lambda item: item[1]))


def text_similarity(
    query: Vector, candidate: Vector, idf_of: Mapping[str, float], query_norm: float
) -> float:
    q, c = query.terms, candidate.terms
    # The key-view intersection runs in C; only shared terms reach Python.
    dot = 0.0
    for term in q.keys() & c.keys():
        dot += q[term] * c[term] * idf_of[term]
    return dot / (query_norm * candidate.norm)


def blend(text: float, query: Vector, candidate: Vector) -> float:
    tag_cos = 0.0
    if query.tags and candidate.tags:
        shared = len(query.tags & candidate.tags)
        tag_cos = shared / math.sqrt(len(query.tags) * len(candidate.tags))
    same_section = 1.0 if query.section and query.section == candidate.section else 0.0
    recency = 0.0
    if query.published and candidate.published:
        days = abs((query.published - candidate.published).total_seconds()) / 86400
        recency = math.exp(-days / RECENCY_DAYS)
    boost = 1.0 + TAG_BOOST * tag_cos + SECTION_BOOST * same_section + RECENCY_BOOST * recency
    return text * boost + TAG_WEIGHT * tag_cos


def rank(
    query: Vector,
    candidates: Iterable[Vector],
    df: Mapping[str, int],
    n: int,
    limit: int = STORED,
    min_score: float | None = None,
) -> list[tuple[int, float]]:
    """Best candidates first, as (key, score), dropping those below
    `min_score`: an article with nothing related gets an empty list."""
    min_score = MIN_SCORE if min_score is None else min_score
    # Squared IDF per query term: both vectors carry one IDF factor.
    idf_of = {term: idf(df.get(term, 0), n) ** 2 for term in query.terms}
    query_norm = math.sqrt(sum(w * w * idf_of[t] for t, w in query.terms.items())) or 1.0
    scored = []
    for candidate in candidates:
        if candidate.key == query.key:
            continue
        score = blend(text_similarity(query, candidate, idf_of, query_norm), query, candidate)
        if score >= min_score:
            scored.append((candidate.key, score))
    return heapq.nlargest(limit, scored, key=lambda item: item[1])


def candidate_keys(
    query_keywords: Mapping[str, float],
    postings: Iterable[tuple[int, str, float]],
    exclude: int | None = None,
    limit: int = CANDIDATES,
) -> list[int]:
    """Articles sharing the query's distinctive terms, most overlap first.
    `postings` are (article key, term, weight) rows for those terms."""
    overlap: dict[int, float] = defaultdict(float)
    for key, term, weight in postings:
        if key != exclude:
            overlap[key] += query_keywords.get(term, 0.0) * weight
    return [key for key, _ in heapq.nlargest(limit, overlap.items(), key=lambda item: item[1])]


class MemoryIndex:
    """The whole archive in memory: for the full rebuild and for bench/.
    Postings hold each article's keywords, as in the database."""

    def __init__(self) -> None:
        self.vectors: dict[int, Vector] = {}
        self.df: Counter = Counter()
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.tagged: dict[int, list[int]] = defaultdict(list)

    @property
    def n(self) -> int:
        return len(self.vectors)

    def add(self, vector: Vector) -> None:
        self.vectors[vector.key] = vector
        self.df.update(vector.terms.keys())
        for tag in vector.tags:
            self.tagged[tag].append(vector.key)

    def finish(self) -> None:
        """Norms and postings once every document frequency is known."""
        n = self.n
        for vector in self.vectors.values():
            vector.norm = vector_norm(vector.terms, self.df, n)
            for term, weight in keywords(vector.terms, self.df, n).items():
                self.postings[term].append((vector.key, weight / vector.norm))

    def related(
        self, query: Vector, limit: int = STORED, min_score: float | None = None
    ) -> list[tuple[int, float]]:
        if self.n <= EXHAUSTIVE:
            keys = list(self.vectors)
        else:
            overlap: dict[int, float] = defaultdict(float)
            for term, weight in keywords(query.terms, self.df, self.n, QUERY_TERMS).items():
                for key, other in self.postings.get(term, ()):
                    overlap[key] += weight * other
            overlap.pop(query.key, None)
            keys = heapq.nlargest(CANDIDATES, overlap, key=overlap.__getitem__)
        if query.tags:
            # As the database path: the latest articles sharing a tag, too.
            tagged = {k for tag in query.tags for k in self.tagged.get(tag, ())[-TAG_CANDIDATES:]}
            keys = list(dict.fromkeys([*keys, *tagged]))
        return rank(query, (self.vectors[k] for k in keys), self.df, self.n, limit, min_score)
