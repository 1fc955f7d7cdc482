"""Related articles, read-also and tag suggestions: the database side.

`update_article` (run by the background task on publish) analyses one
article, stores its vector and keyword postings, ranks candidates with
`engine.rank` and stores the result as `RelatedLink` rows. Rendering reads
those rows with editors' pins and exclusions (`related_articles`).
"""

import contextlib
import hashlib
import json
import logging
import multiprocessing
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from html import unescape
from itertools import islice

from django.db import connection, transaction
from django.db.models import Count, F, Min, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.models import Tag
from wagtail.models import Page

from sahifa.analysis import tokenize
from sahifa.articles.models import ArticlePage, ArticlePageTag

from . import engine
from .models import ArticleVector, RelatedLink, RelatedTerm, TermStat

log = logging.getLogger(__name__)

NEIGHBOURS = 10  # neighbours recomputed when a story appears

# -- text of an article ------------------------------------------------------


def text_of_blocks(raw_blocks: Iterable[dict]) -> str:
    """The words of the body a reader reads: paragraphs, sub-headings and
    quotes; not links, embeds or image captions. Works on the raw JSON, so
    the full rebuild does not build block values."""
    parts = []
    for block in raw_blocks:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph" and isinstance(value, str):
            parts.append(unescape(strip_tags(value)))
        elif kind == "subheading" and isinstance(value, str):
            parts.append(value)
        elif kind == "quote" and isinstance(value, dict):
            parts.append(value.get("text") or "")
    return "\n".join(parts)


def body_text(page: ArticlePage) -> str:
    return text_of_blocks(page.body.raw_data)


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
        terms=engine.term_weights(page.title, page.dek, body_text(page)),
        tags=frozenset(tag_ids),
        section=section_id(page),
        published=page.first_published_at,
    )


def _vector_hash(vector: engine.Vector) -> str:
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


# -- the index -----------------------------------------------------------------


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


def index_article(page: ArticlePage) -> tuple[engine.Vector, bool]:
    """Store the article's vector and keyword postings. Returns the vector
    and whether it changed (text, tags or section) since last time."""
    vector = build_vector(page)
    digest = _vector_hash(vector)
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
            },
        )
        RelatedTerm.objects.filter(page_id=page.pk).delete()
        RelatedTerm.objects.bulk_create(
            RelatedTerm(term=term, page_id=page.pk, weight=weight / vector.norm)
            for term, weight in engine.keywords(vector.terms, df, n).items()
        )
    return vector, True


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
    page = ArticlePage.objects.live().filter(pk=page_id).first()
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


# -- what readers and other apps get -----------------------------------------------


def _pinned_and_excluded(page: ArticlePage) -> tuple[list[int], set[int]]:
    # Cluster children: works on live pages and on unsaved preview revisions.
    pins = [pin.target_id for pin in page.related_pins.all() if pin.target_id]
    excluded = {item.target_id for item in page.related_exclusions.all()}
    return pins, excluded


def related_articles(page: ArticlePage, limit: int = 6) -> list[ArticlePage]:
    """«أخبار ذات صلة» for `page`: the editor's pins in their order, then the
    stored ranking, without exclusions and without anything not live."""
    pins, excluded = _pinned_and_excluded(page)
    computed = RelatedLink.objects.filter(page_id=page.pk).values_list("related_id", flat=True)
    ids = [pk for pk in dict.fromkeys([*pins, *computed]) if pk not in excluded and pk != page.pk]
    ids = ids[: limit + len(pins)]  # room for pins that are no longer live
    found = {p.pk: p for p in ArticlePage.objects.live().filter(pk__in=ids).for_listing()}
    return [found[pk] for pk in ids if pk in found][:limit]


def linked_read_also(page: ArticlePage) -> set[int]:
    """Articles the body already links as «اقرأ أيضاً»."""
    linked = set()
    for block in page.body:
        if block.block_type == "read_also" and block.value.get("page"):
            linked.add(block.value["page"].pk)
    return linked


def suggest_read_also(page: ArticlePage, limit: int = 8) -> list[tuple[ArticlePage, float]]:
    """Candidates for «اقرأ أيضاً» from the text being edited (the draft, not
    the stored vector), leaving out what the body already links."""
    vector = build_vector(page)
    if not vector.terms:
        return []
    pins, excluded = _pinned_and_excluded(page)
    skip = excluded | linked_read_also(page) | {page.pk}
    ranked = rank_for(vector, limit=limit + len(skip), exclude=skip)
    scores = dict(ranked)
    found = ArticlePage.objects.live().filter(pk__in=scores).select_related("hero_image")
    pages = sorted(found, key=lambda p: -scores[p.pk])
    return [(p, scores[p.pk]) for p in pages][:limit]


