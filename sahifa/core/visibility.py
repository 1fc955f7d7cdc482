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

from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet


def visible(queryset: PageQuerySet) -> PageQuerySet:
    """Narrow any page queryset to what the public may see."""
    # `.public()` excludes every page at or below a restricted page, so a
    # restriction on a section hides its articles too.
    return queryset.live().public().exclude(expire_at__lte=timezone.now())


def is_restricted(page: Page) -> bool:
    """Whether the page or one of its ancestors has a view restriction."""
    if not page.pk or not page.path:
        return False
    return PageViewRestriction.objects.filter(
        page__path__in=[
            page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)
        ]
    ).exists()


def is_visible(page: Page) -> bool:
    """The instance form of `visible()`: one query for the restrictions."""
    if not page.live:
        return False
    if page.expire_at is not None and page.expire_at <= timezone.now():
        return False
    return not is_restricted(page)
