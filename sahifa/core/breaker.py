"""One circuit breaker for every shared store that may fail (Redis stopped,
disk full): after an error the store is left alone for RETRY_AFTER seconds,
so readers do not each pay for a refused connection, and a warning is logged
at most once a minute. Used by the Redis cache backend (core/cache.py) and
by the page cache's shared level (core/pagecache.py, core/pageshare.py)."""

from __future__ import annotations

import logging
import time

from .quietlog import QuietLog

RETRY_AFTER = 5.0  # seconds

log = logging.getLogger(__name__)
quiet = QuietLog(log)


class Breaker:
    def __init__(self, name: str, retry_after: float = RETRY_AFTER) -> None:
        self.name = name
        self.retry_after = retry_after
        self.broken_until = 0.0
        self.last_error = ""

    @property
    def available(self) -> bool:
        return time.monotonic() >= self.broken_until

    def failed(self, action: str, exc: BaseException) -> None:
        self.broken_until = time.monotonic() + self.retry_after
        self.last_error = f"{type(exc).__name__}: {exc}"
        quiet.warning(
            self.name, "%s unavailable (%s: %s); continuing without it", self.name, action, exc
        )

    def reset(self) -> None:
        self.broken_until = 0.0
        self.last_error = ""
