from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "sahifa.audience"
    label = "audience"
    verbose_name = "الجمهور"
