"""Front pages in zones: the home page and every section front.

A front is a list of zones (lead, secondary, opinion, a strip per section on
the home page, latest). Editors pin stories into a zone at a position, with
an optional expiry (`FrontPin`, edited on the home or section page and
published with it); every place no pin fills is filled automatically from
the newest visible stories the zone draws on. No story appears twice on one
front, and only what the public may see (`ArticlePage.objects.visible()`)
appears at all, pinned or not. Most read / trending are not zones here: the
audience feature fills them through the page's rail slot
(sahifa.core.fragments), so content never imports a feature.

Whatever the number of zones, sections and stories, building a front costs
a fixed number of queries: the pins, one query of candidate ids (an IN of
small newest-first subqueries, one per pool), then the chosen stories with
their renditions (docs/front-pages.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils import timezone
from wagtail.models import Page

from sahifa.articles.models import ArticlePage

LEAD, SECONDARY, OPINION, STRIP, LATEST = "lead", "secondary", "opinion", "strip", "latest"

# Where a story comes from when no pin fills a place: the front's own news
# (opinion pieces excluded), opinion sections, the strip's section, or
# anything in scope, newest first.
NEWS, OPINION_POOL, SECTION_POOL, ANY = "news", "opinion", "section", "any"

ZONE_CHOICES = [
    (LEAD, "الخبر الرئيسي"),
    (SECONDARY, "الأخبار البارزة"),
    (OPINION, "رأي"),
    (STRIP, "شريط القسم في الرئيسية"),
    (LATEST, "آخر الأخبار"),
]


@dataclass(frozen=True)
class Zone:
    key: str
    size: int
    pool: str


def home_zones(strip_size: int = 4, latest: int = 8) -> tuple[Zone, ...]:
    return (
        Zone(LEAD, 1, NEWS),
        Zone(SECONDARY, 4, NEWS),
        Zone(OPINION, 3, OPINION_POOL),
        Zone(STRIP, strip_size, SECTION_POOL),
        Zone(LATEST, latest, ANY),
    )


def section_zones(page_size: int) -> tuple[Zone, ...]:
    """A section front holds exactly one page of its archive (lead,
    secondary, latest), so page 2 of the archive starts where it ends."""
    secondary = min(4, max(page_size - 1, 0))
    return (
        Zone(LEAD, 1, NEWS),
        Zone(SECONDARY, secondary, NEWS),
        Zone(OPINION, 3, OPINION_POOL),
        Zone(LATEST, max(page_size - 1 - secondary, 0), NEWS),
    )


def active_pins(page, now=None) -> list:
    """The page's pins that have not expired, by position. Reads the page's
    own relation, so a preview shows the pins of the form being edited."""
    now = now or timezone.now()
    pins = [p for p in page.front_pins.all() if p.expires_at is None or p.expires_at > now]
    return sorted(pins, key=lambda p: (p.position, p.sort_order or 0))


def next_expiry(page, now=None):
    """When the next pin of `page` runs out (None when none will)."""
    now = now or timezone.now()
    times = [p.expires_at for p in page.front_pins.all() if p.expires_at and p.expires_at > now]
    return min(times, default=None)


@dataclass
class _Row:
    pk: int
    path: str
    opinion: bool


def _candidates(
    scope: Page, section_depth: int, zones, pins: list, strips: list[Page], opinion_paths
) -> list[_Row]:
    """Newest-first ids of every story the front may show, in one query.

    Each pool is a subquery limited to what the front could take from it
    after the places taken before (pins, earlier zones), so the result is
    small whatever the size of the archive."""
    zones = list(zones)
    visible = ArticlePage.objects.visible()  # in every subquery: pins and fill alike
    section_len = section_depth * Page.steplen
    taken = len(pins) + sum(z.size for z in zones if z.key != STRIP)
    strip = next((z for z in zones if z.key == STRIP), None)
    total = taken + (strip.size * len(strips) if strip else 0)
    with_section = visible.annotate(section_path=Substr("path", 1, section_len))
    opinion_q = Q(section_path__in=opinion_paths)
    # A section's newest through in_section(): the (section, date) index,
    # however old the section's stories are among the others.
    in_scope = with_section.in_section(scope)
    pools = [
        in_scope.recent().values("pk")[:total],
        with_section.filter(opinion_q).recent().values("pk")[:taken],
        *(
            with_section.in_section(section).recent().values("pk")[: taken + strip.size]
            for section in strips
        ),
    ]
    if pins:
        pools.append(with_section.filter(pk__in=[p.article_id for p in pins]).values("pk"))
    rows = (
        with_section.filter(pk__in=_union(pools))
        .annotate(opinion=ExpressionWrapper(opinion_q, output_field=BooleanField()))
        .recent()
        .values_list("pk", "path", "opinion")
    )
    return [_Row(pk, path, bool(opinion)) for pk, path, opinion in rows]


def _union(querysets) -> RawSQL:
    """`SELECT … UNION ALL SELECT …` of small id queries, for one `pk IN`.

    Each query is a derived table, so its ORDER BY and LIMIT stay its own on
    SQLite too (Django refuses sliced parts in a compound query there). One
    IN of a union lets the database read each part from its index and fetch
    the few rows by primary key; an OR of several `IN (subquery)` made
    PostgreSQL scan and hash the whole page table instead (1.5 s at a
    million articles: docs/operations.md, Scaling)."""
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS pool_{number}")
        params.extend(part_params)
    return RawSQL(" UNION ALL ".join(parts), params)


def _fits(pool: str, scope: Page, scope_is_opinion: bool) -> Callable[[_Row], bool]:
    def in_scope(row):
        return row.path.startswith(scope.path)

    if pool == NEWS:
        # An opinion section's own front leads with its opinion pieces.
        return lambda row: in_scope(row) and (scope_is_opinion or not row.opinion)
    if pool == OPINION_POOL:
        return lambda row: row.opinion and not (scope_is_opinion and in_scope(row))
    return in_scope


def build_front(
    scope: Page,
    zones: Iterable[Zone],
    *,
    section_depth: int,
    opinion_paths,
    strips: list[Page] = (),
    scope_is_opinion: bool = False,
) -> dict:
    """{"lead": [...], "secondary": [...], "opinion": [...], "latest": [...],
    "strips": [(section, [...]), ...]} of ArticlePages for the front of
    `scope` (the home page or a section). `section_depth` is the tree depth
    of sections; `opinion_paths` a queryset of the opinion sections' paths."""
    zones = tuple(zones)
    strips = list(strips)
    pins = active_pins(scope)
    rows = _candidates(scope, section_depth, zones, pins, strips, opinion_paths)
    by_pk = {r.pk: r for r in rows}
    # One list of places per zone; a strip per section on the home page.
    places: dict[tuple[str, int], list] = {}
    for zone in zones:
        for section in strips if zone.key == STRIP else [None]:
            if zone.key == STRIP and section is None:
                continue
            places[(zone.key, section.pk if section else 0)] = [None] * zone.size
    strip_of = {s.path: s.pk for s in strips}
    used: set[int] = set()
    # Pins first, so a pinned story is not taken by an earlier zone's fill.
    for pin in pins:
        row = by_pk.get(pin.article_id)
        if row is None or row.pk in used:  # not visible, or pinned twice
            continue
        key = (pin.zone, 0)
        if pin.zone == STRIP:
            key = (STRIP, next((pk for p, pk in strip_of.items() if row.path.startswith(p)), -1))
        slots = places.get(key)
        if slots is None:
            continue
        free = [i for i in range(max(pin.position, 1) - 1, len(slots)) if slots[i] is None]
        if free:
            slots[free[0]] = row.pk
            used.add(row.pk)
    for zone in zones:
        for section in strips if zone.key == STRIP else [None]:
            if zone.key == STRIP and section is None:
                continue
            slots = places[(zone.key, section.pk if section else 0)]
            fits = _fits(zone.pool, section or scope, scope_is_opinion)
            fill = (r.pk for r in rows if r.pk not in used and fits(r))
            for i, pk in enumerate(slots):
                if pk is None:
                    pk = next(fill, None)
                    if pk is None:
                        break
                    slots[i] = pk
                    used.add(pk)
    stories = ArticlePage.objects.filter(pk__in=used).for_listing().in_bulk() if used else {}

    def pages(slots):
        return [stories[pk] for pk in slots if pk is not None and pk in stories]

    front = {z.key: pages(places[(z.key, 0)]) for z in zones if z.key != STRIP}
    front["strips"] = [
        (s, shown) for s in strips if (shown := pages(places.get((STRIP, s.pk), [])))
    ]
    # Stories in scope the front had no place for: the archive has more.
    front["more"] = any(r.pk not in used and r.path.startswith(scope.path) for r in rows)
    return front
