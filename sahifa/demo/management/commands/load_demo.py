from django.conf import settings
from django.core.management.base import BaseCommand

from sahifa.articles.models import ArticlePage
from sahifa.demo import services


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, 40+ articles, users). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="re-import even if already loaded")

    def handle(self, *args, force=False, **options):
        if ArticlePage.objects.exists() and not force:
            self.stdout.write("المحتوى التجريبي محمّل مسبقاً (استخدم --force لإعادة الاستيراد).")
        else:
            self.stdout.write("تحميل غرفة الأخبار التجريبية…")
            count = services.load_demo(
                settings.VAR_DIR / "demo-build",
                settings.SAHIFA_DEMO_PASSWORD,
                log=self.stdout.write,
            )
            self.stdout.write(self.style.SUCCESS(f"حُمّل {count} مقالاً."))
        services.ensure_demo_users(settings.SAHIFA_DEMO_PASSWORD)
        self.stdout.write(
            "\n"
            f"  الموقع:        {settings.SITE_URL}/\n"
            f"  لوحة التحرير:  {settings.SITE_URL}/admin/\n"
            f"  الدخول:        admin / editor / writer — كلمة المرور: {settings.SAHIFA_DEMO_PASSWORD}\n"
        )
