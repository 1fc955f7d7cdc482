"""Shared pieces of the audience benchmarks (bench/audience_*.py): a
throwaway site on SQLite, redis-server and the web server started and stopped by
PID, a rate-limited load generator, and reading the counts back.
Everything binds to 127.0.0.1."""

import atexit
import http.client
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"

SEED_SITE = """
from sahifa.home.services import ensure_site
from sahifa.sections.models import SectionPage
from sahifa.articles.models import ArticlePage
home = ensure_site()
section = home.add_child(instance=SectionPage(title="سياسة", slug="politics"))
ids = []
for n in range({n}):
    page = section.add_child(instance=ArticlePage(title=f"خبر رقم {{n}}", slug=f"story-{{n}}"))
    page.save_revision().publish()
    ids.append(page.pk)
print(",".join(map(str, ids)))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    workdir: Path
    env: dict
    article_ids: list[int]
    procs: list = field(default_factory=list)

    @property
    def db(self) -> Path:
        return self.workdir / "sahifa.sqlite3"


_templates: dict[int, tuple[Path, list[int]]] = {}


def make_site(articles: int = 50) -> Site:
    """A migrated SQLite site with `articles` published stories. Built once
    per process, then copied for every run (migrating takes a while)."""
    workdir = Path(tempfile.mkdtemp(prefix="sahifa-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sahifa.settings.dev",
        "SAHIFA_VAR_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'sahifa.sqlite3'}",
        "SECRET_KEY": "bench-only-not-secret",
        "TASKS_BACKEND": "immediate",
        "REDIS_URL": "",
        "SAHIFA_AUDIENCE_REDIS_URL": "",
        # Every simulated reader comes from 127.0.0.1: limits and damping off.
        "SAHIFA_AUDIENCE_RATE_LIMIT": "0",
        "SAHIFA_AUDIENCE_VISITORS_PER_ADDRESS": "0",
        "ACCESS_LOG": "0",
        "LOG_LEVEL": "WARNING",
        "HOST": "127.0.0.1",
        "PAGE_CACHE_SECONDS": "0",
    }
    if articles not in _templates:
        run = {"cwd": ROOT, "env": env, "check": True}
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], **run)
        out = subprocess.run(
            [PY, "manage.py", "shell", "-c", SEED_SITE.format(n=articles)],
            capture_output=True,
            text=True,
            **run,
        ).stdout
        ids = [int(x) for x in out.strip().splitlines()[-1].split(",")]
        folder = tempfile.mkdtemp(prefix="sahifa-bench-template-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = Path(folder) / "sahifa.sqlite3"
        with (
            sqlite3.connect(workdir / "sahifa.sqlite3") as source,
            sqlite3.connect(template) as copy,
        ):
            source.backup(copy)
        _templates[articles] = (template, ids)
    else:
        template, ids = _templates[articles]
        with (
            sqlite3.connect(template) as source,
            sqlite3.connect(workdir / "sahifa.sqlite3") as copy,
        ):
            source.backup(copy)
    return Site(workdir, env, list(ids))


def start_redis(site: Site) -> str:
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(site.workdir)],
        stdout=subprocess.DEVNULL,
    )
    site.procs.append(proc)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return url
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def start_web(
    site: Site,
    extra_env: dict | None = None,
    app: str = "sahifa.wsgi:application",
    server: str = "granian",
):
    """The project's web server (deploy/web.py: granian, WEB_CONCURRENCY
    workers), or gunicorn's sync workers for comparison. Returns (process,
    port) once /healthz answers."""
    port = free_port()
    env = {**site.env, "PORT": str(port), "PYTHONPATH": str(ROOT / "bench"), **(extra_env or {})}
    if server == "granian":
        command = [PY, "deploy/web.py", app]
    else:
        workers = env.get("WEB_CONCURRENCY", "2")
        command = [
            GUNICORN,
            "-w",
            workers,
            "-b",
            f"127.0.0.1:{port}",
            app.replace(":application", ""),
        ]
    log_file = open(site.workdir / "web.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file)
    site.procs.append(proc)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status in (200, 204):
                time.sleep(1)  # every worker up, not just the first
                return proc, port
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{server} did not start; see {site.workdir / 'web.log'}")


def empty_app(environ, start_response):
    """The floor: the server answering 204 with no Django at all."""
    start_response("204 No Content", [("Content-Length", "0")])
    return [b""]


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def stop(proc, timeout: float = 30) -> None:
    """SIGTERM (graceful: web workers write their buffers), wait."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cleanup(site: Site) -> None:
    for proc in reversed(site.procs):
        stop(proc)
    shutil.rmtree(site.workdir, ignore_errors=True)


