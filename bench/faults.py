"""Fault table: Redis stopped, worker kill -9, a long write lock, database unreachable, disk full on media — 5xx, recovery time, jobs lost.

    .venv/bin/python bench/faults.py                              # full: SQLite
    scripts/with-postgres.sh .venv/bin/python bench/faults.py     # full: PostgreSQL
    .venv/bin/python bench/faults.py --short                      # 10 s faults, a quick check

One stack as `make run` starts it (sahifa/tests/stack.py: deploy/supervise.py
with web, worker and scheduler; redis-server for the caches) on a seeded
site. For each fault: readers at --rate requests/s (open-loop: pages,
search, beacons) and one background task enqueued per second for the
fault's length and 10 s after. Then:
- pages (home, sections, articles) counted apart as cached (answered with
  X-Cache: HIT by the page cache) and uncached (rendered, or no answer),
  each with its 5xx; "5xx other" is search and beacons; "conn" counts
  refused or reset connections (the web server down). The target is 0 5xx
  for cached pages.
- recovered: seconds from the fault's end until /readyz says "ok" and
  pages answer 200 again (worker kill: until a new worker runs the killed
  task again; it then completes, or "jobs lost" would say so).
- jobs lost: tasks accepted by the queue that never ran.

Faults (default lengths as in the issue): Redis stopped 30 s; the worker
`kill -9` mid-task; another process holding the database write lock 60 s
(SQLite BEGIN IMMEDIATE; PostgreSQL LOCK TABLE ... IN EXCLUSIVE MODE on the
page and task tables); the database unreachable 30 s (PostgreSQL only: a TCP
proxy between the stack and the server is cut; SQLite is a local file); the
media folder full (a 256 KB tmpfs mounted over media/audio and filled while
an article is published; needs root, else reported as not run). Loopback
only; stops by itself."""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import psycopg
from trust_load import Stack, Traffic, running_stack, table, warm


def hold_write_lock(stack: Stack, seconds: float) -> None:
    if stack.postgres:
        conn = psycopg.connect(stack.database_url)
        conn.execute(
            "LOCK TABLE wagtailcore_page, django_tasks_database_dbtaskresult IN EXCLUSIVE MODE"
        )
        time.sleep(seconds)
        conn.rollback()
    else:
        conn = sqlite3.connect(stack.workdir / "sahifa.sqlite3", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE django_tasks_database_dbtaskresult SET priority = priority")
        time.sleep(seconds)
        conn.execute("ROLLBACK")
    conn.close()


class Fault:
    name = ""
    note = ""
    jobs: tuple = ()  # tasks the fault itself enqueued, counted in "jobs lost"

    def applicable(self, stack) -> str:
        return ""  # a reason when it cannot run

    def run(self, stack, seconds, editor) -> None:
        raise NotImplementedError

    def recovered(self, stack) -> bool:
        try:
            return stack.get("/readyz", timeout=5).json()["status"] == "ok" and all(
                stack.get(path, timeout=5).status == 200 for path in ["/", stack.urls[0]]
            )
        except (OSError, ValueError):
            return False


class RedisStopped(Fault):
    name = "Redis stopped"

    def applicable(self, stack):
        return "" if stack.redis else "no Redis in this stack"

    def run(self, stack, seconds, editor):
        stack.redis.kill()
        time.sleep(seconds)
        stack.redis.start()


class WorkerKilled(Fault):
    name = "worker kill -9 mid-task"
    jobs = ("killed-mid-task",)

    def run(self, stack, seconds, editor):
        # A task of 5 s, so the kill lands mid-run.
        ok, self.task = editor.call(f"enqueue {stack.workdir} killed-mid-task 5")
        deadline = time.monotonic() + 30
        started = stack.marker("killed-mid-task", "started")
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(stack.children()["worker"], signal.SIGKILL)
        self.killed_at = time.time()

    def recovered(self, stack):
        """A new worker is up and running the killed task again."""
        started = stack.marker("killed-mid-task", "started")
        try:
            again = float(started.read_text()) > self.killed_at
        except (OSError, ValueError):
            again = False
        return again and super().recovered(stack)


class WriteLock(Fault):
    name = "database write lock held"

    def run(self, stack, seconds, editor):
        hold_write_lock(stack, seconds)


class DatabaseUnreachable(Fault):
    name = "database unreachable"

    def applicable(self, stack):
        return (
            "" if stack.postgres else "SQLite is a local file (run under scripts/with-postgres.sh)"
        )

    def run(self, stack, seconds, editor):
        stack.proxy.cut()
        time.sleep(seconds)
        stack.proxy.restore()


class MediaFull(Fault):
    name = "disk full on media (audio)"

    def applicable(self, stack):
        if os.geteuid() != 0:
            return "needs root to mount a small tmpfs"
        return ""

    def run(self, stack, seconds, editor):
        target = stack.workdir / "media" / "audio"
        target.mkdir(parents=True, exist_ok=True)
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(target)],
            capture_output=True,
            text=True,
        )
        if mounted.returncode:
            self.note = f"not run: mount failed ({mounted.stderr.strip()[:80]})"
            return
        try:
            subprocess.run(
                ["dd", "if=/dev/zero", f"of={target / 'filler'}", "bs=4k"],
                capture_output=True,
            )
            ok, detail = editor.call("publish")  # its audio cannot be written
            self.note = f"publish during the fault: {'ok' if ok else detail}"
            time.sleep(seconds)
        finally:
            subprocess.run(["umount", "-l", str(target)], capture_output=True)


