"""`manage.py import_wordpress EXPORT.xml [--uploads DIR] [--section SLUG]`:
import a WordPress WXR export (all or nothing), with redirects from the old URLs."""

from django.core.management.base import BaseCommand, CommandError

from sahifa.core.priority import lower_priority
from sahifa.importers.services import ImportFailed, import_wxr, public_path


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, categories, tags, authors, images, redirects."

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="EXPORT.xml", help="the WXR file from Tools → Export")
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="local copy of wp-content/uploads (default: ./uploads next to the export)",
        )
        parser.add_argument(
            "--section",
            metavar="SLUG",
            help="section for posts that have no category (or only «Uncategorized»)",
        )

    def handle(self, *args, path, uploads=None, section=None, **options):
        lower_priority()
        try:
            result = import_wxr(path, uploads=uploads, section=section)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        for page in result.pages:
            state = "live" if page.live else ("scheduled" if page.go_live_at else "draft")
            self.stdout.write(f"{state}\t{public_path(page)}")
        self.stdout.write(
            f"{len(result.pages)} posts, {len(result.sections_created)} new sections, "
            f"{result.redirects} redirects"
        )
