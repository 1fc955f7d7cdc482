"""The shipped nginx page cache (deploy/nginx/) in front of a live Sahifa.

Each test renders the shipped configuration into a temporary folder, starts
Debian's nginx on a free port in front of a live server (the test's own
database), and talks HTTP to the proxy: publishing purges exactly the changed
page in every encoding while an unrelated page stays a HIT, a stopped app
still has its last good page served, and a spike of readers on a cold page
reaches the app once. Skipped only where nginx is not installed
(`scripts/system-deps.sh test` installs it)."""

import http.client
import importlib.util
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.signals import request_started
from django.utils.encoding import iri_to_uri
from pytest_django.live_server_helper import LiveServer

from sahifa.core import edge
from sahifa.core.pagecache import pages_purged

PROXY = importlib.util.spec_from_file_location(
    "sahifa_deploy_proxy", Path(__file__).resolve().parents[2] / "deploy" / "proxy.py"
)
proxy_module = importlib.util.module_from_spec(PROXY)
PROXY.loader.exec_module(proxy_module)
READY = proxy_module.nginx_binary() is not None and proxy_module.modules_installed()

pytestmark = [
    pytest.mark.skipif(
        not READY, reason="nginx and its modules are not installed (scripts/system-deps.sh test)"
    ),
    pytest.mark.django_db(transaction=True),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy:
    def __init__(self, port: int):
        self.port = port

    def get(self, path: str, encoding: str = "", headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            request_headers = {"Accept-Encoding": encoding} if encoding else {}
            connection.request("GET", path, headers={**request_headers, **(headers or {})})
            response = connection.getresponse()
            body = response.read()
            return response.status, response.getheader("X-Cache-Status", ""), response, body
        finally:
            connection.close()


@pytest.fixture
def app():
    """A live server this test may stop (the shared live_server may not be)."""
    server = LiveServer("127.0.0.1:0")
    server._live_server_modified_settings.enable()
    yield server
    if server.thread.is_alive():  # the test may have stopped it already
        server.stop()
    server._live_server_modified_settings.disable()


@pytest.fixture
def proxy(app, tmp_path, settings):
    yield from _running_proxy(app, tmp_path, settings)


@pytest.fixture
def proxy_purging_elsewhere(app, tmp_path, settings):
    """The proxy with purges and refreshes allowed from another address only."""
    yield from _running_proxy(app, tmp_path, settings, purge_allow="127.0.0.2")


def _running_proxy(app, tmp_path, settings, **options):
    port = _free_port()
    conf = proxy_module.render(
        tmp_path, f"127.0.0.1:{port}", f"127.0.0.1:{app.thread.port}", workers="1", **options
    )
    settings.SAHIFA_PROXY_PURGE_URL = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        proxy_module.command(conf),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    f"nginx did not start: {process.stderr.read().decode()}"
                ) from None
            time.sleep(0.05)
    yield Proxy(port)
    process.terminate()
    process.wait(10)


@pytest.fixture
def renders():
    """Paths the app was asked to render, counted in the live server's thread."""
    seen: list[str] = []
    lock = threading.Lock()

    def count(sender, environ, **kwargs):
        with lock:
            # WSGI hands the path over as latin-1-decoded bytes.
            seen.append(environ["PATH_INFO"].encode("latin-1").decode())

    request_started.connect(count, weak=False)
    yield seen
    request_started.disconnect(count)


def _text(response, body: bytes) -> str:
    encoding = response.getheader("Content-Encoding", "")
    if encoding == "gzip":
        import gzip

        body = gzip.decompress(body)
    elif encoding == "br":
        import brotli

        body = brotli.decompress(body)
    return body.decode()


ENCODINGS = ["", "gzip", "gzip, deflate, br"]


def test_publish_refreshes_the_page_in_every_encoding_and_nothing_else(
    proxy, page_cache, settings, make_article, make_section, commit
):
    settings.PAGE_CACHE_SECONDS = 600  # nothing expires during the test: only purges
    story = make_article(title="العنوان الأول للخبر")
    # Nothing in common with the story (another section, other words), so
    # neither lists the other as related.
    other = make_article(
        title="مباراة انتهت بالتعادل",
        parent=make_section("sports", "رياضة"),
        body=[("paragraph", "<p>انتهت مباراة كرة القدم بالتعادل في الملعب البلدي.</p>")],
        dek="نتيجة المباراة",
    )
    for encoding in ENCODINGS:
        for page in (story, other):
            proxy.get(page.url, encoding)
            status, cache, _, _ = proxy.get(page.url, encoding)
            assert (status, cache) == (200, "HIT"), (page.url, encoding)

    def republish():
        revision = story.get_latest_revision_as_object()
        revision.title = "العنوان المصحح للخبر"
        revision.save_revision().publish()

    purged = []
    pages_purged.connect(lambda sender, paths, **kw: purged.extend(paths), weak=False)
    try:
        commit(republish)
    finally:
        pages_purged.receivers = pages_purged.receivers[:-1]
    assert edge.wait_idle(), "the purge did not finish"
    assert iri_to_uri(story.url) in purged and iri_to_uri(other.url) not in purged, purged
    for encoding in ENCODINGS:
        # Still public: refreshed in place (edge.refresh_proxy), so readers
        # never find it cold, and the copy they get is the new one.
        status, cache, response, body = proxy.get(story.url, encoding)
        assert (status, cache) == (200, "HIT"), encoding
        text = _text(response, body)
        assert "العنوان المصحح للخبر" in text, encoding
        assert "العنوان الأول للخبر" not in text, encoding
        status, cache, _, _ = proxy.get(other.url, encoding)
        assert (status, cache) == (200, "HIT"), encoding


def test_last_good_page_is_served_while_the_app_is_down(
    app, proxy, page_cache, settings, make_article
):
    settings.PAGE_CACHE_SECONDS = 1
    story = make_article(title="خبر يبقى متاحا")
    first = proxy.get(story.url)
    assert first[:2] == (200, "MISS"), first[3][:3000]
    # Past max-age (nginx counts whole seconds): the proxy must ask the app again.
    time.sleep(2.5)
    app.stop()
    status, cache, response, body = proxy.get(story.url)
    assert (status, cache) == (200, "STALE")
    assert "خبر يبقى متاحا" in _text(response, body)


def test_a_spike_on_a_cold_page_renders_it_once(proxy, page_cache, make_article, renders):
    story = make_article(title="خبر ينتشر بسرعة")
    readers = 50
    with ThreadPoolExecutor(readers) as pool:
        results = list(pool.map(lambda _: proxy.get(story.url)[:2], range(readers)))
    assert [status for status, _ in results] == [200] * readers
    assert renders.count(unquote(story.url)) == 1, renders


def test_an_unpublished_page_is_dropped_at_once(proxy, page_cache, settings, make_article, commit):
    settings.PAGE_CACHE_SECONDS = 600
    story = make_article(title="خبر سيسحب من النشر")
    for encoding in ENCODINGS:
        proxy.get(story.url, encoding)
        assert proxy.get(story.url, encoding)[:2] == (200, "HIT"), encoding
    commit(story.unpublish)
    assert edge.wait_idle(), "the purge did not finish"
    for encoding in ENCODINGS:
        status, _, response, body = proxy.get(story.url, encoding)
        assert status == 404 and "خبر سيسحب من النشر" not in _text(response, body), encoding


def test_only_purging_addresses_may_refresh(
    proxy_purging_elsewhere, page_cache, make_article, renders
):
    story = make_article(title="خبر لا يجدده الزوار")
    proxy_purging_elsewhere.get(story.url)
    refresh = {edge.REFRESH_HEADER: "1"}
    assert proxy_purging_elsewhere.get(story.url, headers=refresh)[:2] == (200, "HIT")
    assert renders.count(unquote(story.url)) == 1, renders
