"""Audience signals: counting hits, and ranking stories by them.

Public API: record_hit(), flush(), most_read(), trending(), plus what the
newsroom view needs (top_now(), hourly_series(), daily_series(), export)."""

import contextlib
import logging
import math
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Case, F, FloatField, Sum, Value, When

from sahifa.articles.models import ArticlePage
from sahifa.core import visibility
from sahifa.core.pagination import MAX_DB_INT
from sahifa.core.quietlog import QuietLog
from sahifa.sections.models import SectionPage

from . import limits, storage
from .models import ArticleDailyStats, ArticleHourlyStats
from .privacy import address_hash, is_bot, visitor_hash
from .stores import NETWORKS, SHARE, VIEW, get_store

log = logging.getLogger(__name__)

WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7)}
TRENDING_HOURS = 24

# What record_hit() answers, also used by tests and the benchmark.
COUNTED, BOT, INVALID, UNAVAILABLE = "counted", "bot", "invalid", "unavailable"
RATE_LIMITED = "rate_limited"

# Per process: see docs/audience.md, "Honest counts".
_rate_limiter = limits.RateLimiter()
_quiet = QuietLog(log)


def now_utc() -> datetime:
    return datetime.now(UTC)


def floor_hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


# -- counting ----------------------------------------------------------------
def record_hit(
    page_id,
    event: str,
    ip: str,
    user_agent: str,
    network: str = "",
    now: datetime | None = None,
) -> str:
    """Count one beacon. Bots are dropped here; dedupe happens in the store
    (per visitor, article, event and clock hour). Never raises: a broken
    Redis costs counts, never a reader's page."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        return INVALID
    if not 0 < page_id < MAX_DB_INT or event not in (VIEW, SHARE):
        return INVALID
    if event == SHARE and network not in NETWORKS:
        return INVALID
    if event == VIEW:
        network = ""
    if is_bot(user_agent):
        return BOT
    now = now or now_utc()
    store = get_store()
    try:
        salt = store.salt(now)
        if not _rate_limiter.allow(address_hash(salt, ip), now.timestamp()):
            limits.drop("rate_limited")
            return RATE_LIMITED
        visitor = visitor_hash(salt, ip, user_agent)
        store.record(page_id, event, network, visitor, now)
    except Exception:  # noqa: BLE001 - analytics must not break serving
        limits.drop("unavailable")
        _quiet.warning("unavailable", "audience store unavailable; hits dropped", exc_info=True)
        return UNAVAILABLE
    store.start()
    return COUNTED


def flush() -> int:
    """Write what this process (embedded) or Redis holds to the database."""
    return get_store().flush()


def prune() -> dict[str, int]:
    return storage.prune()


def backfill(counts: dict[tuple[int, datetime], tuple[int, int, int]]) -> int:
    """Write past hourly numbers, {(article id, hour): (unique views,
    pageviews, shares)}, straight to the hourly and daily tables: history
    carried over from another analytics system, or the demo's readers.
    No beacon is involved, so no bot filter, rate limit or damping: the
    caller vouches for the numbers. They are absolute and never lower what
    is stored (like a Redis flush), so running the same backfill again
    changes nothing. Unknown or unpublished articles are skipped. Returns
    the number of hourly rows written."""
    rows: storage.Counts = {}
    for (page_id, hour), values in counts.items():
        views, pageviews, shares = (max(0, int(v)) for v in values)
        key = (int(page_id), int(floor_hour(hour).timestamp()) // 3600)
        rows[key] = [views, max(views, pageviews), shares]
    written = storage.write_counts(rows, add=False)
    forget_rankings()
    return written


# -- rankings ----------------------------------------------------------------
def _stats(section=None):
    # Restricted articles keep their counts but never rank: the lists are
    # shared by every reader.
    rows = ArticleHourlyStats.objects.filter(page__live=True).exclude(
        # A subquery (core.visibility), not a query of its own first.
        page_id__in=ArticlePage.objects.filter(visibility.restricted_q()).values("pk")
    )
    if section is not None:
        rows = rows.filter(page__path__startswith=section.path, page__depth__gt=section.depth)
    return rows


def most_read_scores(
    section=None, window: str = "24h", limit: int = 5, now: datetime | None = None
) -> list[tuple[int, int]]:
    """[(page id, unique views)] over the last `window`, best first."""
    since = floor_hour(now or now_utc()) - WINDOWS[window] + timedelta(hours=1)
    rows = (
        _stats(section)
        .filter(hour__gte=since)
        .values("page_id")
        .annotate(total=Sum("views"))
        .filter(total__gt=0)
        .order_by("-total", "-page_id")[:limit]
    )
    return [(row["page_id"], row["total"]) for row in rows]


def decay_weights(now: datetime) -> dict[datetime, float]:
    """Weight of each hourly bucket: 2^(-age / half-life), age measured to
    the middle of what the bucket has seen so far."""
    half_life = settings.SAHIFA_AUDIENCE_TRENDING_HALF_LIFE_HOURS
    current = floor_hour(now)
    elapsed = (now - current).total_seconds() / 3600
    weights = {}
    for i in range(TRENDING_HOURS):
        age = elapsed / 2 if i == 0 else elapsed + i - 0.5
        weights[current - timedelta(hours=i)] = 0.5 ** (age / half_life)
    return weights


def trending_scores(
    section=None, limit: int = 5, now: datetime | None = None
) -> list[tuple[int, float]]:
    """[(page id, score)]: (unique views + SHARE_WEIGHT × shares) per hour,
    decayed by age, so a story rising now beats yesterday's big one."""
    now = now or now_utc()
    weights = decay_weights(now)
    share_weight = settings.SAHIFA_AUDIENCE_SHARE_WEIGHT
    weight = Case(
        *[When(hour=hour, then=Value(w)) for hour, w in weights.items()],
        default=Value(0.0),
        output_field=FloatField(),
    )
    rows = (
        _stats(section)
        .filter(hour__gte=min(weights))
        .values("page_id")
        .annotate(score=Sum((F("views") + share_weight * F("shares")) * weight))
        .filter(score__gt=0)
        .order_by("-score", "-page_id")[:limit]
    )
    return [(row["page_id"], row["score"]) for row in rows]


