"""Degrade, don't fail: lost-task sweeping, health and readiness, the page
cache with its store broken, and the rate-limited warning. The same faults
on real processes are in sahifa/tests/test_faults.py."""

import logging
import os
import socket
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sahifa.core import pagecache, worker
from sahifa.core.quietlog import QuietLog

pytestmark = pytest.mark.django_db

TASK = "sahifa.tests.fault_tasks.marker"


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def running_task(worker_ids, started_ago=timedelta(seconds=1)) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": ["/tmp", "x"], "kwargs": {}},
        task_path=TASK,
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - started_ago,
        worker_ids=worker_ids,
    )


def test_sweep_requeues_a_task_whose_worker_died(settings):
    settings.SAHIFA_JOBS_MAX_ATTEMPTS = 3
    lost = running_task([f"{worker.HOST}:{dead_pid()}:abc"])
    alive = running_task([f"{worker.HOST}:{os.getpid()}:abc"])
    assert worker.sweep_stale_tasks() == {"requeued": 1, "failed": 0}
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert lost.status == "READY" and lost.run_after <= timezone.now()
    assert alive.status == "RUNNING"
    # Re-queued rows are claimable by DBTaskResult.objects.ready() again.
    assert DBTaskResult.objects.ready().filter(pk=lost.pk).exists()


def test_sweep_fails_after_max_attempts_with_a_reason(settings):
    settings.SAHIFA_JOBS_MAX_ATTEMPTS = 3
    pid = dead_pid()
    row = running_task(
        [f"{worker.HOST}:{pid}:a", f"{worker.HOST}:{pid}:b", f"{worker.HOST}:{pid}:c"]
    )
    assert worker.sweep_stale_tasks() == {"requeued": 0, "failed": 1}
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.exception_class_path == "sahifa.core.worker.TaskLost"
    assert "gave up after 3 attempts" in row.traceback and row.finished_at


def test_task_on_another_host_is_stale_only_past_its_time_budget(settings):
    settings.SAHIFA_JOBS_TIME_LIMIT = 60
    recent = running_task(["elsewhere:1:x"], started_ago=timedelta(seconds=30))
    old = running_task(["elsewhere:1:y"], started_ago=timedelta(seconds=300))
    assert [row.pk for row in worker.stale_running()] == [old.pk]
    worker.sweep_stale_tasks()
    recent.refresh_from_db()
    assert recent.status == "RUNNING"


def test_healthz_and_readyz_report_ok(client, settings):
    settings.TASKS_BACKEND = "database"
    live = client.get("/healthz")
    assert live.status_code == 200 and live.json()["status"] == "ok"
    assert live["Cache-Control"] == "no-store"
    ready = client.get("/readyz").json()
    assert ready["status"] == "ok"
    assert ready["database"]["status"] == "ok" and ready["cache"]["status"] == "ok"
    assert ready["queue"] == {"status": "ok", "oldest_ready_seconds": 0.0, "stuck": 0}


def test_readyz_degraded_for_stuck_jobs_and_old_queue(client, settings):
    settings.TASKS_BACKEND = "database"
    settings.SAHIFA_HEALTH_QUEUE_AGE = 60
    stuck = running_task([f"{worker.HOST}:{dead_pid()}:abc"])
    waiting = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path=TASK,
        backend_name="default",
        run_after=timezone.now() - timedelta(minutes=10),
    )
    response = client.get("/readyz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "degraded"
    assert report["queue"]["stuck"] == 1 and report["queue"]["stuck_ids"] == [str(stuck.pk)]
    assert report["queue"]["oldest_ready_seconds"] >= 600
    assert waiting.status == "READY"


def test_readyz_503_when_the_database_fails(client, monkeypatch):
    def broken():
        return {"status": "down", "error": "OperationalError: connection refused"}

    monkeypatch.setattr("sahifa.core.health.check_database", broken)
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["status"] == "down"
    assert "queue" not in ready.json()
    live = client.get("/healthz")
    assert live.status_code == 200 and live.json()["database"]["status"] == "down"


@pytest.fixture
def broken_redis_caches(settings):
    """Both caches on Redis at a port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = {
        "BACKEND": "sahifa.core.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {"default": backend, "pages": {**backend, "KEY_PREFIX": "p"}}
    settings.PAGE_CACHE_SECONDS = 30
    yield


def test_redis_down_pages_render_uncached(client, make_article, broken_redis_caches, caplog):
    article = make_article(title="خبر والذاكرة المؤقتة معطلة")
    with caplog.at_level(logging.WARNING, logger="sahifa.core.cache"):
        for _ in range(3):
            response = client.get(article.url)
            assert response.status_code == 200
            assert "خبر والذاكرة المؤقتة معطلة" in response.content.decode()
            # The purge log is on the same Redis: nothing kept can be trusted.
            assert response["X-Cache"] == "BYPASS"
        assert client.get("/").status_code == 200
    # One warning per cache, not one per request.
    assert 1 <= len([r for r in caplog.records if "unavailable" in r.message]) <= 2
    pagecache.invalidate()  # a publish during the outage does not raise
    report = client.get("/readyz").json()
    assert report["status"] == "degraded" and "Connection" in report["cache"]["error"]


def test_broken_file_cache_pages_render_uncached(client, make_article, settings, tmp_path):
    """The embedded store failing (disk full, unreadable folder): every
    read and write raises, pages still render."""
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(not_a_folder),
        },
    }
    settings.PAGE_CACHE_SECONDS = 30
    pagecache.breaker.reset()
    try:
        article = make_article(title="خبر والقرص معطل")
        response = client.get(article.url)
        assert response.status_code == 200 and response["X-Cache"] == "BYPASS"
        assert pagecache.breaker.broken_until > 0  # readers skip the store for a while
        assert client.get(article.url).status_code == 200
    finally:
        pagecache.breaker.reset()


def test_quiet_log_counts_what_it_suppressed(caplog):
    quiet = QuietLog(logging.getLogger("sahifa.test.rate"), every=60)
    with caplog.at_level(logging.WARNING, logger="sahifa.test.rate"):
        for n in range(5):
            quiet.warning("k", "broken %s", n)
        quiet._last["k"] -= 61
        quiet.warning("k", "broken %s", "again")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "broken 0 (1 times in the last 60s)",
        "broken again (5 times in the last 60s)",
    ]
