"""Purge the caches in front of the app when its pages go stale.

`pagecache.pages_purged` names the changed pages; after the publishing
transaction commits they are purged

- in the shipped nginx (deploy/nginx/, SAHIFA_PROXY_PURGE_URL): one
  `PURGE /_purge<path>` per cached encoding (identity, gzip, br), sent by a
  background thread over a kept-alive connection, so a publish never waits
  for the proxy and a stopped proxy only costs a logged warning;
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
breaker = Breaker("proxy purge", retry_after=0.0)


def pages_purged_receiver(sender, paths=(), everything=False, **kwargs) -> None:
    """Connected to pagecache.pages_purged in CoreConfig.ready()."""
    paths = [p for p in paths if p.startswith("/")]
    if everything:
        log.info("every page went stale: caches in front expire them by max-age")
    if not paths:
        return
    if settings.SAHIFA_PROXY_PURGE_URL:
        transaction.on_commit(lambda: _proxy.submit(paths))
    if settings.WAGTAILFRONTENDCACHE:
        enqueue(purge_cdn, paths)


def _canonical(path: str) -> str:
    """The path percent-encoded once, as browsers send it (nginx keys on the
    decoded form, so any consistent encoding matches)."""
    return quote(unquote(path), safe="/:@!$&'()*+,;=-._~")


class ProxyPurger:
    """One daemon thread sending PURGE requests in order."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[list[str]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._idle = threading.Condition(self._lock)
        self._pending = 0

    def submit(self, paths: list[str]) -> None:
        with self._lock:
            self._pending += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="proxy-purge", daemon=True)
                self._thread.start()
        self._queue.put(paths)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests and benchmarks: True once every submitted purge was sent."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def _run(self) -> None:
        while True:
            paths = self._queue.get()
            try:
                purge_proxy(paths)
            except Exception:  # noqa: BLE001 - the thread must outlive any purge
                log.exception("proxy purge failed")
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()


_proxy = ProxyPurger()
wait_idle = _proxy.wait_idle


def purge_proxy(paths: list[str]) -> int:
    """PURGE each path in every encoding; returns how many copies were
    dropped (404: that copy was not cached). A refused or slow proxy is
    logged (once a minute) and skipped: its pages expire by max-age."""
    url = urlsplit(settings.SAHIFA_PROXY_PURGE_URL)
    timeout = settings.SAHIFA_PROXY_PURGE_TIMEOUT
    connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
    purged = 0
    try:
        for path in paths:
            for encoding in ENCODINGS:
                headers = {"Host": url.netloc, "Accept-Encoding": encoding}
                connection.request("PURGE", PURGE_PREFIX + _canonical(path), headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    purged += 1
                elif response.status != 404:
                    log.warning("proxy answered %s to PURGE %s", response.status, path)
        breaker.reset()
    except OSError as exc:
        breaker.failed("purge", exc)
    finally:
        connection.close()
    return purged


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
