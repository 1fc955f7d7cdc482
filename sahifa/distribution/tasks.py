"""Background work: the share image of a newly published article."""

import logging

from django_tasks import task

from sahifa.core.jobs import retry_later

log = logging.getLogger(__name__)


@task()
def make_share_image(page_id: int, attempt: int = 1) -> str | None:
    """Generate the article's 1200×630 card (idempotent: named by content)."""
    from sahifa.articles.models import ArticlePage

    from . import social

    page = ArticlePage.objects.live().filter(pk=page_id).select_related("hero_image").first()
    if page is None or page.social_image_id:
        return None
    try:
        return social.ensure_card(page)
    except social.FontUnavailable:
        log.error("share image for page %s: no Arabic font installed", page_id)
        return None
    except OSError:
        log.warning("share image for page %s failed (attempt %s)", page_id, attempt, exc_info=True)
        retry_later(make_share_image, attempt, page_id)
        return None
