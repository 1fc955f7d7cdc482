"""Background jobs on Django's tasks API (django-tasks): enqueue after the
transaction commits, and retry with exponential backoff. Shared by every app
that does work off the request (search indexing, related, audio, feeds)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BASE_DELAY = 30  # seconds: 30 s, 1 min, 2 min, 4 min, 8 min


def enqueue(task, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits, so the worker sees the
    data and a rolled-back publish enqueues nothing. A broken queue is logged,
    never raised: publishing must not fail because of background work."""

    def _send():
        try:
            task.enqueue(*args, **kwargs)
        except Exception:  # noqa: BLE001 - the caller's work already succeeded
            log.exception("could not enqueue %s", task.name)

    transaction.on_commit(_send)


def retry_delay(attempt: int) -> timedelta:
    return timedelta(seconds=BASE_DELAY * 2 ** max(0, attempt - 1))


def retry_later(task, attempt: int, *args, **kwargs) -> bool:
    """Schedule attempt number `attempt + 1` after a backoff delay. Returns
    False when attempts are exhausted or the backend cannot defer (then the
    failure stays recorded for editors and a later run picks it up)."""
    if attempt >= MAX_ATTEMPTS:
        return False
    backend = task_backends[task.backend]
    if not backend.supports_defer:
        return False
    task.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
        *args, attempt=attempt + 1, **kwargs
    )
    return True
