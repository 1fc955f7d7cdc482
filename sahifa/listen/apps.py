from django.apps import AppConfig


class ListenConfig(AppConfig):
    name = "sahifa.listen"
    label = "listen"
    verbose_name = "استمع للمقال"
