"""Full-page cache for anonymous readers.

Public pages are the same for every reader, so a rendered page is stored and
served again until something is published (a generation counter bumped on
publish/unpublish/delete) or PAGE_CACHE_SECONDS pass. The store is the `pages`
cache: Redis when REDIS_URL is set, otherwise files under var/ shared by all
web processes, so invalidation reaches every process. Responses also carry
`Cache-Control: public` and drop `Vary: Cookie`, so a reverse proxy or CDN can
cache them too (see docs/operations.md)."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import patch_cache_control

GENERATION_KEY = "pagecache:generation"


def _cache():
    return caches["pages"]


def generation() -> int:
    return _cache().get_or_set(GENERATION_KEY, 1, timeout=None)


def invalidate(**kwargs) -> None:
    """Make every cached page stale (signal receiver friendly)."""
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


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
        key = _key(request)
        cached = _cache().get(key)
        if cached is not None:
            cached["X-Cache"] = "HIT"
            return cached
        response = self.get_response(request)
        if self._cacheable_response(response):
            response.headers.pop("Vary", None)
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            _cache().set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "MISS"
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
