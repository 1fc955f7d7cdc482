from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "sahifa.related"
    label = "related"
    verbose_name = "الأخبار ذات الصلة"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
