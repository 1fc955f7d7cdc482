from wagtail.signals import page_published, page_unpublished

from sahifa.articles.models import ArticlePage
from sahifa.core.jobs import enqueue


def on_article_published(sender, instance, **kwargs):
    from .tasks import update_related

    enqueue(update_related, instance.pk)


def on_article_unpublished(sender, instance, **kwargs):
    from .tasks import remove_related

    enqueue(remove_related, instance.pk)


def register():
    page_published.connect(on_article_published, sender=ArticlePage)
    page_unpublished.connect(on_article_unpublished, sender=ArticlePage)
