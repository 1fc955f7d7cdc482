"""Keeping counts honest and the beacon cheap when something is wrong: the
per-address rate limit, counters of hits not counted, and warnings that do
not flood the log."""

import threading
import time
from collections import Counter

from django.conf import settings

# Why hits were not counted, since the process started (see dropped()).
_dropped: Counter[str] = Counter()
_dropped_lock = threading.Lock()


def drop(reason: str, n: int = 1) -> None:
    with _dropped_lock:
        _dropped[reason] += n


def dropped() -> dict[str, int]:
    """{reason: hits}: "rate_limited" (over the per-address limit),
    "unavailable" (Redis or the salt unreachable), "buffer_full" (the store
    could not write and its buffer was full)."""
    with _dropped_lock:
        return dict(_dropped)


class RateLimiter:
    """At most `limit` beacons per address per fixed window of `window`
    seconds, in this process. Addresses are kept as salted 8-byte hashes and
    forgotten when the window turns; the table is bounded (addresses beyond
    `max_addresses` in one window are not limited rather than tracked)."""

    def __init__(self, max_addresses: int = 100_000) -> None:
        self._lock = threading.Lock()
        self._window_id = -1
        self._seen: dict[bytes, int] = {}
        self.max_addresses = max_addresses

    def reset(self) -> None:
        with self._lock:
            self._window_id, self._seen = -1, {}

    def allow(self, key: bytes, now: float | None = None) -> bool:
        limit = settings.SAHIFA_AUDIENCE_RATE_LIMIT
        if limit <= 0:
            return True
        window_id = int(
            (now if now is not None else time.time())
            // max(settings.SAHIFA_AUDIENCE_RATE_WINDOW_SECONDS, 1)
        )
        with self._lock:
            if window_id != self._window_id:
                self._window_id, self._seen = window_id, {}
            count = self._seen.get(key, 0)
            if count == 0 and len(self._seen) >= self.max_addresses:
                return True
            self._seen[key] = count + 1
        return count < limit
