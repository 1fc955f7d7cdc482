"""The article page's HTML contract: every part of the reference anatomy
owned by the platform."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from sahifa.core.models import SiteSettings

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def story(make_article, make_image, home):
    other = make_article(title="الخبر المرتبط الأول")
    hero = make_image(
        title="صورة رامي",
        caption="رامي الخطيب خلال مؤتمر صحفي",
        photographer="سامر علي",
        agency="AFP",
    )
    settings = SiteSettings.for_site(home.get_site())
    settings.x_url = "https://x.com/sahifa"
    settings.telegram_url = "https://t.me/sahifa"
    settings.save()
    page = make_article(
        title="رامي الخطيب في 2026.. هل يتحول رجل الصواريخ إلى صانع سياسات؟",
        hero=hero,
        authors=["ليلى الحسيني", "عمر الفاسي"],
        tags=["رامي الخطيب", "Orbitra"],
        body=[
            ("paragraph", "<p>قال الخطيب لقناة CNBC إن شركة Orbitra ستطلق 12 رحلة.</p>"),
            ("read_also", {"page": other, "url": "", "title": ""}),
            ("subheading", "من الفضاء إلى البرلمان"),
            ("quote", {"text": "«لن أترشح»", "attribution": "رامي الخطيب"}),
            ("paragraph", "<p>فقرة أخرى.</p>"),
        ],
    )
    return page, other


def test_article_anatomy(client, story):
    page, other = story
    soup = soup_of(client, page.url)
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    h1 = soup.find_all("h1")
    assert [h.get_text() for h in h1] == [page.title]
    assert soup.title.get_text().startswith(page.title)

    # نشر with <time datetime>, Arabic date with dual month names.
    published = soup.select_one(".dates .published time")
    assert published["datetime"] == timezone.localtime(page.first_published_at).isoformat(
        timespec="seconds"
    )
    assert re.search(r"\d+ \w+/[\w ]+ \d{4}", published.get_text())
    assert soup.select_one(".dates .updated") is None  # never updated yet

    # Hero: figure + responsive img + figcaption with caption and structured credit.
    figure = soup.select_one("figure.hero")
    img = figure.find("img")
    assert img["width"] and img["height"] and "w," in img["srcset"]
    assert figure.find("source", attrs={"type": "image/webp"})
    caption = figure.find("figcaption")
    assert "رامي الخطيب خلال مؤتمر صحفي" in caption.select_one(".caption").get_text()
    assert caption.select_one(".agency").get_text() == "AFP"
    assert "سامر علي" in caption.select_one(".photographer").get_text()

    # Body: sub-heading as <h2>, read-also with the live title of the target.
    body = soup.select_one(".article-body")
    assert [h.get_text() for h in body.find_all("h2")] == ["من الفضاء إلى البرلمان"]
    read_also = body.select_one(".read-also a")
    assert read_also["href"] == other.url and read_also.get_text() == other.title
    assert body.find("bdi", string="CNBC")
    assert body.find("blockquote")

    # Bylines link to author pages.
    assert [a.get_text() for a in soup.select(".byline a")] == ["ليلى الحسيني", "عمر الفاسي"]


def test_read_also_title_is_live(client, story):
    page, other = story
    other.title = "عنوان جديد للخبر المرتبط"
    other.save_revision().publish()
    soup = soup_of(client, page.url)
    assert soup.select_one(".read-also a").get_text() == "عنوان جديد للخبر المرتبط"


def test_blocks_around_article_are_headed_sections(client, story):
    page, other = story
    soup = soup_of(client, page.url)
    headings = {
        block.find("h2").get_text(): block.name
        for block in soup.select("main section, main aside, footer section")
        if block.find("h2")
    }
    assert headings["تابعونا على منصات التواصل الاجتماعي"] == "section"
    assert headings["آخر الأخبار في القسم"] == "aside"
    assert headings["شارك المقال"] == "section"
    share = {a["data-share"]: a["href"] for a in soup.select(".share a")}
    assert set(share) == {"x", "facebook", "whatsapp", "telegram", "copy"}
    follow = soup.select(".follow-us a")
    assert {a["href"] for a in follow} == {"https://x.com/sahifa", "https://t.me/sahifa"}
    assert all(a.get("aria-label") for a in follow)
    latest = soup.select(".section-latest a")
    assert [a.get_text() for a in latest] == [other.title]
    # No third-party scripts, no render-blocking script (JSON-LD is data, not script).
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            continue
        assert script.get("src", "").startswith("/static/") and script.has_attr("defer")


def test_last_updated_only_after_changed_republish(client, story):
    page, _ = story
    page.save_revision().publish()  # republish without changes
    page.refresh_from_db()
    assert page.last_updated_at is None

    page.title = page.title + " (محدث)"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.last_updated_at is not None and page.was_updated
    stamp = page.last_updated_at

    # Tags only: not an update of the text.
    page.tags.add("وسم جديد")
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.last_updated_at == stamp

    # Publishing an older revision keeps the editorial dates.
    first = page.revisions.order_by("created_at").first()
    first.publish()
    page.refresh_from_db()
    assert page.last_updated_at is not None and page.last_updated_at >= stamp

    soup = soup_of(client, page.url)
    updated = soup.select_one(".dates .updated time")
    assert updated["datetime"] == timezone.localtime(page.last_updated_at).isoformat(
        timespec="seconds"
    )


def test_date_style_and_digits_setting(client, story, home):
    page, _ = story
    conf = SiteSettings.for_site(home.get_site())
    conf.date_style = "levantine"
    conf.digits = "arabic"
    conf.save()
    text = soup_of(client, page.url).select_one(".dates .published time").get_text()
    assert "/" not in text and re.search("[٠-٩]{4}", text)
    assert any(
        month in text
        for month in (
            "تشرين",
            "كانون",
            "شباط",
            "آذار",
            "نيسان",
            "أيار",
            "حزيران",
            "تموز",
            "آب",
            "أيلول",
        )
    )


def test_unpublished_read_also_target_is_not_linked(client, story):
    page, other = story
    other.unpublish()
    assert soup_of(client, page.url).select_one(".read-also") is None


def test_scheduled_publishing(section, make_article):
    import time

    from django.core.management import call_command

    page = make_article(title="خبر مجدول", publish=False)
    page.go_live_at = timezone.now() + timedelta(seconds=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live and page.revisions.filter(approved_go_live_at__isnull=False).exists()
    call_command("publish_scheduled_pages")
    page.refresh_from_db()
    assert not page.live  # not due yet
    time.sleep(1.1)
    call_command("publish_scheduled_pages")
    page.refresh_from_db()
    assert page.live and page.first_published_at is not None
