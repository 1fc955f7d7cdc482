"""Article page extras: author box, reading time, breadcrumb, tags,
corrections, and the query budget of the page."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sahifa.authors.models import Author

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rankings_stay_warm")]


@pytest.fixture
def story(make_article, make_image, home):
    hero = make_image(title="صورة", caption="تعليق الصورة الافتراضي")
    page = make_article(
        title="عنوان الخبر عن Étoile de Dakar",
        hero=hero,
        authors=["ليلى الحسيني", "عمر الفاسي"],
        tags=["اقتصاد", "Orbitra"],
        body=[("paragraph", "<p>" + "كلمة " * 700 + "</p>")],
    )
    for index, author in enumerate(Author.objects.order_by("pk")):
        author.role = "مراسلة الشؤون الدولية" if index == 0 else "محرر اقتصادي"
        author.bio = f"نبذة عن {author.name} وعمله الصحفي."
        author.photo = make_image(title=f"صورة {author.name}", size=(400, 400))
        author.save()
    page.hero_caption = "تعليق المقال الخاص"
    page.corrections = [
        (
            "note",
            {"date": datetime.date(2026, 3, 2), "kind": "correction", "text": "صُحّح اسم الوزير."},
        ),
        (
            "note",
            {"date": datetime.date(2026, 3, 5), "kind": "update", "text": "أضيف تصريح SpaceX."},
        ),
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_author_box(client, story):
    soup = soup_of(client, story.url)
    cards = soup.select(".author-box .author-card")
    assert len(cards) == 2
    first = cards[0]
    assert first.select_one(".author-name a").get_text() == "ليلى الحسيني"
    assert first.select_one(".author-name a")["href"].startswith("/authors/")
    assert first.select_one(".author-role").get_text() == "مراسلة الشؤون الدولية"
    assert "وعمله الصحفي" in first.select_one(".author-bio").get_text()
    photo = first.select_one("img.author-photo")
    assert photo["width"] == "96" and photo["height"] == "96"


def test_reading_time_uses_arabic_plural(client, story):
    soup = soup_of(client, story.url)
    # 700 body words + headline and dek at 180 words a minute: 4 minutes (few).
    assert soup.select_one(".reading-time").get_text() == "وقت القراءة: 4 دقائق"


def test_breadcrumb_visible_and_in_json_ld(client, story):
    soup = soup_of(client, story.url)
    items = soup.select(".breadcrumb li")
    assert [li.get_text() for li in items] == ["الرئيسية", "سياسة", story.title]
    assert items[-1].select_one("[aria-current=page]")
    links = [a["href"] for a in soup.select(".breadcrumb a")]
    scripts = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    (crumbs,) = [s for s in scripts if s["@type"] == "BreadcrumbList"]
    names = [item["name"] for item in crumbs["itemListElement"]]
    assert names == ["الرئيسية", "سياسة", story.title]
    urls = [item["item"] for item in crumbs["itemListElement"]]
    assert [u.removeprefix("http://localhost") for u in urls[:2]] == links
    assert urls[-1] == story.full_url


def test_tags_on_page(client, story):
    soup = soup_of(client, story.url)
    assert [a.get_text() for a in soup.select(".article-tags a[rel=tag]")] == ["اقتصاد", "Orbitra"]


def test_corrections_dated_newest_first(client, story):
    soup = soup_of(client, story.url)
    notes = soup.select(".article-corrections li")
    assert [n.select_one("time")["datetime"] for n in notes] == ["2026-03-05", "2026-03-02"]
    assert notes[0].select_one("strong").get_text() == "تحديث"
    assert "صُحّح اسم الوزير" in notes[1].get_text()
    assert notes[0].select_one("bdi").get_text() == "SpaceX"


def test_no_corrections_section_when_empty(client, make_article):
    page = make_article()
    soup = soup_of(client, page.url)
    assert soup.select_one(".article-corrections") is None


def test_accented_latin_isolated_in_headline(client, story):
    soup = soup_of(client, story.url)
    assert soup.select_one("h1 bdi").get_text() == "Étoile de Dakar"


def test_query_budget_does_not_grow_with_authors(client, story, make_article):
    """Author box and byline read all authors (and their photos) at once:
    the page costs the same queries with two authors as with one."""
    single = make_article(title="خبر بكاتب واحد", authors=["ليلى الحسيني"])
    client.get(single.url)
    client.get(story.url)  # warm renditions and settings
    with CaptureQueriesContext(connection) as one:
        client.get(single.url)
    with CaptureQueriesContext(connection) as two:
        client.get(story.url)
    assert len(two) <= len(one) + 1, [q["sql"] for q in two]
