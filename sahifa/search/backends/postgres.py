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


class PostgresEngine(SQLSearchEngine):
    """tsvector('simple', shadow) with field weights, under GIN."""

    newest_order = "e.first_published_at DESC NULLS LAST, e.page_id DESC"
    rank_expression = RANK
    rank_order = "rank_ DESC"

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

    def optimize(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
