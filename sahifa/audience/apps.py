from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "sahifa.audience"
    label = "audience"
    verbose_name = "الجمهور"

    def ready(self):
        from . import plugin  # needs the models: only importable once apps load

        plugin.register_all()
