"""Background work yields the CPU to readers.

On a 2-core box an import, a related rebuild or a queue of audio jobs can keep
every core busy; at the same scheduling priority the web processes then get
half the CPU and a reader's 2 ms cache hit waits seconds behind them. The
worker, the scheduler and the long commands (imports, rebuilds) therefore
raise their own niceness to SAHIFA_BACKGROUND_NICE (default 10: the kernel
gives a nice-0 web process about nine times their share when both want the
CPU, and all of it when the web is idle). Children (each task's process)
inherit it."""

import logging
import os

from django.conf import settings

log = logging.getLogger(__name__)


def lower_priority() -> int:
    """Make this process at least as nice as the setting (never less nice
    than it already is, e.g. under systemd's Nice=); return the niceness."""
    target = settings.SAHIFA_BACKGROUND_NICE
    try:
        current = os.getpriority(os.PRIO_PROCESS, 0)
        if target > current:
            os.setpriority(os.PRIO_PROCESS, 0, min(target, 19))
        return os.getpriority(os.PRIO_PROCESS, 0)
    except OSError as exc:  # a sandbox without the call: run at the priority we have
        log.warning("could not lower the process priority: %s", exc)
        return 0
