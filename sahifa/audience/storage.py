"""Writing counts to the database in batches. Both stores (embedded and
Redis) end here; rankings and the newsroom view read only these tables."""

import logging
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from sahifa.articles.models import ArticlePage

from .models import ArticleDailyStats, ArticleHourlyStats, DailySalt, SeenKey

log = logging.getLogger(__name__)

CHUNK = 200
FIELDS = ("views", "pageviews", "shares")

# (page id, hour as epoch hours) -> [views, pageviews, shares]
Counts = dict[tuple[int, int], list[int]]


def hour_start(hour: int) -> datetime:
    return datetime.fromtimestamp(hour * 3600, tz=UTC)


def live_article_ids(ids) -> set[int]:
    ids = list(ids)
    found: set[int] = set()
    for i in range(0, len(ids), 500):
        found.update(
            ArticlePage.objects.live().filter(pk__in=ids[i : i + 500]).values_list("pk", flat=True)
        )
    return found


def claim_keys(keys: dict[int, int]) -> set[int]:
    """Insert dedupe keys {key: hour}; return the ones that were new. One
    INSERT … ON CONFLICT DO NOTHING RETURNING per chunk is atomic on both
    PostgreSQL and SQLite, so two processes flushing the same visitor never
    both count it."""
    table = connection.ops.quote_name(SeenKey._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    items = list(keys.items())
    new: set[int] = set()
    with connection.cursor() as cursor:
        for i in range(0, len(items), CHUNK * 2):
            chunk = items[i : i + CHUNK * 2]
            params: list = []
            for key, hour in chunk:
                params += [key, adapt(hour_start(hour))]
            cursor.execute(
                f'INSERT INTO {table} ("key", "hour") VALUES '
                + ",".join(["(%s, %s)"] * len(chunk))
                + ' ON CONFLICT ("key") DO NOTHING RETURNING "key"',
                params,
            )
            new.update(row[0] for row in cursor.fetchall())
    return new


def upsert_hourly(counts: Counts, add: bool) -> None:
    """add=True adds to the stored numbers (embedded buffer deltas);
    add=False replaces them with Redis's absolute numbers per hour, but never
    with smaller ones: a Redis restarted without persistence counts the
    hour again from zero, and must not erase what was already written."""
    table = connection.ops.quote_name(ArticleHourlyStats._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    if add:
        updates = ", ".join(f'"{f}" = {table}."{f}" + excluded."{f}"' for f in FIELDS)
    else:
        updates = ", ".join(
            f'"{f}" = CASE WHEN excluded."{f}" > {table}."{f}" '
            f'THEN excluded."{f}" ELSE {table}."{f}" END'
            for f in FIELDS
        )
    items = list(counts.items())
    with connection.cursor() as cursor:
        for i in range(0, len(items), CHUNK):
            chunk = items[i : i + CHUNK]
            params: list = []
            for (page_id, hour), values in chunk:
                params += [page_id, adapt(hour_start(hour)), *values]
            cursor.execute(
                f'INSERT INTO {table} ("page_id", "hour", "views", "pageviews", "shares") VALUES '
                + ",".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
                + f' ON CONFLICT ("page_id", "hour") DO UPDATE SET {updates}',
                params,
            )


def local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def refresh_daily(pairs) -> None:
    """Recompute the daily rows touched by these (page id, hour) pairs from
    the hourly rows, so the daily history is always their exact sum."""
    days_by_page: dict[int, set[date]] = defaultdict(set)
    for page_id, hour in pairs:
        days_by_page[page_id].add(local_day(hour_start(hour)))
    if not days_by_page:
        return
    all_days = {d for days in days_by_page.values() for d in days}
    since = datetime.combine(min(all_days) - timedelta(days=1), datetime.min.time(), UTC)
    until = datetime.combine(max(all_days) + timedelta(days=2), datetime.min.time(), UTC)
    totals: dict[tuple[int, date], list[int]] = {}
    for page_id, hour, *values in ArticleHourlyStats.objects.filter(
        page_id__in=list(days_by_page), hour__gte=since, hour__lt=until
    ).values_list("page_id", "hour", *FIELDS):
        day = local_day(hour)
        if day in days_by_page[page_id]:
            row = totals.setdefault((page_id, day), [0, 0, 0])
            for index, value in enumerate(values):
                row[index] += value
    ArticleDailyStats.objects.bulk_create(
        [
            ArticleDailyStats(page_id=page_id, day=day, views=v, pageviews=pv, shares=s)
            for (page_id, day), (v, pv, s) in totals.items()
        ],
        update_conflicts=True,
        unique_fields=["page", "day"],
        update_fields=list(FIELDS),
        batch_size=CHUNK,
    )


def write_counts(counts: Counts, add: bool) -> int:
    """Write one batch in one transaction; unknown or unpublished articles
    are dropped. Returns the number of hourly rows written."""
    live = live_article_ids({page_id for page_id, _ in counts})
    counts = {pair: values for pair, values in counts.items() if pair[0] in live}
    if not counts:
        return 0
    with transaction.atomic():
        upsert_hourly(counts, add=add)
        refresh_daily(counts)
    return len(counts)


def prune(now: datetime | None = None) -> dict[str, int]:
    """Delete dedupe keys of finished hours, and hourly rows older than
    SAHIFA_AUDIENCE_HOURLY_RETENTION_DAYS (their daily sums stay)."""
    now = now or datetime.now(UTC)
    current_hour = now.replace(minute=0, second=0, microsecond=0)
    keep = timedelta(days=settings.SAHIFA_AUDIENCE_HOURLY_RETENTION_DAYS)
    # The previous hour's keys stay: its last hits may still be in a buffer.
    seen, _ = SeenKey.objects.filter(hour__lt=current_hour - timedelta(hours=1)).delete()
    hourly, _ = ArticleHourlyStats.objects.filter(hour__lt=current_hour - keep).delete()
    salts, _ = DailySalt.objects.filter(day__lt=now.date()).delete()
    return {"seen_keys": seen, "hourly_rows": hourly, "salts": salts}
