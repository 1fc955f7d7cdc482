from django.core.management.base import BaseCommand, CommandError

from sahifa.articles.models import ArticlePage
from sahifa.core.priority import lower_priority
from sahifa.listen import services


class Command(BaseCommand):
    help = (
        "Generate article audio now, in this process. Without IDs: the live articles "
        "whose audio is missing or outdated; --all: every live article."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="article page IDs")
        parser.add_argument("--all", action="store_true", help="every live article")
        parser.add_argument("--force", action="store_true", help="regenerate even if unchanged")

    def handle(self, *args, ids, all, force, verbosity, **options):
        lower_priority()
        if ids and all:
            raise CommandError("give IDs or --all, not both")
        if ids:
            found = set(ArticlePage.objects.filter(pk__in=ids).values_list("pk", flat=True))
            missing = sorted(set(ids) - found)
            if missing:
                raise CommandError(f"no article with ID {', '.join(map(str, missing))}")
            page_ids = ids
        elif all:
            page_ids = list(ArticlePage.objects.visible().values_list("pk", flat=True))
        else:
            page_ids = [page.pk for page in services.stale_articles()]
        counts: dict[str, int] = {}
        for page_id in page_ids:
            try:
                outcome = services.generate(page_id, force=force)
            except Exception as exc:  # noqa: BLE001 - report and go on with the others
                services.record_failure(page_id, f"{type(exc).__name__}: {exc}", 1, False)
                outcome = services.Outcome(page_id, "failed", str(exc))
            counts[outcome.action] = counts.get(outcome.action, 0) + 1
            if verbosity:
                detail = outcome.detail or (
                    services.clock(outcome.duration) if outcome.duration else ""
                )
                self.stdout.write(f"{outcome.page_id}\t{outcome.action}\t{detail}")
        if verbosity:
            summary = ", ".join(f"{action}: {n}" for action, n in sorted(counts.items()))
            self.stdout.write(self.style.SUCCESS(f"{len(page_ids)} articles ({summary or '-'})"))
