"""Full-page cache for anonymous readers, in two levels, purged exactly.

Public pages are the same for every reader. A rendered page is kept as
bytes, already compressed (identity, gzip, brotli), in the memory of each
web process (level 1) and in the shared `pages` cache (level 2: Redis when
REDIS_URL is set, otherwise files under var/), so one render serves every
process. A hit in level 1 unpickles nothing and, under granian, does not
even enter Django: `wsgi()` answers it from the WSGI callable.

What a page shows is recorded as surrogate keys while it renders
(core/surrogate.py); a change purges only the pages carrying its keys, via
a purge log every process reads at most every REFRESH seconds
(core/pageshare.py). `invalidate()` still purges everything (an unpublished
section, a deleted author); `invalidate_lazily()` is for site-wide changes
that take nothing away from the public (a new section in the menu, edited
site settings): cached pages are served STALE while each process renders
them again one at a time, for at most PAGE_CACHE_SECONDS. Time-bound
fragments (most read) are holes the cache fills again every minute without
purging the page (core/fragments.py).

Responses carry `Cache-Control: public, max-age=PAGE_CACHE_SECONDS`, a weak
ETag and Last-Modified (304 for revalidations), `Vary: Accept-Encoding`
(never Cookie), and `Surrogate-Key`/`Cache-Tag` for a proxy or CDN. Pages
that are not cached (editors, errors) are still compressed for clients
that accept it. With the shared store down, pages render uncached.

A page that expired without being purged is served STALE while one request
renders it again; a purged page never is (readers wait for its render)."""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
import zlib
from dataclasses import dataclass, field

import brotli
from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import Signal
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, parse_http_date_safe

from . import fragments, pageshare, surrogate
from .breaker import RETRY_AFTER, Breaker

log = logging.getLogger(__name__)

# Sent after cached pages went stale, so caches in front of the app (the
# shipped proxy, a CDN) drop the same pages: `paths` lists the URL paths
# (no host, query strings dropped), `everything=True` means every page,
# `grace=True` that they are still public (refreshed in place: edge.py).
pages_purged = Signal()

__all__ = ["RETRY_AFTER", "PageCacheMiddleware", "invalidate", "pages_purged", "purge", "wsgi"]

REFRESH = 0.2  # seconds between two reads of the shared purge log per process
GZIP_LEVEL = 6
BROTLI_QUALITY = 6  # 11 is ~10 % smaller and ~30× slower; pages are re-compressed every minute
MIN_COMPRESS = 256  # bytes; smaller bodies gain nothing
FRAGMENTS = "~fragments"  # a purge-log key: live fragments render again, pages stay
LAZY = "~lazy"  # a purge-log key: every page renders again, its last copy stands in meanwhile
GRACE = "~grace"  # a purge-log key: the row's pages may stand in for PURGE_GRACE seconds
_MARKERS = (FRAGMENTS, LAZY, GRACE)  # purge-log keys no page carries
ENVIRON_KEY = "sahifa.pagecache.entry"
KEY_ENVIRON = "sahifa.pagecache.key"
# Pages each process keeps in memory (a 60 KB article is ~100 KB with its
# gzip and brotli forms); the rest is read again from the shared level.
MEMORY_ENTRIES = 1000
# Longest a request waits for the same page's render already under way in its
# process before rendering it too (a purge followed by a burst of readers).
COALESCE_SECONDS = 10.0
# A page that only expired (nothing it shows changed: that would have purged
# it) is served as it is, marked STALE, while one request renders it again,
# for at most this share of PAGE_CACHE_SECONDS past its expiry. Without it,
# pages rendered together expire together and every reader of them waits
# behind their renders.
STALE_SHARE = 1.0
# A page purged because an article still public changed (published, edited)
# is served as it was, marked STALE, for at most this many seconds while one
# request of the process renders it again: its readers do not each hold one
# of the process's threads waiting for that render (home is purged by every
# publish). Anything that left the public's view is purged without grace.
PURGE_GRACE = 2.0
# A process renders stale pages (expired, or lazily purged) one at a time and
# at most this share of the time: after a render of d seconds, the next
# waits d × (1 - share) / share, its readers served the last copy meanwhile.
# Back-to-back renders held a core per process and the GIL, and readers of
# cached pages queued behind them for seconds (bench/soak.py).
REFRESH_DUTY = 0.5
# Lifetimes are spread over the last fifth of PAGE_CACHE_SECONDS so that pages
# rendered in one burst (a restart, a site-wide purge) do not expire in one.
EXPIRY_SPREAD = 0.2
# Headers the cache writes itself for every answer.
_OWN = {
    "content-length",
    "content-encoding",
    "vary",
    "x-cache",
    "etag",
    "last-modified",
    "cache-control",
    "surrogate-key",
    "cache-tag",
    "set-cookie",
    "date",
}

