"""A real Sahifa stack in a temporary folder, for the fault tests
(sahifa/tests/test_faults.py) and the soak and fault benchmarks
(bench/soak.py, bench/faults.py): its own database (a SQLite file, or a
fresh database on the PostgreSQL server of DATABASE_URL, reached through a
TCP proxy that can be cut), optionally its own redis-server, and web, worker
and scheduler under deploy/supervise.py, as `make run` starts them.
Every process is started and stopped by PID; everything binds to 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")

SEED = """
from sahifa.home.services import ensure_site
from sahifa.sections.models import SectionPage
from sahifa.articles.models import ArticlePage
home = ensure_site()
section = home.add_child(instance=SectionPage(title="سياسة", slug="politics", show_in_menus=True))
urls = []
for n in range({n}):
    page = ArticlePage(title=f"خبر رقم {{n}} عن الاقتصاد", slug=f"story-{{n}}", dek="ملخص",
        body=[("paragraph", f"<p>فقرة عن الاقتصاد والسياسة رقم {{n}}.</p>")])
    section.add_child(instance=page)
    page.save_revision().publish()
    urls.append(page.url)
print("URLS", " ".join(urls))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


class TcpProxy:
    """127.0.0.1:port → target. `cut()` drops every connection and refuses
    new ones (the database "unreachable"); `restore()` listens again."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.server = None
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()
        self.restore()

    def restore(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        self.server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def _accept(self, server) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone
        # would leave the socket listening until that accept returned.
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.server.close()
        with self.lock:
            conns, self.conns = self.conns, []
        for sock in conns:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


class Redis:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.proc = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (scripts/system-deps.sh test)")
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )
        wait_port(self.port)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Response:
    def __init__(self, status: int, headers: dict, body: bytes, seconds: float):
        self.status, self.body, self.seconds = status, body, seconds
        self.headers = {name.lower(): value for name, value in headers.items()}

    def json(self):
        return json.loads(self.body)


class Stack:
    def __init__(
        self,
        *,
        redis: bool = True,
        web_workers: int = 1,
        extra_env: dict | None = None,
        scheduler: bool = False,
    ):
        self.workdir = Path(tempfile.mkdtemp(prefix="sahifa-stack-"))
        self.port = free_port()
        self.redis = Redis(self.workdir) if redis else None
        self.proxy = None
        self.pg_admin_url = None
        self.database_url = self._database()
        self.supervisor = None
        self.log_path = self.workdir / "stack.log"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "DJANGO_SETTINGS_MODULE": "sahifa.settings.dev",
            "SAHIFA_VAR_DIR": str(self.workdir),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": "stack-only-not-secret",
            "TASKS_BACKEND": "database",
            "REDIS_URL": self.redis.url if self.redis else "",
            # The audience store's Redis fallback is sahifa.audience's own
            # concern: its counts stay in the database here.
            "SAHIFA_AUDIENCE_REDIS_URL": "",
            "ACCESS_LOG": "0",
            "LOG_LEVEL": "WARNING",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "PAGE_CACHE_SECONDS": "30",
            "WEB_CONCURRENCY": str(web_workers),
            "CONN_MAX_AGE": "60",
            "PYTHONUNBUFFERED": "1",
            "SUPERVISE_STOP_TIMEOUT": "15",
            **(extra_env or {}),
        }
        self.procfile = self.workdir / "Procfile"
        lines = [
            f"web: {PY} deploy/web.py",
            f"worker: {PY} manage.py run_worker --queue-name default --interval 0.2"
            " --no-startup-delay",
        ]
        if scheduler:
            lines.append(f"scheduler: {PY} manage.py run_scheduler")
        self.procfile.write_text("\n".join(lines) + "\n")
        self.urls: list[str] = []

    # -- database ------------------------------------------------------------------
    @property
    def postgres(self) -> bool:
        return self.database_url.startswith("postgres")

    def _database(self) -> str:
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith("postgres"):
            return f"sqlite:///{self.workdir / 'sahifa.sqlite3'}"
        parts = urlsplit(base)
        name = f"sahifa_stack_{secrets.token_hex(4)}"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.pg_admin_url = base
        self.pg_name = name
        self.proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
        netloc = parts.netloc.rsplit("@", 1)
        auth = netloc[0] + "@" if len(netloc) == 2 else ""
        return urlunsplit((parts.scheme, f"{auth}127.0.0.1:{self.proxy.port}", f"/{name}", "", ""))

    def manage(self, *args: str, check: bool = True, timeout: float = 600) -> str:
        result = subprocess.run(
            [PY, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def build(self, articles: int = 20, demo: bool = False) -> None:
        if self.redis:
            self.redis.start()
        self.manage("migrate", "--noinput", "-v0")
        if demo:
            self.manage("setup_site")
            self.manage("load_demo")
            self.manage("search_rebuild", "-v0")
            out = self.shell(
                "from sahifa.articles.models import ArticlePage\n"
                "print('URLS', ' '.join(p.url for p in ArticlePage.objects.live()))"
            )
        else:
            out = self.shell(SEED.format(n=articles))
        # Percent-encoded: Arabic slugs are sent as the browser sends them.
        self.urls = [quote(url, safe="/%") for url in out.split("URLS", 1)[1].split()]

    # -- processes -----------------------------------------------------------------
    def start(self, timeout: float = 60) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.supervisor = subprocess.Popen(
            [PY, "deploy/supervise.py", str(self.procfile)],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.wait_http(timeout)
        self.wait_child("worker", timeout)

    def wait_http(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.get("/healthz", timeout=2).status == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"the web server did not answer; see {self.log_path}")

    def children(self) -> dict[str, int]:
        """Supervised processes by Procfile name → pid (read from /proc)."""
        found = {}
        if self.supervisor is None:
            return found
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) != self.supervisor.pid:
                continue
            for name, marker in (
                ("web", "deploy/web.py"),
                ("worker", "run_worker"),
                ("scheduler", "run_scheduler"),
            ):
                if marker in cmdline:
                    found[name] = int(entry.name)
        return found

    def wait_child(self, name: str, timeout: float = 30, not_pid: int | None = None) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = self.children().get(name)
            if pid and pid != not_pid:
                return pid
            time.sleep(0.1)
        raise RuntimeError(f"{name} is not running; see {self.log_path}")

    def group_pids(self) -> set[int]:
        """Every live process of the stack (children and their children)."""
        pids = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    env = (entry / "environ").read_bytes()
                except OSError:
                    continue
                if f"SAHIFA_VAR_DIR={self.workdir}".encode() in env:
                    pids.add(int(entry.name))
        return pids

    def get(self, path: str, timeout: float = 10, headers: dict | None = None) -> Response:
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            body = response.read()
            return Response(
                response.status,
                dict(response.getheaders()),
                body,
                time.perf_counter() - started,
            )
        finally:
            conn.close()

    def enqueue_marker(self, name: str, seconds: float = 0.0) -> str:
        out = self.shell(
            "from sahifa.tests.fault_tasks import marker\n"
            f"print('TASK', marker.enqueue({str(self.workdir)!r}, {name!r}, {seconds}).id)"
        )
        return out.split("TASK", 1)[1].strip()

    def task_row(self, task_id: str) -> dict:
        out = self.shell(
            "from django_tasks_db.models import DBTaskResult\n"
            f"row = DBTaskResult.objects.get(pk={task_id!r})\n"
            "import json; print('ROW', json.dumps({'status': row.status, "
            "'workers': len(row.worker_ids), 'error': row.exception_class_path}))"
        )
        return json.loads(out.split("ROW", 1)[1])

    def marker(self, name: str, suffix: str) -> Path:
        return self.workdir / f"{name}.{suffix}"

    def stop(self, timeout: float = 30) -> int | None:
        if self.supervisor is None or self.supervisor.poll() is not None:
            return None if self.supervisor is None else self.supervisor.returncode
        self.supervisor.send_signal(signal.SIGINT)
        try:
            return self.supervisor.wait(timeout)
        except subprocess.TimeoutExpired:
            self.supervisor.kill()
            return self.supervisor.wait()

    def destroy(self) -> None:
        self.stop()
        for pid in self.group_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if self.redis:
            self.redis.kill()
        if self.proxy:
            self.proxy.cut()
        if self.pg_admin_url:
            with (
                contextlib.suppress(Exception),
                psycopg.connect(self.pg_admin_url, autocommit=True) as conn,
            ):
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.workdir, ignore_errors=True)
