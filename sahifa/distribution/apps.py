from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "sahifa.distribution"
    label = "distribution"
    verbose_name = "التوزيع"
