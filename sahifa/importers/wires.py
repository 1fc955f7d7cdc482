"""Agency wire ingest: poll RSS/Atom feeds, create an ArticlePage per new
item (a draft for the editors, or published when the source says so),
deduplicated by GUID, with the agency credited.

`poll_source()` is the entry point (the `poll_wires` command, run by the
scheduler, is a thin loop over active sources). Each item is imported in its
own transaction: one bad item never blocks the rest of the wire."""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from html import escape
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

import feedparser
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sahifa.articles.models import ArticleAuthor, ArticlePage

from .html import html_to_blocks, html_to_text
from .models import WireItem, WireSource
from .services import BLOCK_NAMESPACE, authors_for, unique_slug

logger = logging.getLogger(__name__)
USER_AGENT = "Sahifa wire ingest (+https://github.com/sahifa)"
MAX_BYTES = 10 * 1024 * 1024
DEK_MAX = 400


class WireFetchError(Exception):
    pass


@dataclass
class PollResult:
    source: WireSource
    created: list[ArticlePage] = field(default_factory=list)
    skipped: int = 0  # already seen (dedupe by GUID)
    not_modified: bool = False
    errors: list[str] = field(default_factory=list)


def fetch(source: WireSource) -> bytes | None:
    """The feed body, or None when the server says it has not changed."""
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
    }
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    if not source.url.startswith(("http://", "https://")):
        raise WireFetchError("only http(s) feeds are polled")
    try:
        with urlopen(
            Request(source.url, headers=headers), timeout=settings.SAHIFA_WIRE_TIMEOUT
        ) as response:  # noqa: S310 - scheme checked above
            body = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise WireFetchError("feed larger than 10 MB")
            source.etag = (response.headers.get("ETag") or "")[:500]
            source.last_modified = (response.headers.get("Last-Modified") or "")[:100]
            return body
    except HTTPError as exc:
        if exc.code == 304:
            return None
        raise WireFetchError(f"HTTP {exc.code}") from None
    except (URLError, TimeoutError, OSError) as exc:
        raise WireFetchError(f"cannot fetch: {getattr(exc, 'reason', exc)}") from None


def entry_guid(entry) -> str:
    guid = entry.get("id") or entry.get("guid") or entry.get("link")
    if guid:
        return str(guid)[:500]
    basis = f"{entry.get('title', '')}|{entry.get('published', '')}|{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(basis.encode()).hexdigest()


def _entry_html(entry) -> tuple[str, str]:
    """(body html, summary html)."""
    summary = entry.get("summary", "") or ""
    contents = entry.get("content") or []
    html = next((c.get("value", "") for c in contents if "html" in c.get("type", "")), "")
    html = html or next((c.get("value", "") for c in contents), "")
    return (html or summary), (summary if html else "")


def build_body(entry, source: WireSource, guid: str) -> list[dict]:
    html, _summary = _entry_html(entry)
    if "<" not in html:
        html = "".join(f"<p>{escape(line)}</p>" for line in html.split("\n\n") if line.strip())
    # Remote pictures are not downloaded: an agency photo needs its own licence.
    blocks = html_to_blocks(html, headline=entry.get("title", ""))
    link = entry.get("link", "")
    credit = f"المصدر: {escape(source.name)}"
    if link.startswith(("http://", "https://")):
        credit = f'المصدر: <a href="{escape(link)}">{escape(source.name)}</a>'
    blocks.append(("paragraph", f"<p>{credit}</p>"))
    return [
        {
            "type": kind,
            "value": value,
            "id": str(uuid.uuid5(BLOCK_NAMESPACE, f"wire:{source.pk}:{guid}#{n}")),
        }
        for n, (kind, value) in enumerate(blocks)
    ]


def import_entry(source: WireSource, entry) -> ArticlePage | None:
    """Create the page for one entry, or None when its GUID was seen before."""
    guid = entry_guid(entry)
    if WireItem.objects.filter(source=source, guid=guid).exists():
        return None
    title = " ".join((entry.get("title") or "").split())[:255]
    if not title:
        raise ValueError("entry without a title")
    with transaction.atomic():
        # The ledger row first: a concurrent poll of the same item fails here.
        item = WireItem.objects.create(source=source, guid=guid)
        html, summary = _entry_html(entry)
        dek = html_to_text(summary)
        page = ArticlePage(
            title=title,
            slug=unique_slug(source.section, title),
            dek=dek[:DEK_MAX],
            source_uri=f"wire:{source.pk}:{guid}"[:500],
            live=False,
        )
        page.body = build_body(entry, source, guid)
        names = [a.get("name", "").strip() for a in entry.get("authors", []) if a.get("name")]
        page.article_authors = [ArticleAuthor(author=a) for a in authors_for(names)]
        page.tags.set(
            [
                *source.tag_list(),
                *[t.get("term", "") for t in entry.get("tags", []) if t.get("term")][:10],
            ]
        )
        source.section.add_child(instance=page)
        revision = page.save_revision()
        if source.publish:
            revision.publish()
        item.page = page
        item.save(update_fields=["page"])
    return ArticlePage.objects.get(pk=page.pk)


def poll_source(source: WireSource) -> PollResult:
    result = PollResult(source)
    try:
        body = fetch(source)
    except WireFetchError as exc:
        result.errors.append(str(exc))
        _finish(source, result)
        return result
    if body is None:
        result.not_modified = True
        _finish(source, result)
        return result
    feed = feedparser.parse(body)
    if feed.bozo and not feed.entries:
        result.errors.append(f"not a feed: {feed.get('bozo_exception')}")
        _finish(source, result)
        return result
    # Oldest first, so drafts appear in the agency's order.
    for entry in reversed(feed.entries):
        try:
            page = import_entry(source, entry)
        except IntegrityError:
            page = None  # another poll took it
        except Exception as exc:  # noqa: BLE001 - one bad item must not stop the wire
            logger.exception("wire %s: item %s failed", source, entry_guid(entry))
            result.errors.append(f"{entry_guid(entry)}: {exc}")
            continue
        if page is None:
            result.skipped += 1
        else:
            result.created.append(page)
    _finish(source, result)
    return result


def _finish(source: WireSource, result: PollResult) -> None:
    source.last_polled_at = timezone.now()
    source.last_error = "\n".join(result.errors)[:5000]
    WireSource.objects.filter(pk=source.pk).update(
        last_polled_at=source.last_polled_at,
        last_error=source.last_error,
        etag=source.etag,
        last_modified=source.last_modified,
    )


def poll_all() -> list[PollResult]:
    return [
        poll_source(source)
        for source in WireSource.objects.filter(active=True).select_related("section")
    ]
