from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class NewsroomConfig(AppConfig):
    name = "sahifa.newsroom"
    label = "newsroom"
    verbose_name = "غرفة الأخبار"

    def ready(self):
        post_migrate.connect(_after_migrate, sender=self)


def _after_migrate(sender, using="default", **kwargs):
    from django.contrib.auth.management import create_permissions

    from .services import ensure_newsroom_roles

    # post_migrate reaches apps in INSTALLED_APPS order; make sure every
    # app's permissions exist before granting them.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    ensure_newsroom_roles()
