from django.conf import settings
from django.core.management.base import BaseCommand

from sahifa.analysis.plural import PAGE
from sahifa.core.arabic import count
from sahifa.home.services import ensure_site
from sahifa.pages.services import ensure_standing_pages


class Command(BaseCommand):
    help = (
        "Create the home page and the standing pages (About, Contact, Privacy, "
        "Corrections policy), and point the default site at SITE_URL (idempotent)."
    )

    def handle(self, *args, **options):
        home = ensure_site()
        self.stdout.write(f"Site {settings.SITE_URL} → {home.title}")
        created = ensure_standing_pages(home)
        if created:
            titles = "، ".join(page.title for page in created)
            self.stdout.write(f"أُنشئت {count(len(created), PAGE)}: {titles}")
