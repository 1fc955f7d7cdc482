"""Links to items that arrive later.

A link to an item not imported yet keeps its address (an external read-also
with the link text as title, or `<a href="uri">`). Once an article answers to
that address (its `source_uri`, or a `SourceAlias` such as a wire item's
link), `relink_pending()` turns such links into page links."""

from __future__ import annotations

import html as html_lib
import json
from collections.abc import Iterable

from django.db import models
from django.db.models.functions import Cast

from sahifa.articles.body import relink as relink_body
from sahifa.articles.models import ArticlePage
from sahifa.articles.richtext import LinkResolver

from .models import SourceAlias

# Addresses per text search: each one adds a dozen LIKE terms, and SQLite
# refuses an expression deeper than 1000.
SEARCH_CHUNK = 25


def page_for_address(address: str) -> int | None:
    """The article an address names: its source_uri, else one of its aliases
    (the oldest article when several claim it)."""
    if not address:
        return None
    return (
        ArticlePage.objects.filter(source_uri=address).order_by("pk").values_list("pk", flat=True)
    ).first() or (
        SourceAlias.objects.filter(uri=address)
        .order_by("page_id")
        .values_list("page_id", flat=True)
    ).first()


def known_addresses() -> dict[str, int]:
    """Every address of an imported article → its page id, as
    page_for_address() would answer."""
    aliases = dict(SourceAlias.objects.order_by("-page_id").values_list("uri", "page_id"))
    sources = dict(
        ArticlePage.objects.exclude(source_uri="").order_by("-pk").values_list("source_uri", "pk")
    )
    return {**aliases, **sources}


def relink_pending(uris: Iterable[str] | None = None) -> list[ArticlePage]:
    """Rewrite links to now-known items in already imported articles.

    `uris` limits the search to links to those addresses (all known ones when
    None). A live article is republished with its dates unchanged; a pending
    draft is relinked as a new draft. Returns the articles that changed."""
    known = known_addresses()
    targets = list(known) if uris is None else [uri for uri in set(uris) if uri in known]
    if not targets:
        return []
    candidates = ArticlePage.objects.all() if uris is None else _pages_mentioning(targets)
    changed = []
    for page in candidates.order_by("pk"):
        if _relink_page(page, _resolver(known, page.pk)):
            changed.append(page)
    return changed


def _resolver(known: dict[str, int], own_pk: int) -> LinkResolver:
    def resolve(href: str) -> int | None:
        page_id = known.get(href)
        # A link to the article itself is left as written (a wire item's
        # credit links to the agency's original).
        return None if page_id == own_pk else page_id

    return resolve


def _pages_mentioning(uris: list[str]) -> models.QuerySet[ArticlePage]:
    """Articles whose live body or latest revision contains one of `uris`.

    A text search over the stored JSON narrows the candidates; _relink_page
    then checks the blocks properly."""
    matches: set[int] = set()
    annotated = ArticlePage.objects.annotate(
        body_text=Cast("body", models.TextField()),
        revision_text=Cast("latest_revision__content", models.TextField()),
    )
    ordered = sorted(uris)
    for start in range(0, len(ordered), SEARCH_CHUNK):
        query = models.Q()
        for variant in _stored_forms(ordered[start : start + SEARCH_CHUNK]):
            query |= models.Q(body_text__contains=variant) | models.Q(
                revision_text__contains=variant
            )
        matches.update(annotated.filter(query).values_list("pk", flat=True))
    return ArticlePage.objects.filter(pk__in=matches)


def _stored_forms(uris: list[str]) -> set[str]:
    """How the uris may appear in stored JSON: as is, HTML-escaped, and
    JSON-escaped once or twice (a revision stores the body as a string)."""
    variants: set[str] = set()
    for uri in uris:
        for form in (uri, html_lib.escape(uri)):
            escaped = json.dumps(form)[1:-1]
            variants |= {form, escaped, json.dumps(escaped)[1:-1]}
    return variants


def _relink_page(page: ArticlePage, resolve: LinkResolver) -> bool:
    """Relink the live body (republishing when no draft is pending) and the
    latest draft. Returns whether anything changed."""
    changed = False
    if page.live:
        raw = page.body.get_prep_value()
        if relink_body(raw, resolve):
            first, updated = page.first_published_at, page.last_updated_at
            page.body = raw
            if page.has_unpublished_changes:
                # An editor's draft is pending: fix what readers see without
                # publishing the draft (which is relinked below).
                ArticlePage.objects.filter(pk=page.pk).update(
                    body=page.body, published_hash=page.content_hash()
                )
            else:
                page.save_revision().publish()
                # A resolved link is not an editorial update: keep the dates.
                published = ArticlePage.objects.get(pk=page.pk)
                ArticlePage.objects.filter(pk=page.pk).update(
                    first_published_at=first,
                    last_updated_at=updated,
                    published_hash=published.content_hash(),
                )
            changed = True
    latest = page.get_latest_revision()
    if latest and (not page.live or page.has_unpublished_changes):
        draft = latest.as_object()
        raw = draft.body.get_prep_value()
        if relink_body(raw, resolve):
            draft.body = raw
            # Keep a scheduled (embargoed) publication on the new revision.
            scheduled = latest.approved_go_live_at
            draft.save_revision(approved_go_live_at=scheduled)
            if scheduled:
                latest.approved_go_live_at = None
                latest.save(update_fields=["approved_go_live_at"])
            changed = True
    return changed
