from django.db import connection

from .base import Query, SQLSearchEngine, filter_sql

# bm25 column weights: title, dek, body, lemmas
BM25 = "bm25(search_fts, 10.0, 4.0, 1.0, 1.0)"


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(query: Query) -> str:
    parts = []
    for group in query.groups:
        alternatives = " OR ".join(_quote(term) for term in group)
        parts.append(f"({alternatives})" if len(group) > 1 else alternatives)
    for phrase in query.phrases:
        parts.append(_quote(" ".join(phrase)))
    return (" OR " if query.any_group else " AND ").join(parts)


class SQLiteEngine(SQLSearchEngine):
    """FTS5 external-content table over the shadow columns."""

    id_column = "search_fts.rowid"
    rank_expression = BM25

    def match_sql(self, query, filters):
        where, params = filter_sql(filters)
        base = (
            " FROM search_fts JOIN search_searchentry e ON e.page_id = search_fts.rowid"
            f" WHERE search_fts MATCH %s{where}"
        )
        return base, [match_expression(query), *params]

    def autocomplete(self, words, prefix, limit):
        expression = " AND ".join([*(_quote(w) for w in words), _quote(prefix) + " *"])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.page_id FROM search_ac JOIN search_searchentry e"
                " ON e.page_id = search_ac.rowid WHERE search_ac MATCH %s"
                " ORDER BY search_ac.rowid DESC LIMIT %s",
                [expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def reset(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchentry")
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            cursor.execute("INSERT INTO search_ac(search_ac) VALUES ('rebuild')")

    def optimize(self):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("INSERT INTO search_ac(search_ac) VALUES ('optimize')")
            cursor.execute("ANALYZE search_searchentry")