def auto_read_also(page: ArticlePage, after: int) -> tuple[int, ArticlePage] | None:
    """Where to put the automatic «اقرأ أيضاً» block: (index of the body
    block it follows, target). None when the body already has one, has fewer
    than `after` paragraphs, or nothing related exists."""
    paragraphs = 0
    position = None
    for index, block in enumerate(page.body):
        if block.block_type == "read_also":
            return None
        if block.block_type == "paragraph":
            paragraphs += 1
            if paragraphs == after and position is None:
                position = index
    if position is None:
        return None
    related = related_articles(page, limit=1)
    return (position, related[0]) if related else None


# -- tag suggestions -----------------------------------------------------------

# Proclitics written joined to the next word: conjunctions, then
# prepositions, then the article (لل is ل + ال with the alef dropped).
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")


def _bare(token: str) -> str:
    if token.startswith("ال") and len(token) > 3:
        return token[2:]
    return token


def _forms(token: str) -> set[str]:
    """The word with any of its proclitics removed: والانتخابات → انتخابات,
    لرامي → رامي, بـOrbitra → orbitra. Only forms that match a tag count,
    so removing too much is harmless."""
    forms = {token}
    stage = {token}
    for prefixes in (_CONJUNCTIONS, _PREPOSITIONS):
        stage |= {t[1:] for t in stage for p in prefixes if t.startswith(p) and len(t) > 2}
    forms |= stage
    forms |= {t[2:] for t in stage if t.startswith("لل") and len(t) > 3}
    return {_bare(f) for f in forms} | forms


def tag_matcher(tags: Iterable[tuple[int, str]]) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Index of tags by their first normalized word without the article."""
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for pk, name in tags:
        words = tokenize(name)
        if not words or (len(words) == 1 and len(words[0]) < 2):
            continue
        index[_bare(words[0])].append((pk, tuple(words[1:])))
    return index


def find_tags(text: str, index: dict[str, list[tuple[int, tuple[str, ...]]]]) -> Counter:
    """How often each tag occurs in `text`, whatever its spelling: with
    clitics, with or without the article, hamza and alef forms, ta marbuta,
    diacritics (the last three folded by `normalize`)."""
    words = tokenize(text)
    found: Counter = Counter()
    for i, word in enumerate(words):
        for form in _forms(word):
            for pk, rest in index.get(form, ()):
                if tuple(words[i + 1 : i + 1 + len(rest)]) == rest:
                    found[pk] += 1
    return found


def suggest_tags(page: ArticlePage, limit: int = 15) -> list[Tag]:
    """Existing tags the article mentions and does not carry yet, the most
    mentioned first (a mention in the headline or dek counts three)."""
    index = tag_matcher(Tag.objects.values_list("pk", "name"))
    if not index:
        return []
    counts = find_tags(body_text(page), index)
    for pk, count in find_tags(f"{page.title}\n{page.dek}", index).items():
        counts[pk] += 3 * count
    current = {tag.pk for tag in page.tags.all()}
    ranked = [pk for pk, _ in counts.most_common() if pk not in current][:limit]
    tags = Tag.objects.in_bulk(ranked)
    return [tags[pk] for pk in ranked if pk in tags]


# -- full rebuild ----------------------------------------------------------------

_INDEX: engine.MemoryIndex | None = None  # shared with forked workers


def _analyse(doc: tuple[int, str, str, str]) -> tuple[int, dict[str, float]]:
    key, title, dek, body = doc
    return key, engine.term_weights(title, dek, body)


def _related_chunk(keys: list[int]) -> list[tuple[int, list[tuple[int, float]]]]:
    index = _INDEX
    return [(key, index.related(key)) for key in keys]


def _pool(workers: int):
    # fork: the workers see the index built by the parent without copying it.
    return multiprocessing.get_context("fork").Pool(workers)


def build_index(documents: Iterable[dict], workers: int = 2) -> engine.MemoryIndex:
    """Analyse documents ({key, title, dek, body, tags, section, published},
    in publication order) into an in-memory index, in `workers` processes."""
    documents = list(documents)
    jobs = [(d["key"], d["title"], d["dek"], d["body"]) for d in documents]
    index = engine.MemoryIndex()
    with contextlib.ExitStack() as stack:
        if workers > 1:
            pool = stack.enter_context(_pool(workers))
            analysed = pool.imap(_analyse, jobs, chunksize=200)
        else:
            analysed = map(_analyse, jobs)
        # Added as they arrive (imap keeps the order): no list of every
        # article's term dict at once.
        for d, (key, terms) in zip(documents, analysed, strict=True):
            index.add(
                engine.Vector(
                    key=key,
                    terms=terms,
                    tags=frozenset(d["tags"]),
                    section=d["section"],
                    published=d["published"],
                )
            )
    index.finish()
    return index


def rank_all(index: engine.MemoryIndex, workers: int = 2) -> dict[int, list[tuple[int, float]]]:
    global _INDEX
    keys = index.keys
    chunks = [keys[i : i + 500] for i in range(0, len(keys), 500)]
    _INDEX = index
    try:
        if workers > 1:
            with _pool(workers) as pool:
                results = [row for part in pool.imap(_related_chunk, chunks) for row in part]
        else:
            results = [row for chunk in chunks for row in _related_chunk(chunk)]
    finally:
        _INDEX = None
    return dict(results)


def _insert_many(model, columns: list[str], rows: Iterable[tuple], chunk: int = 5000) -> None:
    """Rows as plain tuples of database values: at millions of rows, model
    instances cost more than the database does. COPY on PostgreSQL (several
    times faster than executemany there), executemany elsewhere."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        rows = iter(rows)
        while batch := list(islice(rows, chunk)):
            cursor.executemany(sql, batch)


