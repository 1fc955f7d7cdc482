"""Image renditions are made by editors' and background work, never by a
reader's request.

A rendition created while a page renders is a database write (and an image
resize) on the reader's thread. While an import or the worker holds SQLite's
write lock that thread waits for the busy timeout, and with a handful of web
threads every reader waits with it (issue 13's soak: 1 % of requests stalled
9–15 s). So:

- Features declare which renditions a role needs (`need("hero", "fill-…")`,
  the same spec patterns their templates use); the articles lifecycle
  consumer generates them for an article when it is published, and
  `manage.py ensure_renditions` does it for articles published before.
- On a reader's request (`ReaderRenditionsMiddleware`: GET/HEAD without a
  session cookie) `SahifaImage.get_rendition(s)` only reads. A rendition
  that does not exist yet is replaced by the nearest existing one (same
  spec for another focal point) or the original file, and noted; a
  background thread of the web process (never the request thread) enqueues
  its generation a moment later.

Without models, so `core.models` can use it; the task lives in
`core.rendition_tasks`, wired in by `CoreConfig.ready()`."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connection
from wagtail.images.models import Filter

log = logging.getLogger(__name__)

# Roles an image plays on an article: its hero picture, pictures in its
# body, its editor-chosen share image, its authors' photos; "image" is any
# image an article shows (the images API lists them all); and the site's
# publisher logo.
ROLES = ("hero", "body", "social", "author_photo", "image", "logo")

_needs: dict[str, list[str]] = {role: [] for role in ROLES}


def need(role: str, *patterns: str) -> None:
    """Declare spec patterns (Wagtail's, brace expansion allowed, space or
    `|` separated as in `{% picture %}`) that images in `role` need."""
    if role not in _needs:
        raise ValueError(f"unknown rendition role {role!r}; one of {', '.join(ROLES)}")
    for pattern in patterns:
        for spec in Filter.expand_spec(pattern):
            if spec not in _needs[role]:
                _needs[role].append(spec)


def specs(role: str) -> list[str]:
    return list(_needs[role])


# -- the reader's path -------------------------------------------------------------
_reading: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "sahifa_reader_renditions", default=False
)


def reading() -> bool:
    """True while a reader's request renders: renditions are only read."""
    return _reading.get()


@contextlib.contextmanager
def reader_path(on: bool = True):
    token = _reading.set(on)
    try:
        yield
    finally:
        _reading.reset(token)


def reader_request(request) -> bool:
    """An anonymous reader: a safe method and no session (editors, who have
    one, may create renditions, as the admin's preview does)."""
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class ReaderRenditionsMiddleware:
    """Marks a reader's request (the whole response, template rendering
    included) as read-only for renditions. SAHIFA_RENDITIONS_READ_ONLY_READERS
    (a Django setting, on by default) lets unit tests that render pages
    without running the publish consumers keep creating them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        on = getattr(settings, "SAHIFA_RENDITIONS_READ_ONLY_READERS", True) and reader_request(
            request
        )
        with reader_path(on):
            return self.get_response(request)


# -- missing renditions: noted on the reader's path, enqueued off it -----------------
_missing: dict[int, set[str]] = {}
_lock = threading.Lock()
_flusher: threading.Thread | None = None
_wake = threading.Event()
FLUSH_DELAY = 2.0  # seconds: one enqueue for a burst of readers
_enqueue: Callable[[int, list[str]], object] | None = None
# Counted for tests and logs: renditions a reader's request had to replace.
fallbacks = 0


def install(enqueue: Callable[[int, list[str]], object]) -> None:
    """How noted renditions reach the worker (set by CoreConfig.ready())."""
    global _enqueue
    _enqueue = enqueue


def note_missing(image_id: int, missing: Iterable[str]) -> None:
    """Remember renditions a reader's request lacked; a background thread
    enqueues their generation (never the request thread: enqueuing writes)."""
    global fallbacks, _flusher
    missing = list(missing)
    with _lock:
        fallbacks += len(missing)
        _missing.setdefault(image_id, set()).update(missing)
        if _flusher is None or not _flusher.is_alive():
            _flusher = _start()
    _wake.set()


def _start() -> threading.Thread:
    thread = threading.Thread(target=_run, name="renditions-flush", daemon=True)
    thread.start()
    return thread


def pending() -> dict[int, set[str]]:
    with _lock:
        return {image_id: set(specs) for image_id, specs in _missing.items()}


def flush() -> int:
    """Enqueue one generation task per noted image; returns how many."""
    with _lock:
        batch = dict(_missing)
        _missing.clear()
    sent = 0
    for image_id, wanted in batch.items():
        try:
            if _enqueue is not None:
                _enqueue(image_id, sorted(wanted))
                sent += 1
        except Exception:  # noqa: BLE001 - a later reader notes it again
            log.warning("could not enqueue renditions for image %s", image_id, exc_info=True)
    return sent


def _run() -> None:
    while True:
        _wake.wait()
        _wake.clear()
        threading.Event().wait(FLUSH_DELAY)
        try:
            flush()
        finally:
            connection.close()  # this thread's own connection, not a reader's
