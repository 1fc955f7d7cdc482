from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "sahifa.articles"
    label = "articles"
    verbose_name = "المقالات"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