# The shared store's health: after an error, readers skip the cache for
# RETRY_AFTER seconds (pages render uncached), one warning a minute.
breaker = Breaker("page cache shared store")


# -- entries -------------------------------------------------------------------
@dataclass
class Entry:
    key: str
    path: str
    born: int  # the last purge this process knew of before rendering
    created: float
    expires: float
    status: int
    headers: list[tuple[str, str]]
    keys: frozenset[str]
    charset: str = "utf-8"
    parts: list | None = None  # str pieces and hole indexes, when the page has holes
    holes: list[tuple[str, object]] = field(default_factory=list)
    fills: list[str] = field(default_factory=list)
    versions: tuple = ()
    bodies: dict[str, bytes] = field(default_factory=dict)
    etag: str = ""
    # Headers added outside Django's page-cache middleware (security headers),
    # learnt from the first answer that went through Django.
    outer: list[tuple[str, str]] | None = None
    wire: dict = field(default_factory=dict)

    def shared(self) -> dict:
        data = dict(self.__dict__)
        data.pop("outer")
        data.pop("wire")
        return data

    def compress(self, body: bytes) -> None:
        self.bodies = {"identity": body}
        if len(body) >= MIN_COMPRESS:
            self.bodies["gzip"] = _gzip(body)
            self.bodies["br"] = brotli.compress(body, quality=BROTLI_QUALITY)
        self.etag = 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        self.wire = {}

    def own_headers(self, encoding: str, body: bytes, x_cache: str) -> list[tuple[str, str]]:
        headers = [
            ("Vary", "Accept-Encoding"),
            ("ETag", self.etag),
            ("Last-Modified", http_date(self.created)),
            # A stand-in (STALE) must not be kept downstream: the proxy or
            # CDN would serve it a whole lifetime after the render replaced it.
            (
                "Cache-Control",
                f"public, max-age={0 if x_cache == 'STALE' else settings.PAGE_CACHE_SECONDS}",
            ),
            ("Surrogate-Key", " ".join(sorted(self.keys))),
            ("Cache-Tag", ",".join(sorted(self.keys))),
            ("X-Cache", x_cache),
        ]
        if encoding != "identity":
            headers.append(("Content-Encoding", encoding))
        return headers

    def not_modified(self, meta) -> bool:
        match = meta.get("HTTP_IF_NONE_MATCH")
        if match is not None:
            tags = {t.strip() for t in match.split(",")}
            return "*" in tags or self.etag in tags or self.etag[2:] in tags
        since = meta.get("HTTP_IF_MODIFIED_SINCE")
        if since:
            moment = parse_http_date_safe(since)
            return moment is not None and moment >= int(self.created)
        return False

    def response(self, meta, x_cache: str) -> HttpResponse:
        if self.not_modified(meta):
            response = HttpResponseNotModified()
            for name, value in self.own_headers("identity", b"", x_cache):
                response[name] = value
            return response
        encoding = choose_encoding(meta.get("HTTP_ACCEPT_ENCODING", ""))
        body = self.bodies.get(encoding)
        if body is None:
            encoding, body = "identity", self.bodies["identity"]
        response = HttpResponse(body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        for name, value in self.own_headers(encoding, body, x_cache):
            response[name] = value
        return response

    def wire_headers(self, encoding: str) -> list[tuple[str, str]]:
        """Every header of a level-1 hit as the WSGI server sends it."""
        headers = self.wire.get(encoding)
        if headers is None:
            if encoding == "304":
                own = self.own_headers("identity", b"", "HIT")
                headers = own + [h for h in self.outer or () if h[0].lower() != "content-type"]
            else:
                body = self.bodies[encoding]
                headers = [
                    *self.headers,
                    *self.own_headers(encoding, body, "HIT"),
                    ("Content-Length", str(len(body))),
                    *(self.outer or ()),
                ]
            self.wire[encoding] = headers
        return headers


def _gzip(body: bytes) -> bytes:
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return packer.compress(body) + packer.flush()


_encodings: dict[str, str] = {}


def choose_encoding(accept: str) -> str:
    """br, then gzip, when the client accepts it (q > 0)."""
    chosen = _encodings.get(accept)
    if chosen is not None:
        return chosen
    accepted: dict[str, float] = {}
    for part in accept.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if "q=" in params:
            try:
                quality = float(params.split("q=", 1)[1].strip())
            except ValueError:
                quality = 0.0
        accepted[name.strip()] = quality
    if accepted.get("br", 0) > 0:
        chosen = "br"
    elif accepted.get("gzip", 0) > 0 or accepted.get("x-gzip", 0) > 0:
        chosen = "gzip"
    else:
        chosen = "identity"
    if len(_encodings) < 512:
        _encodings[accept] = chosen
    return chosen


# -- one process's view of the shared state ------------------------------------
class State:
    def __init__(self, shared) -> None:
        self.shared = shared
        self.lock = threading.Lock()
        self.entries: dict[str, Entry] = {}
        self.by_key: dict[str, set[str]] = {}
        self.seq = -1  # last purge applied; -1 before the first read
        self.floor = 0  # entries born before this are not trusted
        self.everything = 0
        self.fragments = 0
        self.lazy = 0  # pages born before this are served STALE until rendered again
        self.lazy_at = 0.0  # when this process learnt of it (time.time())
        self.last_purge: dict[str, int] = {}
        self.checked = -1e9
        self.healthy = False
        self.filled: dict[tuple, str] = {}
        self.rendering: dict[str, threading.Event] = {}
        self.refreshing = threading.BoundedSemaphore(1)  # renders of stale pages
        self.refresh_after = 0.0  # time.monotonic() before which none starts (REFRESH_DUTY)
        # Pages purged with grace: cache key → (last copy, time.monotonic() deadline).
        self.graced: dict[str, tuple[Entry, float]] = {}

    # one render per page at a time
    def claim(self, key: str) -> threading.Event | None:
        """None when this thread is to render `key` (then `release` it);
        else the render under way, to wait for."""
        with self.lock:
            busy = self.rendering.get(key)
            if busy is None:
                self.rendering[key] = threading.Event()
            return busy

    def release(self, key: str) -> None:
        with self.lock:
            done = self.rendering.pop(key, None)
        if done is not None:
            done.set()

    # stale and graced pages render one at a time, stale ones paced
    def begin_refresh(self, paced: bool = True) -> float | None:
        """The start time when this thread may render a stale (`paced`) or
        graced page now (then `end_refresh` it), else None."""
        if paced and time.monotonic() < self.refresh_after:
            return None
        if not self.refreshing.acquire(blocking=False):
            return None
        return time.monotonic()

    def end_refresh(self, started: float, rendered: bool = True) -> None:
        if rendered:
            now = time.monotonic()
            self.refresh_after = now + (now - started) * (1 - REFRESH_DUTY) / REFRESH_DUTY
        self.refreshing.release()

    # reading the log
    def refresh(self, force: bool = False) -> bool:
        now = time.monotonic()
        if not force and now - self.checked < REFRESH:
            return self.healthy
        if not self.lock.acquire(blocking=force):
            return self.healthy  # another thread is reading the log right now
        try:
            if not force and now - self.checked < REFRESH:
                return self.healthy
            self.checked = now
            if not breaker.available:
                return self._down()
            try:
                rows = self.shared.purges_since(max(self.seq, 0))
            except Exception as exc:  # noqa: BLE001 - degrade to rendering
                breaker.failed("read", exc)
                return self._down()
            self._apply(rows)
            self.healthy = True
            return True
        finally:
            self.lock.release()

    def _down(self) -> bool:
        # Purges may be missed meanwhile: nothing kept is trusted any more.
        self.healthy = False
        self.entries.clear()
        self.by_key.clear()
        self.graced.clear()
        return False

    def _apply(self, rows) -> None:
        if self.seq < 0:
            self.floor = rows[0][0] - 1 if rows else 0
            self.seq = self.floor
        elif rows and rows[0][0] != self.seq + 1:
            rows = [(rows[0][0] - 1, (surrogate.EVERYTHING,)), *rows]  # log trimmed past us
        for seq, keys in rows:
            if surrogate.EVERYTHING in keys:
                self.everything = seq
                self.entries.clear()
                self.by_key.clear()
                self.last_purge.clear()
                self.graced.clear()
            grace = GRACE in keys
            if not grace and self.graced:
                # Purged again, without grace (it left the public's view).
                hard = set(keys)
                for cache_key, (entry, _) in list(self.graced.items()):
                    if not hard.isdisjoint(entry.keys):
                        del self.graced[cache_key]
            for key in keys:
                if key == GRACE:
                    continue
                if key == FRAGMENTS:
                    self.fragments = seq
                    continue
                if key == LAZY:
                    self.lazy = seq
                    self.lazy_at = time.time()
                    continue
                self.last_purge[key] = seq
                for cache_key in self.by_key.pop(key, ()):
                    entry = self.entries.pop(cache_key, None)
                    if grace and entry is not None:
                        self.graced[cache_key] = (entry, time.monotonic() + PURGE_GRACE)
            self.seq = max(self.seq, seq)
        if self.graced:  # stand-ins nobody asked for within their grace
            clock = time.monotonic()
            for cache_key in [k for k, (_, until) in self.graced.items() if until <= clock]:
                del self.graced[cache_key]
        if len(self.last_purge) > 200_000:  # very long-lived process: start over
            self.everything = self.seq
            self.last_purge.clear()
            self.entries.clear()
            self.by_key.clear()

    def trusted(self, born: int, keys) -> bool:
        if born < self.floor or born < self.everything:
            return False
        last = self.last_purge
        return all(last.get(k, 0) <= born for k in keys)

    def current(self, born: int, keys) -> bool:
        """Trusted and younger than the last lazy purge: what a render would
        give now (a fresh page, a kept part)."""
        return born >= self.lazy and self.trusted(born, keys)

    def graced_copy(self, key: str) -> Entry | None:
        """The last copy of a page purged with grace, while it may stand in."""
        item = self.graced.get(key)
        if item is None:
            return None
        if time.monotonic() >= item[1]:
            self.graced.pop(key, None)
            return None
        return item[0]

    def fresh(self, entry: Entry, now: float) -> bool:
        """Servable as a HIT: not expired, not rendered before a lazy purge."""
        return entry.expires > now and entry.born >= self.lazy

    # level 1
    def put(self, entry: Entry) -> None:
        with self.lock:
            if not self.trusted(entry.born, entry.keys):
                return
            old = self.entries.get(entry.key)
            if old is not None and old.outer is not None and entry.outer is None:
                entry.outer = old.outer
            self.entries[entry.key] = entry
            self.graced.pop(entry.key, None)
            for key in entry.keys:
                self.by_key.setdefault(key, set()).add(entry.key)
        if len(self.entries) > MEMORY_ENTRIES:
            self._shrink()

    def _shrink(self) -> None:
        with self.lock:
            now = time.time()
            for cache_key in [k for k, e in self.entries.items() if e.expires <= now]:
                del self.entries[cache_key]
            while len(self.entries) > MEMORY_ENTRIES * 0.9:
                self.entries.pop(next(iter(self.entries)))  # oldest first

    # live fragments
    def versions(self, entry: Entry) -> tuple:
        if not entry.holes:
            return ()
        now = time.time()
        buckets = []
        for name, _ in entry.holes:
            spec = fragments.live(name)
            buckets.append(int(now // spec.every) if spec is not None else 0)
        return (self.fragments, *buckets)

    def refill(self, entry: Entry) -> Entry:
        """The entry with its holes rendered again and re-compressed."""
        versions = self.versions(entry)
        fills = []
        for (name, key), old in zip(entry.holes, entry.fills, strict=True):
            cache_key = (name, key, versions)
            html = self.filled.get(cache_key)
            if html is None:
                try:
                    html = fragments.refill(name, key)
                except Exception:  # noqa: BLE001 - keep showing the last good fragment
                    log.exception("live fragment %s failed; keeping the last one", name)
                    html = None
                html = old if html is None else html
                if len(self.filled) > 2000:
                    self.filled.clear()
                self.filled[cache_key] = html
            fills.append(html)
        fresh = Entry(**{**entry.shared(), "fills": fills, "versions": versions})
        fresh.outer = entry.outer
        _assemble(fresh)
        with self.lock:
            if self.entries.get(entry.key) is entry:
                self.entries[entry.key] = fresh
        return fresh


def _assemble(entry: Entry) -> None:
    # The stored headers stand as they are: the CSP does not depend on the
    # page (security.public_policy), so refilled fragments cannot change it.
    html = "".join(p if isinstance(p, str) else entry.fills[p] for p in entry.parts)
    entry.compress(html.encode(entry.charset))


_states: dict[tuple, State] = {}
_states_lock = threading.Lock()


def _state() -> State:
    config = settings.CACHES["pages"]
    ident = (config.get("BACKEND"), config.get("LOCATION"), config.get("KEY_PREFIX"))
    state = _states.get(ident)
    if state is None:
        with _states_lock:
            state = _states.get(ident)
            if state is None:
                try:
                    shared = pageshare.for_cache(config, settings.PAGE_CACHE_SECONDS)
                except Exception as exc:  # noqa: BLE001 - bad URL: render uncached
                    breaker.failed("open", exc)
                    shared = pageshare.LocalShared()
                state = _states[ident] = State(shared)
    return state


def clear(**kwargs) -> None:
    """Forget every process-level state (tests switching the cache on/off
    or to another store: the setting_changed receiver below)."""
    with _states_lock:
        _states.clear()
    breaker.reset()


def _on_setting_changed(setting, **kwargs) -> None:
    if setting in ("CACHES", "PAGE_CACHE_SECONDS", "PAGE_CACHE_EXCLUDE"):
        clear()


setting_changed.connect(_on_setting_changed, dispatch_uid="pagecache-settings")


def cache_key(meta) -> str:
    """Scheme (and the proxy's), host, raw path and query: one answer each."""
    return (
        f"{meta.get('HTTP_X_FORWARDED_PROTO', '')}|{meta.get('wsgi.url_scheme', '')}|"
        f"{meta.get('HTTP_HOST') or meta.get('SERVER_NAME', '')}|"
        f"{meta.get('PATH_INFO', '')}?{meta.get('QUERY_STRING', '')}"
    )


def _shared_key(key: str) -> str:
    return "pagecache:" + hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def _load(state: State, key: str) -> Entry | None:
    """Level 2: a page another process (or this one, earlier) rendered."""
    try:
        data = caches["pages"].get(_shared_key(key))
    except Exception as exc:  # noqa: BLE001 - degrade to rendering
        breaker.failed("read", exc)
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    entry = Entry(**data)
    if entry.expires <= time.time() or not state.trusted(entry.born, entry.keys):
        return None
    mine = state.entries.get(key)
    if mine is not None and (mine.born, mine.created) >= (entry.born, entry.created):
        return None  # nothing newer than this process's own copy
    state.put(entry)  # older than a lazy purge: kept here to stand in (_stale)
    entry = state.entries.get(key, entry)
    return entry if entry.born >= state.lazy else None


def _cached(state: State, key: str) -> Entry | None:
    """The page's answer if this process or the shared level holds a fresh
    one, its live fragments brought up to date."""
    entry = state.entries.get(key)
    if entry is None or not state.fresh(entry, time.time()):
        # Stale here: another process may have rendered it again already.
        entry = _load(state, key)
    if entry is None or not state.fresh(entry, time.time()):
        return None
    if entry.holes and entry.versions != state.versions(entry):
        entry = state.refill(entry)
    return entry


def _stale(state: State, key: str) -> Entry | None:
    """This process's copy of a page that expired or was purged lazily (but
    not purged by what it shows), while it is young enough to stand in for
    the render under way."""
    entry = state.entries.get(key)
    now = time.time()
    if entry is None or state.fresh(entry, now):
        return None
    # Since when it has been stale: its expiry, or the lazy purge it predates.
    since = min(
        entry.expires if entry.expires <= now else now,
        state.lazy_at if entry.born < state.lazy else now,
    )
    if now - since > settings.PAGE_CACHE_SECONDS * STALE_SHARE:
        return None
    with state.lock:
        if not state.trusted(entry.born, entry.keys):
            return None
    if entry.holes and entry.versions != state.versions(entry):
        entry = state.refill(entry)
    return entry


def _store(state: State, entry: Entry) -> str:
    """Keep a fresh render; its X-Cache: MISS when kept, STALE when what it
    shows was purged while it rendered (so no cache in front keeps it
    either: max-age=0), BYPASS when the shared level failed."""
    state.put(entry)
    if state.entries.get(entry.key) is not entry:
        return "STALE"
    try:
        caches["pages"].set(_shared_key(entry.key), entry.shared(), settings.PAGE_CACHE_SECONDS)
        state.shared.record(entry.path, sorted(entry.keys))
    except Exception as exc:  # noqa: BLE001 - this process still serves it
        breaker.failed("write", exc)
        return "BYPASS"
    return "MISS"


@dataclass
class _Turn:
    """This request renders `key` (its readers in this process wait for it),
    and, when `started` is set, it is the process's stale-page render."""

    state: State
    key: str
    started: float | None = None

    def done(self) -> None:
        if self.started is not None:
            self.state.end_refresh(self.started)
        self.state.release(self.key)


def _lookup(state: State, key: str) -> tuple[Entry | None, str, _Turn | None]:
    """What to answer from the cache (entry, X-Cache), or no entry and, when
    this request is the one to render the page, its turn.

    A burst of readers on a page just purged: one renders, the others wait
    for it instead of each rendering the same page (CPU that cached pages'
    readers then lack). If that render is not kept (not cacheable, purged
    meanwhile), they render. A stale page (expired, or lazily purged) needs
    no wait: its last copy is served while one request renders it again,
    and a process renders one stale page at a time, paced (REFRESH_DUTY).
    A page purged with grace is served as it was while one request renders
    it again, for at most PURGE_GRACE seconds; it takes the same one slot,
    unpaced, so that a publish purging a dozen pages at once leaves the
    process's other threads to cached answers."""
    entry = _cached(state, key)
    if entry is not None:
        return entry, "HIT", None
    stale = _stale(state, key)
    standin = stale if stale is not None else state.graced_copy(key)
    started = None
    if standin is not None:
        started = state.begin_refresh(paced=stale is not None)
        if started is None:
            return standin, "STALE", None
    busy = state.claim(key)
    if busy is None:
        return None, "", _Turn(state, key, started)
    if started is not None:
        state.end_refresh(started, rendered=False)
    if standin is not None:
        return standin, "STALE", None
    if busy.wait(COALESCE_SECONDS):
        entry = _cached(state, key)
        if entry is not None:
            return entry, "HIT", None
    return None, "", None


# -- purging -------------------------------------------------------------------
def purge(keys, *, everything: bool = False, grace: bool = False) -> list[str]:
    """Make the pages carrying any of `keys` stale in every process, and
    tell caches in front of the app which paths went (pages_purged).
    Returns those paths. With `grace` (an article still public changed),
    each process serves a purged page's last copy for up to PURGE_GRACE
    seconds while one request renders it again. A publish never fails on the cache: with the store
    down, this process drops its own pages and the others are not trusting
    theirs meanwhile (pages cached elsewhere before the outage expire after
    PAGE_CACHE_SECONDS)."""
    keys = sorted({surrogate.EVERYTHING} if everything else set(keys))
    if not keys:
        return []
    if grace and not everything:
        keys.append(GRACE)
    state = _state()
    paths: list[str] = []
    try:
        if not everything:
            paths = sorted(state.shared.paths(k for k in keys if k not in _MARKERS))
        state.shared.append(keys)
        if everything:
            state.shared.everything()
        elif paths:
            state.shared.forget(paths)
    except Exception as exc:  # noqa: BLE001 - a publish must not fail on the cache
        breaker.failed("purge", exc)
        with state.lock:
            state._apply([(state.seq + 1, tuple(keys))])
    state.refresh(force=True)
    if everything:
        pages_purged.send(sender=purge, paths=[], everything=True)
    elif paths:
        pages_purged.send(sender=purge, paths=paths, everything=False, grace=grace)
    return paths


def invalidate(**kwargs) -> None:
    """Make every cached page stale (site settings, the menu: signal
    receiver friendly)."""
    purge((), everything=True)


def invalidate_lazily(keys=()) -> list[str]:
    """Every page renders again, each served STALE until its turn (see the
    module's docstring); the pages carrying `keys` (what changed itself)
    are purged exactly. A proxy or CDN in front keeps its copies until they
    expire, the same way."""
    return purge([*keys, LAZY])


def fragments_changed() -> None:
    """Live fragments (most read, a breaking-news banner) render again on
    the next request for each page; no page is purged."""
    purge([FRAGMENTS])


def generation() -> int:
    """The last purge this process applied (grows with every purge)."""
    state = _state()
    state.refresh(force=True)
    return state.seq


def sitewide_seq() -> int | None:
    """The last site-wide purge this process applied (`invalidate()` or
    `invalidate_lazily()`: site settings, the menu, a section or standing
    page published, moved or deleted), read from the shared log at most
    every REFRESH seconds; None while the log cannot be read, when nothing
    kept per process is trusted.
    sahifa/core/sitewide.py keys its per-process rows on it."""
    state = _readable_state()
    return None if state is None else max(state.everything, state.floor, state.lazy)


def current_seq() -> int | None:
    """The last purge this process applied, for something about to render
    (core/parts.py); None while the log cannot be read (keep nothing)."""
    state = _readable_state()
    return None if state is None else state.seq


def _readable_state() -> State | None:
    """This process's state once the purge log has been read, else None."""
    state = _state()
    if not state.refresh() or state.seq < 0:
        return None
    return state


def still_current(born: int, keys) -> bool:
    """Whether what rendered after purge `born` and shows `keys` is still
    what a render would give: no purge of its keys and no site-wide purge
    (lazy ones included) since, and the log readable."""
    state = _readable_state()
    if state is None:
        return False
    with state.lock:
        return state.current(born, keys)


# -- the middleware --------------------------------------------------------------
def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    # Logged-in people (editors) see the user bar and previews: never cached.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDE))


def _cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cache-Control" not in response
        and "Content-Encoding" not in response
        and not response.has_header("Set-Cookie")
    )


def _compressible(response) -> bool:
    kind = response.get("Content-Type", "").split(";")[0].strip().lower()
    return kind == "text/html" or kind.endswith(("json", "xml"))


def compressed(request, response):
    """Compress an answer the cache does not keep, for clients that accept it."""
    if (
        response.streaming
        or response.status_code in (204, 304)
        or response.has_header("Content-Encoding")
        or not _compressible(response)
        or len(response.content) < MIN_COMPRESS
    ):
        return response
    patch_vary_headers(response, ("Accept-Encoding",))
    encoding = choose_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if encoding == "identity":
        return response
    body = response.content
    response.content = _gzip(body) if encoding == "gzip" else brotli.compress(body, quality=4)
    response["Content-Encoding"] = encoding
    response["Content-Length"] = str(len(response.content))
    if response.has_header("ETag"):
        etag = response["ETag"]
        response["ETag"] = etag if etag.startswith("W/") else f"W/{etag}"
    return response


def _split(html: str) -> list:
    """The page as text pieces and hole indexes."""
    pieces = html.split(fragments.HOLE_PREFIX)
    parts: list = [pieces[0]]
    for piece in pieces[1:]:
        index, _, rest = piece.partition("-->")
        parts.append(int(index))
        if rest:
            parts.append(rest)
    return parts


def _fill(response, holes) -> None:
    """Put the fragments' HTML where their holes are (answers not cached)."""
    if not holes or response.streaming or fragments.HOLE_PREFIX.encode() not in response.content:
        return
    charset = response.charset or "utf-8"
    parts = _split(response.content.decode(charset))
    response.content = "".join(p if isinstance(p, str) else holes[p][2] for p in parts).encode(
        charset
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return compressed(request, self.get_response(request))
        state = _state()
        meta = request.META
        # The hot path's key, from the raw path before Django decoded it.
        key = meta.get(KEY_ENVIRON) or cache_key(meta)
        healthy = state.refresh()
        turn = None
        if healthy:
            entry, x_cache, turn = _lookup(state, key)
            if entry is not None:
                meta[ENVIRON_KEY] = entry
                return entry.response(meta, x_cache)
        try:
            return self._render(request, state, key, healthy)
        finally:
            if turn is not None:
                turn.done()

    def _render(self, request, state, key, healthy):
        meta = request.META
        born = state.seq
        holes: list = []
        token = fragments.collect_holes(holes)
        try:
            with surrogate.collecting() as keys:
                response = self.get_response(request)
        finally:
            fragments.stop_holes(token)
        if not _cacheable_response(response):
            _fill(response, holes)
            return compressed(request, response)
        entry = self._entry(request, response, key, born, keys, holes, state)
        x_cache = _store(state, entry) if healthy else "BYPASS"
        if x_cache == "MISS":
            meta[ENVIRON_KEY] = entry
        return entry.response(meta, x_cache)

    @staticmethod
    def _entry(request, response, key, born, keys, holes, state) -> Entry:
        html = response.get("Content-Type", "").startswith("text/html")
        if (
            not html
            or request.META.get("QUERY_STRING")
            or not any(k.startswith(("page-", "tag-", "author-")) for k in keys)
        ):
            # Feeds, sitemaps, API lists, search and anything else not tied
            # to one page: stale on every article change.
            keys.add(surrogate.LISTS)
        now = time.time()
        entry = Entry(
            key=key,
            path=escape_uri_path(request.path),  # as a proxy sees it: percent-encoded
            born=born,
            created=now,
            expires=now + settings.PAGE_CACHE_SECONDS * (1 - EXPIRY_SPREAD * random.random()),
            status=response.status_code,
            headers=[(n, v) for n, v in response.items() if n.lower() not in _OWN],
            keys=frozenset(keys),
            charset=response.charset or "utf-8",
        )
        if holes:
            entry.parts = _split(response.content.decode(entry.charset))
            entry.holes = [(name, hole_key) for name, hole_key, _ in holes]
            entry.fills = [fill for _, _, fill in holes]
            entry.versions = state.versions(entry)
            _assemble(entry)
        else:
            entry.compress(response.content)
        return entry


# -- the hot path: level-1 hits answered before Django -------------------------
def wsgi(application):
    """Wrap the WSGI application (sahifa/wsgi.py): a page this process holds
    is answered from memory without building a Django request. Everything
    else, including the first hit of each page (which teaches the entry the
    headers added outside the page cache), goes through Django."""
    session_cookie = f"{settings.SESSION_COOKIE_NAME}="

    def pagecache_application(environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if (
            (method == "GET" or method == "HEAD")
            and settings.PAGE_CACHE_SECONDS > 0
            and session_cookie not in environ.get("HTTP_COOKIE", "")
        ):
            state = _state()
            key = environ[KEY_ENVIRON] = cache_key(environ)
            if state.refresh():
                entry = state.entries.get(key)
                if (
                    entry is not None
                    and entry.outer is not None
                    and state.fresh(entry, time.time())
                    and (not entry.holes or entry.versions == state.versions(entry))
                ):
                    if entry.not_modified(environ):
                        start_response("304 Not Modified", entry.wire_headers("304"))
                        return [b""]
                    encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
                    if encoding not in entry.bodies:
                        encoding = "identity"
                    start_response(f"{entry.status} OK", entry.wire_headers(encoding))
                    return [b"" if method == "HEAD" else entry.bodies[encoding]]

        def learn(status, headers, exc_info=None):
            entry = environ.get(ENVIRON_KEY)
            if entry is not None and status.startswith("200"):
                known = {n.lower() for n, _ in entry.headers} | _OWN
                entry.outer = [(n, v) for n, v in headers if n.lower() not in known]
                entry.wire = {}
            return start_response(status, headers, exc_info)

        return application(environ, learn)

    return pagecache_application
