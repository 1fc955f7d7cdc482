"""Background work of related news beyond the article's own sync: a story
that appears or changes moves into its neighbours' lists, so theirs are
recomputed too (one level, no further cascade)."""

import logging

from django_tasks import task

from sahifa.core.jobs import enqueue, retry_later

from . import index

log = logging.getLogger(__name__)


def sync(page_id: int) -> None:
    """The lifecycle consumer: index (or drop) one article and store its
    list, then queue the neighbours whose lists it enters or leaves."""
    for neighbour in index.update_article(page_id, cascade=True):
        enqueue(update_related, neighbour)


@task()
def update_related(page_id: int, attempt: int = 1) -> None:
    """Recompute one neighbour's list without cascading. Idempotent."""
    try:
        index.update_article(page_id, cascade=False)
    except Exception:  # noqa: BLE001 - retried; publishing already succeeded
        log.exception("related: could not update article %s (attempt %s)", page_id, attempt)
        retry_later(update_related, attempt, page_id)
