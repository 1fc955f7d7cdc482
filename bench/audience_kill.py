"""kill -9 of a web worker (deploy/web.py, 2 granian workers) during steady
load: how many counts are lost? A killed worker loses what it had buffered:
the embedded store at most one flush interval of its hits
(SAHIFA_AUDIENCE_FLUSH_SECONDS), the Redis store at most one push interval
(SAHIFA_AUDIENCE_REDIS_PUSH_SECONDS). granian replaces the worker.

    .venv/bin/python bench/audience_kill.py [--seconds 30] [--rate 300]
        [--repeat 2] [--flush 5]"""

import argparse
import os
import signal
import threading
import time

from audience_harness import (
    Plan,
    children,
    cleanup,
    flush_redis,
    log,
    make_site,
    start_redis,
    start_web,
    steady_load,
    stop,
    table,
    totals,
)

REDIS_PUSH = 0.5


def run(store: str, seconds: int, rate: float, flush: int, seed: int) -> list:
    site = make_site(20)
    try:
        extra = {"SAHIFA_AUDIENCE_FLUSH_SECONDS": str(flush)}
        if store == "redis":
            url = start_redis(site)
            extra.update(
                REDIS_URL=url,
                SAHIFA_AUDIENCE_REDIS_URL=url,
                SAHIFA_AUDIENCE_REDIS_PUSH_SECONDS=str(REDIS_PUSH),
            )
        web, port = start_web(site, extra)
        plan = Plan()
        killed: list[int] = []

        def killer() -> None:
            time.sleep(seconds / 2)
            victim = children(web.pid)[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

        thread = threading.Thread(target=killer)
        thread.start()
        steady_load(port, site.article_ids, rate, seconds, plan, seed=seed)
        thread.join()
        stop(web)
        if store == "redis":
            flush_redis(site, extra["SAHIFA_AUDIENCE_REDIS_URL"])
        got, expected = totals(site), plan.expected()
        human_rate = plan.human_views / seconds
        lost = expected["pageviews"] - got["pageviews"]
        bound = flush if store == "embedded" else REDIS_PUSH
        return [
            store,
            flush,
            plan.sent,
            plan.errors,
            expected["pageviews"],
            got["pageviews"],
            lost,
            expected["views"] - got["views"],
            f"{lost / human_rate:.1f} s" if human_rate else "-",
            f"{bound} s = {human_rate * bound:.0f}",
            "yes" if lost <= human_rate * bound else "NO",
        ]
    finally:
        cleanup(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--flush", type=int, default=5, help="SAHIFA_AUDIENCE_FLUSH_SECONDS")
    args = parser.parse_args()
    rows = []
    for attempt in range(args.repeat):
        for store in ("embedded", "redis"):
            log(f"run {attempt + 1} {store} …")
            rows.append(run(store, args.seconds, args.rate, args.flush, seed=attempt + 1))
    print(
        f"kill -9 of one of 2 granian workers at t={args.seconds // 2}s of a "
        f"{args.seconds}s load at {args.rate:.0f} beacons/s"
    )
    print(
        table(
            [
                "store",
                "flush s",
                "sent",
                "failed requests",
                "pageviews expected",
                "counted",
                "pageviews lost",
                "unique views lost",
                "lost = seconds of traffic",
                "bound: 1 flush (embedded) / push (redis) interval",
                "within bound",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
