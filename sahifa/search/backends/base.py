from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection

# A query is ranked and counted among its newest this-many matches (by page
# id, roughly publication order): a common word can match most of an archive,
# and scoring or counting every match is what makes search slow. Beyond it
# the total is a lower bound (Hits.more): "more than 1000 results".
BROAD_QUERY = 1000


@dataclass(frozen=True)
class Query:
    """An analyzed query. Every group must match (AND); a group matches when
    any of its alternatives does: the light stem first, then its lemmas."""

    groups: tuple[tuple[str, ...], ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()  # stems that must be adjacent
    any_group: bool = False  # OR instead of AND (relaxed retry)
    # Per group, the word forms typed (query.word_form): ranking only.
    forms: tuple[frozenset, ...] = ()

    def __bool__(self):
        return bool(self.groups or self.phrases)


@dataclass(frozen=True)
class Filters:
    section_id: int | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None  # exclusive


@dataclass
class Hits:
    ids: list[int] = field(default_factory=list)  # best first
    total: int = 0
    more: bool = False  # more than `total` matches (not counted further)


class SearchEngine:
    """What an engine must do. Indexing of the database engines happens in
    triggers on SearchEntry; external engines also get `index`/`delete`."""

    def __init__(self, url: str = ""):
        self.url = url

    def search(
        self, query: Query, filters: Filters, *, newest: bool, offset: int, limit: int
    ) -> Hits:
        raise NotImplementedError

    def exists(self, query: Query, filters: Filters) -> bool:
        """Whether anything matches (suggestions test many variants)."""
        return bool(self.search(query, filters, newest=False, offset=0, limit=1).ids)

    def autocomplete(self, words: list[str], prefix: str, limit: int) -> list[int]:
        """Entry ids whose headline has all `words` and a word starting
        with `prefix`, newest first."""
        raise NotImplementedError

    def index(self, entries) -> None:
        """Called after SearchEntry rows were written (external engines)."""

    def delete(self, ids: list[int]) -> None:
        """Called after SearchEntry rows were deleted (external engines)."""

    def reset(self) -> None:
        """Called before a full rebuild."""

    def optimize(self) -> None:
        """Called after a full rebuild (statistics, merges)."""


def filter_sql(filters: Filters, alias: str = "e") -> tuple[str, list]:
    sql, params = [], []
    if filters.section_id is not None:
        sql.append(f"{alias}.section_id = %s")
        params.append(filters.section_id)
    if filters.date_from is not None:
        sql.append(f"{alias}.first_published_at >= %s")
        params.append(filters.date_from)
    if filters.date_to is not None:
        sql.append(f"{alias}.first_published_at < %s")
        params.append(filters.date_to)
    return "".join(f" AND {clause}" for clause in sql), params


class SQLSearchEngine(SearchEngine):
    """The query flow shared by the database engines (SQLite FTS5 and
    PostgreSQL tsvector); subclasses supply the SQL that differs."""

    # Column the broad-query bound walks: the one the index returns in id order.
    id_column = "e.page_id"
    newest_order = "e.first_published_at DESC, e.page_id DESC"
    rank_expression = ""
    rank_descending = False  # whether a higher rank_expression is better

    def match_sql(self, query: Query, filters: Filters) -> tuple[str, list]:
        """` FROM … WHERE …` selecting the matches, and its parameters."""
        raise NotImplementedError

    def ordered_sql(self, query: Query, filters: Filters, column: str, order: str):
        """`SELECT column … ORDER BY order` over the matches (the caller
        appends LIMIT), and its parameters."""
        base, params = self.match_sql(query, filters)
        return f"SELECT {column}{base} ORDER BY {order}", params

    def newest_matches(self, cursor, query: Query, filters: Filters, columns: str, count: int):
        """Rows of `columns` for the newest `count` matches, by id_column
        descending (the order the index walks without sorting)."""
        select, params = self.ordered_sql(query, filters, columns, f"{self.id_column} DESC")
        cursor.execute(f"{select} LIMIT %s", [*params, count])
        return cursor.fetchall()

    def rank_key(self, row: tuple) -> tuple:
        """Sort key of an (id, rank) row: best rank first, then the newer id."""
        return (-row[1] if self.rank_descending else row[1], -row[0])

    def search(self, query, filters, *, newest, offset, limit):
        with connection.cursor() as cursor:
            # The newest BROAD_QUERY + 1 matches: the (capped) total and the
            # ranking window in one statement instead of an exact count(*),
            # ranked as they are read (each match's vector is read once).
            columns = self.id_column if newest else f"{self.id_column}, {self.rank_expression}"
            rows = self.newest_matches(cursor, query, filters, columns, BROAD_QUERY + 1)
            more = len(rows) > BROAD_QUERY
            hits = Hits(total=min(len(rows), BROAD_QUERY), more=more)
            if not rows:
                return hits
            if newest:
                select, params = self.ordered_sql(query, filters, "e.page_id", self.newest_order)
                cursor.execute(f"{select} LIMIT %s OFFSET %s", [*params, limit, offset])
                hits.ids = [row[0] for row in cursor.fetchall()]
            else:
                window = sorted(rows[:BROAD_QUERY], key=self.rank_key)
                hits.ids = [row[0] for row in window[offset : offset + limit]]
        return hits

    def exists(self, query, filters):
        base, params = self.match_sql(query, filters)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1{base} LIMIT 1", params)
            return cursor.fetchone() is not None
