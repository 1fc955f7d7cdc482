"""The article page's kept parts (core/parts.py), with the page cache off:
an unchanged article renders from them, anything they show that changes is
on the next render, and previews show the draft."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sahifa.core import pagecache, parts
from sahifa.core.models import SiteSettings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rankings_stay_warm")]


@pytest.fixture
def parts_on(settings, home):
    SiteSettings.for_site(home.get_site())  # created on first use, which purges everything
    settings.PART_CACHE_SECONDS = 30
    caches["pages"].clear()
    pagecache.clear()
    yield
    parts.clear()


@pytest.fixture
def story(make_article, parts_on):
    other = make_article(title="الخبر المرتبط قبل التعديل")
    page = make_article(
        title="خبر بأجزاء محفوظة",
        tags=["وسم الأجزاء"],
        authors=["ليلى الحسيني"],
        body=[
            ("paragraph", "<p>الفقرة الأولى كما نشرت.</p>"),
            ("read_also", {"page": other, "url": "", "title": ""}),
            ("paragraph", "<p>فقرة أخرى.</p>"),
        ],
    )
    return page, other


def _render(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser"), len(queries)


def test_an_unchanged_article_renders_from_its_kept_parts(client, story):
    page, _ = story
    first, cold = _render(client, page.url)
    second, warm = _render(client, page.url)
    assert str(second) == str(first)
    assert warm < cold, (warm, cold)  # authors, tags, body, related, section: not read again
    assert second.select_one(".byline a").get_text() == "ليلى الحسيني"


def test_what_a_part_shows_is_fresh_on_the_next_render(
    client, story, django_capture_on_commit_callbacks
):
    page, other = story
    _render(client, page.url)
    other.title = "الخبر المرتبط بعد التعديل"
    with django_capture_on_commit_callbacks(execute=True):
        other.save_revision().publish()
    soup, _ = _render(client, page.url)
    assert soup.select_one(".read-also a").get_text() == "الخبر المرتبط بعد التعديل"

    with django_capture_on_commit_callbacks(execute=True):
        other.unpublish()
    soup, _ = _render(client, page.url)
    assert soup.select_one(".read-also") is None

    page.title = "خبر بأجزاء محفوظة بعد التحديث"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    soup, _ = _render(client, page.url)
    assert soup.h1.get_text() == "خبر بأجزاء محفوظة بعد التحديث"
    assert (
        "خبر بأجزاء محفوظة بعد التحديث"
        in soup.select_one('script[type="application/ld+json"]').string
    )


def test_a_preview_shows_the_draft_not_the_kept_parts(client, story):
    page, _ = story
    host = urlsplit(page.full_url).netloc  # the host Wagtail's preview request carries
    _render(client, page.url, HTTP_HOST=host)
    draft = page.get_latest_revision_as_object()
    draft.body = [("paragraph", "<p>نص المسودة الذي لم ينشر بعد.</p>")]
    draft.save_revision()
    preview = draft.make_preview_request()
    assert "نص المسودة الذي لم ينشر بعد." in preview.content.decode()
    live, _ = _render(client, page.url, HTTP_HOST=host)
    assert "نص المسودة" not in str(live) and "الفقرة الأولى كما نشرت." in str(live)
