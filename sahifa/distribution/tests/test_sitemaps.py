from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import xmlschema
from django.utils import timezone

from sahifa.distribution import sitemaps

from .conftest import set_published

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(scope="module")
def urlset_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "sitemap.xsd"))


@pytest.fixture(scope="module")
def index_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "siteindex.xsd"))


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return response.content


def _locs(schema, content, tag="url"):
    data = schema.to_dict(content.decode())
    return data.get(f"s:{tag}", data.get(tag, []))


def test_index_and_every_sitemap_validate(client, story, old_story, urlset_schema, index_schema):
    index = _get(client, "/sitemap.xml")
    index_schema.validate(index.decode())
    from xml.etree import ElementTree as ET

    root = ET.fromstring(index)
    locs = [el.text for el in root.findall("s:sitemap/s:loc", NS)]
    lastmods = [el.text for el in root.findall("s:sitemap/s:lastmod", NS)]
    assert len(lastmods) == len(locs)
    paths = [loc.split("localhost", 1)[1] for loc in locs]
    assert "/sitemap-news.xml" in paths
    assert {"/sitemap-sections.xml", "/sitemap-tags.xml", "/sitemap-authors.xml"} <= set(paths)
    months = [p for p in paths if p.startswith("/sitemap-articles-")]
    assert len(months) == 2  # this month and forty days ago
    all_article_urls = []
    for path in paths:
        content = _get(client, path)
        urlset_schema.validate(content.decode())
        urls = ET.fromstring(content).findall("s:url", NS)
        for url in urls:
            assert url.find("s:lastmod", NS) is not None
        if path in months:
            all_article_urls += [u.find("s:loc", NS).text for u in urls]
    assert sorted(all_article_urls) == sorted([story.get_full_url(), old_story.get_full_url()])


def test_section_tag_author_sitemaps(client, story):
    from xml.etree import ElementTree as ET

    sections = [
        el.text
        for el in ET.fromstring(_get(client, "/sitemap-sections.xml")).findall("s:url/s:loc", NS)
    ]
    # The home page first, the section, then the tag and author indexes.
    assert sections == [
        "http://localhost/",
        story.get_parent().get_full_url(),
        "http://localhost/tags/",
        "http://localhost/authors/",
    ]
    tags = [
        el.text
        for el in ET.fromstring(_get(client, "/sitemap-tags.xml")).findall("s:url/s:loc", NS)
    ]
    assert len(tags) == 2 and all("/tags/" in t for t in tags)
    authors = [
        el.text
        for el in ET.fromstring(_get(client, "/sitemap-authors.xml")).findall("s:url/s:loc", NS)
    ]
    assert len(authors) == 2 and all("/authors/" in a for a in authors)


def test_news_sitemap_last_two_days_only(client, story, old_story, make_article, urlset_schema):
    three_days = set_published(
        make_article(title="خبر من قبل ثلاثة أيام"), timezone.now() - timedelta(days=3)
    )
    content = _get(client, "/sitemap-news.xml")
    urlset_schema.validate(content.decode())
    from xml.etree import ElementTree as ET

    urls = ET.fromstring(content).findall("s:url", NS)
    assert [u.find("s:loc", NS).text for u in urls] == [story.get_full_url()]
    news = urls[0].find("n:news", NS)
    assert news.find("n:publication/n:name", NS).text == "صحيفة"
    assert news.find("n:publication/n:language", NS).text == "ar"
    assert news.find("n:title", NS).text == story.title
    assert "+" in news.find("n:publication_date", NS).text or news.find(
        "n:publication_date", NS
    ).text.endswith("Z")
    assert old_story.get_full_url() not in content.decode()
    assert three_days.get_full_url() not in content.decode()


def test_news_sitemap_splits_at_1000(client, story):
    with mock.patch.object(sitemaps, "NEWS_PER_FILE", 1):
        make = story  # one article already
        assert sitemaps.news_files() == 1
        from sahifa.articles.models import ArticlePage

        ArticlePage.objects.filter(pk=make.pk).update(first_published_at=timezone.now())
        index = client.get("/sitemap.xml").content.decode()
        assert index.count("sitemap-news.xml") == 1


def test_news_sitemap_is_paged(client, section, make_article, urlset_schema):
    for n in range(3):
        make_article(title=f"خبر عاجل رقم {n}")
    with mock.patch.object(sitemaps, "NEWS_PER_FILE", 2):
        index = client.get("/sitemap.xml").content.decode()
        assert "sitemap-news.xml?p=2" in index
        first = _get(client, "/sitemap-news.xml")
        second = _get(client, "/sitemap-news.xml?p=2")
        urlset_schema.validate(second.decode())
        assert first.count(b"<url>") == 2 and second.count(b"<url>") == 1


def test_bad_page_and_month_are_404(client, story):
    assert client.get("/sitemap-news.xml?p=0").status_code == 404
    assert client.get("/sitemap-news.xml?p=x").status_code == 404
    assert client.get("/sitemap-articles-2001-13.xml").status_code == 404
    assert client.get("/sitemap-articles-2001-01.xml").status_code == 404


def test_unpublished_and_private_articles_left_out(client, story, make_article):
    draft = make_article(title="مسودة لم تنشر", publish=False)
    content = b"".join(_get(client, p) for p in ("/sitemap-news.xml",))
    assert draft.slug.encode() not in content


def test_robots_txt_lists_sitemaps(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Sitemap: http://localhost/sitemap-news.xml" in text
    assert "Disallow: /admin/" in text
