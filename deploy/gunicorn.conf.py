"""gunicorn settings for `make run` and production (override with env vars)."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
# Sync workers close each connection; keep-alive helps behind a proxy only.
keepalive = 5
# gunicorn 27 opens a control socket under $HOME by default; we do not use it.
control_socket_disable = True
accesslog = "-" if os.environ.get("ACCESS_LOG", "1").lower() in {"1", "true", "yes", "on"} else None
# Recycle workers now and then (guards against slow leaks) but not so often
# that beacon traffic restarts them every few seconds (bench/audience_ingest.py).
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
