"""The production store on a real redis-server."""

import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest
import redis
from django.db import connections

from sahifa.audience import services, storage
from sahifa.audience.models import ArticleDailyStats, ArticleHourlyStats
from sahifa.audience.stores import VIEW, RedisStore, get_store

from .conftest import CHROME, GOOGLEBOT

NOW = datetime(2026, 11, 27, 10, 20, tzinfo=UTC)


def hit(page, ip="198.51.100.1", agent=CHROME, event="v", network="", now=NOW):
    return services.record_hit(page.pk, event, ip=ip, user_agent=agent, network=network, now=now)


@pytest.mark.django_db
def test_hits_go_to_redis_then_to_the_database(use_redis, make_article):
    story = make_article()
    store = get_store()
    assert isinstance(store, RedisStore)
    for n in range(7):
        hit(story, ip=f"198.51.100.{n}")
    hit(story, ip="198.51.100.0")  # a repeat within the hour
    hit(story, agent=GOOGLEBOT)
    hit(story, event="s", network="telegram")
    hit(story, event="s", network="telegram")
    assert not ArticleHourlyStats.objects.exists()
    assert services.flush() == 1
    row = ArticleHourlyStats.objects.get(page=story)
    assert (row.views, row.pageviews, row.shares) == (7, 8, 1)
    assert ArticleDailyStats.objects.get(page=story).views == 7


@pytest.mark.django_db
def test_flush_writes_absolute_numbers_so_repeats_are_harmless(use_redis, make_article):
    story = make_article()
    hit(story)
    services.flush()
    hit(story, ip="198.51.100.2")
    services.flush()
    assert services.flush() == 0  # nothing dirty
    row = ArticleHourlyStats.objects.get(page=story)
    assert (row.views, row.pageviews) == (2, 2)


@pytest.mark.django_db
def test_a_crashed_flush_is_finished_by_the_next(use_redis, make_article, monkeypatch):
    from sahifa.audience import storage

    story = make_article()
    hit(story)

    def broken(*args, **kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(storage, "write_counts", broken)
    with pytest.raises(RuntimeError):
        services.flush()
    monkeypatch.undo()
    hit(story, ip="198.51.100.2", now=NOW + timedelta(hours=1))
    assert services.flush() == 2
    assert sum(ArticleHourlyStats.objects.values_list("views", flat=True)) == 2


@pytest.mark.django_db
def test_only_one_process_flushes_at_a_time(use_redis, make_article):
    story = make_article()
    hit(story)
    other = RedisStore(use_redis)
    other.redis.set(other.prefix + "flushlock", "someone-else", ex=60)
    assert services.flush() == 0
    other.redis.delete(other.prefix + "flushlock")
    assert services.flush() == 1


@pytest.mark.django_db
def test_salt_is_shared_and_expires(use_redis):
    first, second = RedisStore(use_redis), RedisStore(use_redis)
    assert first.salt(NOW) == second.salt(NOW)
    ttl = first.redis.ttl(f"{first.prefix}salt:{NOW.date().isoformat()}")
    assert 0 < ttl <= 26 * 3600
    assert first.salt(NOW + timedelta(days=1)) != first.salt(NOW)


@pytest.mark.django_db
def test_redis_down_never_breaks_the_beacon(settings, make_article, client):
    settings.SAHIFA_AUDIENCE_REDIS_URL = "redis://127.0.0.1:1/0"
    from sahifa.audience.stores import reset_store

    reset_store()
    story = make_article()
    assert hit(story) == services.UNAVAILABLE
    response = client.post(f"/audience/hit?p={story.pk}&e=v", HTTP_USER_AGENT=CHROME)
    assert response.status_code == 204
    with pytest.raises(redis.ConnectionError):
        get_store().flush()


def redis_hits(url: str, page_id: int, now: datetime = NOW) -> tuple[int, int]:
    """(raw pageviews, unique visitors) Redis holds for an article-hour."""
    client = redis.Redis.from_url(url)
    hour = int(now.timestamp()) // 3600
    raw = client.hget(f"sahifa:aud:h:{hour}:{page_id}", "pv")
    return int(raw or 0), client.pfcount(f"sahifa:aud:v:{hour}:{page_id}")


@pytest.mark.django_db
def test_hits_wait_in_the_process_and_reach_redis_in_one_push(use_redis, make_article):
    story = make_article()
    for n in range(5):
        hit(story, ip=f"198.51.100.{n}")
    hit(story, ip="198.51.100.0")
    assert redis_hits(use_redis, story.pk) == (0, 0)
    assert get_store().push() == 6
    assert redis_hits(use_redis, story.pk) == (6, 5)
    assert get_store().push() == 0


@pytest.mark.django_db
def test_a_failed_push_keeps_the_hits_for_the_next(use_redis, make_article, monkeypatch):
    story = make_article()
    store = get_store()
    hit(story)
    hit(story, ip="198.51.100.2")

    def refused(self, *args, **kwargs):
        raise redis.ConnectionError("Redis restarting")

    monkeypatch.setattr(redis.client.Pipeline, "execute", refused)
    with pytest.raises(redis.ConnectionError):
        store.push()
    assert store.pending() == 2
    monkeypatch.undo()
    assert store.push() == 2
    assert redis_hits(use_redis, story.pk) == (2, 2)


def test_a_worker_ending_with_os_exit_pushes_what_it_holds(use_redis, settings):
    """granian's workers are multiprocessing children: they end with
    os._exit, so atexit never runs there; the store's finalizer must."""
    settings.SAHIFA_AUDIENCE_FLUSH_THREAD = True
    settings.SAHIFA_AUDIENCE_FLUSH_SECONDS = 3600  # only the exit writes
    settings.SAHIFA_AUDIENCE_REDIS_PUSH_SECONDS = 3600

    def worker():
        # The parent's database sockets are not ours to use or close, and its
        # test owns the database: keep the child to Redis.
        for connection in connections.all(initialized_only=True):
            connection.connection = None
        storage.write_counts = lambda *args, **kwargs: 0
        store = RedisStore(use_redis)
        for visitor in (b"reader-1", b"reader-2", b"reader-1"):
            store.record(7, VIEW, "", visitor, NOW)
        store.start()

    child = multiprocessing.get_context("fork").Process(target=worker)
    child.start()
    child.join(30)
    assert child.exitcode == 0
    assert redis_hits(use_redis, 7) == (3, 2)
