from django.apps import AppConfig


class TagsConfig(AppConfig):
    name = "sahifa.tags"
    label = "tags"
    verbose_name = "الوسوم"
