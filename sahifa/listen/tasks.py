"""Background generation on Django's tasks API (run by `manage.py db_worker`)."""

import logging

from django_tasks import task

from sahifa.core.jobs import retry_later

from . import services
from .backends import EngineUnavailable

log = logging.getLogger(__name__)


@task()
def generate_article_audio(page_id: int, force: bool = False, attempt: int = 1) -> str:
    """Idempotent: an article whose audio already matches its text is left
    alone. Failures are recorded for editors and retried with backoff; a
    missing engine is not retried (an operator must fix it)."""
    try:
        return services.generate(page_id, force=force).action
    except EngineUnavailable as exc:
        services.record_failure(page_id, str(exc), attempt, will_retry=False)
    except Exception as exc:  # noqa: BLE001 - recorded and retried
        log.exception("audio generation failed for article %s", page_id)
        retrying = retry_later(generate_article_audio, attempt, page_id, force=force)
        services.record_failure(page_id, f"{type(exc).__name__}: {exc}", attempt, retrying)
    return "failed"


@task()
def refresh_changed_articles() -> int:
    """After a lexicon edit: regenerate the articles whose spoken text changed."""
    return services.refresh_stale()
