from django.apps import AppConfig


class SectionsConfig(AppConfig):
    name = "sahifa.sections"
    label = "sections"
    verbose_name = "الأقسام"
