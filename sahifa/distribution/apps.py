from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "sahifa.distribution"
    label = "distribution"
    verbose_name = "التوزيع"

    def ready(self):
        from . import plugin  # needs the models: only importable once apps load

        plugin.register_all()
