import time

from django.core.management.base import BaseCommand

from sahifa.core.priority import lower_priority
from sahifa.search import services
from sahifa.search.models import SearchEntry


class Command(BaseCommand):
    help = "Rebuild the Arabic search index from every live article."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only rebuild when the index is empty (first start, or an older database).",
        )
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="Only rebuild when the index is empty or another analyzer wrote it (an upgrade).",
        )

    def handle(self, *args, batch_size, if_empty, if_stale, **options):
        lower_priority()
        if if_empty and SearchEntry.objects.exists():
            return
        if if_stale and not services.index_is_stale():
            return
        started = time.perf_counter()
        verbosity = options["verbosity"]

        def progress(done, total):
            if verbosity > 1:
                self.stdout.write(f"{done}/{total}")

        count = services.rebuild(batch_size=batch_size, progress=progress)
        elapsed = time.perf_counter() - started
        rate = count / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(f"indexed {count} articles in {elapsed:.1f} s ({rate:.0f}/s)")
        )
