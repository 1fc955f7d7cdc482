from django.db import connection

from .base import BROAD_QUERY, Hits, Query, SearchEngine, filter_sql

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


class PostgresEngine(SearchEngine):
    """tsvector('simple', shadow) with field weights, under GIN."""

    def search(self, query, filters, *, newest, offset, limit):
        where, params = filter_sql(filters)
        base = (
            f" FROM search_searchentry e, to_tsquery('simple', %s) q WHERE e.document @@ q{where}"
        )
        params = [tsquery(query), *params]
        with connection.cursor() as cursor:
            bound = None
            if newest:
                select = (
                    f"SELECT e.page_id{base}"
                    " ORDER BY e.first_published_at DESC NULLS LAST, e.page_id DESC"
                )
                select_params = params
            else:
                # Same bound as SQLite: rank only the newest BROAD_QUERY matches.
                cursor.execute(
                    f"SELECT e.page_id{base} ORDER BY e.page_id DESC LIMIT 1 OFFSET %s",
                    [*params, BROAD_QUERY - 1],
                )
                bound = cursor.fetchone()
                newer = " AND e.page_id >= %s" if bound else ""
                select = f"SELECT e.page_id, {RANK} AS rank_{base}{newer} ORDER BY rank_ DESC"
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
        where, params = filter_sql(filters)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM search_searchentry e, to_tsquery('simple', %s) q"
                f" WHERE e.document @@ q{where} LIMIT 1",
                [tsquery(query), *params],
            )
            return cursor.fetchone() is not None

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

    def optimize(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
