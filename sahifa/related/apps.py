from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "sahifa.related"
    label = "related"
    verbose_name = "الأخبار ذات الصلة"

    def ready(self):
        from . import plugin  # needs the models: only importable once apps load

        plugin.register_all()
