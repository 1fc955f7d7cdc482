"""Listing pages: home, section, tag, author, search and errors."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    return response, soup


@pytest.fixture
def newsroom(make_article, make_section, section, home):
    economy = make_section("economy", "اقتصاد")
    stories = [
        make_article(title=f"خبر سياسي رقم {i}", tags=["البرلمان"], authors=["ليلى الحسيني"])
        for i in range(3)
    ]
    stories.append(
        make_article(title="البنك المركزي يثبت سعر الفائدة", parent=economy, tags=["البنك المركزي"])
    )
    return stories


def test_home_has_lead_secondary_and_sections(client, home, newsroom, make_article):
    _, soup = get(client, home.url)
    lead = soup.select_one(".lead .story-title").get_text(strip=True)
    assert lead == newsroom[-1].title  # the newest story leads
    secondary = [a.get_text() for a in soup.select(".zone-secondary .story-title a")]
    assert secondary == ["خبر سياسي رقم 2", "خبر سياسي رقم 1", "خبر سياسي رقم 0"]
    # Every story is placed once: nothing is left for the strips or the list.
    assert not soup.select(".home-section") and not soup.select(".latest li")
    for i in range(10):
        make_article(title=f"خبر إضافي {i}")
    _, soup = get(client, home.url)
    # 14 stories: lead 1, secondary 4, strips 4 + 1, the latest list the rest.
    assert [h.get_text(strip=True) for h in soup.select(".home-section h2")] == ["سياسة", "اقتصاد"]
    assert len(soup.select(".latest li")) == 4
    titles = [a.get_text() for a in soup.select(".story-title a, .latest li a")]
    assert len(titles) == len(set(titles)) == 14


def test_section_is_newest_first_and_paginated(client, section, newsroom, settings):
    settings.SAHIFA_PAGE_SIZE = 2
    _, soup = get(client, section.url)
    titles = [a.get_text() for a in soup.select(".story-title a")]
    assert titles == ["خبر سياسي رقم 2", "خبر سياسي رقم 1"]
    assert soup.select_one(".pagination a[rel=next]")["href"] == "?page=2"
    _, soup = get(client, section.url + "?page=2")
    assert [a.get_text() for a in soup.select(".story-title a")] == ["خبر سياسي رقم 0"]
    assert soup.select_one(".pagination a[rel=prev]")


def test_tag_page(client, newsroom):
    tag = newsroom[0].tags.get(name="البرلمان")
    response, soup = get(client, reverse("tags:detail", args=(tag.slug,)))
    assert soup.h1.get_text() == "البرلمان"
    assert len(soup.select(".story-title")) == 3
    get(client, reverse("tags:detail", args=("لا-يوجد",)), status=404)


def test_author_page(client, newsroom):
    author = newsroom[0].authors()[0]
    _, soup = get(client, author.get_absolute_url())
    assert soup.h1.get_text() == "ليلى الحسيني"
    assert len(soup.select(".story-title")) == 3


def test_search_page(client, newsroom):
    from sahifa.search.services import rebuild

    rebuild()  # publish jobs run on commit, which a test transaction never reaches
    response, soup = get(client, reverse("search") + "?q=الفائدة")
    assert response["X-Robots-Tag"] == "noindex"
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert [a.get_text() for a in soup.select(".story-title a")] == [
        "البنك المركزي يثبت سعر الفائدة"
    ]
    _, soup = get(client, reverse("search") + "?q=كلمةغيرموجودة")
    assert "لم نجد نتائج" in soup.get_text()


def test_arabic_404(client, home):
    _, soup = get(client, "/no-such-page/", status=404)
    assert soup.h1.get_text() == "الصفحة غير موجودة"


def test_arabic_500(rf):
    from sahifa.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "حدث خطأ غير متوقع" in response.content.decode()
