from django.core.management.base import BaseCommand

from sahifa.listen import tasks


class Command(BaseCommand):
    help = "Queue audio generation for live articles whose audio is missing, failed or outdated."

    def handle(self, *args, verbosity, **options):
        count = tasks.refresh_stale()
        if verbosity:
            self.stdout.write(f"{count} articles queued")
