"""Generating renditions off the reader's path (see sahifa/core/renditions.py):
`ensure` for the lifecycle consumer and `manage.py ensure_renditions`, and
the task a web process enqueues for renditions a reader's request lacked."""

from __future__ import annotations

import logging

from django_tasks import task
from wagtail.images.models import Filter

from .jobs import retry_later
from .models import SahifaImage
from .renditions import reader_path

log = logging.getLogger(__name__)


def ensure(image: SahifaImage | None, specs: list[str]) -> int:
    """Create whichever of `specs` `image` lacks; returns how many were made.
    A broken or missing file is logged and skipped (readers keep the
    stand-in) rather than failing the rest of the article."""
    if image is None or not specs:
        return 0
    with reader_path(False):
        cleaned = [image.clean_filter_for_svg(_filter(spec)) for spec in specs]
        missing = [f for f in cleaned if f not in image.find_existing_renditions(*cleaned)]
        if not missing:
            return 0
        try:
            image.get_renditions(*missing)
        except (OSError, ValueError) as exc:
            log.warning("renditions of image %s not made: %s", image.pk, exc)
            return 0
    return len(missing)


def _filter(spec: str) -> Filter:
    return Filter(spec=spec)


@task()
def generate_renditions(image_id: int, specs: list[str], attempt: int = 1) -> None:
    image = SahifaImage.objects.filter(pk=image_id).first()
    try:
        ensure(image, specs)
    except Exception:  # noqa: BLE001 - retried with backoff
        log.exception("renditions of image %s failed (attempt %s)", image_id, attempt)
        retry_later(generate_renditions, attempt, image_id, specs)


def enqueue(image_id: int, specs: list[str]) -> None:
    """Enqueue now (the web process's flush thread is outside any
    transaction of a request)."""
    generate_renditions.enqueue(image_id, specs)
