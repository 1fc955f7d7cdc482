from django.core.management.base import BaseCommand

from sahifa.audience import services


class Command(BaseCommand):
    help = "Write buffered audience counts (Redis) to the database and prune old keys and rows."

    def handle(self, *args, **options):
        written = services.flush()
        pruned = services.prune()
        if options["verbosity"] > 1:
            self.stdout.write(f"rows written: {written}; pruned: {pruned}")
