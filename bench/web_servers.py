"""Why deploy/web.py runs granian: the web servers side by side in one run,
on an article page rendered by Django (PAGE_CACHE_SECONDS=0), the same page
from the full-page cache, and the audience beacon (embedded store).

    .venv/bin/python bench/web_servers.py [--seconds 10] [--repeat 2]

Servers: gunicorn with 2 sync workers (what Sahifa used before), granian
with 2 WSGI workers × 1 and × 2 threads (WEB_THREADS; the default is 2).
Client: wrk -t2 -c32 on loopback, sharing the 2 cores with the server."""

import argparse
import os

from audience_harness import cleanup, log, make_site, start_web, table
from audience_ingest import beacon_script, wrk

SETUPS = {
    "gunicorn, 2 sync workers": ("gunicorn", "1"),
    "granian, 2 workers × 1 thread": ("granian", "1"),
    "granian, 2 workers × 2 threads": ("granian", "2"),
}


def measure(server: str, threads: str, cache: str, seconds: int, beacon: bool) -> dict:
    site = make_site(50)
    try:
        extra = {"WEB_THREADS": threads, "PAGE_CACHE_SECONDS": cache}
        web, port = start_web(site, extra, server=server)
        if beacon:
            return wrk(f"http://127.0.0.1:{port}/", seconds, 32, beacon_script(site))
        # The harness's first story (section "politics", 11.9 KB of HTML).
        return wrk(f"http://127.0.0.1:{port}/politics/story-0/", seconds, 32)
    finally:
        cleanup(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    rows = []
    for attempt in range(1, args.repeat + 1):
        for label, (server, threads) in SETUPS.items():
            cells = [attempt, label]
            for what, cache, beacon in (
                ("article, rendered", "0", False),
                ("article, page cache", "30", False),
                ("beacon", "0", True),
            ):
                log(f"run {attempt}: {label}, {what} …")
                r = measure(server, threads, cache, args.seconds, beacon)
                cells.append(f"{r['rps']:,.0f} ({r['p50']:.1f} / {r['p99']:.1f})")
            rows.append(cells)
    print(
        f"wrk -t2 -c32 -d{args.seconds}s on 127.0.0.1; requests/s (p50 / p99 ms); "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(
        table(
            ["run", "server", "article, rendered", "article, page cache", "beacon (embedded)"],
            rows,
        )
    )


if __name__ == "__main__":
    main()
