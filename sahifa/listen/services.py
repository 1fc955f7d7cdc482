"""Listen to the article: spoken text, generation lifecycle, distribution.

lifecycle sync (tasks.sync) ─► request_audio: hash, mark pending ─► task
generate_article_audio ─► generate(): spoken sentences → engine → MP3 +
WebVTT → media/audio/. Nothing runs in the editor's request.
The hash covers the spoken text (after the lexicon) and the engine settings,
so tags, images or a republish without text changes never regenerate."""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from sahifa.articles.models import ArticlePage

from . import encode, normalize, vtt
from .backends import get_engine
from .models import ArticleAudio, PronunciationEntry

log = logging.getLogger(__name__)

# Bump when the normalizer (or the diacritizer's rules) changes what it says,
# so every article is redone. 3: case rules (diacritize.DEFAULT_CASE_RULES).
NORMALIZER_VERSION = "3"


@dataclass(frozen=True)
class Sentence:
    display: str  # as printed on the page (the WebVTT cue text)
    spoken: str  # what the synthesizer receives


@dataclass
class Outcome:
    page_id: int
    action: str  # generated | unchanged | skipped | failed
    detail: str = ""
    duration: float = 0.0


# -- spoken text -------------------------------------------------------------------


def current_lexicon() -> normalize.Lexicon:
    return normalize.Lexicon(dict(PronunciationEntry.objects.values_list("term", "spoken")))


def readable_parts(page: ArticlePage) -> list[str]:
    """What is read, in order: the article's text as sahifa.articles defines
    it (headline, dek, paragraphs, sub-headings, quotes)."""
    return page.spoken_text()


def spoken_sentences(page: ArticlePage, lexicon: normalize.Lexicon | None = None) -> list[Sentence]:
    lexicon = lexicon if lexicon is not None else current_lexicon()
    sentences = []
    for part in readable_parts(page):
        for display in normalize.split_sentences(part):
            spoken = normalize.terminate(normalize.normalize(display, lexicon))
            if spoken.strip(" .!؟?"):
                sentences.append(Sentence(display=display, spoken=spoken))
    return sentences


def length_refusal(page: ArticlePage) -> str:
    """The editors' message when the article is too long to be read aloud
    (SAHIFA_LISTEN_MAX_CHARACTERS), else ""."""
    limit = settings.SAHIFA_LISTEN_MAX_CHARACTERS
    length = sum(len(part) for part in readable_parts(page))
    if not limit or length <= limit:
        return ""
    return (
        f"لم يُنشأ الصوت: نص المقال أطول من الحد المسموح للاستماع "
        f"({length:,} حرفاً، والحد {limit:,}). "
        "قسّم المقال أو اختصره، أو ارفع الحد SAHIFA_LISTEN_MAX_CHARACTERS."
    )


