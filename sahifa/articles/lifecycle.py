"""One publishing lifecycle for articles: events are received here, once,
and fanned out after the transaction commits to the consumers that features
register (search, related, listen, distribution, audience, the page cache).

    published · unpublished · moved · deleted ·
    restricted (a view restriction on the article
    or an ancestor added, changed or removed)       → consumer.sync(page_id)
    rendering (site settings, an author, a section
    or home page changed)                            → consumer.refresh()
    rendering, only added or edited (a section or
    standing page published, settings or an author
    saved: nothing disappears from the public)       → consumer.refresh_lazily(page_ids)

`sync(page_id)` is idempotent: it reads the article as it is when it runs
(visible to the public or not — `ArticlePage.objects.visible()`, where it
sits, whether it still exists) and converges, so one
function serves every event and late or repeated runs are harmless. It runs
in the `sync_article` task (retried with backoff), never in the editor's
request; only consumers marked `inline` (cheap and needed at once, like
dropping cached pages) run at commit time in the request.

`refresh_lazily(page_ids)` (falling back to `refresh`) is exact for the
pages that were published themselves (`page_ids`) and may let readers see
the old rendering of the others a little longer while the new one is made:
the page cache serves its last copies while it renders pages again one at a
time, so a new section in the menu does not make every reader wait for
every page at once. Anything that takes content away from the public
(unpublished, moved, deleted, restricted) is never lazy.

Inside `batch()` (an import run), inline consumers are called once at the
commit for all the batch's articles (`sync_many`) instead of once per
article: 300 imported articles purge their pages in one go, not 300 times.

Features register from their AppConfig.ready(): `lifecycle.register(...)`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import transaction
from django_tasks import task

from sahifa.core.jobs import enqueue, retry_later

log = logging.getLogger(__name__)


class Event(StrEnum):
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    MOVED = "moved"
    DELETED = "deleted"
    # A password, login or group restriction on the article or an ancestor
    # was added, changed or removed: visible to the public, or no longer.
    RESTRICTED = "restricted"


@dataclass(frozen=True)
class Consumer:
    name: str
    sync: Callable[[int], object]
    refresh: Callable[[], object] | None = None
    inline: bool = False
    # Many articles at once (a batch); by default `sync` for each.
    sync_many: Callable[[Sequence[int]], object] | None = None
    # Site-wide, nothing taken away from the public: exact for the pages
    # published themselves, may converge gradually for the rest.
    refresh_lazily: Callable[[Sequence[int]], object] | None = None

    def sync_all(self, page_ids: Sequence[int]) -> None:
        if self.sync_many is not None:
            self.sync_many(page_ids)
        else:
            for page_id in page_ids:
                self.sync(page_id)

    def refreshes_lazily(self, lazy: bool) -> bool:
        """Whether a site-wide change refreshes lazily here: allowed and offered."""
        return lazy and self.refresh_lazily is not None

    def refresh_call(self, lazy: bool, page_ids: Sequence[int] = ()) -> Callable[[], object] | None:
        """The refresh to run: lazy when allowed and offered, else full."""
        if self.refreshes_lazily(lazy):
            refresh_lazily = self.refresh_lazily
            return lambda: refresh_lazily(list(page_ids))
        return self.refresh


_consumers: dict[str, Consumer] = {}


def register(consumer: Consumer) -> None:
    _consumers[consumer.name] = consumer


def consumers() -> list[Consumer]:
    return list(_consumers.values())


def get(name: str) -> Consumer:
    return _consumers[name]


def _run_inline(consumer: Consumer, call: Callable[[], object]) -> None:
    try:
        call()
    except Exception:  # noqa: BLE001 - the publish succeeded; the next event converges
        log.exception("lifecycle consumer %s failed inline", consumer.name)


def _after_commit(consumer: Consumer, call: Callable[[], object]) -> None:
    transaction.on_commit(lambda: _run_inline(consumer, call), robust=True)


@dataclass
class _Batch:
    page_ids: dict[int, None]  # ordered, once each
    refresh: bool = False
    lazy: bool = True  # every site-wide change in the batch was lazy
    lazy_pages: dict[int, None] = field(default_factory=dict)


_batches = threading.local()


def _current() -> _Batch | None:
    return getattr(_batches, "current", None)


@contextmanager
def batch() -> Iterator[None]:
    """Hold inline consumers' calls until the block ends, then register one
    call per consumer for the transaction's commit: `sync_all()` of the
    batch's articles, and `refresh()` if anything site-wide changed (a
    full refresh covers every article; a lazy one comes after the exact
    sync). Use it inside the transaction; nothing is registered when the
    block raises. Background consumers are queued as usual."""
    if _current() is not None:  # nested: the outer batch collects
        yield
        return
    collected = _batches.current = _Batch(page_ids={})
    try:
        yield
    finally:
        _batches.current = None
    page_ids = list(collected.page_ids)
    for consumer in consumers():
        if not consumer.inline:
            continue
        refresh = None
        if collected.refresh:
            refresh = consumer.refresh_call(collected.lazy, list(collected.lazy_pages))
        full = refresh is not None and not consumer.refreshes_lazily(collected.lazy)
        if page_ids and not full:
            _after_commit(consumer, lambda c=consumer: c.sync_all(page_ids))
        if refresh is not None:
            _after_commit(consumer, refresh)


def article_changed(event: Event, page_id: int) -> None:
    """Fan an article event out to every consumer once the transaction
    commits (nothing is sent for a rolled-back publish)."""
    collecting = _current()
    if collecting is not None:
        collecting.page_ids[page_id] = None
    for consumer in consumers():
        if consumer.inline:
            if collecting is None:
                _after_commit(consumer, lambda c=consumer: c.sync(page_id))
        else:
            enqueue(sync_article, consumer.name, page_id, event=str(event))


def rendering_changed(*, lazy: bool = False, page_id: int | None = None) -> None:
    """Something every page may show changed (site settings, an author's
    name, a section's title or place): consumers that render refresh.
    `lazy` when nothing was taken away from the public, `page_id` the page
    published itself (see the module's docstring)."""
    page_ids = [] if page_id is None else [page_id]
    collecting = _current()
    if collecting is not None:
        collecting.refresh = True
        collecting.lazy = collecting.lazy and lazy
        collecting.lazy_pages.update(dict.fromkeys(page_ids))
    for consumer in consumers():
        refresh = consumer.refresh_call(lazy, page_ids)
        if refresh is None:
            continue
        if consumer.inline:
            if collecting is None:
                _after_commit(consumer, refresh)
        else:
            enqueue(refresh_consumer, consumer.name, lazy=lazy, page_ids=page_ids)


# -- the background side: one task runs one consumer, with retries -----------
@task()
def sync_article(consumer: str, page_id: int, event: str = "", attempt: int = 1) -> None:
    """Bring `consumer`'s view of article `page_id` in line with its current
    state. Idempotent; retried with backoff on failure."""
    try:
        get(consumer).sync(page_id)
    except Exception:  # noqa: BLE001 - retried; the publish already succeeded
        log.exception(
            "%s: could not sync article %s after %s (attempt %s)", consumer, page_id, event, attempt
        )
        retry_later(sync_article, attempt, consumer, page_id, event=event)


@task()
def refresh_consumer(
    consumer: str, attempt: int = 1, lazy: bool = False, page_ids: list[int] | None = None
) -> None:
    refresh = get(consumer).refresh_call(lazy, page_ids or ())
    try:
        if refresh is not None:
            refresh()
    except Exception:  # noqa: BLE001 - retried
        log.exception("%s: refresh failed (attempt %s)", consumer, attempt)
        retry_later(refresh_consumer, attempt, consumer, lazy=lazy, page_ids=page_ids)
