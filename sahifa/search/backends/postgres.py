import time

from django.db import connection

from .base import Query, SQLSearchEngine, filter_sql

# ts_rank weights for {D, C, B, A}: lemmas, body, dek, title
RANK = "ts_rank('{0.05, 0.1, 0.4, 1.0}'::float4[], e.document, q)"


def _quote(term: str) -> str:
    return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"


def tsquery(query: Query) -> str:
    parts = []
    for group in query.groups:
        alternatives = " | ".join(_quote(term) for term in group)
        parts.append(f"({alternatives})" if len(group) > 1 else alternatives)
    for phrase in query.phrases:
        parts.append("(" + " <-> ".join(_quote(term) for term in phrase) + ")")
    return (" | " if query.any_group else " & ").join(parts)


# A query matching at least this share of the index is read by walking the
# primary key backwards (it meets BROAD_QUERY matches within a few thousand
# rows); a rarer one through the GIN bitmap (see PostgresEngine.ordered_sql).
DENSE = 0.15
STATISTICS_TTL = 300  # seconds: pg_stats is only refreshed by ANALYZE anyway


def match_fraction(query: Query, frequencies: dict[str, float], rare: float) -> float:
    """Estimated share of entries matching `query`, from the lexeme
    frequencies ANALYZE keeps (most_common_elems): groups as independent
    (product), a group's alternatives added (at most 1), a phrase as its
    rarest word; a lexeme missing from the list counts as the rarest listed
    one (`rare`)."""
    parts = [min(1.0, sum(frequencies.get(t, rare) for t in group)) for group in query.groups]
    for phrase in query.phrases:
        parts.append(min(frequencies.get(t, rare) for t in phrase))
    if not parts:
        return 0.0
    if query.any_group:
        return min(1.0, sum(parts))
    fraction = 1.0
    for part in parts:
        fraction *= part
    return fraction


class PostgresEngine(SQLSearchEngine):
    """tsvector('simple', shadow) with field weights, under GIN."""

    newest_order = "e.first_published_at DESC NULLS LAST, e.page_id DESC"
    rank_expression = RANK
    rank_order = "rank_ DESC"

    def __init__(self, url: str = ""):
        super().__init__(url)
        self._statistics: tuple[float, dict[str, float], float] | None = None

    def frequencies(self) -> tuple[dict[str, float], float]:
        """Lexeme → share of entries having it, and the rarest listed
        share; read from pg_stats once per STATISTICS_TTL."""
        now = time.monotonic()
        if self._statistics is None or now - self._statistics[0] > STATISTICS_TTL:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT most_common_elems::text::text[], most_common_elem_freqs"
                    " FROM pg_stats WHERE tablename = 'search_searchentry'"
                    " AND attname = 'document' AND schemaname = current_schema()"
                )
                row = cursor.fetchone()
            elements, freqs = row if row and row[0] else ([], [])
            # The frequency array ends with the minimum, maximum and null share.
            frequencies = dict(zip(elements, freqs[: len(elements)], strict=True))
            rare = freqs[len(elements)] if elements else 0.0
            self._statistics = (now, frequencies, rare)
        return self._statistics[1], self._statistics[2]

    def ordered_sql(self, query, filters, column, order):
        """The planner costs `@@` as free, so it cannot choose between
        walking an index in `order` (each row's vector detoasted and
        checked: fast when matches are dense) and the GIN bitmap plus a
        top-N sort (fast when they are sparse); the lexeme statistics
        choose instead. Both return the same rows in the same order."""
        frequencies, rare = self.frequencies()
        if not frequencies or match_fraction(query, frequencies, rare) >= DENSE:
            return super().ordered_sql(query, filters, column, order)
        base, params = self.match_sql(query, filters)
        # MATERIALIZED keeps the planner from turning it back into the walk.
        return (
            f"WITH m AS MATERIALIZED (SELECT e.page_id, e.first_published_at{base})"
            f" SELECT {column} FROM m e ORDER BY {order}",
            params,
        )

    def match_sql(self, query, filters):
        where, params = filter_sql(filters)
        base = (
            f" FROM search_searchentry e, to_tsquery('simple', %s) q WHERE e.document @@ q{where}"
        )
        return base, [tsquery(query), *params]

    def autocomplete(self, words, prefix, limit):
        expression = " & ".join([*(_quote(w) for w in words), _quote(prefix) + ":*"])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.page_id FROM search_searchentry e"
                " WHERE e.autocomplete_document @@ to_tsquery('simple', %s)"
                " ORDER BY e.page_id DESC LIMIT %s",
                [expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def reset(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchentry")
        self._statistics = None

    def optimize(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
        self._statistics = None
