"""No Elasticsearch/OpenSearch server can be installed here: these tests
check the requests the engine sends, against a local HTTP server that
records them and answers like a cluster would."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from sahifa.search.backends.base import Filters, Query
from sahifa.search.backends.elasticsearch import MAPPING, ElasticsearchEngine, search_body


class _Recorder(BaseHTTPRequestHandler):
    requests: list = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.requests.append((self.command, self.path, self.headers.get("Content-Type"), body))
        reply = {"acknowledged": True}
        if self.path.endswith("/_search"):
            reply = {"hits": {"total": {"value": 2}, "hits": [{"_id": "7"}, {"_id": "3"}]}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def cluster():
    _Recorder.requests = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sahifa", _Recorder.requests
    server.shutdown()
    server.server_close()


def test_search_body_and_hits(cluster):
    url, requests = cluster
    engine = ElasticsearchEngine(url=url)
    query = Query(groups=(("وزراء", "وزير"), ("عرب",)), phrases=(("شركات", "روس"),))
    hits = engine.search(query, Filters(section_id=4), newest=False, offset=0, limit=10)
    assert hits.ids == [7, 3] and hits.total == 2
    method, path, content_type, body = requests[0]
    assert (method, path, content_type) == ("POST", "/sahifa/_search", "application/json")
    sent = json.loads(body)
    must = sent["query"]["bool"]["must"]
    assert len(must) == 3
    # The lemma alternative counts half of the light stem in every field.
    title_boosts = {
        clause["term"]["title_terms"]["value"]: clause["term"]["title_terms"]["boost"]
        for clause in must[0]["bool"]["should"]
        if "title_terms" in clause["term"]
    }
    assert title_boosts == {"وزراء": 10.0, "وزير": 5.0}
    assert must[2]["bool"]["should"][0] == {
        "match_phrase": {"title_terms": {"query": "شركات روس", "boost": 10.0}}
    }
    assert sent["query"]["bool"]["filter"] == [{"term": {"section_id": 4}}]


def test_relaxed_and_newest_queries():
    body = search_body(
        Query(groups=(("a",), ("b",)), any_group=True), Filters(), newest=True, offset=20, limit=10
    )
    assert body["query"]["bool"]["minimum_should_match"] == 1
    assert body["sort"][0] == {"first_published_at": "desc"}
    assert (body["from"], body["size"]) == (20, 10)


def test_index_delete_and_reset(cluster):
    url, requests = cluster

    class Entry:
        pk = 5
        title_terms, dek_terms, body_terms, lemma_terms = "حكوم", "", "قرار", ""
        autocomplete = "الحكومه حكومه"
        section_id = 2
        first_published_at = None

    engine = ElasticsearchEngine(url=url)
    engine.reset()
    engine.index([Entry()])
    engine.delete([5])
    assert [(m, p) for m, p, _, _ in requests] == [
        ("DELETE", "/sahifa"),
        ("PUT", "/sahifa"),
        ("POST", "/sahifa/_bulk"),
        ("POST", "/sahifa/_bulk"),
    ]
    assert json.loads(requests[1][3]) == MAPPING
    action, doc = requests[2][3].splitlines()
    assert json.loads(action) == {"index": {"_id": "5"}}
    assert json.loads(doc)["title_terms"] == "حكوم"
    assert requests[2][2] == "application/x-ndjson"
    assert json.loads(requests[3][3]) == {"delete": {"_id": "5"}}
