"""Fault tests on a real stack (sahifa/tests/stack.py): web, worker and
scheduler processes under deploy/supervise.py, a real redis-server, a real
SQLite file or PostgreSQL database. Each fault is injected from outside, as
an operator or the kernel would, and the site must keep answering readers
and recover on its own."""

import os
import signal
import sqlite3
import threading
import time
from urllib.parse import quote

import psycopg
import pytest

from .stack import Stack

PAGES_OK_WHILE = 0.15  # seconds between reader requests while a fault is on


@pytest.fixture(scope="module")
def stack():
    stack = Stack(
        redis=True,
        extra_env={
            "SQLITE_BUSY_TIMEOUT": "2",
            "SAHIFA_JOBS_TIME_LIMIT": "6",
            "SAHIFA_JOBS_MEMORY_LIMIT_MB": "1024",
        },
    )
    try:
        stack.build(articles=4)
        stack.start()
        yield stack
    finally:
        stack.destroy()


class Readers:
    """Anonymous readers requesting pages in a thread for the length of a
    `with` block; every status is kept."""

    def __init__(self, stack, paths):
        self.stack, self.paths = stack, paths
        self.statuses: list[int] = []
        self.stop = threading.Event()

    def _run(self):
        n = 0
        while not self.stop.is_set():
            try:
                status = self.stack.get(self.paths[n % len(self.paths)], timeout=10).status
            except OSError:
                status = 0  # connection refused or reset: the web server is down
            self.statuses.append(status)
            n += 1
            self.stop.wait(PAGES_OK_WHILE)

    def __enter__(self):
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(15)


def wait_for(predicate, timeout, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def _niceness(pid: int) -> int:
    return int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[16])


def test_background_processes_yield_the_cpu_to_the_web_server(stack):
    kids = stack.children()
    web = _niceness(kids["web"])
    assert web == os.getpriority(os.PRIO_PROCESS, 0)
    # SAHIFA_BACKGROUND_NICE (10): an import or a queue of audio jobs gets a
    # ninth of a core a reader's request wants, not half of it.
    # The worker lowers its priority once Django is set up, which on a busy
    # machine can be after the web server answers.
    worker = kids["worker"]
    assert wait_for(lambda: _niceness(worker) == max(web, 10), 30), _niceness(worker)


def test_redis_stopped_pages_render_uncached_and_readiness_degrades(stack):
    home = stack.get("/")
    assert home.status == 200
    assert stack.get("/readyz").json()["cache"]["status"] == "ok"
    pages = ["/", *stack.urls]
    stack.redis.kill()
    with Readers(stack, pages) as readers:
        time.sleep(2)
    assert readers.statuses and set(readers.statuses) == {200}, readers.statuses
    ready = stack.get("/readyz")
    assert ready.status == 200
    report = ready.json()
    assert report["status"] == "degraded"
    assert report["cache"]["status"] == "degraded" and "Connection" in report["cache"]["error"]
    live = stack.get("/healthz")
    assert live.status == 200 and live.json()["status"] == "degraded"
    # Redis back on the same port: the cache is used again within seconds.
    stack.redis.start()
    assert wait_for(lambda: stack.get("/readyz").json()["status"] == "ok", 15)
    # Each web process retries Redis on its own schedule (RETRY_AFTER), so
    # the page is served from the cache again within seconds, not at once.
    assert wait_for(lambda: stack.get(stack.urls[0]).headers.get("x-cache") == "HIT", 15)


