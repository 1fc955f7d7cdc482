"""The page cache's shared state, seen by every web process: a log of
purges (which surrogate keys went stale, numbered in order) and an index of
which cached paths carry which keys.

Each process reads the log at most every REFRESH seconds (one indexed query
or one Redis round trip that usually returns nothing) and drops from its
memory the pages whose keys were purged; a page rendered by another process
(the second level, `caches["pages"]`) is trusted only if none of its keys
was purged after it was rendered. The index answers "which paths did this
purge drop" for caches in front of the app (the proxy, a CDN) and for the
count the benchmark prints.

Backends, following the `pages` cache: Redis when it is Redis (REDIS_URL),
an SQLite file beside the file cache otherwise (WAL: readers never wait),
and process memory when the pages cache is process memory (tests)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import redis

# Purges kept in the log; older ones only matter for pages older than this,
# which have expired (PAGE_CACHE_SECONDS is far shorter in practice).
KEEP_SECONDS = 6 * 3600
KEEP_MIN_ROWS = 200


class LocalShared:
    """One process only: the pages cache is that process's memory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._log: list[tuple[int, float, tuple[str, ...]]] = []
        self._seq = 0
        self._tags: dict[str, set[str]] = {}
        self._paths: dict[str, set[str]] = {}

    def purges_since(self, seq: int) -> list[tuple[int, tuple[str, ...]]]:
        with self._lock:
            return [(s, keys) for s, _, keys in self._log if s > seq]

    def append(self, keys) -> int:
        with self._lock:
            self._seq += 1
            self._log.append((self._seq, time.time(), tuple(keys)))
            cutoff = time.time() - KEEP_SECONDS
            if len(self._log) > KEEP_MIN_ROWS and self._log[0][1] < cutoff:
                self._log = [e for e in self._log if e[1] >= cutoff][-KEEP_MIN_ROWS:]
            return self._seq

    def record(self, path: str, keys) -> None:
        with self._lock:
            self._forget(path)
            self._paths[path] = set(keys)
            for key in keys:
                self._tags.setdefault(key, set()).add(path)

    def _forget(self, path: str) -> None:
        for key in self._paths.pop(path, ()):
            members = self._tags.get(key)
            if members is not None:
                members.discard(path)
                if not members:
                    del self._tags[key]

    def paths(self, keys) -> set[str]:
        with self._lock:
            found: set[str] = set()
            for key in keys:
                found |= self._tags.get(key, set())
            return found

    def forget(self, paths) -> None:
        with self._lock:
            for path in paths:
                self._forget(path)

    def everything(self) -> None:
        with self._lock:
            self._tags.clear()
            self._paths.clear()


class SqliteShared:
    """An SQLite file beside the file cache, shared by the processes of one
    machine (the embedded default)."""

    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS purges"
        " (seq INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, keys TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tags (key TEXT NOT NULL, path TEXT NOT NULL,"
        " PRIMARY KEY (key, path)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS tags_path ON tags (path)",
    )

    def __init__(self, file: Path) -> None:
        self.file = Path(file)
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.file, timeout=2.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            for statement in self.SCHEMA:
                db.execute(statement)
            self._local.db = db
        return db

    def purges_since(self, seq: int) -> list[tuple[int, tuple[str, ...]]]:
        rows = (
            self._db()
            .execute("SELECT seq, keys FROM purges WHERE seq > ? ORDER BY seq", (seq,))
            .fetchall()
        )
        return [(s, tuple(keys.split())) for s, keys in rows]

    def append(self, keys) -> int:
        db = self._db()
        now = time.time()
        with db:
            db.execute("BEGIN IMMEDIATE")
            seq = db.execute(
                "INSERT INTO purges (at, keys) VALUES (?, ?)", (now, " ".join(keys))
            ).lastrowid
            db.execute(
                "DELETE FROM purges WHERE at < ? AND seq < ?",
                (now - KEEP_SECONDS, seq - KEEP_MIN_ROWS),
            )
        return seq

    def record(self, path: str, keys) -> None:
        db = self._db()
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM tags WHERE path = ?", (path,))
            db.executemany(
                "INSERT OR IGNORE INTO tags (key, path) VALUES (?, ?)",
                [(key, path) for key in keys],
            )

    def paths(self, keys) -> set[str]:
        keys = list(keys)
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self._db().execute(
                    f"SELECT DISTINCT path FROM tags WHERE key IN ({marks})",  # noqa: S608 - placeholders only
                    chunk,
                )
            )
        return found

    def forget(self, paths) -> None:
        db = self._db()
        with db:
            db.executemany("DELETE FROM tags WHERE path = ?", [(p,) for p in paths])

    def everything(self) -> None:
        self._db().execute("DELETE FROM tags")


class RedisShared:
    """Redis (REDIS_URL): every process on every machine sees one log."""

    KEEP_ROWS = 20_000

    def __init__(self, url: str, prefix: str, ttl: int) -> None:
        self.redis = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        self.prefix = prefix
        self.ttl = max(ttl, 60) + 60

    def _k(self, name: str) -> str:
        return f"{self.prefix}:pc:{name}"

    def purges_since(self, seq: int) -> list[tuple[int, tuple[str, ...]]]:
        rows = self.redis.zrangebyscore(self._k("log"), f"({seq}", "+inf", withscores=True)
        out = []
        for member, score in rows:
            keys = member.decode().split()[1:]  # the first word keeps members unique
            out.append((int(score), tuple(keys)))
        return out

    def append(self, keys) -> int:
        seq = self.redis.incr(self._k("seq"))
        pipe = self.redis.pipeline()
        pipe.zadd(self._k("log"), {f"{seq} {' '.join(keys)}": seq})
        pipe.zremrangebyrank(self._k("log"), 0, -self.KEEP_ROWS - 1)
        pipe.execute()
        return seq

    def record(self, path: str, keys) -> None:
        old = self.redis.smembers(self._k(f"path:{path}"))
        pipe = self.redis.pipeline()
        for key in old:
            pipe.srem(self._k(f"tag:{key.decode()}"), path)
        pipe.delete(self._k(f"path:{path}"))
        if keys:
            pipe.sadd(self._k(f"path:{path}"), *keys)
            pipe.expire(self._k(f"path:{path}"), self.ttl)
        for key in keys:
            pipe.sadd(self._k(f"tag:{key}"), path)
            pipe.expire(self._k(f"tag:{key}"), self.ttl)
        pipe.execute()

    def paths(self, keys) -> set[str]:
        keys = list(keys)
        if not keys:
            return set()
        return {p.decode() for p in self.redis.sunion([self._k(f"tag:{k}") for k in keys])}

    def forget(self, paths) -> None:
        for path in paths:
            self.record(path, ())

    def everything(self) -> None:
        # Index entries expire with the pages; the log's "*" already made
        # every page stale, so nothing else to drop here.
        return None


def for_cache(config: dict, ttl: int):
    """The shared backend matching the `pages` cache's settings."""
    backend = config.get("BACKEND", "")
    location = config.get("LOCATION", "")
    if "redis" in backend.lower():
        return RedisShared(location, config.get("KEY_PREFIX", "") or "sahifa-pages", ttl)
    if backend.endswith("FileBasedCache"):
        return SqliteShared(Path(location) / "surrogates.sqlite3")
    return LocalShared()
