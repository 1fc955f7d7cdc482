from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "sahifa.importers"
    label = "importers"
    verbose_name = "الاستيراد"
