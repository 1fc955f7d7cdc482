"""Which cached pages an article change makes stale, as surrogate keys
(sahifa/core/surrogate.py): the pages that showed it (its own page, cards,
related, read-also: `article-<id>`), and the lists it may enter — the fronts
above it (its sections and home), its tags' and authors' pages, and feeds,
sitemaps, API lists. Most-read blocks refresh as live fragments every
minute; an article that left the public's view (unpublished, restricted,
deleted) also re-renders them at once, so it leaves them on the next
request. A published or edited article does not: it cannot enter a ranking
of past reads, and a new headline reaches the blocks within the minute
(every page re-assembling its blocks at once was a burst of CPU at each
import's commit)."""

from __future__ import annotations

from wagtail.models import Page

from sahifa.core import pagecache, surrogate

from .models import ArticleAuthor, ArticlePage, ArticlePageTag


def keys_for(page_ids) -> tuple[set[str], bool]:
    """The keys of every page showing or listing any of `page_ids`, and
    whether any of them left the public's view (unpublished, restricted,
    deleted), in five queries however many articles (an import purges in
    one go)."""
    page_ids = list(page_ids)
    keys = {surrogate.LISTS, *map(surrogate.article, page_ids)}
    # Deleted articles have no row: every page that showed them carries their key.
    paths = Page.objects.filter(pk__in=page_ids).values_list("path", flat=True)
    gone = ArticlePage.objects.visible().filter(pk__in=page_ids).count() < len(set(page_ids))
    step = Page.steplen
    ancestors = {path[:end] for path in paths for end in range(step, len(path), step)}
    if ancestors:
        keys.update(
            map(
                surrogate.page, Page.objects.filter(path__in=ancestors).values_list("pk", flat=True)
            )
        )
    keys.update(
        map(
            surrogate.tag,
            ArticlePageTag.objects.filter(content_object_id__in=page_ids).values_list(
                "tag_id", flat=True
            ),
        )
    )
    keys.update(
        map(
            surrogate.author,
            ArticleAuthor.objects.filter(page_id__in=page_ids).values_list("author_id", flat=True),
        )
    )
    return keys, gone


def _purge(page_ids) -> list[str]:
    keys, gone = keys_for(page_ids)
    if gone:  # most-read blocks drop it on the next request, not within the minute
        keys.add(pagecache.FRAGMENTS)
    # Still public (published, edited): pages may stand in for a moment
    # while rendered again (pagecache.PURGE_GRACE); gone from the public's
    # view: no page shows it again.
    return pagecache.purge(keys, grace=not gone)


def purge_article(page_id: int) -> list[str]:
    """The lifecycle's page-cache consumer: purge what this article shows up on."""
    return _purge([page_id])


def purge_shown(page_id: int) -> list[str]:
    """Only the pages that show the article (its page, cards, related and
    read-also blocks): for a change to how it looks, not to where it is
    listed."""
    return pagecache.purge({surrogate.article(page_id)}, grace=True)


def purge_own_page(page_id: int) -> list[str]:
    """Only the article's own page: for what no other page shows (its
    audio player)."""
    return pagecache.purge({surrogate.page(page_id)}, grace=True)


def refresh_lazily(page_ids) -> list[str]:
    """The lifecycle's lazy site-wide refresh: the pages published
    themselves (a section front) purged exactly, every other page rendered
    again while its last copy stands in."""
    return pagecache.invalidate_lazily(surrogate.page(pk) for pk in page_ids)


def purge_articles(page_ids) -> list[str]:
    """What a batch of articles shows up on, in one purge."""
    return _purge(page_ids)
