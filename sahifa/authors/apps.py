from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "sahifa.authors"
    label = "authors"
    verbose_name = "الكتّاب"
