"""Purging the caches in front of the app (sahifa/core/edge.py) without a
real nginx: a stopped proxy never fails a publish, and CDN backends get the
changed URLs (sahifa/tests/test_proxy.py drives the real proxy)."""

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils.encoding import iri_to_uri

from sahifa.core import edge

pytestmark = pytest.mark.django_db


@pytest.fixture
def purge_server():
    """A stand-in for the proxy: records every PURGE and refresh it is sent
    (the method is the last item); refreshes are answered with the X-Cache
    values in `answers` (the app's), MISS once they run out."""
    seen = []
    answers: list[tuple[int, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_PURGE(self):  # noqa: N802 - the HTTP method's name
            self._answer(200, "")

        def do_GET(self):  # noqa: N802
            assert self.headers[edge.REFRESH_HEADER] == "1"
            self._answer(*(answers.pop(0) if answers else (200, "MISS")))

        def _answer(self, status, x_cache):
            seen.append(
                (self.headers["Host"], self.path, self.headers.get("Accept-Encoding"), self.command)
            )
            self.send_response(status)
            if x_cache:
                self.send_header("X-Cache", x_cache)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], seen, answers
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_stopped_proxy_is_logged_and_the_publish_goes_on(
    settings, client, page_cache, make_article, commit, caplog
):
    settings.SAHIFA_PROXY_PURGE_URL = f"http://127.0.0.1:{_closed_port()}"
    story = make_article(title="خبر أول")
    client.get(story.url)  # cached, so the publish purges it
    edge.breaker.reset()
    with caplog.at_level(logging.WARNING):
        story.title = "خبر معدل"
        commit(lambda: story.save_revision().publish())
        assert edge.wait_idle()
    story.refresh_from_db()
    assert story.title == "خبر معدل" and story.live
    assert "proxy purge unavailable" in caplog.text


def test_proxy_purge_sends_every_encoding(settings, purge_server):
    port, seen, _ = purge_server
    settings.SAHIFA_PROXY_PURGE_URL = f"http://127.0.0.1:{port}"
    assert edge.purge_proxy(["/politics/خبر/"]) == 3
    assert [(path, encoding) for _, path, encoding, _ in seen] == [
        (f"/_purge{iri_to_uri('/politics/خبر/')}", encoding)
        for encoding in ("identity", "gzip", "br")
    ]


def test_a_refresh_asks_again_while_the_app_stands_in(settings, purge_server):
    """A still-public page is refreshed in place; while the app answers with
    its graced stand-in (STALE, which the proxy does not store) the refresh
    asks again, until a fresh render is stored."""
    port, seen, answers = purge_server
    settings.SAHIFA_PROXY_PURGE_URL = f"http://127.0.0.1:{port}"
    answers += [(200, "STALE"), (200, "STALE")]
    assert edge.refresh_proxy(["/politics/خبر/"]) == 3
    path = iri_to_uri("/politics/خبر/")
    assert [(p, e, m) for _, p, e, m in seen] == [
        (path, "identity", "GET"),
        (path, "identity", "GET"),
        (path, "identity", "GET"),
        (path, "gzip", "GET"),
        (path, "br", "GET"),
    ]


def test_a_page_the_app_does_not_answer_freshly_is_purged(settings, purge_server, monkeypatch):
    port, seen, answers = purge_server
    settings.SAHIFA_PROXY_PURGE_URL = f"http://127.0.0.1:{port}"
    monkeypatch.setattr(edge, "REFRESH_PATIENCE", 0.2)
    answers += [(200, "MISS"), (404, "")] + [(200, "STALE")] * 100
    assert edge.refresh_proxy(["/gone/", "/slow/"]) == 1
    # /gone/ answered 404 in gzip; /slow/ stood in past the patience: both purged.
    purges = [(p, e) for _, p, e, m in seen if m == "PURGE"]
    assert purges == [
        (f"/_purge{path}", encoding)
        for path in ("/gone/", "/slow/")
        for encoding in ("identity", "gzip", "br")
    ]


def test_cdn_backends_receive_the_changed_urls(
    settings, client, page_cache, make_article, commit, purge_server
):
    port, seen, _ = purge_server
    settings.SITE_URL = "https://news.example.com"
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{port}",
        }
    }
    story = make_article(title="خبر للشبكة")
    client.get(story.url)
    seen.clear()
    story.title = "خبر للشبكة بعد التعديل"
    commit(lambda: story.save_revision().publish())
    assert ("news.example.com", iri_to_uri(story.url)) in [
        (host, path) for host, path, _, _ in seen
    ]
