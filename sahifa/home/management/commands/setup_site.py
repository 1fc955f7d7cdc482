from django.conf import settings
from django.core.management.base import BaseCommand

from sahifa.home.services import ensure_site


class Command(BaseCommand):
    help = "Create the home page and point the default site at SITE_URL (idempotent)."

    def handle(self, *args, **options):
        home = ensure_site()
        self.stdout.write(f"Site {settings.SITE_URL} → {home.title}")
