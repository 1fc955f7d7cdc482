from django.core.management.base import BaseCommand

from sahifa.core import scheduler


class Command(BaseCommand):
    help = "Run periodic jobs (scheduled publishing, clean-ups) forever."

    def handle(self, *args, **options):
        self.stdout.write(
            "Scheduler running: "
            + ", ".join(f"{n}/{s}s" for n, s in scheduler.settings.SAHIFA_PERIODIC_JOBS)
        )
        scheduler.run_forever()
