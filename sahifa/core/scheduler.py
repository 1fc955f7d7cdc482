"""A small in-process scheduler for periodic jobs, so the embedded install
needs no cron. Jobs are management commands listed in
settings.SAHIFA_PERIODIC_JOBS as (command, interval seconds)."""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections

log = logging.getLogger(__name__)


def run_forever(
    jobs: list[tuple[str, int]] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    max_cycles: int | None = None,
) -> None:
    jobs = list(jobs if jobs is not None else settings.SAHIFA_PERIODIC_JOBS)
    due = dict.fromkeys((name for name, _ in jobs), 0.0)
    cycles = 0
    while max_cycles is None or cycles < max_cycles:
        now = clock()
        for name, interval in jobs:
            if now >= due[name]:
                run_job(name)
                due[name] = now + interval
        cycles += 1
        sleep(max(0.5, min(due.values()) - clock()))


def run_job(name: str) -> bool:
    """Run one job; a failing job is logged and retried at its next turn
    rather than stopping the others."""
    close_old_connections()
    try:
        call_command(name, verbosity=0)
    except Exception:  # noqa: BLE001 - one broken job must not stop the scheduler
        log.exception("periodic job %s failed", name)
        return False
    return True
