"""Parts of pages kept per process between renders (issue 15: renders the
page cache cannot spare).

A page renders again when it expired (every PAGE_CACHE_SECONDS) or was
purged, yet most of what it shows did not change: a purge because a related
story's headline changed leaves the article's body as it was. Costly parts
of a template are marked `{% part "name" page %}…{% endpart %}`
(templatetags/sahifa_tags.py) and kept as HTML, reused by the process's
next renders while nothing they show changed:

- a part records the surrogate keys of what it shows while it renders
  (core/surrogate.py: every article loaded, and the keys of a page named in
  its identity), and is trusted exactly as a cached page is, against the
  page cache's purge log: a purge that makes a page carrying one of those
  keys stale makes the part stale too, in every process, and so does every
  site-wide purge (settings, menu, authors, sections);
- a page rendered with a kept part still carries the part's keys;
- parts also expire after PART_CACHE_SECONDS, so what changes without a
  purge (a neighbour's related list recomputed in the background) reaches
  them as it reaches cached pages;
- previews and signed-in people (editors: drafts, the user bar) never use
  or keep parts; with the purge log unreadable nothing is kept;
- a part holding a live fragment (most read: a hole the page cache fills)
  is not kept: those refresh on their own clock, outside parts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.signals import setting_changed
from wagtail.models import Page

from . import fragments, pagecache, surrogate

# Per process: a story card is ~1 KB, an article's own part 10–40 KB.
MAX_PARTS = 2000
MAX_CHARS = 16 * 2**20  # ~32 MB of str at most (Arabic is 2 bytes a character)

_lock = threading.Lock()
# (name, host, identity) → (html, born, keys, expires)
_parts: dict[tuple, tuple[str, int, frozenset[str], float]] = {}
_chars = [0]  # total length of the kept HTML


def usable(request) -> bool:
    """Whether this request's render may use and keep parts."""
    return (
        settings.PART_CACHE_SECONDS > 0
        and request is not None
        and not getattr(request, "is_preview", False)
        and not getattr(request, "is_dummy", False)  # Wagtail's preview and moderation renders
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


PLAIN = (str, int, float, bool, type(None))


def identity(values, served=None) -> tuple[tuple, set[str]] | None:
    """A part's identity from the values naming it, and the keys those imply;
    None when a value is neither a page nor plain (str, number, bool, None):
    such a part is rendered every time, never kept.

    A page stands for its id and last publication and ties the part to what
    it shows (`article-<id>`: its publish, edit, renditions), and to its own
    page's purges (`page-<id>`: its audio ready) when it is the page served;
    a story card naming its story is not purged with the story's page."""
    ident, keys = [], set()
    for value in values:
        if isinstance(value, Page):
            ident.append((value.pk, value.last_published_at))
            keys.add(surrogate.article(value.pk))
            if served is not None and value.pk == served.pk:
                keys.add(surrogate.page(value.pk))
        elif isinstance(value, PLAIN):
            ident.append(value)
        else:
            return None
    return tuple(ident), keys


def reuse(name: str, values, render: Callable[[], str], request, served=None) -> str:
    """The part's kept HTML while nothing it shows changed, else `render()`
    (kept for the next render when it may be). `served`: the page the
    request is for, if any."""
    named = identity(values, served) if usable(request) else None
    if named is None:
        return render()
    ident, own_keys = named
    host = request.META.get("HTTP_HOST", "")
    key = (name, host, ident)
    kept = _parts.get(key)
    if kept is not None:
        html, born, keys, expires = kept
        if expires > time.time() and pagecache.still_current(born, keys):
            surrogate.add(*keys)
            return html
    born = pagecache.current_seq()
    holes_before = fragments.hole_count()
    with surrogate.collecting() as keys:
        html = render()
    keys |= own_keys
    surrogate.add(*keys)
    if born is None or fragments.hole_count() != holes_before:
        return html
    keys = frozenset(keys)
    if pagecache.still_current(born, keys):
        _keep(key, (html, born, keys, time.time() + settings.PART_CACHE_SECONDS))
    return html


def _keep(key: tuple, kept: tuple) -> None:
    with _lock:
        old = _parts.pop(key, None)
        if old is not None:
            _chars[0] -= len(old[0])
        _parts[key] = kept
        _chars[0] += len(kept[0])
        while len(_parts) > MAX_PARTS or _chars[0] > MAX_CHARS:
            oldest = next(iter(_parts))  # the longest kept
            _chars[0] -= len(_parts.pop(oldest)[0])


def clear() -> None:
    """Forget every kept part (tests)."""
    with _lock:
        _parts.clear()
        _chars[0] = 0


def _on_setting_changed(setting, **kwargs) -> None:
    if setting in ("CACHES", "PAGE_CACHE_SECONDS", "PART_CACHE_SECONDS"):
        clear()  # another purge log, or parts switched on or off (tests)


setting_changed.connect(_on_setting_changed, dispatch_uid="parts-settings")
