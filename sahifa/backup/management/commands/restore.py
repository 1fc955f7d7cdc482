from django.core.management.base import BaseCommand, CommandError

from sahifa.backup import services
from sahifa.backup.errors import BackupError


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into the configured database and MEDIA_ROOT. "
        "Both must be empty (a new, unmigrated database) unless --force. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="archive written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that has tables and a media folder that has files",
        )

    def handle(self, *args, path, force, **options):
        try:
            manifest, notes = services.restore(path, force=force)
        except BackupError as error:
            raise CommandError(f"Not restored: {error}") from error
        self.stdout.write(f"Restored {path}: {services.describe(manifest)}")
        for note in notes:
            self.stdout.write(self.style.WARNING(note))
