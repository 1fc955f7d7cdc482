"""How «استمع للمقال» plugs into the article: the lifecycle consumer, the
player under the article's dates, and its own models' signals."""

import math

from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string

from sahifa.articles import lifecycle
from sahifa.core import fragments
from sahifa.core.jobs import enqueue

from . import services, tasks
from .models import ArticleAudio, PronunciationEntry

SPEEDS = ["0.75", "1", "1.25", "1.5", "1.75", "2"]


def player_context(page) -> dict:
    """The «استمع للمقال» player, or a short note while the audio is being
    prepared; nothing when there is no audio and none is coming."""
    record = services.audio_record(page)
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


def player(context: dict) -> str:
    page = context.get("page")
    if page is None:
        return ""
    return render_to_string("listen/player.html", player_context(page))


def on_lexicon_changed(sender, instance, **kwargs):
    enqueue(tasks.refresh_changed_articles)


def on_audio_deleted(sender, instance, **kwargs):
    services.delete_files(instance)


def register_all() -> None:
    lifecycle.register(lifecycle.Consumer("listen", sync=tasks.sync))
    fragments.add("article_after_header", player)
    post_save.connect(on_lexicon_changed, sender=PronunciationEntry, dispatch_uid="listen-lexicon")
    post_delete.connect(
        on_lexicon_changed, sender=PronunciationEntry, dispatch_uid="listen-lexicon-del"
    )
    post_delete.connect(on_audio_deleted, sender=ArticleAudio, dispatch_uid="listen-audio-files")