def measure(stack, editor, fault: Fault, seconds: float, rate: int, settle: float) -> list:
    reason = fault.applicable(stack)
    if reason:
        return [fault.name, *["-"] * 9, f"not run: {reason}"]
    traffic = Traffic(stack, rate, threads=max(4, rate // 4), article_ids=stack.article_ids)
    runner = traffic.start(seconds + settle + 5)
    accepted, refused = [], 0
    stop = threading.Event()

    def enqueue_loop():
        nonlocal refused
        n = 0
        while not stop.is_set():
            n += 1
            name = f"{fault.__class__.__name__}-{n}"
            ok, _ = editor.call(f"enqueue {stack.workdir} {name}")
            if ok:
                accepted.append(name)
            else:
                refused += 1
            stop.wait(1)

    enqueuer = threading.Thread(target=enqueue_loop, daemon=True)
    time.sleep(2)
    enqueuer.start()
    fault.run(stack, seconds, editor)
    accepted.extend(fault.jobs)
    ended = time.monotonic()
    recovered_after = None
    while time.monotonic() - ended < settle + 60:
        if fault.recovered(stack):
            recovered_after = time.monotonic() - ended
            break
        time.sleep(0.25)
    wait_more = max(0.0, 10 - (time.monotonic() - ended))
    time.sleep(wait_more)
    stop.set()
    enqueuer.join(30)
    runner.join(seconds + settle + 120)
    # Give the queue time to drain before counting what never ran.
    deadline = time.monotonic() + 90
    lost = accepted
    while time.monotonic() < deadline:
        lost = [n for n in accepted if not stack.marker(n, "done").exists()]
        if not lost:
            break
        time.sleep(1)
    stats = traffic.stats
    cached = stats.cache_statuses.get("cached", [])
    uncached = stats.cache_statuses.get("uncached", [])
    pages_5xx = sum(1 for status in cached + uncached if status >= 500)
    other_5xx = stats.server_errors - pages_5xx
    return [
        fault.name,
        f"{seconds:g}",
        stats.total,
        len(cached),
        sum(1 for status in cached if status >= 500),
        len(uncached),
        sum(1 for status in uncached if status >= 500),
        other_5xx,
        stats.errors,
        f"{recovered_after:.1f}" if recovered_after is not None else "no",
        f"{len(lost)} of {len(accepted)}"
        + (f" ({refused} refused at enqueue)" if refused else "")
        + (f"; {fault.note}" if fault.note else ""),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="10 s faults, for a quick check")
    parser.add_argument("--rate", type=int, default=40, help="reader requests/s during faults")
    parser.add_argument("--only", help="comma-separated fault class names")
    args = parser.parse_args()
    lengths = {
        "RedisStopped": 30,
        "WorkerKilled": 0,
        "WriteLock": 60,
        "DatabaseUnreachable": 30,
        "MediaFull": 30,
    }
    faults = [RedisStopped(), WorkerKilled(), WriteLock(), DatabaseUnreachable(), MediaFull()]
    if args.only:
        wanted = set(args.only.split(","))
        faults = [f for f in faults if f.__class__.__name__ in wanted]
    with running_stack(articles=30, redis=True, web_workers=2, scheduler=True) as (stack, editor):
        warm(stack)
        rows = []
        for fault in faults:
            seconds = (
                min(10, lengths[fault.__class__.__name__])
                if args.short
                else lengths[fault.__class__.__name__]
            )
            print(f"fault: {fault.name} ({seconds} s) ...", flush=True)
            rows.append(measure(stack, editor, fault, seconds, args.rate, settle=10))
            print("  " + " | ".join(str(c) for c in rows[-1]), flush=True)
        print()
        engine = "PostgreSQL" if stack.postgres else "SQLite"
        print(
            f"Fault table ({engine}, readers at {args.rate} requests/s, one task enqueued per second):"
        )
        print(
            table(
                rows,
                [
                    "fault",
                    "length s",
                    "requests",
                    "cached pages",
                    "5xx cached",
                    "uncached pages",
                    "5xx uncached",
                    "5xx other",
                    "conn",
                    "recovered s",
                    "jobs lost",
                ],
            )
        )
        return 0


if __name__ == "__main__":
    sys.exit(main())
