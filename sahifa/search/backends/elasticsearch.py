"""Elasticsearch / OpenSearch engine for very large archives.

The cluster indexes the same shadow text as the database engines, with the
`whitespace` analyzer (the terms are already analyzed by sahifa.analysis),
so results match SQLite/PostgreSQL. docs/search.md also gives the mapping
for the engines' own `arabic` analyzer, for comparison.

Speaks the REST API with the standard library (no client dependency); the
same requests work on Elasticsearch 7–9 and OpenSearch 1–3.
"""

import json
import logging
import urllib.error
import urllib.request

from .base import Filters, Hits, Query, SearchEngine

log = logging.getLogger(__name__)

TERM_FIELDS = {"title_terms": 10.0, "dek_terms": 4.0, "body_terms": 1.0, "lemma_terms": 1.0}

MAPPING = {
    "settings": {
        "analysis": {
            "tokenizer": {
                "edge": {
                    "type": "edge_ngram",
                    "min_gram": 1,
                    "max_gram": 20,
                    "token_chars": ["letter", "digit"],
                }
            },
            "analyzer": {
                "autocomplete_index": {"type": "custom", "tokenizer": "edge"},
            },
        }
    },
    "mappings": {
        "properties": {
            **{name: {"type": "text", "analyzer": "whitespace"} for name in TERM_FIELDS},
            "autocomplete": {
                "type": "text",
                "analyzer": "autocomplete_index",
                "search_analyzer": "whitespace",
            },
            "section_id": {"type": "integer"},
            "first_published_at": {"type": "date"},
        }
    },
}


def _group_clause(group: tuple[str, ...]) -> dict:
    should = []
    for position, term in enumerate(group):
        factor = 1.0 if position == 0 else 0.5
        for name, weight in TERM_FIELDS.items():
            should.append({"term": {name: {"value": term, "boost": weight * factor}}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _phrase_clause(phrase: tuple[str, ...]) -> dict:
    should = [
        {"match_phrase": {name: {"query": " ".join(phrase), "boost": weight}}}
        for name, weight in TERM_FIELDS.items()
        if name != "lemma_terms"
    ]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def filter_clauses(filters: Filters) -> list[dict]:
    clauses: list[dict] = []
    if filters.section_id is not None:
        clauses.append({"term": {"section_id": filters.section_id}})
    dates = {}
    if filters.date_from is not None:
        dates["gte"] = filters.date_from.isoformat()
    if filters.date_to is not None:
        dates["lt"] = filters.date_to.isoformat()
    if dates:
        clauses.append({"range": {"first_published_at": dates}})
    return clauses


def search_body(query: Query, filters: Filters, *, newest: bool, offset: int, limit: int) -> dict:
    clauses = [_group_clause(g) for g in query.groups] + [_phrase_clause(p) for p in query.phrases]
    boolean = (
        {"should": clauses, "minimum_should_match": 1} if query.any_group else {"must": clauses}
    )
    boolean["filter"] = filter_clauses(filters)
    sort = (
        [{"first_published_at": "desc"}, {"_id": "desc"}]
        if newest
        else ["_score", {"first_published_at": "desc"}]
    )
    return {
        "query": {"bool": boolean},
        "sort": sort,
        "from": offset,
        "size": limit,
        "track_total_hits": True,
        "_source": False,
    }


def document(entry) -> dict:
    return {
        **{name: getattr(entry, name) for name in TERM_FIELDS},
        "autocomplete": entry.autocomplete,
        "section_id": entry.section_id,
        "first_published_at": entry.first_published_at.isoformat()
        if entry.first_published_at
        else None,
    }


class ElasticsearchEngine(SearchEngine):
    """SAHIFA_SEARCH_URL is the index URL, e.g. http://127.0.0.1:9200/sahifa."""

    timeout = 5

    def _request(self, method: str, path: str, body=None, ndjson: bool = False):
        data = None
        headers = {}
        if body is not None:
            if ndjson:
                data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in body)
                headers["Content-Type"] = "application/x-ndjson"
            else:
                data = json.dumps(body, ensure_ascii=False)
                headers["Content-Type"] = "application/json"
            data = data.encode()
        request = urllib.request.Request(
            self.url.rstrip("/") + path, data=data, method=method, headers=headers
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read() or b"{}")

    def search(self, query, filters, *, newest, offset, limit):
        body = search_body(query, filters, newest=newest, offset=offset, limit=limit)
        found = self._request("POST", "/_search", body)["hits"]
        total = found["total"]["value"] if isinstance(found["total"], dict) else found["total"]
        return Hits(ids=[int(hit["_id"]) for hit in found["hits"]], total=total)

    def autocomplete(self, words, prefix, limit):
        must = [{"match": {"autocomplete": {"query": w, "operator": "and"}}} for w in words]
        must.append({"match": {"autocomplete": {"query": prefix}}})
        body = {
            "query": {"bool": {"must": must}},
            "sort": [{"first_published_at": "desc"}],
            "size": limit,
            "_source": False,
        }
        return [int(hit["_id"]) for hit in self._request("POST", "/_search", body)["hits"]["hits"]]

    def index(self, entries):
        lines = []
        for entry in entries:
            lines.append({"index": {"_id": str(entry.pk)}})
            lines.append(document(entry))
        if lines:
            self._request("POST", "/_bulk", lines, ndjson=True)

    def delete(self, ids):
        lines = [{"delete": {"_id": str(pk)}} for pk in ids]
        if lines:
            self._request("POST", "/_bulk", lines, ndjson=True)

    def reset(self):
        try:
            self._request("DELETE", "")
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise
        self._request("PUT", "", MAPPING)

    def optimize(self):
        self._request("POST", "/_refresh")
