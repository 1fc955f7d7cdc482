"""The renditions an article needs, generated when it is published (a
lifecycle consumer) and for articles published before (`manage.py
ensure_renditions`), so a reader's request never has to create one
(sahifa/core/renditions.py).

The spec patterns are the ones the article's templates use; features that
show an article's images elsewhere (distribution's crops and feeds, audience
thumbnails) declare theirs from their own plugin. A template whose spec is not
declared is caught by sahifa/tests/test_read_only.py: readers would get a
stand-in."""

from __future__ import annotations

from sahifa.core import renditions
from sahifa.core.models import SiteSettings
from sahifa.core.rendition_tasks import ensure

from . import cachekeys, lifecycle
from .blocks import BODY_IMAGE_SPEC
from .models import ArticlePage


def declare() -> None:
    # articles/article_page.html, articles/blocks/image.html,
    # components/story_card.html (lead and list cards), articles/author_box.html.
    renditions.need("hero", "format-{webp,jpeg} width-{480,800,1200,1600}")
    renditions.need(
        "hero",
        "format-{webp,jpeg} fill-{800x450,1200x675}",
        "format-{webp,jpeg} fill-{320x180,640x360}",
    )
    renditions.need("body", "format-{webp,jpeg} width-{480,800,1200}", BODY_IMAGE_SPEC)
    # The author's own page (authors/author.html) shows a larger photo.
    renditions.need("author_photo", "fill-96x96", "fill-160x160")


def images(page: ArticlePage) -> list[tuple[str, object]]:
    """(role, image) for every image the article shows."""
    found = [("hero", page.hero_image), ("social", page.social_image)]
    for block in page.body:
        if block.block_type == "image" and block.value.get("image") is not None:
            found.append(("body", block.value["image"]))
    for author in page.byline:
        found.append(("author_photo", author.photo))
    return [(role, image) for role, image in found if image is not None]


def ensure_article(page: ArticlePage) -> int:
    shown = renditions.specs("image")
    made = sum(
        ensure(image, list(dict.fromkeys(renditions.specs(role) + shown)))
        for role, image in images(page)
    )
    for settings in SiteSettings.objects.select_related("publisher_logo"):
        made += ensure(settings.publisher_logo, renditions.specs("logo"))
    return made


def sync(page_id: int) -> int:
    """Idempotent: an article the public may see gets every rendition it
    lacks; nothing is deleted (images are shared, and Wagtail drops an
    image's renditions with it). Pages cached with a stand-in in the meantime
    are dropped: only those, as the lists it is in have not changed (an
    import's rendition tasks would otherwise purge home every time)."""
    page = (
        ArticlePage.objects.visible()
        .filter(pk=page_id)
        .select_related("hero_image", "social_image")
        .first()
    )
    if page is None:
        return 0
    made = ensure_article(page)
    if made:
        cachekeys.purge_shown(page_id)
    return made


def register() -> None:
    declare()
    lifecycle.register(lifecycle.Consumer("renditions", sync=sync))
