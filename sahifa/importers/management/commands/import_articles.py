"""`manage.py import_articles PATH... [--section SLUG]`: import IPTC ninjs files.

Prints one line per imported item, in input order: the article's URL path.
Each file is imported on its own (all or nothing); the others still run when
one fails, and the command then exits non-zero."""

from django.core.management.base import BaseCommand, CommandError

from sahifa.core.priority import lower_priority
from sahifa.importers.services import ImportFailed, import_file, public_path


class Command(BaseCommand):
    help = "Import IPTC ninjs (1.x or 2.x) files as articles; prints each article's URL path."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="ninjs JSON file(s)")
        parser.add_argument(
            "--section",
            metavar="SLUG",
            help="slug of the section that receives new articles "
            "(default: the section titled like one of the item's subjects or genres)",
        )

    def handle(self, *args, paths, section=None, **options):
        lower_priority()
        failed = []
        for path in paths:
            try:
                pages = import_file(path, section=section)
            except ImportFailed as exc:
                self.stderr.write(f"error: {exc}")
                failed.append(path)
                continue
            for page in pages:
                self.stdout.write(public_path(page))
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(paths)} file(s) not imported: {', '.join(failed)}"
            )
