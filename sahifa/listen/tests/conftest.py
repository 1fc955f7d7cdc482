import pytest


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a revision and run what the commit would run (audio tasks)."""

    def _publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return _publish


@pytest.fixture
def article(make_article, django_capture_on_commit_callbacks):
    """A published article whose audio was generated (test engine)."""
    with django_capture_on_commit_callbacks(execute=True):
        page = make_article(
            title="رامي الخطيب في 2026.. هل يتحول رجل الصواريخ إلى صانع سياسات؟",
            dek="يتسع حضور مؤسس Orbitra في المشهد السياسي.",
            body=[
                (
                    "paragraph",
                    "<p>ولد <strong>رامي الخطيب</strong> عام 1979. وعمل 12 عاماً في أوروبا.</p>",
                ),
                ("subheading", "من الورشة إلى قاعة الاجتماعات"),
                ("quote", {"text": "«لا أبحث عن منصب».", "attribution": "رامي الخطيب"}),
                (
                    "read_also",
                    {"page": None, "url": "https://example.com/x", "title": "عنوان لا يُقرأ"},
                ),
                (
                    "embed",
                    {
                        "url": "https://youtube.com/watch?v=1",
                        "title": "فيديو لا يُقرأ",
                        "caption": "تعليق",
                    },
                ),
                ("paragraph", "<p>وباعت Voltline أكثر من 180 ألف سيارة.</p>"),
            ],
        )
    return page


@pytest.fixture
def real_engine(settings):
    """The default chain (tashkeel + eSpeak NG), not the test tone."""
    settings.SAHIFA_LISTEN_ENGINE = "sahifa.listen.backends.espeak.EspeakEngine"
    settings.SAHIFA_LISTEN_ENGINE_OPTIONS = {"voice": "ar", "rate": 150, "pitch": 45}
