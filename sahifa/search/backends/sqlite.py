from django.db import connection

from .base import BROAD_QUERY, Hits, Query, SearchEngine, filter_sql

# bm25 column weights: title, dek, body, lemmas
BM25 = "bm25(search_fts, 10.0, 4.0, 1.0, 0.5)"


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


class SQLiteEngine(SearchEngine):
    """FTS5 external-content table over the shadow columns."""

    def search(self, query, filters, *, newest, offset, limit):
        where, params = filter_sql(filters)
        base = (
            " FROM search_fts JOIN search_searchentry e ON e.page_id = search_fts.rowid"
            f" WHERE search_fts MATCH %s{where}"
        )
        params = [match_expression(query), *params]
        with connection.cursor() as cursor:
            bound = None
            if newest:
                select = (
                    f"SELECT e.page_id{base} ORDER BY e.first_published_at DESC, e.page_id DESC"
                )
                select_params = params
            else:
                # A broad query ranks only its newest BROAD_QUERY matches
                # (by id, which FTS5 walks without sorting): bm25 over
                # every match of a common word is what makes search slow.
                cursor.execute(
                    f"SELECT search_fts.rowid{base} ORDER BY search_fts.rowid DESC"
                    " LIMIT 1 OFFSET %s",
                    [*params, BROAD_QUERY - 1],
                )
                bound = cursor.fetchone()
                newer = " AND search_fts.rowid >= %s" if bound else ""
                select = f"SELECT e.page_id, {BM25} AS rank_{base}{newer} ORDER BY rank_"
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
                "SELECT 1 FROM search_fts JOIN search_searchentry e ON e.page_id = search_fts.rowid"
                f" WHERE search_fts MATCH %s{where} LIMIT 1",
                [match_expression(query), *params],
            )
            return cursor.fetchone() is not None

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
