from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection

# Relevance ranking looks at the newest this-many matches of a query (by
# page id, roughly publication order): a common word can match most of an
# archive, and scoring every match is what makes search slow.
BROAD_QUERY = 2000


@dataclass(frozen=True)
class Query:
    """An analyzed query. Every group must match (AND); a group matches when
    any of its alternatives does: the light stem first, then its lemmas."""

    groups: tuple[tuple[str, ...], ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()  # stems that must be adjacent
    any_group: bool = False  # OR instead of AND (relaxed retry)

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
    rank_order = "rank_"

    def match_sql(self, query: Query, filters: Filters) -> tuple[str, list]:
        """` FROM … WHERE …` selecting the matches, and its parameters."""
        raise NotImplementedError

    def search(self, query, filters, *, newest, offset, limit):
        base, params = self.match_sql(query, filters)
        with connection.cursor() as cursor:
            bound = None
            if newest:
                select = f"SELECT e.page_id{base} ORDER BY {self.newest_order}"
                select_params = params
            else:
                # A broad query ranks only its newest BROAD_QUERY matches
                # (by id, which the index walks without sorting): scoring
                # every match of a common word is what makes search slow.
                cursor.execute(
                    f"SELECT {self.id_column}{base} ORDER BY {self.id_column} DESC"
                    " LIMIT 1 OFFSET %s",
                    [*params, BROAD_QUERY - 1],
                )
                bound = cursor.fetchone()
                newer = f" AND {self.id_column} >= %s" if bound else ""
                select = (
                    f"SELECT e.page_id, {self.rank_expression} AS rank_{base}{newer}"
                    f" ORDER BY {self.rank_order}"
                )
                select_params = [*params, *bound] if bound else params
            cursor.execute(f"{select} LIMIT %s OFFSET %s", [*select_params, limit, offset])
            ids = [row[0] for row in cursor.fetchall()]
            if not bound and len(ids) < limit and (ids or offset == 0):
                total = offset + len(ids)
            else:
                cursor.execute(f"SELECT count(*){base}", params)
                total = cursor.fetchone()[0]
        return Hits(ids=ids, total=total)

    def exists(self, query, filters):
        base, params = self.match_sql(query, filters)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1{base} LIMIT 1", params)
            return cursor.fetchone() is not None
