"""The default chain for real: text2tashkeel + eSpeak NG + LAME."""

import pytest
from django.core.files.storage import default_storage

from sahifa.articles.models import ArticlePage
from sahifa.listen import services
from sahifa.listen.backends.espeak import EspeakEngine
from sahifa.listen.models import ArticleAudio

pytestmark = pytest.mark.django_db

# Arabic read aloud by eSpeak at rate 150: ~9–16 spoken characters a second.
NORMAL_RATE = (8.0, 18.0)


def _mp3_seconds(data: bytes, bitrate_kbps: int = 48) -> float:
    """Duration implied by a constant-bitrate MP3's size (independent of the
    engine's own sample count)."""
    return len(data) * 8 / (bitrate_kbps * 1000)


def test_engine_speaks_diacritized_arabic_with_sentence_times():
    engine = EspeakEngine()
    synthesis = engine.synthesize(["قال رئيس الوزراء إن الحكومة ستدعم الصناعة.", "نعم."])
    assert synthesis.sample_rate == 22050
    assert len(synthesis.spans) == 2
    first, second = synthesis.spans
    assert 1.5 < first[1] - first[0] < 6
    assert second[0] >= first[1]
    assert synthesis.spans[-1][1] <= synthesis.duration + 0.01
    assert int(abs(synthesis.samples).max()) > 1000  # speech, not silence
    assert "\u064e" in engine.prepare("ذهب الولد إلى المدرسة.")  # diacritized


def test_short_article_gets_real_mp3(make_article, real_engine):
    page = make_article(
        title="الحكومة تقر موازنة 2027",
        dek="",
        body=[("paragraph", "<p>أقر مجلس الوزراء موازنة بقيمة 44 مليار دولار.</p>")],
    )
    outcome = services.generate(page.pk)
    assert outcome.action == "generated"
    record = ArticleAudio.objects.get(page=page)
    assert record.engine.startswith("espeak-ng:ar")
    with default_storage.open(record.audio.name) as handle:
        data = handle.read()
    assert data[:3] == b"ID3" or data[0] == 0xFF and data[1] & 0xE0 == 0xE0
    assert _mp3_seconds(data) == pytest.approx(record.duration, rel=0.1)
    rate = record.characters / record.duration
    assert NORMAL_RATE[0] < rate < NORMAL_RATE[1]


def test_reference_article_gets_full_length_audio(tmp_path, real_engine):
    from sahifa.conftest import _ensure_tree_roots
    from sahifa.demo.services import load_demo
    from sahifa.listen.lexicon_starter import STARTER_LEXICON
    from sahifa.listen.models import PronunciationEntry

    _ensure_tree_roots()
    for term, spoken in STARTER_LEXICON.items():
        PronunciationEntry.objects.get_or_create(term=term, defaults={"spoken": spoken})
    load_demo(tmp_path, "pw", log=lambda *a: None, only=["politics"])
    page = ArticlePage.objects.get(source_uri="urn:sahifa:demo:pol-001")

    sentences = services.spoken_sentences(page)
    spoken_chars = sum(len(s.spoken) for s in sentences)
    assert spoken_chars > 4000
    assert not any(ch.isascii() and ch.isalnum() for s in sentences for ch in s.spoken)
    assert not any("اقرأ أيضاً" in s.display for s in sentences)

    assert services.generate(page.pk).action == "generated"
    record = ArticleAudio.objects.get(page=page)
    cues = services.cues(record)
    # Every sentence is there, in order, and the last one ends the audio.
    assert [c.text for c in cues] == [s.display for s in sentences]
    assert cues[-1].text.endswith("إلى عالم صنع السياسات؟")
    assert cues[-1].end == pytest.approx(record.duration, abs=0.5)
    assert all(b.start >= a.end for a, b in zip(cues, cues[1:], strict=False))
    # Duration matches the whole spoken text at a normal speaking rate.
    assert NORMAL_RATE[0] < spoken_chars / record.duration < NORMAL_RATE[1]
    with default_storage.open(record.audio.name) as handle:
        assert _mp3_seconds(handle.read()) == pytest.approx(record.duration, rel=0.05)
