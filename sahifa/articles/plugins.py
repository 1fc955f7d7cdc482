"""Where features plug into the article without `articles` importing them.

Features (related, listen, audience…) register from their AppConfig.ready():
- editor panels: `add_content_panel` (after the tags field) and `add_tab`;
- body inserts: `add_body_insert(insert)` where `insert(page, context)`
  returns (index of the body block to follow, HTML) or None.
(Fragments around the article go through `sahifa.core.fragments` slots.)
The article's edit handler is built from these on first use, after every
app is ready.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from wagtail.admin.panels import Panel

BodyInsert = Callable[[object, dict], "tuple[int, str] | None"]


@dataclass
class _Registry:
    content_panels: list[Panel] = field(default_factory=list)
    tabs: list[tuple[str, list[Panel]]] = field(default_factory=list)
    body_inserts: list[BodyInsert] = field(default_factory=list)


registry = _Registry()


def add_content_panel(panel: Panel) -> None:
    registry.content_panels.append(panel)


def add_tab(heading: str, panels: list[Panel]) -> None:
    registry.tabs.append((heading, panels))


def add_body_insert(insert: BodyInsert) -> None:
    registry.body_inserts.append(insert)


def body_inserts(page, context: dict) -> dict[int, str]:
    """{index of a body block: HTML to render after it}."""
    out: dict[int, str] = {}
    for insert in registry.body_inserts:
        found = insert(page, context)
        if found:
            index, html = found
            out[index] = out.get(index, "") + str(html)
    return out
