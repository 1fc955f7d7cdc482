from django.core.management.base import BaseCommand

from sahifa.home.pins import expire_pins


class Command(BaseCommand):
    help = "Re-render the fronts whose pinned stories have just expired (run by the scheduler)."

    def handle(self, *args, **options):
        expired = expire_pins()
        if options["verbosity"] > 1:
            self.stdout.write(f"{expired} expired pins")
