"""Wagtail only offers signals for publishing; everything else is explicit."""

import logging

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from sahifa.articles.models import ArticlePage

from .models import ArticleAudio, PronunciationEntry

log = logging.getLogger(__name__)


def on_article_published(sender, instance, **kwargs):
    from .services import request_audio

    try:
        request_audio(instance)
    except Exception:  # noqa: BLE001 - publishing must never fail because of audio
        log.exception("could not request audio for article %s", instance.pk)


def on_article_unpublished(sender, instance, **kwargs):
    """A withdrawn article's audio goes too (its files are public URLs);
    publishing it again makes new audio."""
    ArticleAudio.objects.filter(page_id=instance.pk).delete()


def on_lexicon_changed(sender, instance, **kwargs):
    from sahifa.core.jobs import enqueue

    from .tasks import refresh_changed_articles

    enqueue(refresh_changed_articles)


def on_audio_deleted(sender, instance, **kwargs):
    from .services import delete_files

    delete_files(instance)


def register():
    page_published.connect(on_article_published, sender=ArticlePage)
    page_unpublished.connect(on_article_unpublished, sender=ArticlePage)
    post_save.connect(on_lexicon_changed, sender=PronunciationEntry)
    post_delete.connect(on_lexicon_changed, sender=PronunciationEntry)
    post_delete.connect(on_audio_deleted, sender=ArticleAudio)
