"""Arabic site search: indexing, querying, ranking, snippets, suggestions.

Both database engines index the same analyzed shadow text (sahifa.analysis)
and receive the same boolean query, so they find the same articles. They
pick the best `CANDIDATES` with their own scoring (bm25 / ts_rank), then
`rank` re-scores those in Python with one formula, so the order is the same
too whenever a query has fewer than `CANDIDATES` matches.
"""

import math
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db import transaction
from django.utils.safestring import SafeString

from sahifa.analysis import STOPWORDS, fingerprint, tokenize
from sahifa.articles.models import ArticlePage
from sahifa.articles.services import analysed_index_is_stale

from .backends import get_engine
from .backends.base import Filters, Hits, Query
from .models import SearchEntry
from .query import (  # noqa: F401 - highlight, score_entry re-exported for callers
    _PHRASE,
    FIELD_WEIGHTS,
    highlight,
    parse_query,
    rank,
    score_entry,
    shadow_fields,
    spelling_variants,
)

CANDIDATES = 100
SNIPPET_WORDS = 32
SORTS = ("relevance", "newest")


# -- indexing ----------------------------------------------------------------
def build_entry(page: ArticlePage) -> SearchEntry:
    # The article's text as sahifa.articles defines it: headline, dek, body.
    body = page.body_text()
    title, dek = page.title, page.dek or ""
    return SearchEntry(
        page_id=page.pk,
        section_id=page.get_parent().pk,
        first_published_at=page.first_published_at,
        title=title,
        dek=dek,
        body=body,
        **shadow_fields(title, dek, body),
        analyzer=fingerprint(),
    )


def index_article(page_id: int) -> bool:
    """Bring the index in line with the page: add/update an article the
    public may see, drop anything else (withdrawn, expired, restricted).
    Idempotent. Returns whether the page is indexed."""
    page = ArticlePage.objects.filter(pk=page_id).first()
    if page is None or not page.is_visible():
        remove_article(page_id)
        return False
    entry = build_entry(page)
    with transaction.atomic():
        SearchEntry.objects.filter(pk=page_id).delete()
        entry.save(force_insert=True)
    get_engine().index([entry])
    return True


def remove_article(page_id: int) -> None:
    SearchEntry.objects.filter(pk=page_id).delete()
    get_engine().delete([page_id])


def index_is_stale() -> bool:
    """Whether a rebuild is due: the index is empty while articles are
    public, or an entry was written by another analyzer (an upgrade changed
    sahifa.analysis)."""
    return analysed_index_is_stale(SearchEntry.objects.all(), fingerprint())


