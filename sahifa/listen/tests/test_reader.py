"""What readers, podcast apps and the distribution app get."""

import feedparser
import pytest

from sahifa.listen import services
from sahifa.listen.models import ArticleAudio

pytestmark = pytest.mark.django_db


def test_player_before_the_body_with_plain_audio_fallback(article, client):
    html = client.get(article.url).content.decode()
    record = ArticleAudio.objects.get(page=article)
    assert html.index('class="listen"') < html.index('class="article-body"')
    assert html.index('class="hero"' if 'class="hero"' in html else "article-header") < html.index(
        'class="listen"'
    )
    assert f'<audio class="listen-audio" controls preload="none" src="{record.audio.url}"' in html
    assert "استمع للمقال" in html and 'aria-label="موضع الاستماع"' in html
    assert html.count('<li data-start="') == record.sentences
    assert '<option value="0.75">' in html and '<option value="2">' in html
    assert "listen/player.js" in html and "defer" in html


def test_preparing_note_and_no_dead_button(article, client):
    ArticleAudio.objects.filter(page=article).update(
        status=ArticleAudio.PENDING, audio="", timings=""
    )
    html = client.get(article.url).content.decode()
    assert "يجري إعداد النسخة الصوتية" in html
    assert "listen-play" not in html and "<audio" not in html
    ArticleAudio.objects.filter(page=article).delete()
    html = client.get(article.url).content.decode()
    assert "listen" not in html.split('class="article-body"')[0].split("</header>")[-1]


def test_audio_object_for_json_ld(article):
    record = ArticleAudio.objects.get(page=article)
    data = services.audio_object(article)
    assert data["@type"] == "AudioObject"
    assert data["encodingFormat"] == "audio/mpeg"
    assert data["contentUrl"] == f"http://localhost/media/{record.audio.name}"
    assert data["duration"] == services.iso_duration(record.duration)
    assert data["duration"].startswith("PT") and data["name"].endswith(article.title)
    article.unpublish()
    assert services.audio_object(article) is None


def test_iso_durations():
    assert services.iso_duration(562.4) == "PT9M22S"
    assert services.iso_duration(3725) == "PT1H2M5S"
    assert services.iso_duration(7) == "PT7S"


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_site_podcast_feed_validates(article, make_article, client):
    make_article(title="خبر بلا صوت بعد")  # no audio: not in the feed
    feed = _parse(client, "/listen/podcast.xml")
    record = ArticleAudio.objects.get(page=article)
    assert feed.feed.language == "ar"
    assert "استمع" in feed.feed.title
    assert feed.feed.tags[0].term == "News"  # itunes:category
    assert feed.feed.author == "صحيفة"  # itunes:author
    raw = client.get("/listen/podcast.xml").content.decode()
    assert "<itunes:explicit>false</itunes:explicit>" in raw and "<itunes:owner>" in raw
    assert feed.feed.image.href.endswith("listen/podcast-cover.png")
    assert feed.namespaces.get("itunes") == "http://www.itunes.com/dtds/podcast-1.0.dtd"
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.title == article.title
    enclosure = entry.enclosures[0]
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == record.size
    assert (
        enclosure.href == f"http://testserver/media/{record.audio.name}"
        or enclosure.href.endswith(record.audio.name)
    )
    assert entry.itunes_duration == services.clock(record.duration)
    assert entry.published_parsed is not None


def test_section_podcast_feed(
    article, make_section, make_article, client, django_capture_on_commit_callbacks
):
    sport = make_section("sport", "رياضة")
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="فوز كبير للفريق", parent=sport)
    politics = _parse(client, "/listen/politics/podcast.xml")
    assert [e.title for e in politics.entries] == [article.title]
    assert "سياسة" in politics.feed.title
    assert [e.title for e in _parse(client, "/listen/sport/podcast.xml").entries] == [
        "فوز كبير للفريق"
    ]
    assert client.get("/listen/nothing/podcast.xml").status_code == 404


def test_admin_report_and_lexicon_snippet(article, admin_client):
    response = admin_client.get("/admin/listen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert article.title in html and "جاهز" in html
    response = admin_client.get("/admin/listen/?status=failed")
    assert article.title not in response.content.decode()
    response = admin_client.get("/admin/snippets/listen/pronunciationentry/")
    assert response.status_code == 200
    assert "AFP" in response.content.decode()
    assert admin_client.get("/admin/snippets/listen/pronunciationentry/add/").status_code == 200


def test_a_cached_page_shows_the_player_once_its_audio_is_ready(article, client, page_cache):
    from sahifa.listen.tasks import generate_article_audio

    ArticleAudio.objects.filter(page=article).update(
        status=ArticleAudio.PENDING, audio="", timings=""
    )
    assert "يجري إعداد النسخة الصوتية" in client.get(article.url).content.decode()
    assert client.get(article.url)["X-Cache"] == "HIT"
    generate_article_audio.call(article.pk, force=True)
    response = client.get(article.url)
    html = response.content.decode()
    assert "يجري إعداد النسخة الصوتية" not in html and "<audio" in html
