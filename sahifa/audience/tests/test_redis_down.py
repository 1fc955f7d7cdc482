"""Redis dies under a running site: the beacon still answers 204, hits wait in
the process (bounded) or are dropped with a counter and one warning, the
rankings render from the last known lists or the database, never a 500.
Redis is a real redis-server this test starts, kills and starts again."""

import logging
import shutil
import subprocess
import time

import pytest
import redis

from sahifa.audience import blocks, services
from sahifa.audience.limits import dropped
from sahifa.audience.models import ArticleHourlyStats
from sahifa.audience.stores import RedisStore, get_store, reset_store

from .conftest import CHROME, _free_port


class RedisProcess:
    def __init__(self, tmp_path):
        self.port = _free_port()
        self.dir = tmp_path
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_process(tmp_path, settings):
    server = RedisProcess(tmp_path)
    server.start()
    settings.SAHIFA_AUDIENCE_REDIS_URL = server.url
    # Rankings share the default cache: Redis too, with the backend
    # production uses (sahifa/core/cache.py).
    original = settings.CACHES
    settings.CACHES = {
        **original,
        "default": {
            "BACKEND": "sahifa.core.cache.ResilientRedisCache",
            "LOCATION": server.url,
        },
    }
    reset_store()
    yield server
    reset_store(flush=False)
    settings.CACHES = original
    if server.process is not None:
        server.kill()


def beacon(client, page, ip):
    started = time.monotonic()
    response = client.post(f"/audience/hit?p={page.pk}&e=v", HTTP_USER_AGENT=CHROME, REMOTE_ADDR=ip)
    assert response.status_code == 204
    return time.monotonic() - started


def most_read_html(client):
    response = client.get("/audience/blocks/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_redis_down_beacons_answer_and_rankings_render(client, make_article, redis_process, caplog):
    quiet, read = make_article(title="خبر هادئ"), make_article(title="خبر مقروء")
    for n in range(5):
        beacon(client, read, f"198.51.100.{n + 1}")
    beacon(client, quiet, "198.51.100.99")
    assert isinstance(get_store(), RedisStore)
    services.flush()
    # Unique visitors are HyperLogLog estimates: compare with what was stored.
    stored = ArticleHourlyStats.objects.get(page=read).views
    assert stored >= 4
    html = most_read_html(client)
    assert html.index("خبر مقروء") < html.index("خبر هادئ")

    redis_process.kill()
    caplog.set_level(logging.WARNING, logger="sahifa.audience")

    # This process knows today's salt: hits wait in its buffer.
    for n in range(20):
        assert beacon(client, read, f"203.0.113.{n + 1}") < 1
    store = get_store()
    assert store.pending() == 20
    with pytest.raises(redis.ConnectionError):
        store.push()
    # What the flush thread does between flushes (a flush would also
    # recycle database connections, which a test's transaction cannot take).
    store.last_flush = time.monotonic()
    store.tick()  # logged, kept, retried
    assert store.pending() == 20

    # Rankings: the last lists this process rendered, then the database.
    html = most_read_html(client)
    assert html.index("خبر مقروء") < html.index("خبر هادئ")
    blocks._local.clear()
    html = most_read_html(client)
    assert html.index("خبر مقروء") < html.index("خبر هادئ")
    for url in (read.url, "/"):
        assert client.get(url).status_code == 200
    services.forget_rankings()  # publishing must not fail either

    # A process that never reached Redis today cannot hash: counted as dropped.
    reset_store(flush=False)
    before = dropped().get("unavailable", 0)
    durations = [beacon(client, read, f"192.0.2.{n + 1}") for n in range(50)]
    assert dropped()["unavailable"] - before == 50
    assert max(durations) < 1
    unavailable_lines = [r for r in caplog.records if "hits dropped" in r.getMessage()]
    assert len(unavailable_lines) <= 1, "one warning a minute, not one per beacon"

    # Redis comes back empty (no persistence): counting resumes, and the
    # hour it counts again from zero never lowers what was written before.
    redis_process.start()
    reset_store(flush=False)
    beacon(client, read, "192.0.2.200")
    beacon(client, quiet, "192.0.2.201")
    beacon(client, quiet, "192.0.2.202")
    services.flush()
    assert ArticleHourlyStats.objects.get(page=read).views == stored
    assert ArticleHourlyStats.objects.get(page=quiet).views == 2


@pytest.mark.django_db
def test_hits_buffered_while_redis_is_down_arrive_when_it_returns(
    client, make_article, redis_process
):
    story = make_article()
    beacon(client, story, "198.51.100.1")
    store = get_store()
    store.push()
    redis_process.kill()
    for n in range(10):
        beacon(client, story, f"203.0.113.{n + 1}")
    store.last_flush = time.monotonic()
    store.tick()
    assert store.pending() == 10
    redis_process.start()  # empty: it ran without persistence
    assert store.push() == 10
    services.flush()
    assert ArticleHourlyStats.objects.get(page=story).views == 10


@pytest.mark.django_db
def test_the_buffer_is_bounded(make_article, settings, redis_process):
    settings.SAHIFA_AUDIENCE_BUFFER_MAX = 10
    story = make_article()
    services.record_hit(story.pk, "v", "198.51.100.1", CHROME)
    redis_process.kill()
    before = dropped().get("buffer_full", 0)
    for n in range(30):
        services.record_hit(story.pk, "v", f"203.0.113.{n + 1}", CHROME)
    store = get_store()
    assert store.pending() == 20
    assert dropped()["buffer_full"] - before == 11