def _newest_ids(section, limit: int, exclude: list[int]) -> list[int]:
    articles = ArticlePage.objects.visible()
    if section is not None:
        articles = articles.in_section(section)
    return list(articles.exclude(pk__in=exclude).recent().values_list("pk", flat=True)[:limit])


VERSION_KEY = "audience:version"


def cache_version() -> int:
    """Part of every cached ranking's key: bumping it drops them all. 0 when
    the cache is unreachable (callers then skip it)."""
    try:
        return cache.get_or_set(VERSION_KEY, 1, timeout=None)
    except Exception:  # noqa: BLE001 - a dead Redis must not take the page down
        _quiet.warning("cache", "cache unavailable; rankings computed without it", exc_info=True)
        return 0


def cache_get(key: str):
    """cache.get that answers None when the cache (Redis) is down."""
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - a dead Redis must not take the page down
        _quiet.warning("cache", "cache unavailable; rankings computed without it", exc_info=True)
        return None


def cache_set(key: str, value, timeout: float) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:  # noqa: BLE001 - a dead Redis must not take the page down
        _quiet.warning("cache", "cache unavailable; rankings computed without it", exc_info=True)


def forget_rankings(*args) -> None:
    """Drop every cached ranking and rendered list. The lifecycle calls this
    when an article is published, withdrawn, restricted, moved or deleted, so the lists
    change at once rather than after the cache lifetime."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 - publishing must not fail on a dead Redis
        _quiet.warning("cache", "cache unavailable; cached rankings not dropped", exc_info=True)


def _ranked(kind: str, section, window: str, limit: int) -> list:
    """Ranked ArticlePages, padded with the newest stories when there are
    fewer signals than places. The id list is cached for
    SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS in the shared cache."""
    key = f"audience:{cache_version()}:{kind}:{getattr(section, 'pk', 0)}:{window}:{limit}"

    def scores() -> list[int]:
        # A savepoint only inside a transaction, where a failed ranking must
        # not spoil it. A reader's request runs in autocommit, and there
        # atomic() would BEGIN IMMEDIATE on SQLite: wait for the write lock
        # (up to the busy timeout) behind an import, to read.
        in_transaction = transaction.get_connection().in_atomic_block
        with transaction.atomic() if in_transaction else contextlib.nullcontext():
            if kind == "most_read":
                return [pk for pk, _ in most_read_scores(section, window, limit)]
            return [pk for pk, _ in trending_scores(section, limit)]

    ids = cache_get(key)
    if ids is None:
        try:
            ids = scores()
            fresh = True
        except DatabaseError:  # e.g. SQLite busy with a flush: serve the page anyway
            log.warning("audience ranking unavailable; showing the newest stories", exc_info=True)
            ids, fresh = [], False
        if len(ids) < limit:
            ids += _newest_ids(section, limit - len(ids), ids)
        if fresh:
            cache_set(key, ids, settings.SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS)
    pages = ArticlePage.objects.visible().filter(pk__in=ids).for_listing().in_bulk()
    return [pages[pk] for pk in ids if pk in pages]


def most_read(section=None, window: str = "24h", limit: int = 5) -> list:
    """الأكثر قراءة: unique views in the window ("24h" or "7d")."""
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {', '.join(WINDOWS)}")
    return _ranked("most_read", section, window, limit)


def trending(section=None, limit: int = 5) -> list:
    """الأكثر تداولاً: shares plus view velocity with time decay."""
    return _ranked("trending", section, "decay", limit)


# -- the newsroom view -------------------------------------------------------
def top_now(limit: int = 10, now: datetime | None = None) -> list[dict]:
    """Top stories of the last 24 h with their numbers and a 24-hour series."""
    now = now or now_utc()
    scores = most_read_scores(None, "24h", limit, now)
    pages = ArticlePage.objects.filter(pk__in=[pk for pk, _ in scores]).in_bulk()
    since = floor_hour(now) - timedelta(hours=23)
    shares = dict(
        ArticleHourlyStats.objects.filter(page_id__in=list(pages), hour__gte=since)
        .values("page_id")
        .annotate(total=Sum("shares"))
        .values_list("page_id", "total")
    )
    return [
        {
            "page": pages[pk],
            "views": views,
            "shares": shares.get(pk, 0),
            "series": hourly_series(pk, hours=24, now=now),
        }
        for pk, views in scores
        if pk in pages
    ]


def hourly_series(page_id: int, hours: int = 48, now: datetime | None = None) -> list[dict]:
    """One point per clock hour, oldest first, zeros where nothing was read."""
    current = floor_hour(now or now_utc())
    since = current - timedelta(hours=hours - 1)
    rows = {
        row["hour"]: row
        for row in ArticleHourlyStats.objects.filter(page_id=page_id, hour__gte=since).values(
            "hour", "views", "pageviews", "shares"
        )
    }
    points = []
    for i in range(hours):
        hour = since + timedelta(hours=i)
        row = rows.get(hour, {})
        points.append(
            {
                "time": hour,
                "views": row.get("views", 0),
                "pageviews": row.get("pageviews", 0),
                "shares": row.get("shares", 0),
            }
        )
    return points


def daily_series(page_id: int, days: int = 30, today: date | None = None) -> list[dict]:
    today = today or storage.local_day(now_utc())
    since = today - timedelta(days=days - 1)
    rows = {
        row["day"]: row
        for row in ArticleDailyStats.objects.filter(page_id=page_id, day__gte=since).values(
            "day", "views", "pageviews", "shares"
        )
    }
    return [
        {
            "time": day,
            "views": rows.get(day, {}).get("views", 0),
            "pageviews": rows.get(day, {}).get("pageviews", 0),
            "shares": rows.get(day, {}).get("shares", 0),
        }
        for day in (since + timedelta(days=i) for i in range(days))
    ]


EXPORT_HEADER = ["day", "article_id", "title", "section", "url", "views", "pageviews", "shares"]


def export_rows(days: int = 30, page_id: int | None = None) -> Iterator[list]:
    """Daily rows for CSV export, newest day first (header first)."""
    since = storage.local_day(now_utc()) - timedelta(days=days - 1)
    rows = ArticleDailyStats.objects.filter(day__gte=since).select_related("page")
    if page_id is not None:
        rows = rows.filter(page_id=page_id)
    sections = {s.path: s.title for s in SectionPage.objects.all()}
    yield EXPORT_HEADER
    for row in rows.order_by("-day", "-views", "page_id").iterator(chunk_size=1000):
        page = row.page
        section = sections.get(page.path[: -page.steplen], "")
        yield [
            row.day.isoformat(),
            page.pk,
            page.title,
            section,
            page.url or "",
            row.views,
            row.pageviews,
            row.shares,
        ]


def nice_ceiling(value: float) -> int:
    """1, 2, 5 × 10^n at or above value (for chart axes)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return int(10 * magnitude)
