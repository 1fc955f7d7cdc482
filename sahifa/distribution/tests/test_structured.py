from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from sahifa.core.models import SiteSettings

from .conftest import jsonld_blocks

pytestmark = pytest.mark.django_db


def _parse_iso(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{value} has no time zone"
    return parsed


def test_article_newsarticle_jsonld(client, story, make_image, home):
    settings = SiteSettings.for_site(home.get_site())
    settings.publisher_logo = make_image(title="الشعار", size=(600, 120))
    settings.x_url = "https://x.com/sahifa"
    settings.save()
    html = client.get(story.url).content.decode()
    blocks = {b["@type"]: b for b in jsonld_blocks(html)}
    article = blocks["NewsArticle"]
    assert article["@context"] == "https://schema.org"
    assert article["headline"] == story.title
    assert article["inLanguage"] == "ar"
    assert article["articleSection"] == "سياسة"
    assert set(article["keywords"]) == {"اقتصاد", "البرلمان"}
    assert article["description"] == story.dek
    assert article["mainEntityOfPage"]["@id"] == story.get_full_url()
    published = _parse_iso(article["datePublished"])
    assert _parse_iso(article["dateModified"]) >= published
    # Authors: Person list with their pages.
    assert [a["name"] for a in article["author"]] == ["ليلى حسن", "عمر خالد"]
    for author in article["author"]:
        assert author["@type"] == "Person"
        assert author["url"].startswith("http") and "/authors/" in author["url"]
    # Hero in three crops, at least 1200 px wide (the source, 2000×1300, allows it).
    ratios = set()
    for image in article["image"]:
        assert image["@type"] == "ImageObject"
        assert image["url"].startswith("http")
        assert image["width"] >= 1200
        ratios.add(round(image["width"] / image["height"], 2))
        assert image["creditText"] == "تصوير: سارة علي / AFP"
    assert ratios == {round(16 / 9, 2), round(4 / 3, 2), 1.0}
    publisher = article["publisher"]
    assert publisher["name"] == "صحيفة"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].startswith("http")
    assert publisher["sameAs"] == ["https://x.com/sahifa"]
    assert isinstance(article["wordCount"], int) and article["wordCount"] > 5
    # Breadcrumb: home → section → article.
    crumbs = blocks["BreadcrumbList"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert crumbs[1]["name"] == "سياسة"
    assert crumbs[2]["item"] == story.get_full_url()


def test_jsonld_is_escaped_inside_script(client, make_article):
    page = make_article(title="عنوان فيه </script><script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    assert "</script><script>alert(1)" not in html
    article = next(b for b in jsonld_blocks(html) if b["@type"] == "NewsArticle")
    assert article["headline"].startswith("عنوان فيه </script>")


def test_audio_included_when_listen_provides_it(client, story, monkeypatch):
    from sahifa.distribution import structured

    audio = {
        "@type": "AudioObject",
        "contentUrl": "http://x/a.mp3",
        "encodingFormat": "audio/mpeg",
        "duration": "PT1M",
    }
    monkeypatch.setattr(structured, "audio_object", lambda page: audio)
    html = client.get(story.url).content.decode()
    article = next(b for b in jsonld_blocks(html) if b["@type"] == "NewsArticle")
    assert article["audio"] == audio


def test_open_graph_and_twitter(client, story):
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    og = {
        m["property"]: m["content"]
        for m in soup.find_all("meta", property=True)
        if m["property"].startswith("og:")
    }
    tw = {
        m["name"]: m["content"]
        for m in soup.find_all("meta", attrs={"name": True})
        if m["name"].startswith("twitter:")
    }
    assert og["og:type"] == "article"
    assert og["og:title"] == story.title
    assert og["og:url"] == story.get_full_url()
    assert og["og:locale"] == "ar_AR"
    assert og["og:image:width"] == "1200" and og["og:image:height"] == "630"
    assert "/share/" in og["og:image"]  # no social image uploaded: the generated card
    assert tw["twitter:card"] == "summary_large_image"
    assert tw["twitter:image"] == og["og:image"]
    assert soup.find("meta", property="article:section")["content"] == "سياسة"
    assert {m["content"] for m in soup.find_all("meta", property="article:tag")} == {
        "اقتصاد",
        "البرلمان",
    }
    assert soup.find("link", rel="canonical")["href"] == story.get_full_url()
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "max-image-preview:large"


def test_uploaded_social_image_wins(client, story, make_image):
    story.social_image = make_image(title="صورة المشاركة", size=(1400, 900))
    story.save_revision().publish()
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    url = soup.find("meta", property="og:image")["content"]
    assert "/share/" not in url and "/images/" in url


def test_home_has_website_with_search_action(client, home, story):
    html = client.get("/").content.decode()
    site = next(b for b in jsonld_blocks(html) if b["@type"] == "WebSite")
    assert site["inLanguage"] == "ar"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert "{search_term_string}" in action["target"]["urlTemplate"]
    assert action["target"]["urlTemplate"].startswith("http")
    assert action["query-input"] == "required name=search_term_string"


def test_feeds_linked_from_every_page(client, story, section):
    tag_slug = story.tags.first().slug
    author = story.authors()[0]
    for url in (
        "/",
        section.url,
        story.url,
        f"/tags/{tag_slug}/",
        author.get_absolute_url(),
        "/search/?q=x",
    ):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        links = {(link["type"], link["href"]) for link in soup.find_all("link", rel="alternate")}
        assert ("application/rss+xml", "/feed/") in links, url
        assert ("application/atom+xml", "/feed/atom/") in links, url
        assert ("application/feed+json", "/feed/json/") in links, url
    soup = BeautifulSoup(client.get(section.url).content, "html.parser")
    hrefs = [link["href"] for link in soup.find_all("link", rel="alternate")]
    assert "/feed/section/politics/" in hrefs


def test_a_failing_metadata_piece_is_logged_with_the_page_id_and_the_rest_kept(
    client, story, monkeypatch, caplog
):
    from sahifa.distribution import structured

    def broken(page, request=None):
        raise ValueError("broken JSON-LD")

    monkeypatch.setattr(structured, "article_jsonld", broken)
    with caplog.at_level("ERROR", logger="sahifa.distribution.templatetags.distribution_tags"):
        response = client.get(story.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'property="og:title"' in html  # the other pieces are still there
    assert [b["@type"] for b in jsonld_blocks(html)] == ["BreadcrumbList"]
    (record,) = [r for r in caplog.records if "metadata failed" in r.getMessage()]
    assert f"page {story.pk}" in record.getMessage() and record.exc_info


def test_a_failing_metadata_piece_raises_under_debug(client, story, monkeypatch, settings):
    from sahifa.distribution import structured

    def broken(page, request=None):
        raise ValueError("broken JSON-LD")

    monkeypatch.setattr(structured, "article_jsonld", broken)
    settings.DEBUG = True
    with pytest.raises(ValueError, match="broken JSON-LD"):
        client.get(story.url)
