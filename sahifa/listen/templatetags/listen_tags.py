import math

from django import template

from sahifa.listen import services
from sahifa.listen.models import ArticleAudio

register = template.Library()

SPEEDS = ["0.75", "1", "1.25", "1.5", "1.75", "2"]


@register.inclusion_tag("listen/player.html")
def listen_player(page):
    """The «استمع للمقال» player, or a short note while the audio is being
    prepared; nothing when there is no audio and none is coming."""
    record = ArticleAudio.objects.filter(page_id=page.pk).first() if page.pk else None
    if record is None or not page.live:
        return {"state": "none"}
    if record.is_playable:
        return {
            "state": "ready",
            "audio": record,
            "audio_url": record.audio.url,
            "vtt_url": record.timings.url,
            "total": services.clock(record.duration),
            "seek_max": math.ceil(record.duration),
            "speeds": SPEEDS,
            "cues": services.cues(record),
        }
    if record.status == ArticleAudio.PENDING:
        return {"state": "preparing"}
    return {"state": "none"}
