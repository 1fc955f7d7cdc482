"""A Wagtail search backend (WAGTAILSEARCH_BACKENDS) that answers page
searches from Sahifa's Arabic index, so the admin page search and the
Wagtail API's `?search=` find exactly the live articles /search/ finds.

Everything else — drafts, other page types, images, documents, users — is
delegated to Wagtail's own database backend, which keeps indexing them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from modelsearch.backends.base import BaseSearchBackend, BaseSearchResults, EmptySearchResults
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.query import And, Phrase, PlainText

from sahifa.articles.models import ArticlePage
from sahifa.search import services

MAX_HITS = 1000


def query_text(query) -> tuple[str, bool] | None:
    """(text, any_word) for the queries our index answers: plain strings and
    Wagtail's PlainText/Phrase/And objects (the admin parses its box into
    them). None for the rest (MatchAll, Or, Not, Boost, Fuzzy)."""
    if isinstance(query, str):
        return query, False
    if isinstance(query, PlainText):
        return query.query_string, query.operator == "or"
    if isinstance(query, Phrase):
        return f'"{query.query_string}"', False
    if isinstance(query, And):
        parts = [query_text(sub) for sub in query.subqueries]
        if all(part and not part[1] for part in parts):
            return " ".join(part[0] for part in parts), False
    return None


class ArticleFirstResults(BaseSearchResults):
    """Our ranked live-article hits, then the delegate's hits for the rest."""

    def __init__(self, backend, queryset, ids, rest, order_by_relevance=True):
        self.backend = backend
        self.query_compiler = None
        self.prefetch_related = None
        self.model = queryset.model
        self.queryset = queryset
        self.ids = ids
        self.rest = rest  # delegate's results, or None
        self.order_by_relevance = order_by_relevance
        self.start, self.stop = 0, None
        self._results_cache = self._count_cache = self._score_field = None
        self._ours = None

    def _clone(self):
        new = self.__class__(
            self.backend, self.queryset, self.ids, self.rest, self.order_by_relevance
        )
        new.start, new.stop, new._ours = self.start, self.stop, self._ours
        return new

    def _our_objects(self) -> list:
        if self._ours is None:
            objects = list(self.queryset.filter(pk__in=self.ids))
            if self.order_by_relevance:
                position = {pk: i for i, pk in enumerate(self.ids)}
                objects.sort(key=lambda obj: position[obj.pk])
            self._ours = objects
        return self._ours

    def _do_search(self):
        ours = self._our_objects()
        stop = self.stop
        found = ours[self.start : stop]
        if self.rest is not None and (stop is None or stop > len(ours)):
            rest_start = max(0, self.start - len(ours))
            rest_stop = None if stop is None else stop - len(ours)
            found += list(self.rest[rest_start:rest_stop])
        return found

    def _do_count(self):
        total = len(self._our_objects()) + (self.rest.count() if self.rest is not None else 0)
        total = max(0, total - self.start)
        return total if self.stop is None else min(total, self.stop - self.start)


class SahifaSearchBackend(BaseSearchBackend):
    def __init__(self, params):
        super().__init__(params)
        self.delegate = DatabaseSearchBackend(params)
        self.query_compiler_class = self.delegate.query_compiler_class
        self.autocomplete_query_compiler_class = self.delegate.autocomplete_query_compiler_class
        self.results_class = self.delegate.results_class
        self.rebuilder_class = self.delegate.rebuilder_class
        self.index_class = self.delegate.index_class

    # Indexing: unchanged, Wagtail's own index for everything.
    def get_index_for_model(self, model):
        return self.delegate.get_index_for_model(model)

    def add(self, obj):
        self.delegate.add(obj)

    def add_bulk(self, model, obj_list):
        self.delegate.add_bulk(model, obj_list)

    def delete(self, obj):
        self.delegate.delete(obj)

    # Searching
    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        return self._articles_first(
            "search", query, model_or_queryset, fields, operator, order_by_relevance
        )

    def autocomplete(
        self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True
    ):
        return self._articles_first(
            "autocomplete", query, model_or_queryset, fields, operator, order_by_relevance
        )

    def _articles_first(self, method, query, model_or_queryset, fields, operator, relevance):
        queryset = (
            model_or_queryset
            if isinstance(model_or_queryset, QuerySet)
            else model_or_queryset.objects.all()
        )
        delegate = _plain_filters(getattr(self.delegate, method))
        parsed = query_text(query)
        if fields or parsed is None or not issubclass(ArticlePage, queryset.model):
            return delegate(query, queryset, fields, operator, relevance)
        text, any_word = parsed
        if not text.strip():
            return EmptySearchResults()
        ids = services.ranked_ids(text, any_word=any_word or operator == "or", limit=MAX_HITS)
        if not ids and method == "autocomplete":
            # Nothing has every full word yet: the editor is still typing.
            ids = [page.pk for page in services.autocomplete(text, limit=50)]
        # Live articles come from our index only; the delegate covers the rest.
        article_type = ContentType.objects.get_for_model(ArticlePage)
        rest = delegate(
            query, queryset.exclude(live=True, content_type=article_type), None, operator, relevance
        )
        return ArticleFirstResults(self, queryset, ids, rest, relevance)


def _plain_filters(delegate):
    """The delegate (modelsearch) reads a queryset's filters one lookup at a
    time and cannot read an expression such as the visibility rule's
    NOT EXISTS (core/visibility.py). It gets the same rows, in the same
    order, as `pk IN (…)`."""

    def call(query, queryset, *args):
        plain = queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
        return delegate(query, plain.order_by(*queryset.query.order_by), *args)

    return call


SearchBackend = SahifaSearchBackend
