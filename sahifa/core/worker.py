"""The task worker behind `manage.py run_worker`: django-tasks-db's worker
made to survive its own tasks and its database.

- Each task runs in a forked child, so a task over its time budget
  (SAHIFA_JOBS_TIME_LIMIT) is killed and marked failed with the reason, a
  task over its memory budget (SAHIFA_JOBS_MEMORY_LIMIT_MB, an address-space
  limit in the child) fails with MemoryError, and a crash in the task never
  takes the worker with it. The child dies with its parent (PDEATHSIG), so a
  `kill -9` of the worker never leaves an orphan finishing a task twice.
- A task left RUNNING by a worker that is gone (kill -9, OOM kill, a lost
  host) is put back in the queue by `sweep_stale_tasks`, run when the worker
  starts and every minute; after SAHIFA_JOBS_MAX_ATTEMPTS claims it is marked
  failed with the reason instead.
- Database errors while claiming (`database is locked` behind a long write,
  PostgreSQL restarting) are logged and retried with backoff; the worker
  stays up.

Worker ids are `host:pid:random`, which is how a sweep on the same host
knows a worker is gone without waiting for the time budget to pass."""

from __future__ import annotations

import ctypes
import logging
import os
import random
import resource
import signal
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

log = logging.getLogger(__name__)

HOST = socket.gethostname()[:40]
# A RUNNING task older than its time budget plus this is stuck whatever its worker says.
GRACE = timedelta(seconds=60)
SWEEP_EVERY = 60.0  # seconds
MAX_BACKOFF = 30.0  # seconds between claim attempts while the database fails


class TaskLost(Exception):
    """The worker running the task died (killed, out of memory, host lost)."""


class TaskTimeLimitExceeded(Exception):
    """The task ran longer than SAHIFA_JOBS_TIME_LIMIT and was stopped."""


def new_worker_id() -> str:
    return f"{HOST}:{os.getpid()}:{get_random_string(8)}"


def worker_gone(worker_id: str) -> bool:
    """True when the worker is known to be dead: same host and no such
    process. Workers on other hosts are judged by the time budget alone."""
    host, _, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    if host != HOST or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _stuck_before():
    return timezone.now() - timedelta(seconds=settings.SAHIFA_JOBS_TIME_LIMIT) - GRACE


def is_stale(row: DBTaskResult) -> bool:
    if row.started_at and row.started_at < _stuck_before():
        return True
    return bool(row.worker_ids) and worker_gone(row.worker_ids[-1])


def stale_running() -> list[DBTaskResult]:
    return [row for row in DBTaskResult.objects.running() if is_stale(row)]


def fail(row: DBTaskResult, exc: Exception) -> None:
    """Record a failure the task itself could not record."""
    row.set_failed(exc)
    log.error("task %s (%s) failed: %s", row.pk, row.task_path, exc)


def requeue_or_fail(row: DBTaskResult, reason: str) -> str:
    """Put a task whose run was lost back in the queue, or fail it after
    SAHIFA_JOBS_MAX_ATTEMPTS claims (each claim appends a worker id). The
    update is conditional on the row still being RUNNING, so two sweepers
    never both act on it."""
    attempts = len(row.worker_ids)
    running = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING)
    if attempts >= settings.SAHIFA_JOBS_MAX_ATTEMPTS:
        message = f"{reason}; gave up after {attempts} attempts"
        exc = TaskLost(message)
        done = running.update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{TaskLost.__module__}.{TaskLost.__qualname__}",
            traceback=f"{TaskLost.__module__}.{TaskLost.__qualname__}: {exc}\n",
            return_value=None,
        )
        if done:
            log.error("task %s (%s) failed: %s", row.pk, row.task_path, message)
        return "failed" if done else "untouched"
    done = running.update(status=TaskResultStatus.READY, run_after=timezone.now())
    if done:
        log.warning(
            "task %s (%s) re-queued (attempt %d of %d): %s",
            row.pk,
            row.task_path,
            attempts + 1,
            settings.SAHIFA_JOBS_MAX_ATTEMPTS,
            reason,
        )
    return "requeued" if done else "untouched"


def sweep_stale_tasks() -> dict[str, int]:
    """Re-queue (or fail) every RUNNING task whose worker is gone or that
    outlived its time budget. Returns counts by outcome."""
    counts = {"requeued": 0, "failed": 0}
    for row in stale_running():
        worker = row.worker_ids[-1] if row.worker_ids else "?"
        outcome = requeue_or_fail(row, f"worker {worker} stopped while running the task")
        if outcome in counts:
            counts[outcome] += 1
    return counts