def rebuild(batch_size: int = 200, progress=None) -> int:
    """Re-index every live article from scratch; returns how many."""
    engine = get_engine()
    engine.reset()
    SearchEntry.objects.all().delete()
    ids = list(ArticlePage.objects.visible().order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        pages = ArticlePage.objects.filter(pk__in=chunk).select_related("hero_image")
        entries = [build_entry(page) for page in pages]
        with transaction.atomic():
            SearchEntry.objects.bulk_create(entries)
        engine.index(entries)
        done += len(entries)
        if progress:
            progress(done, len(ids))
    engine.optimize()
    return done


# -- queries ------------------------------------------------------------------
@dataclass
class Result:
    entry: SearchEntry
    page: ArticlePage
    title_html: SafeString
    snippet_html: SafeString

    @property
    def section(self):
        return self.entry.section

    @property
    def first_published_at(self) -> datetime | None:
        return self.entry.first_published_at


@dataclass
class SearchOutcome:
    query: str
    results: list[Result] = field(default_factory=list)
    total: int = 0
    more: bool = False  # more than `total` matches: the count stops there
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    relaxed: bool = False  # no article had every word; these have some
    suggestions: list[str] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search(
    text: str,
    *,
    section_id: int | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 10,
) -> SearchOutcome:
    """Search live articles. `date_to` is exclusive."""
    text = text.strip()[:200]
    sort = sort if sort in SORTS else "relevance"
    outcome = SearchOutcome(query=text, page=max(1, page), per_page=per_page, sort=sort)
    query = parse_query(text)
    if not query:
        return outcome
    filters = Filters(section_id=section_id, date_from=date_from, date_to=date_to)
    hits = _find(query, filters, outcome)
    if not hits.total and len(query.groups) + len(query.phrases) > 1:
        query = replace(query, any_group=True)
        hits = _find(query, filters, outcome)
        outcome.relaxed = bool(hits.total)
    outcome.total, outcome.more = hits.total, hits.more
    outcome.results = _results(hits.ids, query)
    if not hits.total or outcome.relaxed:
        outcome.suggestions = suggest(text, filters)
    return outcome


def _find(query: Query, filters: Filters, outcome: SearchOutcome) -> Hits:
    """The ids of the outcome's page, best first, and the (capped) total."""
    engine = get_engine()
    start = (outcome.page - 1) * outcome.per_page
    if outcome.sort == "newest":
        return engine.search(query, filters, newest=True, offset=start, limit=outcome.per_page)
    window = max(CANDIDATES, start + outcome.per_page)
    hits = engine.search(query, filters, newest=False, offset=0, limit=window)
    ranked = rank(_candidates(hits.ids), query)
    hits.ids = [entry.pk for entry in ranked[start : start + outcome.per_page]]
    return hits


def ranked_ids(text: str, *, any_word: bool = False, limit: int = 1000) -> list[int]:
    """Ids of matching live articles, best first (for Wagtail's backend)."""
    query = parse_query(text.strip()[:200])
    if not query:
        return []
    if any_word:
        query = replace(query, any_group=True)
    hits = get_engine().search(query, Filters(), newest=False, offset=0, limit=limit)
    return [entry.pk for entry in rank(_candidates(hits.ids), query)]


@dataclass(slots=True)
class Candidate:
    pk: int
    first_published_at: datetime | None
    title_terms: str
    dek_terms: str
    body_terms: str
    lemma_terms: str
    term_forms: str


def _candidates(ids: list[int]) -> list[Candidate]:
    """What ranking reads, without building model instances."""
    fields = (
        "page_id",
        "first_published_at",
        *(name for name, _ in FIELD_WEIGHTS),
        "term_forms",
    )
    rows = SearchEntry.objects.filter(pk__in=ids).values_list(*fields)
    return [Candidate(*row) for row in rows]


def shown_entries(ids: list[int]) -> dict[int, SearchEntry]:
    """The entries of one results page, without the shadow columns and
    vectors: they are as large as the text and only ranking reads them."""
    shadow = (*(name for name, _ in FIELD_WEIGHTS), "term_forms", "autocomplete", "document")
    return (
        SearchEntry.objects.select_related("section")
        .defer(*shadow, "autocomplete_document")
        .in_bulk(ids)
    )


def highlighted_terms(query: Query) -> set[str]:
    terms = {term for group in query.groups for term in group}
    terms.update(term for phrase in query.phrases for term in phrase)
    return terms


def snippet(entry: SearchEntry, terms: set[str]) -> SafeString:
    """The body window with the most matches, else the dek's."""
    html = highlight(entry.body or entry.dek, terms, SNIPPET_WORDS)
    if "<mark>" not in html and entry.dek:
        html = highlight(entry.dek, terms, SNIPPET_WORDS)
    return html


def _results(ids: list[int], query: Query) -> list[Result]:
    if not ids:
        return []
    entries = shown_entries(ids)
    # The index may lag a restriction by one task run: pages are checked again.
    pages = ArticlePage.objects.visible().filter(pk__in=ids).for_listing().in_bulk()
    terms = highlighted_terms(query)
    results = []
    for pk in ids:
        entry, page = entries.get(pk), pages.get(pk)
        if entry is None or page is None:
            continue  # unpublished since the index was read
        results.append(
            Result(
                entry=entry,
                page=page,
                title_html=highlight(entry.title, terms),
                snippet_html=snippet(entry, terms),
            )
        )
    return results


# -- suggestions and autocomplete ------------------------------------------------
def suggest(text: str, filters: Filters | None = None, limit: int = 3) -> list[str]:
    """Queries close to `text` that do find articles."""
    engine = get_engine()
    filters = filters or Filters()
    words = [w for w in tokenize(_PHRASE.sub(" ", text)) if w not in STOPWORDS]
    suggestions: list[str] = []

    def has_hits(candidate_words):
        query = parse_query(" ".join(candidate_words))
        return bool(query) and engine.exists(query, filters)

    for i, word in enumerate(words):
        if has_hits([word]):
            continue
        for variant in spelling_variants(word):
            candidate = [*words[:i], variant, *words[i + 1 :]]
            if has_hits([variant]) and has_hits(candidate):
                suggestions.append(" ".join(candidate))
                if len(suggestions) >= limit:
                    return suggestions
    if not suggestions and len(words) > 1:
        # Each word on its own, when the words never meet in one article.
        suggestions = [word for word in words if has_hits([word])][:limit]
    return suggestions


def autocomplete(text: str, limit: int = 8) -> list[ArticlePage]:
    """Live articles whose headline has every typed word, the last one as a
    prefix; newest first."""
    words = tokenize(text[:100])
    if not words or len(words[-1]) < 2:
        return []
    ids = get_engine().autocomplete(words[:-1][:5], words[-1], limit)
    pages = ArticlePage.objects.visible().filter(pk__in=ids).in_bulk()
    return [pages[pk] for pk in ids if pk in pages]
