"""How distribution plugs into the article lifecycle: the generated share
image. Feeds, sitemaps and the API read live state on each request (behind
the page cache, which the lifecycle drops)."""

import logging

from sahifa.articles import lifecycle
from sahifa.articles.models import ArticlePage
from sahifa.core import renditions

from . import feeds, serialize, social, structured

log = logging.getLogger(__name__)


def sync(page_id: int) -> str | None:
    """An article the public may see, without an editor's social image, gets
    its generated 1200×630 card; any other loses its cards (they show the
    headline). Idempotent: the card is named by content, so an unchanged
    article costs nothing. OSError (a full disk, say) propagates so the
    lifecycle task retries."""
    page = ArticlePage.objects.visible().filter(pk=page_id).select_related("hero_image").first()
    if page is None or page.social_image_id:
        social.discard(page_id)
        return None
    try:
        return social.ensure_card(page)
    except social.FontUnavailable:
        log.error("share image for page %s: no Arabic font installed", page_id)
        return None


def register_all() -> None:
    # Renditions distribution shows (JSON-LD crops, Open Graph, the API's
    # hero renditions, feed enclosures, the publisher logo): made on publish.
    renditions.need("hero", feeds.ENCLOSURE_SPEC)
    renditions.need("image", *serialize.HERO_RENDITIONS.values())
    renditions.need("social", structured.OG_SPEC)
    renditions.need("logo", structured.LOGO_SPEC)
    lifecycle.register(lifecycle.Consumer("distribution", sync=sync))
