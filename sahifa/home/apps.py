from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "sahifa.home"
    label = "home"
    verbose_name = "الرئيسية"
