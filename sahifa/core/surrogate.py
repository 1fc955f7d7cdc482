"""Surrogate keys: what a cached page shows, so a change purges only the
pages that show it (core/pagecache.py).

While the page cache renders a response it opens a collector for the request
(a context variable, so threads and requests never mix); whatever renders
or lists content adds keys to it:

    article-<id>   an article is shown (its page, a card, related, read-also),
                   added for every ArticlePage loaded while rendering
    page-<id>      the Wagtail page being served (a section front, home)
    tag-<id>, author-<id>   a tag's or author's page (the list a new article enters)
    lists          feeds, sitemaps, API lists (any non-HTML response)

Time-bound fragments (most read) are rendered with collection paused
(core/fragments.py): they refresh on their own clock, so what they list
must not tie the page to those articles."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

LISTS = "lists"
EVERYTHING = "*"

_keys: ContextVar[set[str] | None] = ContextVar("sahifa_surrogate_keys", default=None)


def article(page_id) -> str:
    return f"article-{page_id}"


def page(page_id) -> str:
    return f"page-{page_id}"


def tag(tag_id) -> str:
    return f"tag-{tag_id}"


def author(author_id) -> str:
    return f"author-{author_id}"


@contextlib.contextmanager
def collecting():
    """Collect the keys added while the block runs; yields the set."""
    keys: set[str] = set()
    token = _keys.set(keys)
    try:
        yield keys
    finally:
        _keys.reset(token)


@contextlib.contextmanager
def paused():
    token = _keys.set(None)
    try:
        yield
    finally:
        _keys.reset(token)


def active() -> bool:
    return _keys.get() is not None


def add(*keys: str) -> None:
    collected = _keys.get()
    if collected is not None:
        collected.update(keys)


def on_article_loaded(sender, instance, **kwargs) -> None:
    """post_init receiver for ArticlePage (connected by the articles app):
    every article loaded while a page renders is one the page may show."""
    collected = _keys.get()
    if collected is not None and instance.pk is not None:
        collected.add(article(instance.pk))


def on_page_served(served, request, serve_args, serve_kwargs):
    """Wagtail's before_serve_page hook: the page itself."""
    add(page(served.pk))
