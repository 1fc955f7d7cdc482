"""The stored index, one article at a time.

`update_article` (run by the background task on publish) analyses one
article, stores its vector and keyword postings, ranks candidates with
`engine.rank` and stores the result as `RelatedLink` rows, which
`services.related_articles` reads. The full rebuild is in `rebuild`.
"""

import hashlib
import json
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Min, Window
from django.db.models.functions import RowNumber

from sahifa.analysis import fingerprint
from sahifa.articles.models import ArticlePage, ArticlePageTag

from . import engine
from .models import ArticleVector, RelatedLink, RelatedTerm, TermStat

NEIGHBOURS = 10  # neighbours recomputed when a story appears


def section_id(page: ArticlePage) -> int | None:
    if page.depth and page.path:
        parent = page.get_parent()
        return parent.pk if parent else None
    return None


def build_vector(page: ArticlePage, tag_ids: Iterable[int] | None = None) -> engine.Vector:
    if tag_ids is None:
        tag_ids = [tag.pk for tag in page.tags.all()]
    return engine.Vector(
        key=page.pk or 0,
        terms=engine.term_weights(page.title, page.dek, page.body_text()),
        tags=frozenset(tag_ids),
        section=section_id(page),
        published=page.first_published_at,
    )


def vector_hash(vector: engine.Vector) -> str:
    """What `ArticleVector.content_hash` stores: an unchanged article is not
    re-indexed and refreshes no neighbours."""
    payload = json.dumps(
        [vector.terms, sorted(vector.tags), vector.section], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _stored(row: ArticleVector) -> engine.Vector:
    return engine.Vector(
        key=row.page_id,
        terms=row.terms,
        norm=row.norm,
        tags=frozenset(row.tags),
        section=row.section_id,
        published=row.published_at,
    )


# -- document frequencies ------------------------------------------------------


def _document_frequencies(terms: Iterable[str]) -> dict[str, int]:
    terms = list(terms)
    found: dict[str, int] = {}
    for start in range(0, len(terms), 500):
        chunk = terms[start : start + 500]
        found.update(TermStat.objects.filter(term__in=chunk).values_list("term", "df"))
    return found


def _bump(terms: set[str], delta: int) -> None:
    if not terms:
        return
    if delta > 0:
        TermStat.objects.bulk_create(
            [TermStat(term=t, df=0) for t in terms], ignore_conflicts=True, batch_size=500
        )
    terms_list = sorted(terms)
    for start in range(0, len(terms_list), 500):
        TermStat.objects.filter(term__in=terms_list[start : start + 500]).update(df=F("df") + delta)


# -- one article in, one article out -----------------------------------------------


def index_article(page: ArticlePage) -> tuple[engine.Vector, bool]:
    """Store the article's vector and keyword postings. Returns the vector
    and whether it changed (text, tags or section) since last time."""
    vector = build_vector(page)
    digest = vector_hash(vector)
    with transaction.atomic():
        old = ArticleVector.objects.select_for_update().filter(page_id=page.pk).first()
        if old and old.content_hash == digest:
            vector.norm = old.norm
            return vector, False
        old_terms = set(old.terms) if old else set()
        new_terms = set(vector.terms)
        _bump(new_terms - old_terms, +1)
        _bump(old_terms - new_terms, -1)
        n = ArticleVector.objects.count() + (0 if old else 1)
        df = _document_frequencies(new_terms)
        vector.norm = engine.vector_norm(vector.terms, df, n)
        ArticleVector.objects.update_or_create(
            page_id=page.pk,
            defaults={
                "terms": vector.terms,
                "norm": vector.norm,
                "tags": sorted(vector.tags),
                "section_id": vector.section,
                "published_at": vector.published,
                "content_hash": digest,
                "analyzer": fingerprint(),
            },
        )
        RelatedTerm.objects.filter(page_id=page.pk).delete()
        RelatedTerm.objects.bulk_create(
            RelatedTerm(term=term, page_id=page.pk, weight=weight / vector.norm)
            for term, weight in engine.keywords(vector.terms, df, n).items()
        )
    return vector, True


def remove_article(page_id: int) -> list[int]:
    """Take an unpublished or deleted article out of the index. Returns the
    articles that listed it, which need a new list."""
    with transaction.atomic():
        old = ArticleVector.objects.filter(page_id=page_id).first()
        if old:
            _bump(set(old.terms), -1)
            old.delete()
        RelatedTerm.objects.filter(page_id=page_id).delete()
        RelatedLink.objects.filter(page_id=page_id).delete()
        listed_by = list(
            RelatedLink.objects.filter(related_id=page_id).values_list("page_id", flat=True)
        )
        RelatedLink.objects.filter(related_id=page_id).delete()
    return listed_by


# -- ranking and the stored lists ----------------------------------------------------


def rank_for(
    vector: engine.Vector, limit: int = engine.STORED, exclude: Iterable[int] = ()
) -> list[tuple[int, float]]:
    """Rank the stored archive against `vector` (stored or not)."""
    n = max(ArticleVector.objects.count(), 1)
    df = _document_frequencies(vector.terms)
    if n <= engine.EXHAUSTIVE:
        keys = list(ArticleVector.objects.values_list("page_id", flat=True))
    else:
        kw = engine.keywords(vector.terms, df, n, engine.QUERY_TERMS)
        # The heaviest postings of each term only, as the rebuild keeps: the
        # rows read stay bounded however long a term's list has grown.
        postings = (
            RelatedTerm.objects.filter(term__in=list(kw))
            .annotate(
                place=Window(RowNumber(), partition_by=F("term"), order_by=F("weight").desc())
            )
            .filter(place__lte=engine.POSTINGS_PER_TERM)
            .values_list("page_id", "term", "weight")
        )
        keys = engine.candidate_keys(kw, postings, exclude=vector.key)
    if vector.tags:
        tagged = (
            ArticlePageTag.objects.filter(tag_id__in=vector.tags)
            .exclude(content_object_id=vector.key)
            .order_by("-content_object__first_published_at")
            .values_list("content_object_id", flat=True)[: engine.TAG_CANDIDATES]
        )
        keys = list(dict.fromkeys([*keys, *tagged]))
    excluded = set(exclude)
    keys = [k for k in keys if k not in excluded]
    candidates = [_stored(row) for row in ArticleVector.objects.filter(page_id__in=keys)]
    return engine.rank(vector, candidates, df, n, limit)


def store_links(page_id: int, ranked: list[tuple[int, float]]) -> None:
    with transaction.atomic():
        RelatedLink.objects.filter(page_id=page_id).delete()
        RelatedLink.objects.bulk_create(
            RelatedLink(page_id=page_id, related_id=key, rank=i, score=score)
            for i, (key, score) in enumerate(ranked)
        )


def update_article(page_id: int, cascade: bool = True) -> list[int]:
    """Recompute one article's related list. Returns the neighbours whose
    own lists should be recomputed because this story is new or changed
    and strongly related to them (empty when `cascade` is off)."""
    # A restricted article leaves the index like a withdrawn one.
    page = ArticlePage.objects.visible().filter(pk=page_id).first()
    if page is None:
        return remove_article(page_id) if cascade else []
    vector, changed = index_article(page)
    ranked = rank_for(vector)
    store_links(page.pk, ranked)
    if not (cascade and changed):
        return []
    return neighbours_to_refresh(ranked)


def neighbours_to_refresh(ranked: list[tuple[int, float]]) -> list[int]:
    """Neighbours that the new or changed story would enter (or move in):
    those with a short list, or whose weakest stored link scores below it."""
    keys = [key for key, _ in ranked]
    lists = {
        row["page_id"]: row
        for row in RelatedLink.objects.filter(page_id__in=keys)
        .values("page_id")
        .annotate(count=Count("pk"), low=Min("score"))
    }
    refresh = []
    for key, score in ranked:
        current = lists.get(key)
        if current is None or current["count"] < engine.STORED or score > current["low"]:
            refresh.append(key)
    return refresh[:NEIGHBOURS]
