"""`manage.py poll_wires [--source ID]`: ingest new items of the agency wires
(run every SAHIFA_IMPORTERS_WIRE_POLL_INTERVAL seconds by `run_scheduler`)."""

from django.core.management.base import BaseCommand, CommandError

from sahifa.importers.models import WireSource
from sahifa.importers.services import poll_all, poll_source


class Command(BaseCommand):
    help = "Poll the configured agency wires (RSS/Atom) and create their new items."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, metavar="ID", help="poll only this source")

    def handle(self, *args, source=None, **options):
        if source is not None:
            found = WireSource.objects.filter(pk=source).select_related("section").first()
            if found is None:
                raise CommandError(f"no wire source {source}")
            results = [poll_source(found)]
        else:
            results = poll_all()
        for result in results:
            state = (
                "not modified"
                if result.not_modified
                else f"{len(result.created)} new, {result.skipped} seen"
            )
            self.stdout.write(f"{result.source.name}: {state}")
            for error in result.errors:
                self.stderr.write(f"{result.source.name}: error: {error}")