def _die_with_parent() -> None:
    """Linux: the child gets SIGKILL when the worker dies (PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


class SupervisedWorker(Worker):
    def __init__(self, *, time_limit: float, memory_limit_mb: int, **kwargs):
        super().__init__(**kwargs)
        self.time_limit = time_limit
        self.memory_limit_mb = memory_limit_mb
        self.next_sweep = 0.0
        self.failures = 0

    # -- the loop ---------------------------------------------------------------
    def run(self) -> None:
        log.info(
            "worker %s: time limit %ss, memory limit %s MB",
            self.worker_id,
            self.time_limit,
            self.memory_limit_mb or "none",
        )
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads workers starting together
        while self.running:
            try:
                self.sweep_if_due()
                claimed = self.claim()
                self.failures = 0
            except DatabaseError as exc:
                self.back_off(exc)
                continue
            if claimed is not None:
                self.run_task(claimed)
            if self.batch and claimed is None:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and claimed is None:
                time.sleep(self.interval)

    def sweep_if_due(self) -> None:
        if time.monotonic() < self.next_sweep:
            return
        counts = sweep_stale_tasks()
        self.next_sweep = time.monotonic() + SWEEP_EVERY
        if any(counts.values()):
            log.warning("stale task sweep: %s", counts)

    def claim(self) -> DBTaskResult | None:
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            row = tasks.get_locked()
            if row is not None:
                row.claim(self.worker_id)
        return row

    def back_off(self, exc: Exception) -> None:
        """The database refused (locked behind a long write, or down): wait
        and try again rather than exit."""
        self.failures += 1
        delay = min(MAX_BACKOFF, self.interval * 2 ** min(self.failures, 6)) or 1.0
        level = logging.WARNING if self.failures in (1, 5) or self.failures % 20 == 0 else 0
        if level:
            log.warning(
                "database error while claiming (%s); retrying in %.0f s (failure %d)",
                str(exc).splitlines()[0][:200],
                delay,
                self.failures,
            )
        try:
            if transaction.get_connection().in_atomic_block:
                transaction.get_connection().rollback()
        except DatabaseError:
            pass
        connections.close_all()
        if self.running:
            time.sleep(delay)

    # -- one task ------------------------------------------------------------------
    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run the task in a child process and wait for it within the time budget."""
        self.running_task = True
        started = time.monotonic()
        try:
            connections.close_all()  # the child must not share the parent's sockets
            pid = os.fork()
            if pid == 0:
                self._child(db_task_result)
            self._wait(pid, db_task_result)
            # One line per task; the queue library's own lines are DEBUG.
            log.info(
                "task %s: %s in %.1f s",
                db_task_result.task_path.rsplit(".", 1)[-1],
                str(db_task_result.status).lower(),
                time.monotonic() - started,
            )
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _child(self, db_task_result: DBTaskResult) -> None:
        code = 0
        try:
            _die_with_parent()
            # A stop request (Ctrl-C, SIGTERM to the group) is the parent's to
            # handle: it lets the current task finish, and a second request
            # (or SIGKILL) ends the parent and, through PDEATHSIG, this child.
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT):
                signal.signal(sig, signal.SIG_IGN)
            if self.memory_limit_mb:
                limit = self.memory_limit_mb * 1024 * 1024
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            Worker.run_task(self, db_task_result)
            connections.close_all()
        except BaseException:  # noqa: BLE001 - the parent records what the child could not
            code = 1
        finally:
            os._exit(code)

    def _wait(self, pid: int, row: DBTaskResult) -> None:
        deadline = time.monotonic() + self.time_limit
        status = None
        while status is None:
            try:
                done, status_code = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                break
            if done:
                status = status_code
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                self._record(row, "timeout")
                return
            time.sleep(0.05)
        self._record(row, status)

    def _record(self, row: DBTaskResult, status) -> None:
        """After the child ended: fail or re-queue a task it left RUNNING."""
        for attempt in range(5):
            try:
                close_old_connections()
                row.refresh_from_db()
                if row.status != TaskResultStatus.RUNNING:
                    return
                if status == "timeout":
                    fail(
                        row,
                        TaskTimeLimitExceeded(
                            f"stopped after {self.time_limit:g} s (SAHIFA_JOBS_TIME_LIMIT)"
                        ),
                    )
                elif status is not None and os.WIFSIGNALED(status):
                    # Killed from outside (OOM killer, an operator, a Ctrl-C
                    # reaching the whole group): the run is lost, not failed.
                    sig = signal.Signals(os.WTERMSIG(status)).name
                    requeue_or_fail(row, f"task process killed by {sig}")
                else:
                    # It could not record its own end (the database refused):
                    # tasks are idempotent, so run it again.
                    code = os.WEXITSTATUS(status) if status is not None else "unknown"
                    requeue_or_fail(row, f"task process exited with code {code}")
                return
            except DatabaseError as exc:
                log.warning("could not record the end of task %s: %s", row.pk, exc)
                connections.close_all()
                time.sleep(min(MAX_BACKOFF, 2**attempt))
        # Still RUNNING: the next sweep sees this worker alive but the
        # time budget passed, and re-queues it.
