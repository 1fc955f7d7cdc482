"""Shared by bench/soak.py and bench/faults.py: starting and always tearing
down a stack from sahifa/tests/stack.py (`running_stack`), an open-loop load
generator of mixed reader traffic (pages, search, beacons) against it, and
helpers that read RSS and run editors' work (publishing, enqueuing) in a
long-lived Django shell. Loopback only; every
loop is bounded by its duration."""

from __future__ import annotations

import contextlib
import http.client
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sahifa.tests.stack import PY, Stack  # noqa: E402

CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
QUERIES = ["الاقتصاد", "النفط", "الانتخابات", "البرلمان", "كرة القدم", "الحكومة", "المسرح"]
# Share of requests by kind (the rest are article pages).
MIX = {"home": 0.1, "section": 0.05, "search": 0.1, "beacon": 0.25}
# Kinds the page cache may serve (search and beacons never are).
PAGES = {"home", "section", "article"}


@dataclass
class Stats:
    latencies: dict = field(default_factory=dict)  # kind → [seconds]
    statuses: dict = field(default_factory=dict)  # status → count
    errors: int = 0  # connection refused/reset/timeouts
    kind_statuses: dict = field(default_factory=dict)  # kind → [status]
    # Pages only: "cached" (X-Cache: HIT from the page cache) or "uncached"
    # (rendered, or no answer) → [status]
    cache_statuses: dict = field(default_factory=dict)
    # Latency by the second the request was due (perf_counter, whole seconds
    # from the first): where in a run the slow answers were.
    by_second: dict = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int, seconds: float, cached: bool | None = None) -> None:
        due = int(time.perf_counter() - seconds - self.started)
        with self.lock:
            self.by_second.setdefault(due, []).append(seconds)
            self.latencies.setdefault(kind, []).append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.kind_statuses.setdefault(kind, []).append(status)
            if cached is not None:
                key = "cached" if cached else "uncached"
                self.cache_statuses.setdefault(key, []).append(status)
            if status == 0:
                self.errors += 1

    def slow_seconds(self, over_ms: float = 200.0) -> list[list]:
        """[second, requests, p99 ms, max ms] for each second whose p99
        was over `over_ms`."""
        rows = []
        for second in sorted(self.by_second):
            values = sorted(self.by_second[second])
            p99 = values[max(0, int(len(values) * 0.99) - 1)] * 1000
            if p99 > over_ms:
                rows.append([second, len(values), f"{p99:.0f}", f"{values[-1] * 1000:.0f}"])
        return rows

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile(self, p: float, kind: str | None = None) -> float:
        values = sorted(
            self.latencies.get(kind, [])
            if kind
            else [v for vs in self.latencies.values() for v in vs]
        )
        if not values:
            return 0.0
        return values[min(len(values) - 1, int(len(values) * p))] * 1000


