"""Keyset pagination for newest-first article listings (tag and author
pages): a page after the first is asked for by the last story the reader
saw (`?before=<time>~<id>`), or by the first one when going back
(`?after=…`), so page 5,000 costs what page 2 does — an index range read of
one page — where OFFSET reads and drops every earlier row and the page count
needs a COUNT(*) over the whole listing (docs/operations.md, Scaling).

The listing must be ordered by (-first_published_at, -pk) (ArticlePage's
`recent()`), or by another pair of the same values named in `keys` — tag and
author pages order by the link table's copy of the date (LISTING_KEYS, with
ArticlePage's `tag_listing()`/`author_listing()`) so the index of that
table serves them; a `?page=N` link of the old numbered pagination still
works through OFFSET."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.http import urlencode

SEP = "~"
# The (date, id) a listing is ordered by: the page's own columns, or the
# annotations of a listing ordered through a link table.
RECENT_KEYS = ("first_published_at", "pk")
LISTING_KEYS = ("listed_at", "listed_pk")
# Larger numbers overflow the database's integers (an id in a cursor, an
# OFFSET from a page number): such a page cannot exist.
MAX_DB_INT = 2**63 - 1


def cursor_of(item, keys: tuple[str, str] = RECENT_KEYS) -> str:
    """The position of `item` in a newest-first listing, for a URL."""
    when, pk = (getattr(item, key) for key in keys)
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%f")
    return f"{stamp}{SEP}{pk}"


def parse_cursor(value: str) -> tuple[datetime, int]:
    try:
        stamp, pk = value.split(SEP, 1)
        when, pk = datetime.strptime(stamp, "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC), int(pk)
    except (TypeError, ValueError) as error:
        raise Http404("bad page cursor") from error
    if not 0 < pk <= MAX_DB_INT:
        raise Http404("bad page cursor")
    return when, pk


@dataclass
class KeysetPage:
    """One page of a keyset listing; iterate it for the items. `number` is
    for display only (it travels in the URL as `n`)."""

    object_list: list
    number: int
    newer: str | None = None  # query string of the newer page, or None
    older: str | None = None  # query string of the older page, or None
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


def _query(extra: dict, **params) -> str:
    return "?" + urlencode({**extra, **params})


def _number(request: HttpRequest, default: int) -> int:
    try:
        return max(1, int(request.GET.get("n", default)))
    except ValueError:
        return default


def keyset_page(
    queryset: QuerySet,
    request: HttpRequest,
    per_page: int,
    extra: dict | None = None,
    keys: tuple[str, str] = RECENT_KEYS,
) -> KeysetPage:
    """The page of `queryset` (newest first by `keys`) the request asks for."""
    extra = extra or {}
    date, ident = keys
    before, after = request.GET.get("before"), request.GET.get("after")
    if after:
        stamp, pk = parse_cursor(after)
        # The redundant bound on the date alone is what an index range can
        # start from; the OR alone is only a filter (PostgreSQL then reads
        # the listing from its newest row down to the cursor).
        newer_first = queryset.filter(
            Q(**{f"{date}__gte": stamp}),
            Q(**{f"{date}__gt": stamp}) | Q(**{date: stamp, f"{ident}__gt": pk}),
        ).order_by(date, ident)
        rows = list(newer_first[: per_page + 1])
        has_newer = len(rows) > per_page
        items = rows[:per_page][::-1]
        number = _number(request, 2)
        has_older = True
    else:
        if before:
            stamp, pk = parse_cursor(before)
            queryset = queryset.filter(
                Q(**{f"{date}__lte": stamp}),
                Q(**{f"{date}__lt": stamp}) | Q(**{date: stamp, f"{ident}__lt": pk}),
            )
            number = _number(request, 2)
            offset = 0
        else:
            # The old numbered links: OFFSET, fine for the first pages.
            try:
                number = max(1, int(request.GET.get("page", 1)))
            except ValueError:
                number = 1
            offset = (number - 1) * per_page
            if offset > MAX_DB_INT:
                raise Http404("no such page")
        rows = list(queryset[offset : offset + per_page + 1])
        has_older = len(rows) > per_page
        items = rows[:per_page]
        has_newer = number > 1
    if not items and number > 1:
        raise Http404("no such page")
    page = KeysetPage(object_list=items, number=number, extra=extra)
    if has_newer and items:
        page.newer = (
            _query(extra)
            if number <= 2
            else _query(extra, after=cursor_of(items[0], keys), n=number - 1)
        )
    if has_older and items:
        page.older = _query(extra, before=cursor_of(items[-1], keys), n=number + 1)
    return page
