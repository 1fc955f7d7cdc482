"""Full-page cache for anonymous readers.

Public pages are the same for every reader, so a rendered page is stored and
served again until something is published (a generation counter bumped on
publish/unpublish/delete) or PAGE_CACHE_SECONDS pass. The store is the `pages`
cache: Redis when REDIS_URL is set, otherwise files under var/ shared by all
web processes, so invalidation reaches every process. Responses also carry
`Cache-Control: public` and drop `Vary: Cookie`, so a reverse proxy or CDN can
cache them too (see docs/operations.md)."""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.dispatch import Signal
from django.utils.cache import patch_cache_control

from .quietlog import QuietLog

log = logging.getLogger(__name__)
quiet = QuietLog(log)

GENERATION_KEY = "pagecache:generation"

# Sent after cached pages went stale, so caches in front of the app (the
# shipped proxy, a CDN) drop the same pages: `paths` lists the URL paths
# (no host, query strings dropped), `everything=True` means every page.
pages_purged = Signal()
# After a cache error, readers skip the cache this long (seconds) instead of
# each paying for a refused connection; then one request tries again.
RETRY_AFTER = 5.0
_broken_until = 0.0


def _cache():
    return caches["pages"]


def _available() -> bool:
    return time.monotonic() >= _broken_until


def _failed(action: str, exc: Exception) -> None:
    """The cache is down (Redis stopped, disk full): pages render uncached."""
    global _broken_until
    _broken_until = time.monotonic() + RETRY_AFTER
    quiet.warning(
        "pagecache", "page cache unavailable (%s: %s); serving pages uncached", action, exc
    )


def generation() -> int:
    return _cache().get_or_set(GENERATION_KEY, 1, timeout=None)


def invalidate(**kwargs) -> None:
    """Make every cached page stale (signal receiver friendly). With the
    cache down there is nothing to make stale, but pages cached before the
    outage could outlive it: they expire after PAGE_CACHE_SECONDS anyway."""
    cache = _cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception as exc:  # noqa: BLE001 - a publish must not fail on the cache
        _failed("invalidate", exc)
    pages_purged.send(sender=invalidate, paths=[], everything=True)


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    # Logged-in people (editors) see the user bar and previews: never cached.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDE))


def _key(request) -> str:
    raw = f"{request.get_host()}{request.get_full_path()}"
    return f"pagecache:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = cached = None
        if _available():
            try:
                key = _key(request)
                cached = _cache().get(key)
            except Exception as exc:  # noqa: BLE001 - degrade to rendering
                _failed("read", exc)
                key = None
        if cached is not None:
            cached["X-Cache"] = "HIT"
            return cached
        response = self.get_response(request)
        if self._cacheable_response(response):
            response.headers.pop("Vary", None)
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            response["X-Cache"] = "BYPASS"
            if key is not None:
                try:
                    _cache().set(key, response, settings.PAGE_CACHE_SECONDS)
                    response["X-Cache"] = "MISS"
                except Exception as exc:  # noqa: BLE001
                    _failed("write", exc)
        return response

    @staticmethod
    def _cacheable_response(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "Cache-Control" not in response
            and not response.has_header("Set-Cookie")
        )
