"""Background jobs: recompute related lists off the publishing request."""

import logging

from django_tasks import task

from sahifa.core.jobs import enqueue, retry_later

from . import services

log = logging.getLogger(__name__)


@task()
def update_related(page_id: int, cascade: bool = True, attempt: int = 1) -> None:
    """Index one article and store its related list; then refresh the lists
    of strongly related neighbours, without cascading further. Idempotent:
    running it twice stores the same rows."""
    try:
        neighbours = services.update_article(page_id, cascade=cascade)
    except Exception:  # noqa: BLE001 - retried; publishing already succeeded
        log.exception("related: could not update article %s (attempt %s)", page_id, attempt)
        retry_later(update_related, attempt, page_id, cascade=cascade)
        return
    for neighbour in neighbours:
        enqueue(update_related, neighbour, cascade=False)


@task()
def remove_related(page_id: int, attempt: int = 1) -> None:
    """Take an unpublished article out of every related list."""
    try:
        listed_by = services.remove_article(page_id)
    except Exception:  # noqa: BLE001 - retried; unpublishing already succeeded
        log.exception("related: could not remove article %s (attempt %s)", page_id, attempt)
        retry_later(remove_related, attempt, page_id)
        return
    for page_id_ in listed_by:
        enqueue(update_related, page_id_, cascade=False)
