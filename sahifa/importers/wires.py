"""Agency wire ingest: poll RSS/Atom feeds and write each new item, through
the same article writer as the file importers, as an ArticlePage (a draft for
the editors, or published when the source says so), deduplicated by GUID,
with the agency credited.

Dates come from the feed: `published` (RSS `pubDate`), else `updated`, is the
first publication; a later `updated` is «آخر تحديث». An item dated in the
future is under embargo until that date (RSS and Atom have no embargo field;
agencies announce scheduled items this way).

`poll_source()` is the entry point (the `poll_wires` command, run by the
scheduler, is a thin loop over active sources). Each item is imported in its
own transaction: one bad item never blocks the rest of the wire."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

import feedparser
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from feedparser import FeedParserDict

from sahifa.articles.models import ArticlePage

from .html import html_to_text
from .models import WireItem, WireSource
from .types import ImportFailed, ItemData
from .writer import ImportPolicy, upsert_article

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
            Request(source.url, headers=headers), timeout=settings.SAHIFA_IMPORTERS_WIRE_TIMEOUT
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


def entry_guid(entry: FeedParserDict) -> str:
    guid = entry.get("id") or entry.get("guid") or entry.get("link")
    if guid:
        return str(guid)[:500]
    basis = f"{entry.get('title', '')}|{entry.get('published', '')}|{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(basis.encode()).hexdigest()


def _entry_html(entry: FeedParserDict) -> tuple[str, str]:
    """(body html, summary html)."""
    summary = entry.get("summary", "") or ""
    contents = entry.get("content") or []
    html = next((c.get("value", "") for c in contents if "html" in c.get("type", "")), "")
    html = html or next((c.get("value", "") for c in contents), "")
    return (html or summary), (summary if html else "")


def _feed_date(entry: FeedParserDict, key: str) -> datetime | None:
    # dict.get: feedparser's own get() answers a missing `updated_parsed`
    # with `published_parsed`, and a DeprecationWarning.
    value = dict.get(entry, key)
    return datetime(*value[:6], tzinfo=UTC) if value else None


def entry_item(entry: FeedParserDict, source: WireSource, index: int) -> ItemData:
    """One feed entry as ItemData (no database). `index` is the entry's
    1-based position in the feed, for error messages."""
    guid = entry_guid(entry)
    title = " ".join((entry.get("title") or "").split())[:255]
    if not title:
        raise ImportFailed(source.url, index, "title", "missing", uri=guid)
    html, summary = _entry_html(entry)
    if "<" not in html:
        html = "".join(f"<p>{escape(line)}</p>" for line in html.split("\n\n") if line.strip())
    link = entry.get("link", "")
    credit = f"المصدر: {escape(source.name)}"
    if _is_address(link, ("http", "https")):
        credit = f'المصدر: <a href="{escape(link)}">{escape(source.name)}</a>'
    published = _feed_date(entry, "published_parsed")
    updated = _feed_date(entry, "updated_parsed")
    names = [a.get("name", "").strip() for a in entry.get("authors", []) if a.get("name")]
    entry_tags = [t.get("term", "") for t in entry.get("tags", []) if t.get("term")][:10]
    return ItemData(
        index=index,
        uri=f"wire:{source.pk}:{guid}"[:500],
        headline=title,
        dek=html_to_text(summary)[:DEK_MAX],
        # Remote pictures are not downloaded: an agency photo needs its own licence.
        body=f"{html}<p>{credit}</p>",
        firstcreated=published or updated,
        versioncreated=updated or published,
        # A future date is an embargo (see the module docstring).
        embargoed=published or updated,
        bylines=names,
        tags=[*source.tag_list(), *entry_tags],
        # Other items link to this one by its link, or by a GUID that is an address.
        aliases=[
            address
            for address in dict.fromkeys((link, guid))
            if _is_address(address, ("http", "https", "urn", "tag"))
        ],
    )


def wire_policy(source: WireSource) -> ImportPolicy:
    """Wire items go to the source's section, published or kept as drafts as
    the source says; their pictures are never downloaded."""
    return ImportPolicy(
        source=source.url, place=lambda item: source.section, publish=source.publish
    )


def import_entry(source: WireSource, entry: FeedParserDict, index: int = 1) -> ArticlePage | None:
    """Create the page for one entry, or None when its GUID was seen before."""
    guid = entry_guid(entry)
    if WireItem.objects.filter(source=source, guid=guid).exists():
        return None
    item = entry_item(entry, source, index)
    with transaction.atomic():
        # The ledger row first: a concurrent poll of the same item fails here.
        ledger = WireItem.objects.create(source=source, guid=guid)
        ledger.page = upsert_article(item, wire_policy(source)).page
        ledger.save(update_fields=["page"])
    return ArticlePage.objects.get(pk=ledger.page.pk)


def _is_address(value: str, schemes: tuple[str, ...]) -> bool:
    try:
        return urlsplit(value).scheme.lower() in schemes
    except ValueError:
        return False


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
    for index, entry in reversed(list(enumerate(feed.entries, start=1))):
        try:
            page = import_entry(source, entry, index)
        except IntegrityError:
            page = None  # another poll took it
        except ImportFailed as exc:
            logger.warning("wire %s: %s", source, exc)
            result.errors.append(str(exc))
            continue
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