def store_index(index: engine.MemoryIndex, ranked: dict[int, list[tuple[int, float]]]) -> None:
    """Replace everything stored with the rebuilt index, in one transaction."""
    with transaction.atomic():
        for model in (RelatedLink, RelatedTerm, ArticleVector, TermStat):
            model.objects.all().delete()
        _insert_many(TermStat, ["term", "df"], index.document_frequencies())
        stamp = connection.ops.adapt_datetimefield_value
        now = stamp(timezone.now())
        columns = "page_id terms norm tags section_id published_at content_hash updated_at"
        vectors = (
            (
                v.key,
                json.dumps(v.terms, ensure_ascii=False),
                v.norm,
                json.dumps(sorted(v.tags)),
                v.section,
                stamp(v.published),
                _vector_hash(v),
                now,
            )
            for v in index.vectors()
        )
        _insert_many(ArticleVector, columns.split(), vectors)
        _insert_many(RelatedTerm, ["term", "page_id", "weight"], index.postings())
        _insert_many(
            RelatedLink,
            ["page_id", "related_id", "rank", "score"],
            (
                (key, other, i, score)
                for key, rows in ranked.items()
                for i, (other, score) in enumerate(rows)
            ),
        )


def live_documents() -> list[dict]:
    """Every live article as a plain document, oldest first."""
    tags = defaultdict(list)
    for page_id, tag_id in ArticlePageTag.objects.values_list("content_object_id", "tag_id"):
        tags[page_id].append(tag_id)
    parents = dict(Page.objects.filter(numchild__gt=0).values_list("path", "pk"))
    documents = []
    rows = (
        ArticlePage.objects.live()
        .order_by("first_published_at", "pk")
        .values_list("pk", "path", "depth", "title", "dek", "body", "first_published_at")
    )
    for pk, path, depth, title, dek, body, published in rows.iterator(chunk_size=1000):
        parent_path = path[: len(path) - Page.steplen] if depth > 1 else ""
        documents.append(
            {
                "key": pk,
                "title": title,
                "dek": dek,
                "body": text_of_blocks(body.raw_data),
                "tags": tags.get(pk, []),
                "section": parents.get(parent_path),
                "published": published,
            }
        )
    return documents


def rebuild(workers: int = 2, log=log.info) -> dict[str, float]:
    """Recompute the whole index and every related list (after a big
    import, or to refresh document frequencies). Returns timings."""
    timings = {}
    start = time.perf_counter()
    documents = live_documents()
    timings["read"] = time.perf_counter() - start
    index = build_index(documents, workers)
    timings["analyse"] = time.perf_counter() - start - timings["read"]
    mark = time.perf_counter()
    ranked = rank_all(index, workers)
    timings["rank"] = time.perf_counter() - mark
    mark = time.perf_counter()
    store_index(index, ranked)
    timings["store"] = time.perf_counter() - mark
    timings["articles"] = len(documents)
    log(f"related: rebuilt {len(documents)} articles in {time.perf_counter() - start:.1f} s")
    return timings
