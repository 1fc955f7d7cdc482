"""Soak: a steady rate of beacons for a long time against the web server
(deploy/web.py: 2 granian workers). Afterwards the database must hold exactly what was sent, minus the
crawler and duplicate hits sent on purpose; worker memory is sampled.

    .venv/bin/python bench/audience_soak.py [--seconds 600] [--rate 200]
        [--store embedded|redis] [--sample 30]

Expected numbers: pageviews = human hits answered 204 (duplicates included),
unique views = distinct (reader, article, clock hour), shares = distinct
(reader, article, network, hour); crawler hits must add nothing. With Redis,
unique views and shares are HyperLogLog estimates (standard error 0.81 %)."""

import argparse
import threading
import time

from audience_harness import (
    Plan,
    children,
    cleanup,
    flush_redis,
    log,
    make_site,
    percentile,
    rss_mb,
    start_redis,
    start_web,
    steady_load,
    stop,
    table,
    totals,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--store", choices=["embedded", "redis"], default="embedded")
    parser.add_argument("--sample", type=int, default=30, help="seconds between RSS samples")
    args = parser.parse_args()

    site = make_site(50)
    try:
        extra = {"WEB_CONCURRENCY": "2"}
        if args.store == "redis":
            url = start_redis(site)
            extra.update(REDIS_URL=url, SAHIFA_AUDIENCE_REDIS_URL=url)
        # No worker recycling (the default), so memory growth would show.
        web, port = start_web(site, extra)
        plan = Plan()
        samples: list[list] = []
        started = time.monotonic()
        done = threading.Event()

        def sampler() -> None:
            while not done.wait(0 if not samples else args.sample):
                workers = children(web.pid)
                with plan.lock:
                    sent = plan.sent
                rss = [f"{rss_mb(pid):.1f}" for pid in workers]
                samples.append([f"{time.monotonic() - started:.0f}", sent, " / ".join(rss)])

        thread = threading.Thread(target=sampler, daemon=True)
        thread.start()
        log(f"soak: {args.store}, {args.rate}/s for {args.seconds}s …")
        steady_load(port, site.article_ids, args.rate, args.seconds, plan)
        done.set()
        thread.join()
        workers = children(web.pid)
        samples.append(
            [
                f"{time.monotonic() - started:.0f}",
                plan.sent,
                " / ".join(f"{rss_mb(pid):.1f}" for pid in workers),
            ]
        )
        stop(web)  # graceful: embedded workers write what they hold
        if args.store == "redis":
            flush_redis(site, extra["SAHIFA_AUDIENCE_REDIS_URL"])
        got = totals(site)
        expected = plan.expected()
        elapsed = time.monotonic() - started
        print(
            f"soak: store={args.store}, {args.seconds}s at {args.rate}/s target, "
            f"achieved {plan.sent / args.seconds:.0f}/s; sent {plan.sent}, answered 204 "
            f"{plan.ok}, errors {plan.errors}; crawler hits {plan.bots}, duplicate hits "
            f"{plan.duplicates}; client p50 {percentile(plan.latencies, 0.5) * 1000:.1f} ms, "
            f"p99 {percentile(plan.latencies, 0.99) * 1000:.1f} ms; wall {elapsed:.0f}s"
        )
        rows = []
        for key in ("pageviews", "views", "shares"):
            diff = got[key] - expected[key]
            rows.append(
                [key, expected[key], got[key], diff, f"{diff / max(expected[key], 1):+.2%}"]
            )
        print(table(["count", "expected", "in database", "difference", "relative"], rows))
        print()
        print(table(["t (s)", "hits sent", "worker RSS MB"], samples))
    finally:
        cleanup(site)


if __name__ == "__main__":
    main()
