"""Django's Redis cache that degrades instead of failing: with Redis down
(stopped, restarting, unreachable) every read is a miss and every write is
dropped, so pages render uncached instead of answering 500, including the
caches Wagtail reads on every request (site root paths, settings). A
warning is logged at most once a minute, and after an error Redis is left
alone for RETRY_AFTER seconds, so readers do not each wait on a refused
connection. /readyz reports the cache as degraded meanwhile (`last_error`).

Used for CACHES when REDIS_URL is set (sahifa/settings/base.py)."""

from __future__ import annotations

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from .breaker import RETRY_AFTER, Breaker

__all__ = ["RETRY_AFTER", "ResilientRedisCache"]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.breaker = Breaker(f"cache {self.key_prefix!r}")

    # The breaker's state, under the names /readyz and the tests read.
    @property
    def broken_until(self) -> float:
        return self.breaker.broken_until

    @broken_until.setter
    def broken_until(self, value: float) -> None:
        self.breaker.broken_until = value

    @property
    def last_error(self) -> str:
        return self.breaker.last_error

    @property
    def available(self) -> bool:
        return self.breaker.available

    def _call(self, name: str, fallback, *args, **kwargs):
        if not self.breaker.available:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except (RedisError, OSError) as exc:
            self.breaker.failed(name, exc)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # Missing key → ValueError as Django documents; Redis down → the
        # same, so callers' "start again" path runs (and its set is dropped).
        result = self._call("incr", None, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
