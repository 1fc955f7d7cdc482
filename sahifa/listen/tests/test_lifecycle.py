"""Publish → audio; text edits regenerate, other edits do not; failures are
recorded and never block publishing."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from sahifa.listen import services, tasks
from sahifa.listen.models import ArticleAudio, PronunciationEntry

pytestmark = pytest.mark.django_db


def test_spoken_text_reads_headline_dek_body_not_chrome(article):
    spoken = [s.spoken for s in services.spoken_sentences(article)]
    assert spoken == [
        "رامي الخطيب في ألفين وستة وعشرين.",
        "هل يتحول رجل الصواريخ إلى صانع سياسات؟",
        "يتسع حضور مؤسس أوربيترا في المشهد السياسي.",
        "ولد رامي الخطيب عام ألف وتسعمئة وتسعة وسبعين.",
        # The starter lexicon's Arabic entry (migration 0003) marks the name.
        "وعمل اثني عشر عاماً في أُورُوبَّا.",
        "من الورشة إلى قاعة الاجتماعات.",
        "لا أبحث عن منصب.",
        # The quote's attribution is part of the article's text (sahifa.articles.body).
        "رامي الخطيب.",
        "وباعت فولتلاين أكثر من مئة وثمانين ألف سيارة.",
    ]
    displays = [s.display for s in services.spoken_sentences(article)]
    assert displays[0] == "رامي الخطيب في 2026.."
    assert "«لا أبحث عن منصب»." in displays


def test_publish_generates_audio_in_the_background(article):
    record = ArticleAudio.objects.get(page=article)
    assert record.status == ArticleAudio.READY
    assert record.audio.name.startswith("audio/article-") and record.audio.name.endswith(".mp3")
    assert default_storage.exists(record.audio.name)
    assert default_storage.exists(record.timings.name)
    assert record.sentences == 9
    assert record.duration > 0 and record.size > 0
    with default_storage.open(record.timings.name) as handle:
        vtt_text = handle.read().decode()
    assert vtt_text.startswith("WEBVTT")
    cues = services.cues(record)
    assert [c.text for c in cues][0] == "رامي الخطيب في 2026.."
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:], strict=False))
    assert cues[-1].end == pytest.approx(record.duration, abs=0.5)


def test_editing_the_body_regenerates_and_removes_old_files(article, publish):
    before = ArticleAudio.objects.get(page=article)
    old_audio, old_vtt = before.audio.name, before.timings.name
    page = article.get_latest_revision_as_object()
    page.body.append(("paragraph", "<p>فقرة جديدة عن تسلا.</p>"))
    publish(page)
    after = ArticleAudio.objects.get(page=article)
    assert after.status == ArticleAudio.READY
    assert after.text_hash != before.text_hash
    assert after.audio.name != old_audio
    assert not default_storage.exists(old_audio)
    assert not default_storage.exists(old_vtt)
    assert after.sentences == before.sentences + 1


def test_editing_only_tags_does_not_regenerate(article, publish, monkeypatch):
    before = ArticleAudio.objects.get(page=article)
    calls = []
    monkeypatch.setattr(services, "generate", lambda *a, **k: calls.append(a))
    page = article.get_latest_revision_as_object()
    page.tags.add("وسم جديد")
    page.search_description = "وصف للمحركات"
    publish(page)
    after = ArticleAudio.objects.get(page=article)
    assert calls == []
    assert (after.audio.name, after.text_hash, after.requested_at) == (
        before.audio.name,
        before.text_hash,
        before.requested_at,
    )


def test_generation_is_idempotent(article):
    assert services.generate(article.pk).action == "unchanged"
    assert services.generate(article.pk, force=True).action == "generated"


def test_failure_is_recorded_retried_and_publish_still_succeeds(
    make_article, django_capture_on_commit_callbacks, monkeypatch
):
    from sahifa.listen.backends.testing import ToneEngine

    def broken(self, sentence):
        raise RuntimeError("المحرك متوقف")

    retries = []
    monkeypatch.setattr(ToneEngine, "speak_prepared", broken)
    monkeypatch.setattr(
        tasks, "retry_later", lambda task, attempt, *a, **k: retries.append(attempt) or True
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = make_article(title="خبر سيفشل صوته")
    assert page.live
    record = ArticleAudio.objects.get(page=page)
    assert record.status == ArticleAudio.FAILED
    assert "المحرك متوقف" in record.reason and "ستُعاد المحاولة" in record.reason
    assert retries == [1]


def test_missing_engine_fails_without_retry(
    make_article, django_capture_on_commit_callbacks, settings
):
    settings.SAHIFA_LISTEN_ENGINE = "sahifa.listen.backends.piper.PiperEngine"
    settings.SAHIFA_LISTEN_ENGINE_OPTIONS = {"voice_path": "/nonexistent/ar_JO-voice.onnx"}
    with django_capture_on_commit_callbacks(execute=True):
        page = make_article(title="خبر بلا صوت")
    record = ArticleAudio.objects.get(page=page)
    assert record.status == ArticleAudio.FAILED
    assert "Piper" in record.reason and "ستُعاد" not in record.reason


def test_publish_never_fails_because_of_audio(make_article, monkeypatch):
    def explode(page):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "page_hash", explode)
    page = make_article(title="خبر ينشر رغم العطل")
    assert page.live


def test_lexicon_edit_regenerates_affected_articles(article, django_capture_on_commit_callbacks):
    before = ArticleAudio.objects.get(page=article)
    with django_capture_on_commit_callbacks(execute=True):
        PronunciationEntry.objects.update_or_create(
            term="Voltline", defaults={"spoken": "فولت لاين"}
        )
    after = ArticleAudio.objects.get(page=article)
    assert after.text_hash != before.text_hash
    assert "فولت لاين" in services.spoken_sentences(article)[-1].spoken


def test_listen_text_prints_one_sentence_per_line(article, capsys):
    call_command("listen_text", article.url)
    sentences, lexicon = capsys.readouterr().out.strip().split("\n\n")
    lines = sentences.splitlines()
    assert lines[0] == "رامي الخطيب في ألفين وستة وعشرين."
    assert len(lines) == 9
    # Then the lexicon's pronunciations the article uses (starter lexicon).
    assert lexicon.splitlines()[0] == "معجم النطق في هذا المقال:"
    assert "  Orbitra ← أوربيترا" in lexicon.splitlines()


def test_listen_generate_reports_what_it_did(article, capsys):
    call_command("listen_generate", str(article.pk))
    assert f"{article.pk}\tunchanged" in capsys.readouterr().out
    call_command("listen_generate", "--all", "--force")
    out = capsys.readouterr().out
    assert f"{article.pk}\tgenerated" in out and "generated: 1" in out
    ArticleAudio.objects.filter(page=article).delete()
    call_command("listen_generate")
    assert f"{article.pk}\tgenerated" in capsys.readouterr().out


def test_deleting_the_article_removes_its_files(article):
    record = ArticleAudio.objects.get(page=article)
    names = [record.audio.name, record.timings.name]
    article.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_unpublishing_removes_the_audio_and_republishing_restores_it(
    article, publish, django_capture_on_commit_callbacks
):
    record = ArticleAudio.objects.get(page=article)
    names = [record.audio.name, record.timings.name]
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert not ArticleAudio.objects.filter(page=article).exists()
    assert not any(default_storage.exists(name) for name in names)
    publish(article.get_latest_revision_as_object())
    assert ArticleAudio.objects.get(page=article).status == ArticleAudio.READY
