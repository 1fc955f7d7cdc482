from wagtail.signals import page_published

from .models import ArticlePage
from .services import mark_published


def on_article_published(sender, instance, **kwargs):
    mark_published(instance)


def register():
    page_published.connect(on_article_published, sender=ArticlePage)
