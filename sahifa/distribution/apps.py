from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "sahifa.distribution"
    label = "distribution"
    verbose_name = "التوزيع"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
