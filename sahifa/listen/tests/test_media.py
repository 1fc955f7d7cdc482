"""Audio media served with HTTP Range support (the embedded default)."""

import pytest

from sahifa.listen.models import ArticleAudio

pytestmark = pytest.mark.django_db


def test_audio_is_served_with_ranges(article, client):
    record = ArticleAudio.objects.get(page=article)
    url = record.audio.url
    full = client.get(url)
    assert full.status_code == 200
    assert full["Accept-Ranges"] == "bytes"
    assert full["Content-Type"] == "audio/mpeg"
    body = b"".join(full.streaming_content)
    assert len(body) == record.size
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{record.size}"
    assert part.content == body[100:200]
    tail = client.get(url, HTTP_RANGE="bytes=-50")
    assert tail.content == body[-50:]
    assert client.get(url, HTTP_RANGE=f"bytes={record.size + 10}-").status_code == 416
    vtt = client.get(record.timings.url)
    assert vtt["Content-Type"].startswith("text/vtt")
    assert client.get("/media/audio/../../etc/passwd").status_code == 404
    assert client.get("/media/audio/missing.mp3").status_code == 404
