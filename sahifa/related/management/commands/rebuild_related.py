from django.core.management.base import BaseCommand

from sahifa.core.priority import lower_priority
from sahifa.related.rebuild import index_is_stale, rebuild


class Command(BaseCommand):
    help = "Recompute the related-news index and every article's related list."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="analysis processes")
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="Only rebuild when the index is empty or another analyzer made it (an upgrade).",
        )

    def handle(self, *args, workers, if_stale, **options):
        lower_priority()
        if if_stale and not index_is_stale():
            return
        timings = rebuild(workers=workers, log=self.stdout.write)
        self.stdout.write(
            " ".join(
                f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in timings.items()
            )
        )
