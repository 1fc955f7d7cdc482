from django.apps import AppConfig


class ListenConfig(AppConfig):
    name = "sahifa.listen"
    label = "listen"
    verbose_name = "استمع للمقال"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
