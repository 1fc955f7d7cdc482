import contextlib
import signal
import sys

from django.core.management.base import BaseCommand

from sahifa.core import scheduler
from sahifa.core.priority import lower_priority


class Command(BaseCommand):
    help = "Run periodic jobs (scheduled publishing, clean-ups) forever."

    def handle(self, *args, **options):
        lower_priority()
        self.stdout.write(
            "Scheduler running: "
            + ", ".join(f"{n}/{s}s" for n, s in scheduler.settings.SAHIFA_PERIODIC_JOBS)
        )
        # SIGTERM (the supervisor, systemd) is a normal stop, not a crash.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        with contextlib.suppress(KeyboardInterrupt):
            scheduler.run_forever()
