from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sahifa.demo"
    label = "demo"
    verbose_name = "المحتوى التجريبي"
