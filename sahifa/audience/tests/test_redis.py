"""The production store on a real redis-server."""

from datetime import UTC, datetime, timedelta

import pytest
import redis

from sahifa.audience import services
from sahifa.audience.models import ArticleDailyStats, ArticleHourlyStats
from sahifa.audience.stores import RedisStore, get_store

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
