from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "sahifa.analysis"
    label = "analysis"
    verbose_name = "التحليل اللغوي"
