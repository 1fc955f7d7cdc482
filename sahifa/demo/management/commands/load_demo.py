import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from sahifa.analysis.plural import ARTICLE, count
from sahifa.articles.models import ArticlePage
from sahifa.demo import services


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, 40+ articles, users). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="re-import even if already loaded")

    def handle(self, *args, force=False, **options):
        if ArticlePage.objects.exists() and not force:
            self.stdout.write("المحتوى التجريبي محمّل مسبقاً (استخدم --force لإعادة الاستيراد).")
            services.ensure_author_photos(settings.VAR_DIR / "demo-build")
            # The week of demo readers moves with the clock: without it a
            # demo started a day later would rank nothing.
            services.seed_audience()
        else:
            self.stdout.write("تحميل غرفة الأخبار التجريبية…")
            # Wagtail logs four audit lines per page created; the loader's own
            # progress is enough unless asked for more (-v 2).
            audit = logging.getLogger("wagtail")
            level = audit.level
            if options["verbosity"] < 2:
                audit.setLevel(logging.WARNING)
            try:
                loaded = services.load_demo(
                    settings.VAR_DIR / "demo-build",
                    settings.SAHIFA_DEMO_PASSWORD,
                    log=self.stdout.write,
                )
            finally:
                audit.setLevel(level)
            self.stdout.write(self.style.SUCCESS(f"حُمّل {count(loaded, ARTICLE)}."))
        services.ensure_demo_users(settings.SAHIFA_DEMO_PASSWORD)
