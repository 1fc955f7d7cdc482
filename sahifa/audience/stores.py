"""Where hits wait before they reach the database.

EmbeddedStore (no Redis): each web process keeps a small in-memory buffer
and a background thread writes it in one transaction every
SAHIFA_AUDIENCE_FLUSH_SECONDS; dedupe keys go to the database (SeenKey), so
two web processes agree on who was already counted.

RedisStore (REDIS_URL or SAHIFA_AUDIENCE_REDIS_URL): each process buffers
hits in memory too, and pushes them every SAHIFA_AUDIENCE_REDIS_PUSH_SECONDS
in one MULTI/EXEC pipeline (counters + HyperLogLog + dirty set): one Redis
round trip per hit capped ingestion at about 4,700 beacons/s here, one per
second per process costs nothing (bench/audience_ingest.py). A flush,
guarded by a Redis lock so only one process runs it at a time, copies the
absolute numbers of the touched article-hours into the database.

Web servers whose workers end with os._exit (granian's multiprocessing
workers) skip atexit: the final write is also registered as a
multiprocessing finalizer, which those workers do run."""

import atexit
import logging
import multiprocessing.util
import os
import secrets
import threading
import time
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connections, transaction

from sahifa.core.quietlog import QuietLog

from . import storage
from .limits import drop
from .models import DailySalt
from .privacy import dedupe_key

log = logging.getLogger(__name__)

VIEW = "v"
SHARE = "s"
NETWORKS = ("x", "facebook", "whatsapp", "telegram", "copy")
SALT_RETRY_SECONDS = 5.0

# Store failures repeat at every tick and every beacon: one line a minute.
_quiet = QuietLog(log)


class SaltUnavailable(Exception):
    pass


class BaseStore:
    """record() runs on the request path and must stay in microseconds;
    flush() runs off it (thread, scheduler, or a test)."""

    def __init__(self) -> None:
        self._pid = os.getpid()
        self._salt: tuple[str, bytes] | None = None
        self._salt_retry_at = 0.0
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # guards the subclass's buffer
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._finalizer: multiprocessing.util.Finalize | None = None
        self.last_flush = 0.0

    # -- the daily salt ----------------------------------------------------
    def salt(self, now: datetime) -> bytes:
        day = now.date().isoformat()
        if self._salt is None or self._salt[0] != day:
            # After a failure, wait before asking again: with Redis down each
            # beacon is then refused in microseconds, not after a timeout.
            if time.monotonic() < self._salt_retry_at:
                raise SaltUnavailable("the day's salt could not be loaded; retrying soon")
            try:
                self._salt = (day, self._load_salt(now))
            except Exception:
                self._salt_retry_at = time.monotonic() + SALT_RETRY_SECONDS
                raise
        return self._salt[1]

    def _load_salt(self, now: datetime) -> bytes:
        raise NotImplementedError

    # -- hits --------------------------------------------------------------
    def record(self, page_id: int, event: str, network: str, visitor: bytes, now: datetime):
        raise NotImplementedError

    def flush(self) -> int:
        raise NotImplementedError

    # -- the background flusher --------------------------------------------
    def start(self) -> None:
        """Start the flush thread once per process (after a fork too)."""
        if not settings.SAHIFA_AUDIENCE_FLUSH_THREAD:
            return
        if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
            return
        self._pid = os.getpid()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="audience-flush", daemon=True)
        self._thread.start()
        atexit.register(self.close)
        self._finalizer = multiprocessing.util.Finalize(None, self.close, exitpriority=10)

    def interval(self) -> float:
        """Seconds between two ticks of the background thread."""
        return settings.SAHIFA_AUDIENCE_FLUSH_SECONDS

    def tick(self) -> None:
        self.flush_safely()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval())
            self._wake.clear()
            if self._stop.is_set():
                break
            self.tick()
        connections.close_all()

    def flush_safely(self) -> int:
        close_old_connections()
        try:
            return self.flush()
        except Exception:  # noqa: BLE001 - counting must never take a worker down
            _quiet.warning("flush", "audience flush failed; will retry", exc_info=True)
            return 0

    def close(self, flush: bool = True) -> None:
        """Stop the thread and write what is buffered (graceful worker exit)."""
        atexit.unregister(self.close)
        finalizer, self._finalizer = self._finalizer, None
        if finalizer is not None:
            finalizer.cancel()
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self._thread = None
        if flush:
            self.flush_safely()


