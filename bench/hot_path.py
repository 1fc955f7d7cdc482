"""Cached article page from the app server next to nginx serving the same HTML as a static file, and what one publish purges.

    .venv/bin/python bench/hot_path.py [--seconds 10] [--repeat 1]

One run, side by side, on loopback with wrk -t2 -c32 (the client shares the
2 cores with the server): nginx (Debian's, `scripts/system-deps.sh bench`)
serving the article's HTML from a file, then the app server as `make run`
starts it (deploy/web.py: granian, 2 workers, page cache on, access log
off) answering the same page from its page cache. Prints req/s, p50/p99 and
the app/nginx ratio (targets: ≥ 25 %, p99 ≤ 10 ms).

Then: every page of the site is requested (home, section, 50 articles, the
RSS feed) so all are cached, one article is purged the way its publish
does (`articles.cachekeys.purge_article`, from another process), and every
page is requested again: the MISS count is how many pages one publish made
stale; an unrelated article must still be a HIT."""

import argparse
import http.client
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from audience_harness import PY, ROOT, cleanup, log, make_site, start_web, stop, table
from audience_ingest import wrk
from sizing import static_nginx

ARTICLE = "/politics/story-0/"


def fetch(port: int, path: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return response.status, response.headers, body  # case-insensitive names


PURGE = """
from sahifa.articles.cachekeys import purge_article
print(len(purge_article({page_id})))
"""


def purge_count(site, port: int) -> tuple[int, int, int, str]:
    paths = ["/", "/politics/", "/feed/"] + [f"/politics/story-{n}/" for n in range(50)]
    for path in paths:
        fetch(port, path)
    warm = sum(fetch(port, p)[1].get("X-Cache") == "HIT" for p in paths)
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", PURGE.format(page_id=site.article_ids[7])],
        cwd=ROOT,
        env=site.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    reported = int(out.strip().splitlines()[-1])
    subprocess.run(["sleep", "0.5"], check=True)  # > the 200 ms log refresh
    misses = [p for p in paths if fetch(port, p)[1].get("X-Cache") != "HIT"]
    unrelated = fetch(port, "/politics/story-30/")[1].get("X-Cache", "")
    return warm, reported, len(misses), unrelated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not shutil.which("wrk") or not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        raise SystemExit("wrk and nginx are needed: scripts/system-deps.sh bench")
    load_before = os.getloadavg()[0]
    site = make_site(50)
    rows = []
    purge_row = None
    try:
        web, port = start_web(site, {"PAGE_CACHE_SECONDS": "300", "WEB_THREADS": "2"})
        status, headers, html = fetch(port, ARTICLE)
        assert status == 200, status
        for _ in range(4):  # every worker holds the page
            fetch(port, ARTICLE)
        folder = Path(tempfile.mkdtemp(prefix="sahifa-bench-nginx-"))
        folder.chmod(0o755)  # nginx's workers run as another user when started as root
        nginx, nginx_port = static_nginx(html, ARTICLE, folder)
        try:
            for attempt in range(1, args.repeat + 1):
                log(f"run {attempt}: nginx static …")
                static = wrk(f"http://127.0.0.1:{nginx_port}{ARTICLE}", args.seconds, 32)
                log(f"run {attempt}: app server, cached …")
                app = wrk(f"http://127.0.0.1:{port}{ARTICLE}", args.seconds, 32)
                ratio = app["rps"] / static["rps"] * 100
                for label, r in (("nginx, static file", static), ("app server, page cache", app)):
                    rows.append(
                        [
                            attempt,
                            label,
                            f"{r['rps']:,.0f}",
                            f"{r['p50']:.2f}",
                            f"{r['p99']:.2f}",
                            r["non2xx"],
                            f"{ratio:.0f} %" if label.startswith("app") else "",
                        ]
                    )
        finally:
            stop(nginx)
            shutil.rmtree(folder, ignore_errors=True)
        print(
            f"wrk -t2 -c32 -d{args.seconds}s on 127.0.0.1, {len(html):,} B article HTML "
            f"(identity); load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
        )
        print(table(["run", "server", "req/s", "p50 ms", "p99 ms", "non-2xx", "app / nginx"], rows))
        log("purge count …")
        purge_row = purge_count(site, port)
        stop(web)
    finally:
        cleanup(site)
    warm, reported, misses, unrelated = purge_row
    print()
    print(
        table(
            [
                "pages cached",
                "purge reported (paths)",
                "pages re-rendered after",
                "unrelated article",
            ],
            [[warm, reported, misses, unrelated]],
        )
    )


if __name__ == "__main__":
    main()
