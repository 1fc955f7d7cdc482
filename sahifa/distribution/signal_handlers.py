"""Publishing an article queues its share image; publishing never waits for it."""

from wagtail.signals import page_published

from sahifa.core.jobs import enqueue


def queue_share_image(sender, instance, **kwargs):
    from .tasks import make_share_image

    if not getattr(instance, "social_image_id", None):
        enqueue(make_share_image, instance.pk)


def register():
    from sahifa.articles.models import ArticlePage

    page_published.connect(
        queue_share_image, sender=ArticlePage, dispatch_uid="distribution_share_image"
    )
