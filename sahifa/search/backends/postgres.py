import time

from django.db import connection, transaction

from .base import Filters, Query, SQLSearchEngine, filter_sql

# ts_rank weights for {D, C, B, A}: lemmas, body, dek, title
RANK = "ts_rank('{0.1, 0.1, 0.4, 1.0}'::float4[], e.document, q)"
# The GIN indexes of migration 0002 (fast update off since 0003).
GIN_INDEXES = ("search_entry_document_gin", "search_entry_autocomplete_gin")


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
# rows); a rarer one through the GIN bitmap (PostgresEngine.newest_matches).
# Measured at 100,000 articles: a word in 25 % of them is read in 17 ms by
# the walk, 13 ms by the bounded bitmap; in 40 %, 18 ms and 22 ms.
DENSE = 0.35
# The same choice for the newest-first page (PostgresEngine.ordered_sql),
# walking the search_entry_newest index. Measured at 100,000 articles:
# matches in 5–10 % of them, 11 ms walking and 20 ms by the bitmap; in 2–5 %,
# 14 ms either way; under 2 % the bitmap is faster.
DENSE_NEWEST = 0.05
STATISTICS_TTL = 300  # seconds: pg_stats is only refreshed by ANALYZE anyway
# The bitmap is first bounded to the newest ids expected to hold MARGIN times
# the matches wanted; a bound that holds too few is widened to where the
# density it found expects them (at least WIDEN-fold), the last attempt
# unbounded, so the matches read are always the newest ones.
MARGIN = 2.0
WIDEN = 2
# No bound over more than this share of the ids: ANDing the bitmap of most
# ids costs more than visiting every match. Measured at 100,000 articles
# (bench/search_latency.py queries): a query in under 4.5 % of them (a
# bound over more than 40 % of the ids) is read in 2.6–14 ms unbounded,
# 2.6–16 ms bounded; at 4.5–7 %, 21 ms unbounded and 14 ms bounded.
BOUND_SHARE = 0.4


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
    rank_descending = True

    def __init__(self, url: str = ""):
        super().__init__(url)
        self._statistics: tuple | None = None

    def statistics(self) -> tuple[dict[str, float], float, dict[int, float], int, int, float]:
        """Lexeme → share of entries having it, the rarest listed share,
        section id → share of entries in it, the lowest and highest page id
        and the row count; read once per STATISTICS_TTL."""
        now = time.monotonic()
        if self._statistics is None or now - self._statistics[0] > STATISTICS_TTL:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT most_common_elems::text::text[], most_common_elem_freqs"
                    " FROM pg_stats WHERE tablename = 'search_searchentry'"
                    " AND attname = 'document' AND schemaname = current_schema()"
                )
                row = cursor.fetchone()
                cursor.execute(
                    "SELECT most_common_vals::text::int[], most_common_freqs"
                    " FROM pg_stats WHERE tablename = 'search_searchentry'"
                    " AND attname = 'section_id' AND schemaname = current_schema()"
                )
                section_row = cursor.fetchone()
                cursor.execute(
                    "SELECT min(page_id), max(page_id),"
                    " (SELECT reltuples FROM pg_class WHERE oid = 'search_searchentry'::regclass)"
                    " FROM search_searchentry"
                )
                low, high, rows = cursor.fetchone()
            elements, freqs = row if row and row[0] else ([], [])
            # The frequency array ends with the minimum, maximum and null share.
            frequencies = dict(zip(elements, freqs[: len(elements)], strict=True))
            rare = freqs[len(elements)] if elements else 0.0
            sections = (
                dict(zip(*section_row, strict=True)) if section_row and section_row[0] else {}
            )
            self._statistics = (now, frequencies, rare, sections, low or 0, high or 0, rows)
        return self._statistics[1:]

    def frequencies(self) -> tuple[dict[str, float], float]:
        return self.statistics()[:2]

    def fraction(self, query: Query, filters: Filters) -> float:
        """Estimated share of entries matching the query and its section
        (1 without statistics: the walk, as before ANALYZE)."""
        frequencies, rare = self.frequencies()
        if not frequencies:
            return 1.0
        fraction = match_fraction(query, frequencies, rare)
        sections = self.statistics()[2]
        if filters.section_id is not None and sections:
            # A section missing from the list is rarer than the listed ones.
            fraction *= sections.get(filters.section_id, min(sections.values()))
        return fraction

    def newest_matches(self, cursor, query, filters, columns, count):
        """Sparse matches through the GIN bitmap, ANDed with a bitmap of the
        recent ids expected to hold `count` of them (MARGIN), so the heap
        visits about `count` rows however common the words; the rank is
        computed for the `count` rows kept only."""
        fraction = self.fraction(query, filters)
        if fraction >= DENSE:
            return super().newest_matches(cursor, query, filters, columns, count)
        _, _, _, low, high, rows = self.statistics()
        base, params = self.match_sql(query, filters)
        width = MARGIN * count / max(fraction, 1e-9) * (high - low + 1) / max(rows, 1.0)
        # `@@` is costed as free, so the planner prefers walking the id range
        # and detoasting every vector in it; only bitmaps are allowed here.
        with transaction.atomic(using=connection.alias):
            cursor.execute("SET LOCAL enable_indexscan = off")
            while True:
                bound = high - int(width)
                # A bound over most ids would cost more than it saves.
                bounded = width < (high - low) * BOUND_SHARE
                newer = " AND e.page_id >= %s" if bounded else ""
                # MATERIALIZED: the bitmap rows, sorted, before ranking any.
                cursor.execute(
                    f"WITH m AS MATERIALIZED (SELECT e.page_id, e.document{base}{newer})"
                    f" SELECT {columns} FROM (SELECT * FROM m ORDER BY page_id DESC LIMIT %s) e,"
                    " to_tsquery('simple', %s) q ORDER BY 1 DESC",
                    [*params, *([bound] if bounded else []), count, tsquery(query)],
                )
                found = cursor.fetchall()
                if len(found) == count or not bounded:
                    break
                # The density seen so far, with a margin (at least doubled).
                width *= max(WIDEN, MARGIN * count / max(len(found), 1))
            cursor.execute("RESET enable_indexscan")
        return found

    def ordered_sql(self, query, filters, column, order):
        """The planner costs `@@` as free, so it cannot choose between
        walking an index in `order` (each row's vector detoasted and
        checked: fast when matches are dense) and the GIN bitmap plus a
        top-N sort (fast when they are sparse); the lexeme statistics
        choose instead. Both return the same rows in the same order."""
        if self.fraction(query, filters) >= DENSE_NEWEST:
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
        """Before a full rebuild: GIN batches the new entries in its pending
        list (fast update) while the whole archive is written; optimize()
        merges them and turns it off again (migration 0003: every query
        scans that list). Measured at 100,000 articles: 1,301 inserts/s
        with the list, 592/s without."""
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchentry")
            for index in GIN_INDEXES:
                cursor.execute(f"ALTER INDEX {index} SET (fastupdate = on)")
        self._statistics = None

    def optimize(self):
        with connection.cursor() as cursor:
            for index in GIN_INDEXES:
                cursor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            cursor.execute("ANALYZE search_searchentry")
        self._statistics = None
