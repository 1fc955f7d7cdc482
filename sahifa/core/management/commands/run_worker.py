"""`manage.py run_worker`: db_worker's options, run by sahifa.core.worker
(each task in a child with time and memory budgets, lost tasks re-queued,
database errors survived)."""

from django.conf import settings
from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from sahifa.core.priority import lower_priority
from sahifa.core.worker import SupervisedWorker, new_worker_id


class Command(DbWorkerCommand):
    help = "Run the background task worker (time/memory budgets, lost-task recovery)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None, reload=False)
        parser.add_argument(
            "--time-limit",
            type=float,
            default=settings.SAHIFA_JOBS_TIME_LIMIT,
            help="Seconds a task may run before it is stopped and marked failed.",
        )
        parser.add_argument(
            "--memory-limit",
            type=int,
            default=settings.SAHIFA_JOBS_MEMORY_LIMIT_MB,
            help="Address space per task in MB (0: none).",
        )

    def configure_logging(self, verbosity):
        # At the default verbosity LOGGING decides (settings): one line per
        # task from sahifa.core.worker, django_tasks' own lines (each task's
        # start and end) only at LOG_LEVEL=DEBUG. db_worker would set INFO.
        if verbosity != 1:
            super().configure_logging(verbosity)

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, **options):
        lower_priority()
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        exclude = options["exclude_queues"]
        excluded = exclude.split(",") if exclude else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SupervisedWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            # host:pid:random, so a sweep can tell this worker died.
            worker_id=options["worker_id"] or new_worker_id(),
            excluded_queue_names=excluded,
            time_limit=options["time_limit"],
            memory_limit_mb=options["memory_limit"],
        )
        worker.configure_signals()
        worker.run()