def flush_redis(site: Site, redis_url: str) -> None:
    subprocess.run(
        [PY, "manage.py", "audience_flush"],
        cwd=ROOT,
        env={**site.env, "SAHIFA_AUDIENCE_REDIS_URL": redis_url},
        check=True,
    )


def totals(site: Site) -> dict:
    with sqlite3.connect(site.db, timeout=30) as db:
        views, pageviews, shares = db.execute(
            "SELECT COALESCE(SUM(views),0), COALESCE(SUM(pageviews),0), COALESCE(SUM(shares),0)"
            " FROM audience_articlehourlystats"
        ).fetchone()
    return {"views": views, "pageviews": pageviews, "shares": shares}


# -- a steady-rate load generator ---------------------------------------------
NETWORKS = ("x", "facebook", "whatsapp", "telegram", "copy")


@dataclass
class Plan:
    """What was sent and what the database should therefore hold."""

    sent: int = 0
    ok: int = 0
    errors: int = 0
    bots: int = 0
    duplicates: int = 0
    human_views: int = 0
    unique_views: set = field(default_factory=set)
    unique_shares: set = field(default_factory=set)
    latencies: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def expected(self) -> dict:
        return {
            "views": len(self.unique_views),
            "pageviews": self.human_views,
            "shares": len(self.unique_shares),
        }


def steady_load(
    port: int,
    ids: list[int],
    rate: float,
    seconds: float,
    plan: Plan,
    threads: int = 8,
    bot_share: float = 0.1,
    duplicate_share: float = 0.1,
    share_share: float = 0.05,
    seed: int = 1,
) -> None:
    """Send `rate` beacons per second for `seconds`, spread over threads.
    Only hits answered 204 go into the expected counts."""
    stop_at = time.monotonic() + seconds
    interval = threads / rate

    def worker(index: int) -> None:
        rnd = random.Random(seed * 1000 + index)
        recent: list[tuple[str, int]] = []
        next_at = time.monotonic() + index * interval / threads
        visitor_seq = 0
        while True:
            now = time.monotonic()
            if now >= stop_at:
                return
            if now < next_at:
                time.sleep(next_at - now)
            next_at += interval
            roll = rnd.random()
            kind, network = "v", ""
            if roll < bot_share:
                agent, page = BOT, rnd.choice(ids)
                category = "bot"
            elif roll < bot_share + duplicate_share and recent:
                agent, page = rnd.choice(recent)
                category = "dup"
            else:
                visitor_seq += 1
                agent, page = f"{CHROME} t{index}v{visitor_seq}s{seed}", rnd.choice(ids)
                category = "new"
                if rnd.random() < share_share:
                    kind, network = "s", rnd.choice(NETWORKS)
                    category = "share"
                else:
                    recent.append((agent, page))
                    recent[:] = recent[-200:]
            query = f"/audience/hit?p={page}&e={kind}" + (f"&n={network}" if network else "")
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("POST", query, headers={"User-Agent": agent, "Content-Length": "0"})
                status = conn.getresponse().status
                conn.close()
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            hour = int(time.time()) // 3600
            with plan.lock:
                plan.sent += 1
                plan.latencies.append(elapsed)
                if status != 204:
                    plan.errors += 1
                    continue
                plan.ok += 1
                if category == "bot":
                    plan.bots += 1
                elif category == "share":
                    plan.unique_shares.add((agent, page, network, hour))
                else:
                    plan.human_views += 1
                    plan.duplicates += category == "dup"
                    plan.unique_views.add((agent, page, hour))

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def table(headers: list[str], rows: list[list]) -> str:
    cells = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join(
        [line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        + [line(r) for r in cells[1:]]
    )


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)
