"""Readers per second per core, for the sizing table in docs/operations.md.

    .venv/bin/python bench/sizing.py [--seconds 8] [--repeat 2]

One run, side by side, on one article page of a throwaway SQLite site:
nginx serving the page's HTML as a static file (the machine's limit), the
shipped nginx page cache (deploy/nginx/, when nginx is installed), the app
alone from its page cache, and the app rendering every request
(PAGE_CACHE_SECONDS=0). wrk -t2 -c32 on loopback drives each (-c4 uncached). Besides
requests/s (which the client's own CPU share bounds on a 2-core machine),
the server's CPU time per request is read from /proc for the server's
process tree: 1000 / (CPU ms per request) is what one core serves when
the server has it to itself. PostgreSQL's own CPU is not in the uncached
row (SQLite runs in the app's process)."""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from audience_harness import (
    ROOT,
    children,
    cleanup,
    free_port,
    log,
    make_site,
    start_web,
    stop,
    table,
)
from audience_ingest import parse

sys.path.insert(0, str(ROOT))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TICK = os.sysconf("SC_CLK_TCK")

STATIC_CONF = """
worker_processes 2;
pid {state}/nginx.pid;
error_log {state}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    default_type text/html;
    client_body_temp_path {state}/body; proxy_temp_path {state}/proxy;
    fastcgi_temp_path {state}/fcgi; uwsgi_temp_path {state}/uwsgi; scgi_temp_path {state}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {state}/www;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and all its descendants so far."""
    total = 0.0
    for p in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def descendants(pid: int) -> list[int]:
    found = []
    for child in children(pid):
        found += [child, *descendants(child)]
    return found


def start_nginx(conf: Path, port: int) -> subprocess.Popen:
    directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    proc = subprocess.Popen(
        [NGINX, "-e", str(conf.parent / "error.log"), "-c", str(conf), "-g", directives],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            __import__("socket").create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"nginx did not start, see {conf.parent / 'error.log'}")


def static_nginx(html: bytes, path: str, state: Path) -> tuple[subprocess.Popen, int]:
    """nginx serving `html` as the static file at `path` (the machine's
    limit, the benches' reference), its files under `state`; (process, port)."""
    www = state / "www" / path.strip("/")
    www.mkdir(parents=True)
    (www / "index.html").write_bytes(html)
    port = free_port()
    conf = state / "static.conf"
    conf.write_text(STATIC_CONF.format(state=state, port=port))
    return start_nginx(conf, port), port


def wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse(out)


def measure(pid: int, url: str, seconds: int, connections: int = 32) -> dict:
    wrk(url, 2, connections)  # warm: the first request fills the caches
    before = cpu_seconds(pid)
    result = wrk(url, seconds, connections)
    used = cpu_seconds(pid) - before
    result["cpu_ms"] = 1000 * used / max(result["total"], 1)
    return result


def row(label: str, r: dict, reference: float) -> list:
    per_core = 1000 / r["cpu_ms"] if r["cpu_ms"] > 0 else float("inf")
    return [
        label,
        f"{r['rps']:,.0f}",
        f"{100 * r['rps'] / reference:.0f} %",
        f"{r['p50']:.1f} / {r['p99']:.1f}",
        f"{r['cpu_ms']:.3f}",
        f"{per_core:,.0f}",
        r["non2xx"],
    ]


def one_run(seconds: int, path: str) -> list:
    site = make_site(50)
    procs = []
    try:
        web, app_port = start_web(site, {"PAGE_CACHE_SECONDS": "0"})
        cached, cached_port = start_web(site, {"PAGE_CACHE_SECONDS": "3600"})
        procs += [web, cached]
        # The exact HTML the app sends, saved for nginx to serve as a file.
        html = subprocess.run(
            ["curl", "-s", f"http://127.0.0.1:{app_port}{path}"], capture_output=True, check=True
        ).stdout
        state = Path(tempfile.mkdtemp(prefix="sahifa-sizing-"))
        static, static_port = static_nginx(html, path, state)
        procs.append(static)

        results = {}
        log("nginx static …")
        results["nginx, static file"] = measure(
            static.pid, f"http://127.0.0.1:{static_port}{path}", seconds
        )
        log("app, page cache …")
        results["app, page cache (granian 2 × 2)"] = measure(
            cached.pid, f"http://127.0.0.1:{cached_port}{path}", seconds
        )
        log("app, uncached …")
        # 4 connections: renders take tens of ms, 32 would only queue.
        results["app, rendered every request (c4)"] = measure(
            web.pid, f"http://127.0.0.1:{app_port}{path}", seconds, connections=4
        )
        reference = results["nginx, static file"]["rps"]
        return [row(label, r, reference) for label, r in results.items()]
    finally:
        for proc in procs:
            stop(proc)
        cleanup(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    rows = []
    for attempt in range(1, args.repeat + 1):
        for cells in one_run(args.seconds, "/politics/story-0/"):
            rows.append([attempt, *cells])
    print(
        f"wrk -t2 -c32 -d{args.seconds}s on 127.0.0.1, one article page (SQLite); "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(
        table(
            [
                "run",
                "server",
                "req/s",
                "of nginx",
                "p50 / p99 ms",
                "server CPU ms/req",
                "readers/s per core",
                "non-2xx",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
