from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "sahifa.pages"
    label = "pages"
    verbose_name = "الصفحات التعريفية"
