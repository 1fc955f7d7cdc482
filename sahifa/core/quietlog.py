"""Warnings that do not flood the log: one line per subject per minute,
saying how often it happened meanwhile. Used wherever a broken dependency
(Redis, a cache, the audience store) would otherwise log once per request."""

import logging
import threading
import time
from collections import Counter


class QuietLog:
    """One warning per `every` seconds per subject, saying how many times it
    happened meanwhile: a dead Redis under 5,000 requests/s writes one line a
    minute, not 5,000 a second."""

    def __init__(self, logger: logging.Logger, every: float = 60.0) -> None:
        self.logger = logger
        self.every = every
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}
        self._since: Counter[str] = Counter()

    def warning(self, subject: str, message: str, *args, exc_info=False) -> bool:
        """Log now, or count for the next line. Returns whether it logged."""
        now = time.monotonic()
        with self._lock:
            self._since[subject] += 1
            last = self._last.get(subject)
            if last is not None and now - last < self.every:
                return False
            self._last[subject] = now
            times = self._since.pop(subject)
        self.logger.warning(
            f"{message} (%s times in the last %ss)",
            *args,
            times,
            int(self.every),
            exc_info=exc_info,
        )
        return True
