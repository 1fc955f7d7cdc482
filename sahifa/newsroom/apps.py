from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsroomConfig(AppConfig):
    name = "sahifa.newsroom"
    label = "newsroom"
    verbose_name = "غرفة الأخبار"

    def ready(self):
        from . import services  # needs the models: only importable once apps load

        post_migrate.connect(services.after_migrate, sender=self)
