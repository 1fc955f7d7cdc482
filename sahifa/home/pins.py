"""Pins that run out: a cached front must drop them on time, without an
editor publishing anything. The scheduler runs `expire_front_pins` every
SCHEDULED_PUBLISH_INTERVAL seconds (like Wagtail's scheduled publishing);
when a pin has expired since its last run, pages are re-rendered through the
publishing lifecycle, the same way a publish of the home page does."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from sahifa.articles.lifecycle import rendering_changed
from sahifa.sections.models import SectionPin

from .models import HomePin

CHECKED_KEY = "fronts:pins-checked-at"
# With no record of the last run (first run, cache cleared), look back this
# far: one extra refresh is harmless, a missed expiry is not.
LOOK_BACK = timedelta(days=1)


def expire_pins(now=None) -> int:
    """Refresh cached pages when pins expired since the last check; returns
    how many did."""
    now = now or timezone.now()
    since = cache.get(CHECKED_KEY) or now - LOOK_BACK
    expired = sum(
        model.objects.filter(expires_at__gt=since, expires_at__lte=now).count()
        for model in (HomePin, SectionPin)
    )
    if expired:
        rendering_changed()
    cache.set(CHECKED_KEY, now, timeout=None)
    return expired
