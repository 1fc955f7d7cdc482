import json
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import jsonschema_rs
import pytest

pytestmark = pytest.mark.django_db


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "max-age" in response["Cache-Control"]
    ET.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def test_site_rss(client, story, old_story):
    response, feed = _parse(client, "/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert feed.feed.language == "ar"
    assert feed.feed.title.startswith("صحيفة")
    assert [e.title for e in feed.entries] == [story.title, old_story.title]
    entry = feed.entries[0]
    assert entry.link == story.get_full_url()
    assert entry.id == story.get_full_url()
    assert entry.published_parsed is not None
    assert entry.summary == story.dek
    # Every author as dc:creator.
    assert b"<dc:creator>" in response.content and "عمر خالد".encode() in response.content
    # Hero as enclosure: an absolute URL to a JPEG with its length.
    enclosure = entry.enclosures[0]
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://localhost/")
    assert int(enclosure.length) > 0
    assert {t.term for t in entry.tags} >= {"سياسة", "اقتصاد", "البرلمان"}
    assert "content" not in entry  # summary feed by default


def test_full_content_option(client, story):
    response, feed = _parse(client, "/feed/?full=1")
    html = feed.entries[0].content[0].value
    assert "تفاصيل التصويت" in html and "<blockquote>" in html
    assert '<a href="https://example.org/x">' in html


def test_site_atom(client, story):
    response, feed = _parse(client, "/feed/atom/?full=1")
    assert feed.version == "atom10"
    entry = feed.entries[0]
    assert entry.title == story.title
    assert [a.name for a in entry.authors] == ["ليلى حسن", "عمر خالد"]
    assert entry.updated_parsed is not None
    assert any(link.rel == "enclosure" for link in entry.links)
    assert "فقرة أولى" in entry.content[0].value


@pytest.mark.parametrize("fmt", ["", "atom/"])
def test_scoped_feeds(client, story, old_story, make_section, make_article, fmt):
    other = make_section("economy", "اقتصاد")
    make_article(title="خبر اقتصادي", parent=other)
    _, feed = _parse(client, f"/feed/section/politics/{fmt}")
    assert {e.title for e in feed.entries} == {story.title, old_story.title}
    tag = story.tags.get(name="البرلمان")
    _, feed = _parse(client, f"/feed/tag/{tag.slug}/{fmt}")
    assert [e.title for e in feed.entries] == [story.title]
    author = story.authors()[1]
    _, feed = _parse(client, f"/feed/author/{author.slug}/{fmt}")
    assert [e.title for e in feed.entries] == [story.title]
    assert client.get(f"/feed/section/nope/{fmt}").status_code == 404


def test_json_feed(client, story):
    response = client.get("/feed/json/?full=1")
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "http://localhost/feed/json/"
    item = data["items"][0]
    for key in ("id", "url", "title", "content_html", "date_published", "authors", "image"):
        assert key in item, key
    assert item["authors"][0]["url"].startswith("http")
    assert "+" in item["date_published"]
    assert item["title"] == story.title
    schema = json.loads(
        (
            Path(__file__).resolve().parent.parent / "schemas" / "jsonfeed-1.1.schema.json"
        ).read_text()
    )
    jsonschema_rs.validator_for(schema, validate_formats=True).validate(data)
