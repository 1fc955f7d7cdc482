"""Purge the caches in front of the app when its pages go stale.

`pagecache.pages_purged` names the changed pages; after the publishing
transaction commits they are purged

- in the shipped nginx (deploy/nginx/, SAHIFA_PROXY_PURGE_URL), by a
  background thread over a kept-alive connection, so a publish never waits
  for the proxy and a stopped proxy only costs a logged warning. A page
  still public (published, edited: the page cache's grace purge) is
  refreshed in place: one `GET <path>` with `X-Sahifa-Refresh: 1` per
  cached encoding (identity, gzip, br), which the proxy answers from the
  app and stores over its copy, while readers keep getting the last copy
  until then. A purged copy would leave the page cold, and a spike's
  readers would all wait on nginx's cache lock, which re-checks every
  500 ms (bench/proxy.py's spike: p99 384 ms). Anything else (a page that
  left the public's view) is dropped: one `PURGE /_purge<path>` per
  encoding;
- in CDNs through Wagtail's frontend_cache backends (Cloudflare,
  CloudFront, Azure, a generic HTTP PURGE for Varnish) configured from
  SAHIFA_CDN_* variables (settings.WAGTAILFRONTENDCACHE), as a task on the
  job queue: their APIs are remote and slow, and a failure is retried.

"Everything" (a menu or site settings change) cannot be purged in nginx's
cache-purge module 2.3 (no wildcards): those pages age out after
PAGE_CACHE_SECONDS, the max-age the app sends."""

from __future__ import annotations

import http.client
import logging
import queue
import threading
import time
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.db import transaction
from django_tasks import task
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from .breaker import Breaker
from .jobs import enqueue, retry_later

log = logging.getLogger(__name__)

# The proxy caches one copy per value of this header (see the map in
# deploy/nginx/sahifa.conf.in); each must be purged.
ENCODINGS = ("identity", "gzip", "br")
# The proxy's purge location: /_purge/<path> drops <path>'s cached copy.
PURGE_PREFIX = "/_purge"
# A GET with this header from a purging address replaces the proxy's copy.
REFRESH_HEADER = "X-Sahifa-Refresh"
# While the app answers a refresh with a stand-in (X-Cache: STALE, during a
# purge's grace: the proxy does not store it), ask again for this long;
# then drop the copy instead.
REFRESH_PATIENCE = 3.0
breaker = Breaker("proxy purge", retry_after=0.0)


def pages_purged_receiver(sender, paths=(), everything=False, grace=False, **kwargs) -> None:
    """Connected to pagecache.pages_purged in CoreConfig.ready(). `grace`:
    the pages are still public, refreshed in place in the proxy."""
    paths = [p for p in paths if p.startswith("/")]
    if everything:
        log.info("every page went stale: caches in front expire them by max-age")
    if not paths:
        return
    if settings.SAHIFA_PROXY_PURGE_URL:
        transaction.on_commit(lambda: _proxy.submit(paths, refresh=grace))
    if settings.WAGTAILFRONTENDCACHE:
        enqueue(purge_cdn, paths)


def _canonical(path: str) -> str:
    """The path percent-encoded once, as browsers send it (nginx keys on the
    decoded form, so any consistent encoding matches)."""
    return quote(unquote(path), safe="/:@!$&'()*+,;=-._~")


class ProxyPurger:
    """One daemon thread sending purges and refreshes in order."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[list[str], bool]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._idle = threading.Condition(self._lock)
        self._pending = 0

    def submit(self, paths: list[str], refresh: bool = False) -> None:
        with self._lock:
            self._pending += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="proxy-purge", daemon=True)
                self._thread.start()
        self._queue.put((paths, refresh))

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests and benchmarks: True once every submitted purge was sent."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def _run(self) -> None:
        while True:
            paths, refresh = self._queue.get()
            try:
                (refresh_proxy if refresh else purge_proxy)(paths)
            except Exception:  # noqa: BLE001 - the thread must outlive any purge
                log.exception("proxy purge failed")
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()


_proxy = ProxyPurger()
wait_idle = _proxy.wait_idle


def _connection() -> tuple[http.client.HTTPConnection, str]:
    url = urlsplit(settings.SAHIFA_PROXY_PURGE_URL)
    timeout = settings.SAHIFA_PROXY_PURGE_TIMEOUT
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout), url.netloc


def _each_copy(paths: list[str], send) -> int:
    """`send(connection, host, path, encoding)` for every cached copy of
    each path, over one kept-alive connection; returns how many sends
    answered True. A refused or slow proxy is logged (once a minute) and
    the rest skipped: its pages expire by max-age."""
    connection, host = _connection()
    done = 0
    try:
        for path in paths:
            for encoding in ENCODINGS:
                done += bool(send(connection, host, path, encoding))
        breaker.reset()
    except OSError as exc:
        breaker.failed("purge", exc)
    finally:
        connection.close()
    return done


def refresh_proxy(paths: list[str]) -> int:
    """Replace each path's copy in every encoding with the app's fresh
    answer; returns how many copies were replaced. A path the app does not
    answer freshly within REFRESH_PATIENCE (or not with a 200) is purged."""
    leftover: list[str] = []

    def send(connection, host: str, path: str, encoding: str) -> bool:
        if leftover and leftover[-1] == path:
            return False  # one encoding failed: the path is purged whole
        if _refresh(connection, host, path, encoding):
            return True
        leftover.append(path)
        return False

    replaced = _each_copy(paths, send)
    if leftover:
        purge_proxy(leftover)
    return replaced


def _refresh(connection, host: str, path: str, encoding: str) -> bool:
    """True once the proxy stored a fresh render (the app's X-Cache MISS,
    HIT or BYPASS), asking again while the app stands in (STALE)."""
    headers = {"Host": host, "Accept-Encoding": encoding, REFRESH_HEADER: "1"}
    deadline = time.monotonic() + REFRESH_PATIENCE
    while True:
        connection.request("GET", _canonical(path), headers=headers)
        response = connection.getresponse()
        response.read()
        answer = response.getheader("X-Cache", "")
        if response.status == 200 and answer in ("MISS", "HIT", "BYPASS"):
            return True
        if response.status != 200 or answer != "STALE" or time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def _purge(connection, host: str, path: str, encoding: str) -> bool:
    """True when the copy was dropped (404: it was not cached)."""
    headers = {"Host": host, "Accept-Encoding": encoding}
    connection.request("PURGE", PURGE_PREFIX + _canonical(path), headers=headers)
    response = connection.getresponse()
    response.read()
    if response.status not in (200, 404):
        log.warning("proxy answered %s to PURGE %s", response.status, path)
    return response.status == 200


def purge_proxy(paths: list[str]) -> int:
    """PURGE each path in every encoding; returns how many copies were
    dropped."""
    return _each_copy(paths, _purge)


@task()
def purge_cdn(paths: list[str], attempt: int = 1) -> int:
    """Purge the site's URLs for `paths` in every configured CDN backend."""
    urls = [settings.SITE_URL + _canonical(path) for path in paths]
    try:
        purge_urls_from_cache(urls)
    except Exception:  # noqa: BLE001 - retried with backoff, never raised into the queue
        log.exception("CDN purge failed for %d URLs (attempt %d)", len(urls), attempt)
        retry_later(purge_cdn, attempt, paths)
        return 0
    return len(urls)
