"""The related-articles scoring, free of the database so that the service,
the full rebuild and the evaluation in bench/ run exactly the same maths.

Text similarity is a cosine between BM25-IDF-weighted term vectors built
from the shared Arabic analysis (light stems, plus lower-weighted lemma
terms that join broken plurals and nisba forms), with the headline and dek
counting more than the body. It is then blended with shared tags, same
section and closeness in time. Candidates come from each article's most
distinctive terms, as in Lucene's MoreLikeThis, reading only the heaviest
postings of each term so that the cost per article does not grow with the
archive. The database path scores Vectors of dicts; MemoryIndex (the full
rebuild) runs the same maths on numpy arrays.
"""

import heapq
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from sahifa.analysis import indexed_words, lemmas_of_token, stem

FIELD_WEIGHTS = {"title": 3.0, "dek": 2.0, "body": 1.0}
# Lemma terms are guesses: they count less than a stem. 0.4 since the
# third pass (issue 16) added guesses (حراس → حارس، مطالب → مطلب); at 0.5
# they cost one neighbour in bench/related_eval.py, at 0.4 none.
LEMMA_WEIGHT = 0.4
MAX_TERMS = 400  # terms kept per article (by weight), bounds storage
KEY_TERMS = 25  # distinctive terms stored per article (postings)
QUERY_TERMS = 30  # distinctive terms of the new article looked up in them
EXHAUSTIVE = 2000  # archives up to this size are scored in full, no postings
MAX_DF_RATIO = 0.05  # terms in more articles than this (and than MAX_DF_FLOOR)
MAX_DF_FLOOR = 500  # do not find candidates: their posting lists are too long
CANDIDATES = 80  # candidates scored exactly
# Postings searched per term: the articles where the term weighs most. Caps
# the work per query, which would otherwise grow with the archive.
POSTINGS_PER_TERM = 300
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
        tokens = Counter(indexed_words(text))
        terms: Counter = Counter()
        lemmas: Counter = Counter()
        # = Counter(analyze(text)) and Counter(lemma_terms(text)), reading
        # the text once.
        for token, count in tokens.items():
            terms[stem(token)] += count
            for lemma in lemmas_of_token(token):
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


def max_keyword_df(n: int) -> int:
    return max(MAX_DF_FLOOR, int(n * MAX_DF_RATIO))


def keywords(
    terms: Mapping[str, float], df: Mapping[str, int], n: int, limit: int = KEY_TERMS
) -> dict[str, float]:
    """The article's most distinctive terms with their TF-IDF weight,
    leaving out terms too common to narrow the search."""
    max_df = max_keyword_df(n)
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


def _stamp(published: datetime | None) -> float:
    return published.timestamp() if published else math.nan


def blend(
    query: Vector,
    text: np.ndarray,
    tags: Sequence[frozenset],
    sections: np.ndarray,
    stamps: np.ndarray,
) -> np.ndarray:
    """Scores of candidates from their text similarities, tag sets, section
    ids (0: none) and publication timestamps (nan: unknown)."""
    tag_cos = np.zeros(len(text))
    if query.tags:
        for i, other in enumerate(tags):
            if other:
                tag_cos[i] = len(query.tags & other) / math.sqrt(len(query.tags) * len(other))
    same_section = sections == query.section if query.section else np.zeros(len(text))
    days = np.abs(stamps - _stamp(query.published)) / 86400
    # An unknown date on either side gives nan: no recency boost.
    recency = np.nan_to_num(np.exp(-days / RECENCY_DAYS), nan=0.0)
    boost = 1.0 + TAG_BOOST * tag_cos + SECTION_BOOST * same_section + RECENCY_BOOST * recency
    return text * boost + TAG_WEIGHT * tag_cos


def _best(
    keys: Sequence[int], scores: np.ndarray, limit: int, min_score: float | None
) -> list[tuple[int, float]]:
    """The `limit` best (key, score) at or above `min_score`; ties keep their order."""
    min_score = MIN_SCORE if min_score is None else min_score
    order = np.argsort(-scores, kind="stable")
    return [(int(keys[i]), float(scores[i])) for i in order[scores[order] >= min_score][:limit]]


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
    # Squared IDF per query term: both vectors carry one IDF factor.
    idf_of = {term: idf(df.get(term, 0), n) ** 2 for term in query.terms}
    query_norm = math.sqrt(sum(w * w * idf_of[t] for t, w in query.terms.items())) or 1.0
    others = [c for c in candidates if c.key != query.key]
    text = np.array([text_similarity(query, c, idf_of, query_norm) for c in others], dtype=float)
    sections = np.array([c.section or 0 for c in others], dtype=np.int64)
    stamps = np.array([_stamp(c.published) for c in others], dtype=float)
    scores = blend(query, text, [c.tags for c in others], sections, stamps)
    return _best([c.key for c in others], scores, limit, min_score)


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


