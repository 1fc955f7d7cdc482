"""The one rule for what the public may see of a page.

A page is visible to the public when it is live, has not passed its expiry
time (Wagtail unpublishes expired pages only when the scheduler next runs)
and neither it nor any ancestor carries a view restriction (password,
login or groups: Wagtail's PageViewRestriction). Anything a reader can reach
without signing in — listings, search, related stories, most read, feeds,
sitemaps, the API, share images, audio and transcripts — goes through this
rule, never through `.live()` alone. `ArticlePage.objects.visible()` and
`page.is_visible()` (sahifa.articles) are built on it.

A reader who has entered a page's password still gets the page itself from
Wagtail; everything derived from it stays hidden, because derived output
(indexes, feeds, caches, audio files) is shared by every reader.

Image renditions are not covered: Wagtail serves image files without
checking collection privacy, so a picture placed in a restricted collection
is still public at its rendition URL (see docs/article-interface.md)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

# Set on a page instance being rendered once its restrictions are known
# (mark_restricted, BasePage.get_view_restrictions), so one request asks once.
MEMO = "_sahifa_restricted"


def restricted_q() -> Exists:
    """True for a page at or below a restricted page: a restriction whose
    page's path is a prefix of the page's path. A subquery inside the
    listing's own query, where Wagtail's `.public()` first loads every
    restriction in a query of its own."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


def visible(queryset: PageQuerySet) -> PageQuerySet:
    """Narrow any page queryset to what the public may see."""
    # A restriction on a section hides its articles too (prefix match).
    return queryset.live().filter(~restricted_q()).exclude(expire_at__lte=timezone.now())


def ancestor_paths(page: Page) -> list[str]:
    """The page's own path and its ancestors' (treebeard's fixed steps)."""
    return [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]


def mark_restricted(pages: Iterable[Page]) -> None:
    """Find which of `pages` are restricted in one query and remember it on
    each instance (a body's «اقرأ أيضاً» links, a list of cards)."""
    pages = [page for page in pages if page.pk and page.path and MEMO not in page.__dict__]
    if not pages:
        return
    paths = {path for page in pages for path in ancestor_paths(page)}
    restricted = set(
        PageViewRestriction.objects.filter(page__path__in=paths).values_list(
            "page__path", flat=True
        )
    )
    for page in pages:
        page.__dict__[MEMO] = any(path in restricted for path in ancestor_paths(page))


def is_restricted(page: Page) -> bool:
    """Whether the page or one of its ancestors has a view restriction."""
    if not page.pk or not page.path:
        return False
    if MEMO in page.__dict__:
        return page.__dict__[MEMO]
    # Not remembered: a page kept across a restriction change (a sync, a
    # test) must see the change.
    return PageViewRestriction.objects.filter(page__path__in=ancestor_paths(page)).exists()


def is_visible(page: Page) -> bool:
    """The instance form of `visible()`: at most one query for the
    restrictions, none when already known for this instance."""
    if not page.live:
        return False
    if page.expire_at is not None and page.expire_at <= timezone.now():
        return False
    return not is_restricted(page)
