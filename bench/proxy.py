"""The shipped nginx page cache against nginx serving a static file, and a spike.

    .venv/bin/python bench/proxy.py [--seconds 8] [--repeat 2] [--spike 40]

Side by side in one run (wrk -t2 -c32 on loopback): nginx serving the
article's HTML as a file, and the same article through deploy/nginx/ (a
proxy-cache HIT, gzip variant, as browsers ask). Then the spike: 500
connections on one cold article through the proxy for --spike seconds while
an editor republishes it every 10 s (purge on publish, SAHIFA_PROXY_PURGE_URL):
non-2xx answers, p99, renders the app did per publish, and how long after
each publish (its commit) a reader first saw the new title."""

import argparse
import http.client
import importlib.util
import os
import subprocess
import threading
import time
from pathlib import Path

from audience_harness import PY, ROOT, cleanup, free_port, log, make_site, start_web, stop, table
from sizing import cpu_seconds, static_nginx, wrk

spec = importlib.util.spec_from_file_location("deploy_proxy", ROOT / "deploy" / "proxy.py")
proxy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(proxy)

PATH = "/politics/story-0/"
GZIP = "gzip, deflate, br"

# A long-lived editor: one Django process that republishes story-0 with a new
# title each time it reads a line, and waits for the proxy purge to be sent.
EDITOR = """
import sys
from sahifa.articles.models import ArticlePage
from sahifa.core import edge
page = ArticlePage.objects.get(slug="story-0")
for line in sys.stdin:
    revision = page.get_latest_revision_as_object()
    revision.title = line.strip()
    revision.save_revision().publish()
    print("committed", flush=True)
    edge.wait_idle()
    print("purged", flush=True)
"""


def get(port: int, encoding: str = GZIP) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", PATH, headers={"Accept-Encoding": encoding})
        response = conn.getresponse()
        return response.status, response.getheader("X-Cache-Status", ""), response.read()
    finally:
        conn.close()


def wrk_gzip(url: str, seconds: int, connections: int) -> dict:
    from audience_ingest import parse

    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
        + ["-H", f"Accept-Encoding: {GZIP}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse(out)


def start_proxy(state: Path, app_port: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    conf = proxy.render(state, f"127.0.0.1:{port}", f"127.0.0.1:{app_port}", workers="2")
    proc = subprocess.Popen(proxy.command(conf), stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            get(port, "")
            return proc, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("proxy did not start")


def side_by_side(seconds: int) -> list:
    site = make_site(50)
    procs = []
    try:
        web, app_port = start_web(site, {"PAGE_CACHE_SECONDS": "3600"})
        procs.append(web)
        pr, proxy_port = start_proxy(site.workdir / "proxy", app_port)
        procs.append(pr)
        # The file nginx serves: the exact gzip body readers get.
        status, _, body = get(app_port)
        static, static_port = static_nginx(body, PATH, site.workdir)
        procs.append(static)
        rows = {}
        for label, port, pid in (
            ("nginx, static file", static_port, static.pid),
            ("shipped proxy, cached article", proxy_port, pr.pid),
        ):
            url = f"http://127.0.0.1:{port}{PATH}"
            # The proxy keeps one copy per encoding: warm the one measured.
            run = wrk_gzip if "proxy" in label else wrk
            run(url, 2, 32)
            before = cpu_seconds(pid)
            r = run(url, seconds, 32)
            r["cpu_ms"] = 1000 * (cpu_seconds(pid) - before) / max(r["total"], 1)
            rows[label] = r
            log(f"{label}: {r['rps']:,.0f} req/s")
        assert get(proxy_port)[1] == "HIT"
        reference = rows["nginx, static file"]["rps"]
        return [
            [
                label,
                f"{r['rps']:,.0f}",
                f"{100 * r['rps'] / reference:.0f} %",
                f"{r['p50']:.2f} / {r['p99']:.2f}",
                f"{r['cpu_ms']:.3f}",
                r["non2xx"],
            ]
            for label, r in rows.items()
        ]
    finally:
        for proc in procs:
            stop(proc)
        cleanup(site)


def spike(seconds: int) -> list:
    site = make_site(50)
    procs = []
    try:
        extra = {"PAGE_CACHE_SECONDS": "30", "ACCESS_LOG": "1"}
        web, app_port = start_web(site, extra)
        procs.append(web)
        pr, proxy_port = start_proxy(site.workdir / "proxy", app_port)
        procs.append(pr)
        env = {**site.env, "SAHIFA_PROXY_PURGE_URL": f"http://127.0.0.1:{proxy_port}"}
        editor = subprocess.Popen(
            [PY, "manage.py", "shell", "-c", EDITOR],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        procs.append(editor)
        log_file = site.workdir / "web.log"
        renders_before = log_file.read_text(errors="replace").count(PATH)
        result = {}
        load = threading.Thread(
            target=lambda: result.update(
                wrk_gzip(f"http://127.0.0.1:{proxy_port}{PATH}", seconds, 500)
            )
        )
        load.start()
        visible, renders = [], []
        start = time.monotonic()
        n = 0
        while time.monotonic() - start < seconds - 10:
            time.sleep(10 - (time.monotonic() - start) % 10)
            n += 1
            title = f"تحديث رقم {n}"
            count = log_file.read_text(errors="replace").count(PATH)
            editor.stdin.write(title + "\n")
            editor.stdin.flush()
            editor.stdout.readline()  # committed: the publish is done
            published = time.monotonic()
            editor.stdout.readline()  # purge sent
            # A reader's view: poll through the proxy until the title shows.
            while title not in get(proxy_port, "")[2].decode():
                time.sleep(0.02)
            visible.append(time.monotonic() - published)
            time.sleep(2)
            renders.append(log_file.read_text(errors="replace").count(PATH) - count)
        load.join()
        total_renders = log_file.read_text(errors="replace").count(PATH) - renders_before
        return [
            [
                f"{seconds} s, 500 connections, {n} publishes",
                f"{result['rps']:,.0f}",
                f"{result['p50']:.1f} / {result['p99']:.1f}",
                result["non2xx"],
                result["socket"],
                f"{max(visible):.2f}" if visible else "-",
                f"{min(renders)}–{max(renders)}" if renders else "-",
                total_renders,
            ]
        ]
    finally:
        for proc in procs:
            stop(proc)
        cleanup(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--spike", type=int, default=40, help="seconds of the spike (0: skip)")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    rows = []
    for attempt in range(1, args.repeat + 1):
        rows += [[attempt, *cells] for cells in side_by_side(args.seconds)]
    print(f"wrk -t2 -c32 -d{args.seconds}s on 127.0.0.1; load average {load_before:.1f} before")
    print(
        table(
            ["run", "server", "req/s", "of nginx", "p50 / p99 ms", "CPU ms/req", "non-2xx"],
            rows,
        )
    )
    if args.spike:
        log("spike …")
        print()
        print(
            table(
                [
                    "spike",
                    "req/s",
                    "p50 / p99 ms",
                    "non-2xx",
                    "socket errors",
                    "max s commit → visible",
                    "renders per publish",
                    "renders in all",
                ],
                spike(args.spike),
            )
        )
    print(f"load average {os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
