"""Structured data as a real extractor reads it (extruct), against Google's
NewsArticle required and recommended properties; exact-size crops of small
sources; the hero caption of the article; the publisher logo by default;
favicon and web app manifest; the home page and indexes in the sitemap."""

import json
from io import BytesIO
from xml.etree import ElementTree

import extruct
import pytest
from PIL import Image

from sahifa.core.models import SahifaImage, SahifaRendition

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def extracted(client, url):
    response = client.get(url)
    assert response.status_code == 200
    data = extruct.extract(
        response.content.decode(), base_url="http://localhost" + url, syntaxes=["json-ld"]
    )
    return {item["@type"]: item for item in data["json-ld"]}


@pytest.fixture
def small_hero_story(make_article, make_image):
    # Smaller than every crop: 800×600.
    hero = make_image(title="صورة صغيرة", caption="تعليق الصورة في المكتبة", size=(800, 600))
    page = make_article(title="خبر بصورة صغيرة", hero=hero, authors=("ليلى حسن",))
    page.hero_caption = "تعليق المقال نفسه"
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_google_newsarticle_properties(client, small_hero_story):
    article = extracted(client, small_hero_story.url)["NewsArticle"]
    # Google: headline, image, datePublished, dateModified, author (name, url).
    for key in ("headline", "image", "datePublished", "dateModified", "author", "publisher"):
        assert article.get(key), key
    for author in article["author"]:
        assert author["name"] and author["url"].startswith("http")
    assert "." not in article["datePublished"]  # no fraction of a second
    # Publisher with a logo, though the site settings set none.
    logo = article["publisher"]["logo"]
    assert logo["url"].startswith("http://localhost/static/") and logo["url"].endswith(".png")
    assert logo["width"] >= 112 and logo["height"] >= 112


def test_crops_are_true_ratios_at_1200_even_from_a_small_source(client, small_hero_story):
    article = extracted(client, small_hero_story.url)["NewsArticle"]
    sizes = {(image["width"], image["height"]) for image in article["image"]}
    assert sizes == {(1200, 675), (1200, 900), (1200, 1200)}
    for image in article["image"]:
        # The file is the size the data says (the URL is not lying).
        name = image["url"].split("/media/", 1)[1]
        rendition = SahifaRendition.objects.get(file=name)
        with Image.open(rendition.file) as picture:
            assert picture.size == (image["width"], image["height"])
        assert image["caption"] == "تعليق المقال نفسه"


def test_hero_caption_consistent_across_page_jsonld_and_api(client, small_hero_story):
    html = client.get(small_hero_story.url).content.decode()
    assert "تعليق المقال نفسه" in html and "تعليق الصورة في المكتبة" not in html
    api = client.get(f"/api/v2/articles/{small_hero_story.pk}/").json()
    assert "تعليق المقال نفسه" in json.dumps(api, ensure_ascii=False)


def test_configured_publisher_logo_wins(client, small_hero_story, home, make_image):
    from sahifa.core.models import SiteSettings

    conf = SiteSettings.for_site(home.get_site())
    conf.publisher_logo = make_image(title="الشعار", size=(600, 120))
    conf.save()
    logo = extracted(client, small_hero_story.url)["NewsArticle"]["publisher"]["logo"]
    assert "/media/images/" in logo["url"] and logo["height"] == 60


def test_breadcrumb_jsonld_matches_visible_trail(client, small_hero_story):
    crumbs = extracted(client, small_hero_story.url)["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["الرئيسية", "سياسة", small_hero_story.title]


def test_favicon_and_manifest(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    with Image.open(BytesIO(response.content)) as icon:
        assert icon.format == "ICO"
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["lang"] == "ar" and data["dir"] == "rtl" and data["name"] == "صحيفة"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    html = client.get(home.url).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    assert 'rel="icon" href="/favicon.ico"' in html


def test_home_indexes_and_standing_pages_in_sitemap(client, small_hero_story, home):
    from sahifa.pages.services import ensure_standing_pages

    ensure_standing_pages(home)
    root = ElementTree.fromstring(client.get("/sitemap-sections.xml").content)
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locs[0] == "http://localhost/"
    for path in ("/tags/", "/authors/", "/about/", "/corrections-policy/", "/politics/"):
        assert "http://localhost" + path in locs, path


def test_time_datetime_valid_on_every_page_type(client, small_hero_story, home):
    import re

    for url in (small_hero_story.url, home.url, "/tags/", "/authors/", "/search/?q=خبر"):
        html = client.get(url).content.decode()
        for value in re.findall(r'<time[^>]* datetime="([^"]*)"', html):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?", value), (
                url,
                value,
            )


@pytest.mark.parametrize("url", ["/", "/politics/", "/tags/", "/authors/", "/search/"])
def test_meta_description_on_home_and_listings(client, small_hero_story, url):
    import re

    html = client.get(url).content.decode()
    descriptions = re.findall(r'<meta name="description" content="([^"]*)"', html)
    assert len(descriptions) == 1 and len(descriptions[0]) > 20, (url, descriptions)


def test_images_left_alone(small_hero_story):
    # What readers see is never enlarged: the picture tag's widths stay within the source.
    image = SahifaImage.objects.get(pk=small_hero_story.hero_image_id)
    assert image.get_rendition("width-1200").width == 800
