"""The embedded store: buffered in process, written in batches, deduped
across processes through the database."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sahifa.audience import services, storage
from sahifa.audience.models import ArticleDailyStats, ArticleHourlyStats, DailySalt, SeenKey
from sahifa.audience.stores import EmbeddedStore, get_store

from .conftest import CHROME, GOOGLEBOT

NOW = datetime(2026, 11, 27, 10, 20, tzinfo=UTC)


def hit(page, ip="198.51.100.1", agent=CHROME, event="v", network="", now=NOW):
    return services.record_hit(page.pk, event, ip=ip, user_agent=agent, network=network, now=now)


def hourly(page):
    return ArticleHourlyStats.objects.get(page=page)


@pytest.mark.django_db
def test_views_are_buffered_then_written_in_one_batch(make_article):
    story = make_article(title="خبر أ")
    hit(story, ip="198.51.100.99")  # the day's salt is created once per process
    with CaptureQueriesContext(connection) as queries:
        for n in range(20):
            assert hit(story, ip=f"198.51.100.{n}") == services.COUNTED
    assert len(queries) == 0
    assert not ArticleHourlyStats.objects.exists()
    assert services.flush() == 1
    row = hourly(story)
    assert (row.views, row.pageviews, row.shares) == (21, 21, 0)
    assert row.hour == datetime(2026, 11, 27, 10, tzinfo=UTC)


@pytest.mark.django_db
def test_same_visitor_counts_once_per_hour(make_article):
    story = make_article()
    for _ in range(5):
        hit(story)
    services.flush()
    hit(story)  # after a flush: the database remembers the visitor
    services.flush()
    row = hourly(story)
    assert (row.views, row.pageviews) == (1, 6)
    hit(story, now=NOW + timedelta(hours=1))
    services.flush()
    assert ArticleHourlyStats.objects.filter(page=story).count() == 2
    assert ArticleDailyStats.objects.get(page=story).views == 2


@pytest.mark.django_db
def test_two_processes_agree_on_dedupe(make_article):
    """Two stores stand for two web workers: a reader whose reloads land
    on both is still counted once, and their counts add up."""
    story = make_article()
    first, second = EmbeddedStore(), EmbeddedStore()
    salt = first.salt(NOW)
    assert second.salt(NOW) == salt  # shared through the database
    from sahifa.audience.privacy import visitor_hash

    reader = visitor_hash(salt, "198.51.100.1", CHROME)
    other = visitor_hash(salt, "198.51.100.2", CHROME)
    first.record(story.pk, "v", "", reader, NOW)
    second.record(story.pk, "v", "", reader, NOW)
    second.record(story.pk, "v", "", other, NOW)
    first.flush()
    second.flush()
    row = hourly(story)
    assert (row.views, row.pageviews) == (2, 3)


@pytest.mark.django_db
def test_bots_and_bad_beacons_are_not_counted(make_article):
    story = make_article()
    assert hit(story, agent=GOOGLEBOT) == services.BOT
    assert services.record_hit("abc", "v", "1.2.3.4", CHROME) == services.INVALID
    assert services.record_hit(story.pk, "x", "1.2.3.4", CHROME) == services.INVALID
    assert hit(story, event="s", network="myspace") == services.INVALID
    assert services.record_hit(10**30, "v", "1.2.3.4", CHROME) == services.INVALID
    # An id that is not a live article is accepted, then dropped at flush.
    assert services.record_hit(story.pk + 999, "v", "1.2.3.4", CHROME) == services.COUNTED
    services.flush()
    assert not ArticleHourlyStats.objects.exists()


@pytest.mark.django_db
def test_shares_count_once_per_network_per_visitor(make_article):
    story = make_article()
    for network in ("x", "x", "whatsapp", "copy"):
        hit(story, event="s", network=network)
    hit(story, ip="198.51.100.2", event="s", network="x")
    services.flush()
    row = hourly(story)
    assert (row.views, row.pageviews, row.shares) == (0, 0, 4)


@pytest.mark.django_db
def test_a_failed_write_is_kept_for_the_next_flush(make_article, monkeypatch):
    story = make_article()
    hit(story)
    store = get_store()

    def broken(*args, **kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(storage, "claim_keys", broken)
    with pytest.raises(RuntimeError):
        store.flush()
    monkeypatch.undo()
    assert store.pending() == 1
    store.flush()
    assert hourly(story).views == 1


@pytest.mark.django_db
def test_full_buffer_wakes_the_flusher(make_article, settings):
    settings.SAHIFA_AUDIENCE_BUFFER_MAX = 3
    story = make_article()
    store = get_store()
    for n in range(3):
        hit(story, ip=f"198.51.100.{n}")
    assert store._wake.is_set()


@pytest.mark.django_db
def test_salt_rotates_daily_and_old_salts_are_deleted(make_article):
    story = make_article()
    hit(story)
    first = DailySalt.objects.get().salt
    hit(story, now=NOW + timedelta(days=1))
    assert DailySalt.objects.count() == 1
    assert DailySalt.objects.get().salt != first
    # No visitor hash, IP or agent is stored with the counts.
    services.flush()
    columns = {f.name for f in ArticleHourlyStats._meta.get_fields()}
    assert columns == {"id", "page", "hour", "views", "pageviews", "shares"}


@pytest.mark.django_db
def test_prune_drops_finished_dedupe_keys_and_old_hours(make_article, settings):
    settings.SAHIFA_AUDIENCE_HOURLY_RETENTION_DAYS = 1
    story = make_article()
    hit(story, now=NOW - timedelta(days=3))
    hit(story, now=NOW)
    services.flush()
    assert SeenKey.objects.count() == 2
    result = storage.prune(now=NOW)
    assert result["seen_keys"] == 1 and result["hourly_rows"] == 1
    assert ArticleHourlyStats.objects.count() == 1
    assert ArticleDailyStats.objects.count() == 2  # history stays


@pytest.mark.django_db
def test_beacon_endpoint(client, make_article):
    story = make_article()
    url = f"/audience/hit?p={story.pk}&e=v"
    assert client.get(url).status_code == 405
    response = client.post(url, HTTP_USER_AGENT=CHROME, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 204
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    # A cross-site request is answered the same way but not counted.
    client.post(url, HTTP_USER_AGENT=CHROME + " other", HTTP_SEC_FETCH_SITE="cross-site")
    client.post(url, HTTP_USER_AGENT=GOOGLEBOT)
    services.flush()
    assert hourly(story).pageviews == 1


@pytest.mark.django_db
def test_reading_without_javascript_counts_nothing(client, make_article):
    """Crawlers that fetch pages without running JS never send the beacon."""
    story = make_article()
    for _ in range(3):
        assert client.get(story.url, HTTP_USER_AGENT=CHROME).status_code == 200
    services.flush()
    assert not ArticleHourlyStats.objects.exists()


@pytest.mark.django_db
def test_wsgi_fast_path(make_article):
    from io import BytesIO

    from sahifa.audience.middleware import with_beacon

    story = make_article()
    passed = []

    def django_app(environ, start_response):
        passed.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"page"]

    app = with_beacon(django_app)
    statuses = []

    def environ(method="POST", path="/audience/hit", agent=CHROME):
        return {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": f"p={story.pk}&e=v",
            "REMOTE_ADDR": "198.51.100.4",
            "HTTP_USER_AGENT": agent,
            "wsgi.input": BytesIO(),
        }

    assert app(environ(), lambda status, headers: statuses.append(status)) == [b""]
    app(environ(agent=GOOGLEBOT), lambda status, headers: statuses.append(status))
    app(environ(method="GET"), lambda status, headers: statuses.append(status))
    app(environ(path="/politics/"), lambda status, headers: statuses.append(status))
    assert statuses == ["204 No Content", "204 No Content", "200 OK", "200 OK"]
    assert passed == ["/audience/hit", "/politics/"]
    services.flush()
    assert hourly(story).pageviews == 1
