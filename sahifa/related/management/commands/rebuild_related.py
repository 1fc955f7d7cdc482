from django.core.management.base import BaseCommand

from sahifa.core.priority import lower_priority
from sahifa.related.rebuild import rebuild


class Command(BaseCommand):
    help = "Recompute the related-news index and every article's related list."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="analysis processes")

    def handle(self, *args, workers, **options):
        lower_priority()
        timings = rebuild(workers=workers, log=self.stdout.write)
        self.stdout.write(
            " ".join(
                f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in timings.items()
            )
        )
