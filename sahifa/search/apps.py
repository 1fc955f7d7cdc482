from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "sahifa.search"
    label = "search"
    verbose_name = "البحث"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
