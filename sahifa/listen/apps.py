from django.apps import AppConfig


class ListenConfig(AppConfig):
    name = "sahifa.listen"
    label = "listen"
    verbose_name = "استمع للمقال"

    def ready(self):
        from . import plugin  # needs the models: only importable once apps load

        plugin.register_all()
