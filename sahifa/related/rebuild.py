"""The full rebuild: every live article analysed and ranked in memory
(`engine.MemoryIndex`, in forked worker processes), then everything stored
replaced in one transaction. Run by `manage.py rebuild_related`."""

import contextlib
import json
import logging
import multiprocessing
import time
from collections import defaultdict
from collections.abc import Iterable
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

from sahifa.analysis import fingerprint
from sahifa.articles.body import body_text
from sahifa.articles.models import ArticlePage, ArticlePageTag
from sahifa.articles.services import analysed_index_is_stale

from . import engine
from .index import vector_hash
from .models import ArticleVector, RelatedLink, RelatedTerm, TermStat

log = logging.getLogger(__name__)

_INDEX: engine.MemoryIndex | None = None  # shared with forked workers


def live_documents() -> list[dict]:
    """Every article the public may see as a plain document, oldest first."""
    tags = defaultdict(list)
    for page_id, tag_id in ArticlePageTag.objects.values_list("content_object_id", "tag_id"):
        tags[page_id].append(tag_id)
    parents = dict(Page.objects.filter(numchild__gt=0).values_list("path", "pk"))
    documents = []
    rows = (
        ArticlePage.objects.visible()
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
                "body": body_text(body.raw_data),
                "tags": tags.get(pk, []),
                "section": parents.get(parent_path),
                "published": published,
            }
        )
    return documents


# -- in memory, in worker processes -------------------------------------------------


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


# -- storing ----------------------------------------------------------------------


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
        columns = "page_id terms norm tags section_id published_at content_hash updated_at analyzer"
        analyzer = fingerprint()
        vectors = (
            (
                v.key,
                json.dumps(v.terms, ensure_ascii=False),
                v.norm,
                json.dumps(sorted(v.tags)),
                v.section,
                stamp(v.published),
                vector_hash(v),
                now,
                analyzer,
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


def index_is_stale() -> bool:
    """Whether a rebuild is due: no vectors while articles are public, or a
    vector made by another analyzer (an upgrade changed sahifa.analysis)."""
    return analysed_index_is_stale(ArticleVector.objects.all(), fingerprint())


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
