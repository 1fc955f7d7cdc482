"""Named places in page templates where features add HTML without the page
types importing them (a feature never gets imported by the content it
serves). A feature registers `render(context) -> str` for a slot from its
AppConfig.ready(); the template writes `{% slot "name" %}`.

Slots: article_after_header (under the dates: the player), article_after_body
(below the article: related stories), article_rail, section_rail, home_rail
(side columns: most read).

A fragment that changes with time rather than with publishing (most read,
later a breaking-news banner) is registered `live=Live(key, render, every)`.
While the page cache renders a page it collects such fragments as holes:
the page is stored with a marker where the fragment goes, and the page cache
fills the hole again from `render(key)` (no request) whenever `every`
seconds pass or `pagecache.fragments_changed()` is called, without purging
the page. What a live fragment lists does not tie the page to those
articles (surrogate keys are paused while it renders). Without the page
cache, live fragments render like any other."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from . import surrogate

SLOTS = ("article_after_header", "article_after_body", "article_rail", "section_rail", "home_rail")

Fragment = Callable[[dict], str]


@dataclass(frozen=True)
class Live:
    """How to render a time-bound fragment again without the page."""

    key: Callable[[dict], Hashable]  # what its HTML depends on, from the page context
    render: Callable[[Hashable], str]  # that HTML from the key alone
    every: float = 60.0  # seconds its HTML stays good


_fragments: dict[str, list[tuple[int, Fragment]]] = {slot: [] for slot in SLOTS}
_live: dict[Fragment, tuple[str, Live]] = {}
_live_by_name: dict[str, Live] = {}

# Holes being collected for the page cache in this request: name, key, html.
_holes: ContextVar[list[tuple[str, Hashable, str]] | None] = ContextVar(
    "sahifa_fragment_holes", default=None
)
# Unguessable, so no article text can forge a hole.
HOLE_PREFIX = f"<!--sahifa-hole:{secrets.token_hex(8)}:"


def add(slot: str, render: Fragment, order: int = 50, live: Live | None = None) -> None:
    if slot not in _fragments:
        raise ValueError(f"unknown slot {slot!r}; slots are {', '.join(SLOTS)}")
    if render not in (r for _, r in _fragments[slot]):
        _fragments[slot].append((order, render))
        _fragments[slot].sort(key=lambda item: item[0])
    if live is not None:
        name = f"{render.__module__}.{render.__qualname__}"
        _live[render] = (name, live)
        _live_by_name[name] = live


def _render_one(fn: Fragment, context: dict) -> str:
    holes = _holes.get()
    live = _live.get(fn)
    if live is None or holes is None:
        return str(fn(context))
    name, spec = live
    key = spec.key(context)
    with surrogate.paused():
        html = str(fn(context))
    holes.append((name, key, html))
    return f"{HOLE_PREFIX}{len(holes) - 1}-->"


def render(slot: str, context: dict) -> SafeString:
    # Each fragment is HTML its own template already escaped.
    return mark_safe("".join(_render_one(fn, context) for _, fn in _fragments[slot]))  # noqa: S308


def collect_holes(holes: list) -> object:
    """Start collecting live fragments as holes into `holes` (the page
    cache); returns the token for stop_holes()."""
    return _holes.set(holes)


def stop_holes(token) -> None:
    _holes.reset(token)


def hole_count() -> int:
    """How many holes this render collected so far (core/parts.py keeps no
    part that made one)."""
    holes = _holes.get()
    return len(holes) if holes is not None else 0


def live(name: str) -> Live | None:
    return _live_by_name.get(name)


def refill(name: str, key: Hashable) -> str | None:
    """The hole's HTML now, or None when the fragment is gone or failed."""
    spec = _live_by_name.get(name)
    if spec is None:
        return None
    with surrogate.paused():
        return str(spec.render(key))