def _segments(ptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the entries of `rows` lie in arrays laid out by offsets `ptr`
    (entries of row r at ptr[r]:ptr[r + 1]), concatenated, and which of
    `rows` each belongs to: a gather without a Python loop."""
    starts = ptr[rows]
    lengths = ptr[rows + 1] - starts
    owner = np.repeat(np.arange(len(rows)), lengths)
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.arange(len(owner)) + shift, owner


def _places(groups: np.ndarray) -> np.ndarray:
    """Position of each entry within its run of equal values (`groups` sorted)."""
    return np.arange(len(groups)) - np.searchsorted(groups, groups)


def _offsets(groups: np.ndarray, size: int) -> np.ndarray:
    """Offsets (as `ptr` above) of sorted group numbers 0..size-1."""
    return np.concatenate(([0], np.cumsum(np.bincount(groups, minlength=size))))


class MemoryIndex:
    """The whole archive in memory, for the full rebuild and bench/: term
    vectors as one sparse matrix (a row per article, integer term ids), and
    the postings of each article's keywords, as in the database. The maths
    is rank()'s and keywords()'s, on arrays."""

    def __init__(self) -> None:
        self.keys: list[int] = []
        self.rows: dict[int, int] = {}
        self.vocabulary: dict[str, int] = {}
        self.tags: list[frozenset] = []
        self.sections: list[int | None] = []
        self.published: list[datetime | None] = []
        self.tagged: dict[int, list[int]] = defaultdict(list)  # rows, oldest first
        # Flat growing buffers of every article's term ids, weights and
        # term count: no object per article, and no copy at finish().
        self._ids = array("i")
        self._weights = array("d")
        self._lengths = array("q")

    @property
    def n(self) -> int:
        return len(self.keys)

    def add(self, vector: Vector) -> None:
        row = self.rows[vector.key] = self.n
        self.keys.append(vector.key)
        vocabulary = self.vocabulary
        self._ids.extend(vocabulary.setdefault(term, len(vocabulary)) for term in vector.terms)
        self._weights.extend(vector.terms.values())
        self._lengths.append(len(vector.terms))
        self.tags.append(vector.tags)
        self.sections.append(vector.section)
        self.published.append(vector.published)
        for tag in vector.tags:
            self.tagged[tag].append(row)

    def finish(self) -> None:
        """IDF, norms and postings once every document frequency is known."""
        n, size = self.n, len(self.vocabulary)
        lengths = np.frombuffer(self._lengths, dtype=np.int64)
        self.indptr = np.concatenate(([0], np.cumsum(lengths)))
        self.indices = np.frombuffer(self._ids, dtype=np.int32)
        self.data = np.frombuffer(self._weights, dtype=float)
        self.df = np.bincount(self.indices, minlength=size)
        self._dense = np.zeros(size)
        self.idf = np.array([idf(df, n) for df in self.df.tolist()])
        row_of = np.repeat(np.arange(n, dtype=np.int32), lengths)
        tfidf = self.data * self.idf[self.indices]
        self.norms = np.sqrt(np.bincount(row_of, weights=tfidf * tfidf, minlength=n))
        self.norms[self.norms == 0] = 1.0
        self.key_array = np.array(self.keys, dtype=np.int64)
        self.section_array = np.array([s or 0 for s in self.sections], dtype=np.int64)
        self.stamps = np.array([_stamp(p) for p in self.published], dtype=float)

        # keywords() of every article at once: by TF-IDF within each row.
        kept = np.flatnonzero(self.df[self.indices] <= max_keyword_df(n))
        kept = kept[np.lexsort((-tfidf[kept], row_of[kept]))]
        place = _places(row_of[kept])
        query = kept[place < QUERY_TERMS]
        self.query_ptr = _offsets(row_of[query], n)
        self.query_terms = self.indices[query]
        self.query_weights = tfidf[query]

        stored = kept[place < KEY_TERMS]
        terms, rows = self.indices[stored], row_of[stored]
        weights = tfidf[stored] / self.norms[rows]
        by_term = np.lexsort((-weights, terms))
        by_term = by_term[_places(terms[by_term]) < POSTINGS_PER_TERM]
        self.posting_ptr = _offsets(terms[by_term], size)
        self.posting_rows = rows[by_term].astype(np.int32)
        self.posting_weights = weights[by_term]

    def related(
        self,
        key: int,
        limit: int = STORED,
        min_score: float | None = None,
        exhaustive: bool = False,
    ) -> list[tuple[int, float]]:
        """rank() of the indexed article `key` against its candidates (or,
        if `exhaustive` or the archive is small, against every article)."""
        row = self.rows[key]
        small = exhaustive or self.n <= EXHAUSTIVE
        rows = np.arange(self.n) if small else self._candidates(row)
        tags = self.tags[row]
        if tags:
            # As the database path: the latest articles sharing a tag, too.
            tagged = {r for tag in tags for r in self.tagged.get(tag, ())[-TAG_CANDIDATES:]}
            rows = np.array(list(dict.fromkeys([*rows.tolist(), *tagged])), dtype=np.int64)
        rows = rows[rows != row]
        query = Vector(
            key, {}, tags=tags, section=self.sections[row], published=self.published[row]
        )
        scores = blend(
            query,
            self._text(row, rows),
            [self.tags[r] for r in rows.tolist()],
            self.section_array[rows],
            self.stamps[rows],
        )
        return _best(self.key_array[rows], scores, limit, min_score)

    def _candidates(self, row: int) -> np.ndarray:
        """candidate_keys() for an indexed article, as rows."""
        start, end = self.query_ptr[row], self.query_ptr[row + 1]
        positions, owner = _segments(self.posting_ptr, self.query_terms[start:end])
        weights = self.query_weights[start:end][owner] * self.posting_weights[positions]
        # Sums per distinct article: the work follows the postings read,
        # not the archive size.
        found, which = np.unique(self.posting_rows[positions], return_inverse=True)
        overlap = np.bincount(which, weights=weights, minlength=len(found))
        overlap[found == row] = 0.0
        if len(found) > CANDIDATES:
            best = np.argpartition(-overlap, CANDIDATES)[:CANDIDATES]
            found, overlap = found[best], overlap[best]
        found = found[overlap > 0]
        return found[np.argsort(-overlap[overlap > 0], kind="stable")]

    def _text(self, row: int, rows: np.ndarray) -> np.ndarray:
        """text_similarity() of article `row` with each of `rows`."""
        start, end = self.indptr[row], self.indptr[row + 1]
        ids = self.indices[start:end]
        # The query as a dense vector over the vocabulary, in an array kept
        # for the purpose and cleared after use: a new one per query costs
        # more in page faults than the scoring does.
        query = self._dense
        query[ids] = self.data[start:end] * self.idf[ids] ** 2
        dots = np.zeros(len(rows))
        step = 5000  # rows at a time: bounds memory when scoring the whole archive
        try:
            for first in range(0, len(rows), step):
                part = rows[first : first + step]
                positions, owner = _segments(self.indptr, part)
                products = query[self.indices[positions]] * self.data[positions]
                dots[first : first + step] = np.bincount(owner, products, len(part))
        finally:
            query[ids] = 0.0
        return dots / (self.norms[row] * self.norms[rows])

    def vectors(self) -> Iterator[Vector]:
        """Every article as a Vector with its terms and norm, for storing."""
        terms = list(self.vocabulary)
        for row, key in enumerate(self.keys):
            start, end = self.indptr[row], self.indptr[row + 1]
            words = [terms[i] for i in self.indices[start:end].tolist()]
            yield Vector(
                key=key,
                terms=dict(zip(words, self.data[start:end].tolist(), strict=True)),
                norm=float(self.norms[row]),
                tags=self.tags[row],
                section=self.sections[row],
                published=self.published[row],
            )

    def postings(self) -> Iterator[tuple[str, int, float]]:
        """(term, article key, weight) of every posting kept."""
        terms = list(self.vocabulary)
        term_of = np.repeat(np.arange(len(terms)), np.diff(self.posting_ptr))
        return zip(
            [terms[t] for t in term_of.tolist()],
            self.key_array[self.posting_rows].tolist(),
            self.posting_weights.tolist(),
            strict=True,
        )

    def document_frequencies(self) -> Iterator[tuple[str, int]]:
        return zip(self.vocabulary, self.df.tolist(), strict=True)
