from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "sahifa.search"
    label = "search"
    verbose_name = "البحث"

    def ready(self):
        from . import plugin  # needs the models: only importable once apps load

        plugin.register_all()
