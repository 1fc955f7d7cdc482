from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from sahifa.articles.models import ArticlePage
from sahifa.core.jobs import enqueue


def reindex(sender, instance, **kwargs):
    """Publish, update, unpublish and move all end in one idempotent job
    that looks at the page as it is when the job runs."""
    from .tasks import index_article

    enqueue(index_article, instance.pk)


def register():
    page_published.connect(reindex, sender=ArticlePage)
    page_unpublished.connect(reindex, sender=ArticlePage)
    post_page_move.connect(reindex, sender=ArticlePage)
    # Deleting a page cascades to its SearchEntry; nothing to enqueue, but
    # an external engine must forget it.
    post_delete.connect(_forget, sender=ArticlePage)


def _forget(sender, instance, **kwargs):
    from .backends import get_engine

    get_engine().delete([instance.pk])
