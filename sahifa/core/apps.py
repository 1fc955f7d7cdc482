from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sahifa.core"
    label = "core"
    verbose_name = "الأساس"

    def ready(self):
        # Imported here: the hook needs Wagtail's and taggit's models.
        from . import signal_handlers

        signal_handlers.register()
