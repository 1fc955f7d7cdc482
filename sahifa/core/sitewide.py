"""Rows every public page shows and that change rarely — the site, its
settings (every `BaseSiteSetting`), the section menu and the footer's
standing pages — kept per process instead of read on every uncached render
(issue 15: the article page in ≤ 8 queries).

Invalidation is the page cache's: every change to these rows already purges
every cached page (`pagecache.invalidate()` through the lifecycle's
`rendering_changed()` for site settings, authors and non-article pages
published, unpublished, moved or deleted; `register()` below adds any site
setting and the Site itself). A process reads that purge in the shared log
at most `pagecache.REFRESH` (200 ms) later and drops everything kept here,
in every process, the same moment it stops trusting its cached pages. While
the log cannot be read nothing is kept: each call reads the database.

What is kept must be read-only for its users: callers get the same objects
in every request of the process."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache, visibility

T = TypeVar("T")

MAX_ENTRIES = 2000  # sites × hosts, settings, sections' ancestors: far fewer

_lock = threading.Lock()
_values: dict[Hashable, object] = {}
_seen: list[int | None] = [None]


def remember(key: Hashable, build: Callable[[], T]) -> T:
    """`build()`, computed once per process until the next site-wide purge."""
    seq = pagecache.sitewide_seq()
    if seq is None:
        return build()
    with _lock:
        if _seen[0] != seq:
            _values.clear()
            _seen[0] = seq
        if key in _values:
            return _values[key]  # type: ignore[return-value]
    # Built after `seq` was read: a purge logged later (after its commit)
    # changes the sequence, so a value read before that commit is dropped.
    value = build()
    with _lock:
        if _seen[0] == seq:
            if len(_values) >= MAX_ENTRIES:  # e.g. made-up Host headers
                _values.clear()
            _values[key] = value
    return value


def clear() -> None:
    """Forget everything kept (tests: rows are rolled back between them)."""
    with _lock:
        _values.clear()
        _seen[0] = None


def site(request) -> Site | None:
    """`Site.find_for_request`, remembered per host and port; sets it on the
    request as Wagtail does, so Wagtail's own lookups ask nothing more."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        host = split_domain_port(request._get_raw_host())[0]  # as Wagtail matches it
        kept = remember(("site", host, request.get_port()), lambda: _read_site(request))
        request._wagtail_site = _own_copy(kept)
    return request._wagtail_site


def _read_site(request) -> tuple[Site, Page] | None:
    found = Site._find_for_request(request)
    if found is None:
        return None
    # The specific home page Wagtail routes every request from, with whether
    # a restriction covers it (a restriction change on it purges everything).
    home = found.root_page.specific
    home.__dict__[visibility.MEMO] = visibility.is_restricted(home)
    found.root_page.__dict__.pop("specific", None)
    return found, home


def _own_copy(kept: tuple[Site, Page] | None) -> Site | None:
    """The request's own Site, root page and home page objects (a request
    may remember things on them); the kept ones stay as they were read."""
    if kept is None:
        return None
    found, home = kept
    mine = copy.copy(found)
    mine.root_page = copy.copy(found.root_page)
    mine.root_page.__dict__["specific"] = copy.copy(home)
    return mine


class SiteMiddleware:
    """Answers Wagtail's `Site.find_for_request` for the request from what
    the process keeps (one query less on every uncached page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path.startswith("/admin/"):
            # Readers only: editors see their own saves at once.
            _prime(request)
        return self.get_response(request)


def _prime(request) -> None:
    """Set the site and its settings on the request where Wagtail looks for
    them (`find_for_request`, `BaseSiteSetting.for_request` and the
    `settings` template context), each the request's own copy."""
    found = site(request)
    if found is None:
        return
    for model in settings_registry:
        if issubclass(model, BaseSiteSetting):
            kept = setting(model, site_obj=found)
            mine = copy.copy(kept)
            mine._request = request  # as for_request() does (page URLs)
            setattr(request, model.get_cache_attr_name(), mine)


def setting(model: type[T], request=None, *, site_obj: Site | None = None) -> T | None:
    """A site setting's row for the request's (or the given) site."""
    found = site_obj if site_obj is not None else site(request)
    if found is None:
        return None
    return remember(("setting", model._meta.label, found.pk), lambda: _read_setting(model, found))


def _read_setting(model, found: Site):
    # A plain read first: for_site() is a get_or_create, which the replica
    # router counts as a write (the rest of the request then reads the primary).
    row = model.objects.filter(site=found).first()
    return row if row is not None else model.for_site(found)


def _site_wide_change(sender, raw: bool = False, **kwargs) -> None:
    if not raw:
        clear()
        transaction.on_commit(pagecache.invalidate, robust=True)


def _tree_change(sender, **kwargs) -> None:
    # The lifecycle purges every process after the commit; the process that
    # made the change (an editor's, a script's, a test's) forgets at once.
    clear()


def register() -> None:
    """Saving or deleting a site or any site setting purges everything (the
    pages and what is kept here). The lifecycle already does so for
    SiteSettings; a second purge in the same commit is harmless. A page
    published, unpublished, moved or deleted, or a view restriction
    changed, is purged by the lifecycle after its commit; this process
    forgets what it kept at once."""
    models = [Site, *(m for m in settings_registry if issubclass(m, BaseSiteSetting))]
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                _site_wide_change,
                sender=model,
                dispatch_uid=f"sahifa.sitewide.{model._meta.label}.{signal is post_save}",
            )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_tree_change, dispatch_uid=f"sahifa.sitewide.tree.{id(signal)}")
    post_delete.connect(_tree_change, sender=Page, dispatch_uid="sahifa.sitewide.page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _tree_change,
            sender=PageViewRestriction,
            dispatch_uid=f"sahifa.sitewide.restriction.{signal is post_save}",
        )
