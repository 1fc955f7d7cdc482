"""The issue's probe against the real server (deploy/web.py, 2 granian
workers): 2,000 beacons for article A from one address with a new user agent
each, as fast as 8 keep-alive connections send them, while article B gets 30
genuine readers from their own addresses. Where do A and B end up, with the
honest-count rules on (defaults) and off?

    .venv/bin/python bench/audience_flood.py [--beacons 2000] [--readers 30]"""

import argparse
import http.client
import sqlite3
import threading
import time

from audience_harness import (
    cleanup,
    flush_redis,
    log,
    make_site,
    start_redis,
    start_web,
    stop,
    table,
)


def agent(n: int) -> str:
    return (
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.{n % 97} "
        f"(KHTML, like Gecko) Chrome/{100 + n % 31}.0.{n}.{n % 7} Safari/537.36"
    )


def send(port: int, jobs: list[tuple[int, str, str]]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    errors = 0
    for page_id, ip, user_agent in jobs:
        headers = {"User-Agent": user_agent, "X-Forwarded-For": ip, "Content-Length": "0"}
        conn.request("POST", f"/audience/hit?p={page_id}&e=v", headers=headers)
        response = conn.getresponse()
        response.read()
        errors += response.status != 204
    conn.close()
    return errors


def run(store: str, rules: bool, beacons: int, readers: int) -> list:
    site = make_site(10)
    try:
        extra = {"SAHIFA_AUDIENCE_CLIENT_IP_HEADER": "X-Forwarded-For"}
        if rules:  # the harness turns them off for throughput runs: back to the defaults
            extra.update(
                SAHIFA_AUDIENCE_RATE_LIMIT="120", SAHIFA_AUDIENCE_VISITORS_PER_ADDRESS="16"
            )
        if store == "redis":
            url = start_redis(site)
            extra.update(REDIS_URL=url, SAHIFA_AUDIENCE_REDIS_URL=url)
        web, port = start_web(site, extra)
        flooded, read = site.article_ids[0], site.article_ids[1]
        flood = [(flooded, "203.0.113.7", agent(n)) for n in range(beacons)]
        threads = [threading.Thread(target=send, args=(port, flood[i::8])) for i in range(8)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - started
        send(
            port,
            [(read, f"198.51.{i // 250}.{i % 250 + 1}", agent(9000 + i)) for i in range(readers)],
        )
        stop(web)
        if store == "redis":
            flush_redis(site, extra["SAHIFA_AUDIENCE_REDIS_URL"])
        with sqlite3.connect(site.db, timeout=30) as db:
            rows = db.execute(
                "SELECT page_id, SUM(views), SUM(pageviews) FROM audience_articlehourlystats"
                " GROUP BY page_id ORDER BY SUM(views) DESC, page_id DESC"
            ).fetchall()
        found = {page_id: (views, pageviews) for page_id, views, pageviews in rows}
        ranking = [page_id for page_id, _, _ in rows]
        rank = lambda pk: ranking.index(pk) + 1 if pk in ranking else "-"  # noqa: E731
        return [
            store,
            "on" if rules else "off",
            f"{beacons} in {seconds:.2f} s",
            found.get(flooded, (0, 0))[1],
            found.get(flooded, (0, 0))[0],
            rank(flooded),
            found.get(read, (0, 0))[0],
            rank(read),
        ]
    finally:
        cleanup(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--beacons", type=int, default=2000)
    parser.add_argument("--readers", type=int, default=30)
    args = parser.parse_args()
    rows = []
    for store in ("embedded", "redis"):
        for rules in (False, True):
            log(f"{store}, rules {'on' if rules else 'off'}")
            rows.append(run(store, rules, args.beacons, args.readers))
    headers = [
        "store",
        "rules",
        "flood (one address, rotating UAs)",
        "A pageviews",
        "A unique",
        "A rank",
        f"B unique ({args.readers} readers)",
        "B rank",
    ]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