class EmbeddedStore(BaseStore):
    def __init__(self) -> None:
        super().__init__()
        self._reset()

    def _reset(self) -> None:
        # (page, hour) -> raw pageviews; dedupe candidates key -> (page, hour, field)
        self._pageviews: dict[tuple[int, int], int] = {}
        self._candidates: dict[int, tuple[int, int, int]] = {}
        self._size = 0

    def _load_salt(self, now: datetime) -> bytes:
        day = now.date()
        salt = DailySalt.objects.filter(day=day).values_list("salt", flat=True).first()
        if salt is None:
            try:
                with transaction.atomic():
                    salt = DailySalt.objects.create(day=day, salt=secrets.token_hex(32)).salt
            except IntegrityError:  # another process made it first
                salt = DailySalt.objects.get(day=day).salt
            DailySalt.objects.filter(day__lt=day).delete()
        return bytes.fromhex(salt)

    def record(self, page_id, event, network, visitor, now) -> None:
        hour = int(now.timestamp()) // 3600
        field = 0 if event == VIEW else 2
        key = dedupe_key(visitor, page_id, event + network, hour)
        with self._lock:
            # Bounded while the database cannot be written: then drop.
            if self._size >= 2 * settings.SAHIFA_AUDIENCE_BUFFER_MAX:
                drop("buffer_full")
                _quiet.warning("buffer", "audience buffer full: hits dropped")
                return
            if event == VIEW:
                pair = (page_id, hour)
                self._pageviews[pair] = self._pageviews.get(pair, 0) + 1
            self._candidates.setdefault(key, (page_id, hour, field))
            self._size += 1
            full = self._size >= settings.SAHIFA_AUDIENCE_BUFFER_MAX
        if full:
            self._wake.set()

    def pending(self) -> int:
        return self._size

    def flush(self) -> int:
        with self._lock:
            pageviews, candidates = self._pageviews, self._candidates
            self._reset()
        self.last_flush = time.monotonic()
        if not pageviews and not candidates:
            return 0
        try:
            return self._write(pageviews, candidates)
        except Exception:
            self._requeue(pageviews, candidates)
            raise

    def _write(self, pageviews, candidates) -> int:
        live = storage.live_article_ids(
            {p for p, _ in pageviews} | {p for p, _, _ in candidates.values()}
        )
        counts: storage.Counts = {}
        for pair, n in pageviews.items():
            if pair[0] in live:
                counts.setdefault(pair, [0, 0, 0])[1] += n
        candidates = {k: v for k, v in candidates.items() if v[0] in live}
        with transaction.atomic():
            new = storage.claim_keys({k: hour for k, (_, hour, _) in candidates.items()})
            for key in new:
                page_id, hour, field = candidates[key]
                counts.setdefault((page_id, hour), [0, 0, 0])[field] += 1
            if counts:
                storage.upsert_hourly(counts, add=True)
                storage.refresh_daily(counts)
        return len(counts)

    def _requeue(self, pageviews, candidates) -> None:
        """A failed write goes back into the buffer, unless it is full."""
        with self._lock:
            if self._size >= settings.SAHIFA_AUDIENCE_BUFFER_MAX:
                drop("buffer_full", len(candidates))
                _quiet.warning("buffer", "audience buffer full: hits dropped")
                return
            for pair, n in pageviews.items():
                self._pageviews[pair] = self._pageviews.get(pair, 0) + n
            for key, value in candidates.items():
                self._candidates.setdefault(key, value)
            self._size += len(candidates)


KEY_TTL = 3 * 24 * 3600