class Traffic:
    """`rate` requests per second spread over `threads` keep-alive
    connections, each request at its scheduled time; latency counts from the
    scheduled time, so a server falling behind shows in p99 (no coordinated
    omission)."""

    def __init__(self, stack: Stack, rate: float, threads: int = 16, article_ids=None, seed=1):
        self.stack, self.rate, self.threads = stack, rate, max(1, threads)
        self.pages = stack.urls
        self.article_ids = article_ids or []
        self.sections = sorted({"/" + u.strip("/").split("/")[0] + "/" for u in self.pages})
        self.stats = Stats()
        self.stop_event = threading.Event()
        self.seed = seed

    def request(self, rnd: random.Random, index: int, visitor: int):
        roll, edge, kind = rnd.random(), 0.0, "article"
        for name, share in MIX.items():
            edge += share
            if roll < edge:
                kind = name
                break
        if kind == "beacon" and not self.article_ids:
            kind = "article"
        if kind == "home":
            return kind, "GET", "/", {}
        if kind == "section":
            return kind, "GET", rnd.choice(self.sections), {}
        if kind == "search":
            return kind, "GET", "/search/?q=" + quote(rnd.choice(QUERIES)), {}
        if kind == "beacon":
            page = rnd.choice(self.article_ids)
            return (
                kind,
                "POST",
                f"/audience/hit?p={page}&e=v",
                {"User-Agent": f"{CHROME} t{index}v{visitor}", "Content-Length": "0"},
            )
        return kind, "GET", rnd.choice(self.pages), {}

    def _worker(self, index: int, until: float) -> None:
        rnd = random.Random(self.seed * 1000 + index)
        interval = self.threads / self.rate
        next_at = time.perf_counter() + interval * index / self.threads
        conn = None
        visitor = 0
        while not self.stop_event.is_set():
            now = time.perf_counter()
            if next_at > now:
                time.sleep(next_at - now)
            if time.monotonic() >= until:
                break
            visitor += 1
            kind, method, path, headers = self.request(rnd, index, visitor)
            x_cache = ""
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.stack.port, timeout=30)
                conn.request(method, path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                x_cache = response.getheader("X-Cache", "")
                if response.getheader("connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                status = 0
                if conn is not None:
                    conn.close()
                conn = None
            cached = x_cache.upper().startswith(("HIT", "STALE")) if kind in PAGES else None
            self.stats.add(kind, status, time.perf_counter() - next_at, cached)
            next_at += interval
        if conn is not None:
            conn.close()

    def run(self, seconds: float) -> Stats:
        until = time.monotonic() + seconds
        workers = [
            threading.Thread(target=self._worker, args=(i, until), daemon=True)
            for i in range(self.threads)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join(seconds + 60)
        return self.stats

    def start(self, seconds: float) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(seconds,), daemon=True)
        thread.start()
        return thread


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_rss(stack: Stack) -> dict[str, float]:
    """RSS in MB of each supervised process (web counts its granian workers)."""
    out = {}
    kids = stack.children()
    all_pids = stack.group_pids()
    for name, pid in kids.items():
        total = rss_mb(pid)
        if name == "web":
            for other in all_pids:
                try:
                    stat = Path(f"/proc/{other}/stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    total += rss_mb(other)
        out[name] = round(total, 1)
    if stack.redis and stack.redis.proc:
        out["redis"] = round(rss_mb(stack.redis.proc.pid), 1)
    return out


EDITOR = r"""
import sys, time
from django.db import close_old_connections
from sahifa.articles.models import ArticlePage
from sahifa.tests.fault_tasks import marker
print("READY", flush=True)
n = 0
for line in sys.stdin:
    cmd, _, arg = line.strip().partition(" ")
    started = time.perf_counter()
    close_old_connections()  # a request boundary: drop a connection the outage broke
    try:
        if cmd == "publish":
            pages = list(ArticlePage.objects.live().order_by("pk")[:20])
            page = pages[n % len(pages)].specific
            n += 1
            page.dek = f"تحديث رقم {n} للملخص"
            page.save_revision().publish()
            print("OK", round(time.perf_counter() - started, 3), flush=True)
        elif cmd == "enqueue":
            folder, name, *seconds = arg.split(" ")
            print("OK", marker.enqueue(folder, name, float(seconds[0]) if seconds else 0).id, flush=True)
        elif cmd == "ids":
            print("OK", ",".join(str(p) for p in ArticlePage.objects.live().values_list("pk", flat=True)), flush=True)
    except Exception as exc:
        print("ERR", type(exc).__name__, str(exc).replace("\n", " ")[:200], flush=True)
"""


class Editor:
    """A long-lived Django shell on the stack's database: publishes and
    enqueues as an editor's request would, without a process start each time."""

    def __init__(self, stack: Stack):
        self.proc = subprocess.Popen(
            [PY, "manage.py", "shell", "-c", EDITOR],
            cwd=ROOT,
            env=stack.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(stack.workdir / "editor.log", "ab"),  # noqa: SIM115
            text=True,
        )
        self.lock = threading.Lock()
        # `shell` may print its own lines first (Django 5.2's auto-imports).
        for line in self.proc.stdout:
            if line.strip() == "READY":
                break
        else:
            raise RuntimeError(f"the editor shell did not start; see {stack.workdir}/editor.log")

    def call(self, line: str) -> tuple[bool, str]:
        with self.lock:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline().strip()
        return answer.startswith("OK"), answer.partition(" ")[2]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@contextlib.contextmanager
def running_stack(*, demo: bool = False, articles: int = 20, **options):
    """Build and start a stack as `make run` would (options as for Stack;
    the demo newsroom, or `articles` seeded ones), open an editor on it and
    note its article ids; always stop and remove everything at the end.
    Yields (stack, editor)."""
    stack = Stack(**options)
    editor = None
    try:
        print(f"building the {'demo ' if demo else ''}site in {stack.workdir} ...", flush=True)
        stack.build(articles=articles, demo=demo)
        stack.start()
        editor = Editor(stack)
        ok, ids = editor.call("ids")
        stack.article_ids = [int(x) for x in ids.split(",") if x] if ok else []
        yield stack, editor
    finally:
        if editor:
            editor.close()
        stack.destroy()


def warm(stack: Stack) -> None:
    """Render every page once (home and articles), as readers would have."""
    for path in ["/", *stack.urls]:
        stack.get(path, timeout=60)


def table(rows: list[list], header: list[str]) -> str:
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
