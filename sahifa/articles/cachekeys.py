"""Which cached pages an article change makes stale, as surrogate keys
(sahifa/core/surrogate.py): the pages that showed it (its own page, cards,
related, read-also: `article-<id>`), and the lists it may enter — the fronts
above it (its sections and home), its tags' and authors' pages, and feeds,
sitemaps, API lists. Most-read blocks refresh as live fragments; an article
event also re-renders them at once, so an unpublished story leaves them on
the next request."""

from __future__ import annotations

from wagtail.models import Page

from sahifa.core import pagecache, surrogate

from .models import ArticleAuthor, ArticlePageTag


def keys_for(page_id: int) -> set[str]:
    keys = {surrogate.article(page_id), surrogate.LISTS, pagecache.FRAGMENTS}
    page = Page.objects.filter(pk=page_id).only("path", "depth").first()
    if page is None:  # deleted: every page that showed it carries its key
        return keys
    keys.update(surrogate.page(pk) for pk in page.get_ancestors().values_list("pk", flat=True))
    keys.update(
        surrogate.tag(pk)
        for pk in ArticlePageTag.objects.filter(content_object_id=page_id).values_list(
            "tag_id", flat=True
        )
    )
    keys.update(
        surrogate.author(pk)
        for pk in ArticleAuthor.objects.filter(page_id=page_id).values_list("author_id", flat=True)
    )
    return keys


def purge_article(page_id: int) -> list[str]:
    """The lifecycle's page-cache consumer: purge what this article shows up on."""
    return pagecache.purge(keys_for(page_id))


def purge_shown(page_id: int) -> list[str]:
    """Only the pages that show the article (its page, cards, related and
    read-also blocks): for a change to how it looks, not to where it is
    listed."""
    return pagecache.purge({surrogate.article(page_id)})


def purge_articles(page_ids) -> list[str]:
    """What a batch of articles shows up on, in one purge."""
    return pagecache.purge(set().union(*(keys_for(page_id) for page_id in page_ids)))
