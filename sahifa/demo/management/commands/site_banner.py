from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from sahifa.demo.services import DEMO_USERS


class Command(BaseCommand):
    help = "Print where the site and the admin are and how to log in (make run shows it once the site answers)."

    def handle(self, *args, **options):
        demo = [name for name, _, _ in DEMO_USERS]
        present = set(
            get_user_model().objects.filter(username__in=demo).values_list("username", flat=True)
        )
        lines = [
            "صحيفة تعمل الآن:",
            f"  الموقع:        {settings.SITE_URL}/",
            f"  لوحة التحرير:  {settings.SITE_URL}/admin/",
        ]
        if present:
            users = " / ".join(name for name in demo if name in present)
            lines.append(f"  الدخول:        {users} — كلمة المرور: {settings.SAHIFA_DEMO_PASSWORD}")
        lines.append("  للإيقاف:       Ctrl-C")
        self.stdout.write("\n".join(lines))