def audio_hash(sentences: list[Sentence], engine_signature: str) -> str:
    payload = "\n".join(
        [f"v{NORMALIZER_VERSION}", engine_signature, f"mp3={settings.SAHIFA_LISTEN_MP3_BITRATE}"]
        + [s.spoken for s in sentences]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def page_hash(page: ArticlePage, lexicon: normalize.Lexicon | None = None) -> str:
    return audio_hash(spoken_sentences(page, lexicon), get_engine().signature())


# -- generation ----------------------------------------------------------------------


def generate(page_id: int, force: bool = False) -> Outcome:
    """Produce (or confirm) the audio of one article, synchronously.
    Idempotent: an up-to-date article is left alone unless `force`."""
    page = ArticlePage.objects.filter(pk=page_id).first()
    if page is None:
        return Outcome(page_id, "skipped", "المقال غير موجود")
    if not page.is_visible():
        # Never audio for what the public may not see: the transcript is the
        # whole text, and media files are public URLs.
        return Outcome(page_id, "skipped", "المقال غير منشور للعموم")
    too_long = length_refusal(page)
    if too_long:
        # Refused before any synthesis: a very long text held the worker
        # for minutes and gigabytes. Editors read why in the listen panel.
        ArticleAudio.objects.update_or_create(
            page_id=page.pk, defaults={"status": ArticleAudio.FAILED, "reason": too_long}
        )
        return Outcome(page.pk, "failed", too_long)
    engine = get_engine()
    sentences = spoken_sentences(page)
    new_hash = audio_hash(sentences, engine.signature())
    record, _ = ArticleAudio.objects.get_or_create(page_id=page.pk)
    if not force and record.text_hash == new_hash and record.is_playable:
        if record.status != ArticleAudio.READY:
            ArticleAudio.objects.filter(pk=record.pk).update(status=ArticleAudio.READY, reason="")
        return Outcome(page.pk, "unchanged", duration=record.duration)
    if not sentences:
        return Outcome(page.pk, "skipped", "لا نص يُقرأ")

    started = time.perf_counter()
    engine.start()
    encoder = encode.Mp3Encoder(engine.sample_rate, settings.SAHIFA_LISTEN_MP3_BITRATE)
    synthesis = engine.synthesize([s.spoken for s in sentences], sink=encoder.feed)
    mp3 = encoder.finish()
    cues = [
        vtt.Cue(start, end, s.display)
        for s, (start, end) in zip(sentences, synthesis.spans, strict=True)
    ]
    elapsed = time.perf_counter() - started

    # A random part no one can derive from the article: a URL once shared
    # leads nowhere after the file is replaced or withdrawn.
    stem = f"audio/article-{page.pk}-{new_hash[:12]}-{secrets.token_urlsafe(12)}"
    audio_name = default_storage.save(f"{stem}.mp3", ContentFile(mp3))
    vtt_name = default_storage.save(f"{stem}.vtt", ContentFile(vtt.build(cues).encode()))
    old_files = [name for name in (record.audio.name, record.timings.name) if name]
    with transaction.atomic():
        stored = ArticleAudio.objects.filter(pk=record.pk).update(
            status=ArticleAudio.READY,
            reason="",
            text_hash=new_hash,
            requested_hash=new_hash,
            audio=audio_name,
            timings=vtt_name,
            duration=round(synthesis.duration, 3),
            size=len(mp3),
            sentences=len(sentences),
            characters=sum(len(s.spoken) for s in sentences),
            engine=engine.signature()[:200],
            generation_seconds=round(elapsed, 3),
            generated_at=timezone.now(),
        )
    if not stored:
        # Withdrawn or restricted while synthesising: the sync deleted the
        # record, so these files must not outlive it.
        for name in (audio_name, vtt_name):
            _delete(name)
        return Outcome(page.pk, "skipped", "سُحب المقال أثناء الإعداد")
    for name in old_files:
        if name not in (audio_name, vtt_name):
            _delete(name)
    log.info("audio for article %s: %.1f s in %.2f s", page.pk, synthesis.duration, elapsed)
    return Outcome(page.pk, "generated", duration=synthesis.duration)


def record_failure(page_id: int, reason: str, attempt: int, will_retry: bool) -> None:
    suffix = f" (ستُعاد المحاولة تلقائياً، المحاولة {attempt})" if will_retry else ""
    ArticleAudio.objects.filter(page_id=page_id).update(
        status=ArticleAudio.FAILED, reason=f"{reason}{suffix}"[:2000], attempts=attempt
    )


def _delete(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        log.warning("could not delete old audio file %s", name)


def delete_files(record: ArticleAudio) -> None:
    for name in (record.audio.name, record.timings.name):
        if name:
            _delete(name)


def stale_articles() -> list[ArticlePage]:
    """Visible articles whose audio is missing or no longer matches their
    text (after a lexicon or engine change)."""
    lexicon = current_lexicon()
    signature = get_engine().signature()
    hashes = dict(ArticleAudio.objects.values_list("page_id", "text_hash"))
    stale = []
    for page in ArticlePage.objects.visible().specific():
        if hashes.get(page.pk) != audio_hash(spoken_sentences(page, lexicon), signature):
            stale.append(page)
    return stale


# -- readers and distribution ---------------------------------------------------------


_AUDIO_MEMO = "_listen_audio_record"


def audio_record(page: ArticlePage) -> ArticleAudio | None:
    """The article's audio row (the newest), read once per page instance:
    the player and the JSON-LD of one render both ask."""
    if not page.pk:
        return None
    if _AUDIO_MEMO not in page.__dict__:
        page.__dict__[_AUDIO_MEMO] = ArticleAudio.objects.filter(page_id=page.pk).first()
    return page.__dict__[_AUDIO_MEMO]


def playable_audio(page: ArticlePage) -> ArticleAudio | None:
    record = audio_record(page)
    return record if record and record.is_playable else None


def cues(record: ArticleAudio) -> list[vtt.Cue]:
    """The sentence timings of the stored WebVTT (empty if it is unreadable)."""
    try:
        with record.timings.open("rb") as handle:
            return vtt.parse(handle.read().decode("utf-8"))
    except (OSError, ValueError):
        log.warning("unreadable timings for article %s", record.page_id)
        return []


def absolute_media_url(name: str, page: ArticlePage | None = None) -> str:
    url = default_storage.url(name)
    if url.startswith(("http://", "https://")):
        return url
    site = page.get_site() if page is not None else None
    root = site.root_url if site else settings.SITE_URL
    return f"{root.rstrip('/')}{url}"


def iso_duration(seconds: float) -> str:
    total = max(0, round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m or h else "") + f"{s}S"


def clock(seconds: float) -> str:
    total = max(0, round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def audio_object(page: ArticlePage) -> dict | None:
    """schema.org AudioObject for the article's JSON-LD and API, or None
    while there is no audio (or the public may not see the article)."""
    if not page.pk or not page.is_visible():
        return None
    record = playable_audio(page)
    if record is None:
        return None
    return {
        "@type": "AudioObject",
        "name": f"استمع للمقال: {page.title}",
        "contentUrl": absolute_media_url(record.audio.name, page),
        "encodingFormat": "audio/mpeg",
        "duration": iso_duration(record.duration),
        "contentSize": str(record.size),
        "inLanguage": "ar",
        "uploadDate": (record.generated_at or timezone.now()).isoformat(),
    }


def podcast_episodes(
    section=None, limit: int | None = None
) -> list[tuple[ArticlePage, ArticleAudio]]:
    """Latest visible articles with ready audio, newest first."""
    limit = limit or settings.SAHIFA_LISTEN_FEED_SIZE
    pages = ArticlePage.objects.visible().filter(listen_audio__status=ArticleAudio.READY)
    if section is not None:
        pages = pages.in_section(section)
    pages = pages.exclude(listen_audio__audio="").recent()[:limit]
    records = {r.page_id: r for r in ArticleAudio.objects.filter(page__in=list(pages))}
    return [(page, records[page.pk]) for page in pages if page.pk in records]
