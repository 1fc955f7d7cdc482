from dataclasses import dataclass, field
from datetime import datetime

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
