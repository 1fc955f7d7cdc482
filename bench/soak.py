"""Soak: mixed reader traffic on a real stack for N minutes, a publish every 30 s, a WordPress import in the middle.

    .venv/bin/python bench/soak.py                 # 10 minutes at the found rate
    .venv/bin/python bench/soak.py --minutes 1     # a quick check
    .venv/bin/python bench/soak.py --rate 60       # skip the search for a rate

The stack is what `make run` starts (deploy/supervise.py: granian web with
WEB_CONCURRENCY workers, the task worker, the scheduler) on the demo
newsroom (load_demo), with redis-server for the caches, in a temporary
folder on SQLite (or a fresh database on PostgreSQL when DATABASE_URL is
set, e.g. under scripts/with-postgres.sh). Measuring starts once the
demo's background tasks are done (at most --settle-seconds; audio for the
demo articles takes minutes on 2 cores). Traffic is open-loop (requests at
their scheduled times, latency measured from then): 50 % article pages,
10 % home, 5 % sections, 10 % search, 25 % audience beacons.

Rate: unless --rate is given, 20-second steps (10, 25, 50, 100, 150, 200,
300, 400 requests/s) find the highest rate whose p99 stays under 200 ms with no
5xx; the soak then runs at that rate. Prints req/s, p50/p99 (overall and by
kind), 5xx and connection errors, the seconds of the run whose p99 passed
200 ms (the import starts at half time), publish and import timings, and the
RSS of each process at start and end. Loopback only; stops by itself."""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

from trust_load import Stack, Traffic, process_rss, running_stack, table, warm

from sahifa.importers.tests.wxr_builder import write_export

ROOT = Path(__file__).resolve().parent.parent
STEPS = [10, 25, 50, 100, 150, 200, 300, 400]
TARGET_P99_MS = 200.0


def find_rate(stack: Stack, ids: list[int], step_seconds: float) -> tuple[int, list]:
    best, rows = 0, []
    for rate in STEPS:
        stats = Traffic(stack, rate, threads=min(64, max(8, rate // 4)), article_ids=ids).run(
            step_seconds
        )
        p99 = stats.percentile(0.99)
        ok = p99 < TARGET_P99_MS and stats.server_errors == 0 and stats.errors == 0
        rows.append(
            [
                rate,
                round(stats.total / step_seconds),
                f"{p99:.0f}",
                stats.server_errors,
                "yes" if ok else "no",
            ]
        )
        print(f"  step {rate}/s: p99 {p99:.0f} ms, 5xx {stats.server_errors}", flush=True)
        if not ok:
            break
        best = rate
    return best, rows


def write_wxr(folder: Path, posts: int) -> Path:
    path, _uploads, _ = write_export(folder, datetime(2026, 5, 1, 12), count=posts)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument(
        "--rate", type=int, help="requests/s (default: the highest with p99 < 200 ms)"
    )
    parser.add_argument("--step-seconds", type=float, default=20)
    parser.add_argument("--publish-every", type=float, default=30)
    parser.add_argument("--import-posts", type=int, default=300)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument(
        "--settle-seconds",
        type=float,
        default=900,
        help="longest wait for the demo's tasks (mostly audio) before measuring",
    )
    args = parser.parse_args()

    with running_stack(
        demo=True, redis=not args.no_redis, web_workers=args.web_workers, scheduler=True
    ) as (stack, editor):
        ids = stack.article_ids
        # Start from a steady state: the demo's own tasks (audio, related,
        # share images) done, every page rendered once.
        print("waiting for the demo's background tasks ...", flush=True)
        deadline = time.monotonic() + args.settle_seconds
        while time.monotonic() < deadline:
            queue = stack.get("/readyz", timeout=30).json().get("queue", {})
            if queue.get("oldest_ready_seconds", 1) == 0:
                break
            time.sleep(2)
        warm(stack)
        rate_rows = []
        rate = args.rate
        if not rate:
            print("finding the highest rate with p99 < 200 ms ...", flush=True)
            rate, rate_rows = find_rate(stack, ids, args.step_seconds)
            rate = rate or STEPS[0]
        rss_start = process_rss(stack)
        seconds = args.minutes * 60
        print(f"soak: {rate} requests/s for {seconds:.0f} s", flush=True)
        traffic = Traffic(stack, rate, threads=min(64, max(8, rate // 4)), article_ids=ids, seed=7)
        runner = traffic.start(seconds)
        started = time.monotonic()
        publishes, import_result = [], {}
        wxr = write_wxr(Path(tempfile.mkdtemp(dir=stack.workdir)), args.import_posts)

        def run_import():
            t0 = time.monotonic()
            out = stack.manage("import_wordpress", str(wxr), check=False, timeout=seconds * 2)
            last = out.strip().splitlines()[-1:] or ["(no output)"]
            import_result.update(seconds=round(time.monotonic() - t0, 1), output=last[0][:200])

        importer = None
        next_publish = started + args.publish_every
        while runner.is_alive():
            now = time.monotonic()
            if importer is None and now - started >= seconds / 2:
                importer = threading.Thread(target=run_import, daemon=True)
                importer.start()
                print(
                    f"  t+{now - started:.0f}s: import of {args.import_posts} posts started",
                    flush=True,
                )
            if now >= next_publish:
                t0 = time.monotonic()
                ok, detail = editor.call("publish")
                publishes.append((ok, round(time.monotonic() - t0, 2), detail))
                next_publish += args.publish_every
            time.sleep(0.2)
        if importer is not None:
            importer.join(600)
        stats = traffic.stats
        rss_end = process_rss(stack)
        ready = stack.get("/readyz").json()

        print()
        if rate_rows:
            print("Rate search (20 s steps; p99 must stay < 200 ms with no 5xx):")
            print(table(rate_rows, ["offered/s", "served/s", "p99 ms", "5xx", "ok"]))
            print()
        print(
            f"Soak: {seconds / 60:g} min at {rate} requests/s offered, {stats.total / seconds:.1f}/s served"
        )
        rows = [
            ["all", stats.total, f"{stats.percentile(0.5):.0f}", f"{stats.percentile(0.99):.0f}"]
        ]
        for kind in sorted(stats.latencies):
            rows.append(
                [
                    kind,
                    len(stats.latencies[kind]),
                    f"{stats.percentile(0.5, kind):.0f}",
                    f"{stats.percentile(0.99, kind):.0f}",
                ]
            )
        print(table(rows, ["kind", "requests", "p50 ms", "p99 ms"]))
        print(
            f"5xx: {stats.server_errors}   connection errors: {stats.errors}   statuses: {dict(sorted(stats.statuses.items()))}"
        )
        slow = stats.slow_seconds()
        print(f"seconds with p99 over 200 ms: {len(slow)} of {seconds:.0f}")
        if slow:
            print(table(slow, ["second", "requests", "p99 ms", "max ms"]))
        failed = [p for p in publishes if not p[0]]
        times = sorted(p[1] for p in publishes)
        print(
            f"publishes: {len(publishes)} ({len(failed)} failed), slowest {times[-1] if times else 0} s"
        )
        print(
            f"import of {args.import_posts} posts: {import_result.get('seconds')} s — {import_result.get('output', '')}"
        )
        print()
        names = sorted(set(rss_start) | set(rss_end))
        print(
            table(
                [[n, rss_start.get(n, 0), rss_end.get(n, 0)] for n in names],
                ["process", "RSS start MB", "RSS end MB"],
            )
        )
        print(f"readiness at the end: {ready['status']}")
        return 0 if stats.server_errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
