"""What /healthz and /readyz report.

Checks: the database (SELECT 1), the page cache (a write and a read), the
task queue (age of the oldest task ready to run) and stuck jobs (RUNNING
with a dead worker or past the time budget; see sahifa/core/worker.py).
The database down means not ready (503); anything else failing means
"degraded": the site still serves readers, someone should look."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from .worker import stale_running

log = logging.getLogger(__name__)

OK, DEGRADED, DOWN = "ok", "degraded", "down"


def _error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        connection.close_if_unusable_or_obsolete()
        return {"status": DOWN, "error": _error(exc)}
    return {"status": OK}


def check_cache() -> dict:
    cache = caches["pages"]
    try:
        cache.set("health:probe", 1, 10)
        if cache.get("health:probe") != 1:
            # A ResilientRedisCache swallows the error and keeps the reason.
            error = getattr(cache, "last_error", "") or "value written was not read back"
            return {"status": DEGRADED, "error": error, "effect": "pages render uncached"}
    except Exception as exc:  # noqa: BLE001
        return {"status": DEGRADED, "error": _error(exc), "effect": "pages render uncached"}
    return {"status": OK, "backend": cache.__class__.__name__}


def check_queue() -> dict:
    """Oldest task ready to run, and stuck RUNNING tasks (database backend only)."""
    if settings.TASKS_BACKEND != "database":
        return {"status": OK, "backend": settings.TASKS_BACKEND}
    try:
        now = timezone.now()
        never = get_date_max()
        waiting = DBTaskResult.objects.ready().order_by("enqueued_at")[:50]
        ages = [
            (now - (row.run_after if row.run_after != never else row.enqueued_at)).total_seconds()
            for row in waiting
        ]
        oldest = round(max(ages), 1) if ages else 0.0
        stuck = [str(row.pk) for row in stale_running()]
    except Exception as exc:  # noqa: BLE001
        return {"status": DEGRADED, "error": _error(exc)}
    status = OK
    if oldest > settings.SAHIFA_HEALTH_QUEUE_AGE or stuck:
        status = DEGRADED
    report = {"status": status, "oldest_ready_seconds": oldest, "stuck": len(stuck)}
    if stuck:
        report["stuck_ids"] = stuck[:10]
    return report


def overall(checks: dict) -> str:
    if checks.get("database", {}).get("status") == DOWN:
        return DOWN
    if any(check.get("status") != OK for check in checks.values()):
        return DEGRADED
    return OK


def liveness() -> dict:
    checks = {"database": check_database(), "cache": check_cache()}
    return {"status": overall(checks), **checks}


def readiness() -> dict:
    checks = {"database": check_database(), "cache": check_cache()}
    if checks["database"]["status"] != DOWN:
        checks["queue"] = check_queue()
    return {"status": overall(checks), **checks}
