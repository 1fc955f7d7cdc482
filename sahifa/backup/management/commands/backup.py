from django.core.management.base import BaseCommand, CommandError

from sahifa.backup import services
from sahifa.backup.errors import BackupError


class Command(BaseCommand):
    help = (
        "Write the database and every media file to one archive (tar, .tar.gz if the "
        "name ends so) with a manifest of versions, migrations and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="archive to write, e.g. backups/sahifa-2026-12-03.tar")

    def handle(self, *args, path, **options):
        try:
            manifest = services.create(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {path}: {services.describe(manifest)}")