def test_worker_killed_mid_task_is_restarted_and_the_task_completes(stack):
    web = stack.children()["web"]
    worker = stack.children()["worker"]
    task_id = stack.enqueue_marker("killed", seconds=2)
    assert wait_for(stack.marker("killed", "started").exists, 30)
    with Readers(stack, ["/", *stack.urls]) as readers:
        os.kill(worker, signal.SIGKILL)
        new_worker = stack.wait_child("worker", 30, not_pid=worker)
        assert wait_for(stack.marker("killed", "done").exists, 40)
    # The web server never noticed.
    assert stack.children()["web"] == web
    assert readers.statuses and set(readers.statuses) == {200}, readers.statuses
    assert new_worker != worker
    row = stack.task_row(task_id)
    assert row["status"] == "SUCCESSFUL" and row["workers"] == 2
    assert stack.marker("killed", "done").read_text().count("\n") == 1


def test_task_over_its_time_or_memory_budget_is_stopped_and_failed(stack):
    worker = stack.children()["worker"]
    slow = stack.enqueue_marker("slow", seconds=30)
    hog = (
        stack.shell("from sahifa.tests.fault_tasks import hog\nprint('TASK', hog.enqueue(3000).id)")
        .split("TASK", 1)[1]
        .strip()
    )
    assert wait_for(lambda: stack.task_row(hog)["status"] == "FAILED", 60, step=1)
    assert stack.task_row(hog)["error"] == "builtins.MemoryError"
    assert wait_for(lambda: stack.task_row(slow)["status"] == "FAILED", 60, step=1)
    assert stack.task_row(slow)["error"] == "sahifa.core.worker.TaskTimeLimitExceeded"
    assert not stack.marker("slow", "done").exists()
    # Both ran in children: the worker itself is the same process.
    assert stack.children()["worker"] == worker


def hold_write_lock(stack, seconds: float):
    """Another writer holds the database's write lock (a long import)."""
    if stack.postgres:
        conn = psycopg.connect(stack.database_url)
        conn.execute("LOCK TABLE django_tasks_database_dbtaskresult IN EXCLUSIVE MODE")
    else:
        conn = sqlite3.connect(stack.workdir / "sahifa.sqlite3", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE django_tasks_database_dbtaskresult SET priority = priority")
    time.sleep(seconds)
    conn.rollback() if stack.postgres else conn.execute("ROLLBACK")
    conn.close()


def test_held_write_lock_readers_served_worker_survives(stack):
    worker = stack.children()["worker"]
    pages = ["/", *stack.urls, "/search/?q=" + quote("الاقتصاد")]
    for path in pages:  # warm
        stack.get(path)
    with Readers(stack, pages) as readers:
        hold_write_lock(stack, 6)  # three times SQLITE_BUSY_TIMEOUT
    assert readers.statuses and set(readers.statuses) == {200}, readers.statuses
    assert max(stack.get(p).seconds for p in pages) < 5
    task_id = stack.enqueue_marker("after-lock")
    assert wait_for(stack.marker("after-lock", "done").exists, 40)
    assert stack.task_row(task_id)["status"] == "SUCCESSFUL"
    assert stack.children()["worker"] == worker
    if not stack.postgres:
        assert "database error while claiming" in stack.log_path.read_text()


def test_database_unreachable_readiness_503_then_recovers(stack):
    if not stack.postgres:
        pytest.skip("SQLite is a file on the same machine: it cannot become unreachable")
    stack.proxy.cut()
    try:
        ready = stack.get("/readyz")
        assert ready.status == 503 and ready.json()["status"] == "down"
        live = stack.get("/healthz")
        assert live.status == 200 and live.json()["database"]["status"] == "down"
        time.sleep(3)  # the worker meets the outage too
    finally:
        stack.proxy.restore()
    assert wait_for(lambda: stack.get("/readyz").status == 200, 10)
    assert stack.get(stack.urls[1]).status == 200
    task_id = stack.enqueue_marker("after-outage")
    assert wait_for(stack.marker("after-outage", "done").exists, 60)
    assert stack.task_row(task_id)["status"] == "SUCCESSFUL"


def test_ctrl_c_stops_every_process(stack):
    assert stack.group_pids()
    assert stack.stop() == 0
    assert wait_for(lambda: not stack.group_pids(), 10), stack.group_pids()
