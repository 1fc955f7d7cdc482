"""Named places in page templates where features add HTML without the page
types importing them (a feature never gets imported by the content it
serves). A feature registers `render(context) -> str` for a slot from its
AppConfig.ready(); the template writes `{% slot "name" %}`.

Slots: article_after_header (under the dates: the player), article_after_body
(below the article: related stories), article_rail, section_rail, home_rail
(side columns: most read)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

SLOTS = ("article_after_header", "article_after_body", "article_rail", "section_rail", "home_rail")

Fragment = Callable[[dict], str]

_fragments: dict[str, list[tuple[int, Fragment]]] = {slot: [] for slot in SLOTS}


def add(slot: str, render: Fragment, order: int = 50) -> None:
    if slot not in _fragments:
        raise ValueError(f"unknown slot {slot!r}; slots are {', '.join(SLOTS)}")
    if render not in (r for _, r in _fragments[slot]):
        _fragments[slot].append((order, render))
        _fragments[slot].sort(key=lambda item: item[0])


def render(slot: str, context: dict) -> SafeString:
    # Each fragment is HTML its own template already escaped.
    return mark_safe("".join(str(fn(context)) for _, fn in _fragments[slot]))  # noqa: S308
