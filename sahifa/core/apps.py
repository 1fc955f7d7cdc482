from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sahifa.core"
    label = "core"
    verbose_name = "الأساس"
