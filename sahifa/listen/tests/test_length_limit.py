"""Audio of very long articles is refused before any synthesis, with a
message editors read in the listen report."""

import pytest

from sahifa.listen import services
from sahifa.listen.models import ArticleAudio

pytestmark = pytest.mark.django_db


def test_too_long_article_is_refused_with_a_message_for_editors(make_article, settings):
    settings.SAHIFA_LISTEN_MAX_CHARACTERS = 200
    page = make_article(body=[("paragraph", "<p>" + "كلمة " * 100 + "</p>")])
    outcome = services.generate(page.pk)
    assert outcome.action == "failed"
    record = ArticleAudio.objects.get(page=page)
    assert record.status == ArticleAudio.FAILED and not record.audio
    assert "أطول من الحد" in record.reason and "200" in record.reason
    settings.SAHIFA_LISTEN_MAX_CHARACTERS = 0
    assert services.generate(page.pk).action == "generated"