class RedisStore(BaseStore):
    def __init__(self, url: str, prefix: str = "sahifa:aud:") -> None:
        super().__init__()
        import redis

        self.prefix = prefix
        self.redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._pending: list[tuple[int, int, str, bytes]] = []

    def _load_salt(self, now: datetime) -> bytes:
        key = f"{self.prefix}salt:{now.date().isoformat()}"
        # Kept a little over a day, then Redis forgets it for good.
        self.redis.set(key, secrets.token_hex(32), nx=True, ex=26 * 3600)
        return bytes.fromhex(self.redis.get(key).decode())

    def record(self, page_id, event, network, visitor, now) -> None:
        hour = int(now.timestamp()) // 3600
        element = visitor if event == VIEW else visitor + network.encode()
        with self._lock:
            # Bounded while Redis is away: twice the push trigger, then drop.
            if len(self._pending) >= 2 * settings.SAHIFA_AUDIENCE_BUFFER_MAX:
                drop("buffer_full")
                _quiet.warning("buffer", "audience buffer full: hits dropped")
                return
            self._pending.append((page_id, hour, event + network, element))
            full = len(self._pending) >= settings.SAHIFA_AUDIENCE_BUFFER_MAX
        if full:
            self._wake.set()

    def pending(self) -> int:
        return len(self._pending)

    def push(self) -> int:
        """Send this process's buffered hits to Redis in one transaction:
        raw counters, visitors into the HyperLogLogs, the dirty set. A
        failed push goes back into the buffer (up to BUFFER_MAX)."""
        with self._lock:
            hits, self._pending = self._pending, []
        if not hits:
            return 0
        p = self.prefix
        raw: dict[tuple[str, str], int] = {}
        visitors: dict[str, list[bytes]] = {}
        dirty = set()
        for page_id, hour, kind, element in hits:
            counter = f"{p}h:{hour}:{page_id}"
            if kind == VIEW:
                field, hll = "pv", f"{p}v:{hour}:{page_id}"
            else:
                field, hll = f"s:{kind[1:]}", f"{p}s:{hour}:{page_id}"
            raw[counter, field] = raw.get((counter, field), 0) + 1
            visitors.setdefault(hll, []).append(element)
            dirty.add(f"{hour}:{page_id}")
        pipe = self.redis.pipeline(transaction=True)
        for (counter, field), n in raw.items():
            pipe.hincrby(counter, field, n)
            pipe.expire(counter, KEY_TTL)
        for hll, elements in visitors.items():
            pipe.pfadd(hll, *elements)
            pipe.expire(hll, KEY_TTL)
        pipe.sadd(f"{p}dirty", *dirty)
        try:
            pipe.execute()
        except Exception:
            with self._lock:
                room = settings.SAHIFA_AUDIENCE_BUFFER_MAX - len(self._pending)
                if room < len(hits):
                    drop("buffer_full", len(hits) - max(room, 0))
                    _quiet.warning("buffer", "audience buffer full: hits dropped")
                self._pending[:0] = hits[: max(room, 0)]
            raise
        return len(hits)

    def interval(self) -> float:
        return min(settings.SAHIFA_AUDIENCE_REDIS_PUSH_SECONDS, super().interval())

    def tick(self) -> None:
        """Push every tick; copy to the database every FLUSH_SECONDS."""
        if time.monotonic() - self.last_flush >= settings.SAHIFA_AUDIENCE_FLUSH_SECONDS:
            self.flush_safely()
            return
        try:
            self.push()
        except Exception:  # noqa: BLE001 - kept in the buffer, retried next tick
            _quiet.warning("push", "audience push to Redis failed; will retry", exc_info=True)

    def flush(self) -> int:
        """Copy absolute numbers of every touched article-hour. Idempotent:
        a crash before DEL leaves `flushing`, which the next flush merges."""
        self.push()
        p = self.prefix
        token = secrets.token_hex(8)
        if not self.redis.set(f"{p}flushlock", token, nx=True, ex=60):
            return 0
        self.last_flush = time.monotonic()
        try:
            pipe = self.redis.pipeline(transaction=True)
            pipe.sunionstore(f"{p}flushing", [f"{p}flushing", f"{p}dirty"])
            pipe.delete(f"{p}dirty")
            pipe.smembers(f"{p}flushing")
            members = pipe.execute()[2]
            if not members:
                return 0
            pairs = []
            for member in members:
                hour, page_id = member.decode().split(":")
                pairs.append((int(page_id), int(hour)))
            pipe = self.redis.pipeline(transaction=False)
            for page_id, hour in pairs:
                pipe.hgetall(f"{p}h:{hour}:{page_id}")
                pipe.pfcount(f"{p}v:{hour}:{page_id}")
                pipe.pfcount(f"{p}s:{hour}:{page_id}")
            results = pipe.execute()
            counts: storage.Counts = {}
            for index, pair in enumerate(pairs):
                raw, views, shares = results[index * 3 : index * 3 + 3]
                counts[pair] = [views, int(raw.get(b"pv", 0)), shares]
            written = storage.write_counts(counts, add=False)
            self.redis.delete(f"{p}flushing")
            return written
        finally:
            if self.redis.get(f"{p}flushlock") == token.encode():
                self.redis.delete(f"{p}flushlock")


_store: BaseStore | None = None
_store_lock = threading.Lock()


def redis_url() -> str:
    return settings.SAHIFA_AUDIENCE_REDIS_URL


def get_store() -> BaseStore:
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                url = redis_url()
                _store = RedisStore(url) if url else EmbeddedStore()
    return _store


def reset_store(flush: bool = True) -> None:
    """Close the current store (writing its buffer unless flush=False) and
    forget it; the next get_store() reads the settings again."""
    global _store
    with _store_lock:
        store, _store = _store, None
    if store is not None:
        store.close(flush=flush)
