"""Background side of «استمع للمقال» on Django's tasks API (run by
`manage.py db_worker`): the lifecycle consumer, which only hashes the spoken
text and queues generation, and the generation itself."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from sahifa.articles import cachekeys
from sahifa.articles.models import ArticlePage
from sahifa.core.jobs import enqueue, retry_later

from . import services
from .backends import EngineUnavailable
from .models import ArticleAudio

log = logging.getLogger(__name__)

# A generation queued this long ago without result is presumed lost.
LOST_AFTER = timedelta(minutes=30)


def sync(page_id: int) -> None:
    """The lifecycle consumer: an article the public may see gets audio
    matching its text; anything else (withdrawn, expired, restricted, gone)
    loses its audio (the files are public URLs, and the transcript is the
    whole text)."""
    page = ArticlePage.objects.visible().filter(pk=page_id).first()
    if page is None:
        # Deleting the record removes its files (see plugin.register_all).
        for record in ArticleAudio.objects.filter(page_id=page_id):
            record.delete()
        return
    request_audio(page)


def request_audio(page: ArticlePage, force: bool = False) -> bool:
    """Mark the article pending and queue generation when its spoken text
    changed (cheap: no synthesis). Returns whether a generation was queued."""
    new_hash = services.page_hash(page)
    record, _ = ArticleAudio.objects.get_or_create(page_id=page.pk)
    if not force and record.text_hash == new_hash and record.status == ArticleAudio.READY:
        return False
    if (
        not force
        and record.requested_hash == new_hash
        and record.status == ArticleAudio.PENDING
        and record.requested_at
        and record.requested_at > timezone.now() - LOST_AFTER
    ):
        return False  # already queued for this very text (a lost task is re-queued later)
    ArticleAudio.objects.filter(pk=record.pk).update(
        status=ArticleAudio.PENDING,
        reason="",
        attempts=0,
        requested_hash=new_hash,
        requested_at=timezone.now(),
    )
    enqueue(generate_article_audio, page.pk, force=force)
    return True


def refresh_stale() -> int:
    """Queue every article whose spoken text changed (a lexicon edit)."""
    return sum(request_audio(page) for page in services.stale_articles())


@task()
def generate_article_audio(page_id: int, force: bool = False, attempt: int = 1) -> str:
    """Idempotent: an article whose audio already matches its text is left
    alone. Failures are recorded for editors and retried with backoff; a
    missing engine is not retried (an operator must fix it)."""
    try:
        action = services.generate(page_id, force=force).action
    except EngineUnavailable as exc:
        services.record_failure(page_id, str(exc), attempt, will_retry=False)
        action = "failed"
    except Exception as exc:  # noqa: BLE001 - recorded and retried
        log.exception("audio generation failed for article %s", page_id)
        retrying = retry_later(generate_article_audio, attempt, page_id, force=force)
        services.record_failure(page_id, f"{type(exc).__name__}: {exc}", attempt, retrying)
        action = "failed"
    if action != "skipped":
        # The player changed (ready, or no longer «being prepared»): only
        # the article's own page shows it. Skipped: not public, nothing to show.
        cachekeys.purge_own_page(page_id)
    return action


@task()
def refresh_changed_articles() -> int:
    """After a lexicon edit: regenerate the articles whose spoken text changed."""
    return refresh_stale()
