"""The web server for `make run` and production: granian (Rust HTTP, WSGI
workers) serving sahifa.wsgi, configured from the environment.

    .venv/bin/python deploy/web.py

Why granian and not gunicorn: on this 2-core machine gunicorn's sync
workers answered at most ~4,100 requests/s even from an empty WSGI app
(one connection per request, HTTP parsed in Python), below the audience
beacon's 5,000/s target; granian keeps connections alive and parses HTTP in
Rust (bench/audience_ingest.py prints both floors side by side).
SIGTERM/SIGINT stop gracefully (workers write their audience buffers);
SIGHUP restarts the workers (after a deploy)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def server(target: str = "sahifa.wsgi:application"):
    from granian import Granian
    from granian.constants import Interfaces

    # Off unless asked for: one stdout line per request costs more than a
    # cached page (the proxy in front keeps the access log in production).
    access_log = os.environ.get("ACCESS_LOG", "0").strip().lower() in {"1", "true", "yes", "on"}
    lifetime = env_int("WEB_WORKER_LIFETIME", 0)  # seconds; 0 keeps workers
    return Granian(
        target,
        address=os.environ.get("HOST", "127.0.0.1"),
        port=env_int("PORT", 8000),
        interface=Interfaces.WSGI,
        workers=env_int("WEB_CONCURRENCY", 2),
        # Threads per worker running Django; a slow page then does not hold
        # up the beacons and cached pages queued behind it.
        blocking_threads=env_int("WEB_THREADS", 2),
        websockets=False,
        backlog=env_int("WEB_BACKLOG", 2048),
        log_access=access_log,
        # A crashed (or killed) worker is replaced, as gunicorn's arbiter did.
        respawn_failed_workers=True,
        respawn_interval=1.0,
        workers_lifetime=lifetime or None,
        workers_kill_timeout=env_int("WEB_TIMEOUT", 30),
        working_dir=ROOT,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sahifa.settings.dev")
    server(*sys.argv[1:2]).serve()
