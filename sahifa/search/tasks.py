"""Background jobs that keep the search index in line with published pages."""

import logging

from django_tasks import task

from sahifa.core.jobs import retry_later

from . import services

log = logging.getLogger(__name__)


@task()
def index_article(page_id: int, attempt: int = 1) -> None:
    """Index a live article or drop a non-live one. Idempotent: it reads the
    page's current state, so late or repeated runs converge."""
    try:
        services.index_article(page_id)
    except Exception:  # noqa: BLE001 - retried; publishing already succeeded
        log.exception("search: could not index article %s (attempt %s)", page_id, attempt)
        retry_later(index_article, attempt, page_id)
