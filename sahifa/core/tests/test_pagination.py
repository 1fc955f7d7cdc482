"""Keyset pagination (sahifa/core/pagination.py) on the tag and author
pages: walking older then newer visits every story once, in order, and a
deep page asks neither COUNT(*) nor OFFSET."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sahifa.articles.models import ArticlePage
from sahifa.authors.models import Author

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rankings_stay_warm")]


@pytest.fixture
def stories(make_article, settings):
    settings.SAHIFA_PAGE_SIZE = 3
    base = timezone.now() - timedelta(days=1)
    pages = []
    for i in range(8):
        page = make_article(title=f"قصة {i}", tags=["نفط"], authors=["هدى"])
        # Two share a timestamp: the id breaks the tie.
        stamp = base + timedelta(minutes=min(i, 6))
        ArticlePage.objects.filter(pk=page.pk).update(first_published_at=stamp)
        pages.append(page)
    # Newest first, as the listing orders them.
    return sorted(pages, key=lambda p: (min(pages.index(p), 6), p.pk), reverse=True)


def titles(html):
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text() for a in soup.select(".story-title a")], soup


def link(soup, rel):
    found = soup.select_one(f'nav.pagination a[rel="{rel}"]')
    return found["href"] if found else None


@pytest.mark.parametrize("kind", ["tag", "author"])
def test_walk_older_then_newer(client, stories, kind):
    base = (
        "/tags/" + stories[0].tags.first().slug + "/"
        if kind == "tag"
        else Author.objects.get(name="هدى").get_absolute_url()
    )
    expected = [p.title for p in stories]
    seen, url, numbers = [], base, []
    while url:
        response = client.get(base + url if url.startswith("?") else url)
        assert response.status_code == 200
        page_titles, soup = titles(response.content)
        seen.append(page_titles)
        numbers.append(soup.select_one("nav.pagination span").get_text())
        url = link(soup, "next")
    assert [t for page in seen for t in page] == expected
    assert [len(page) for page in seen] == [3, 3, 2]
    assert numbers == ["الصفحة 1", "الصفحة 2", "الصفحة 3"]

    # Back from the last page: the same pages, newest first again.
    back = []
    url = link(soup, "prev")
    while url:
        response = client.get(base + url)
        page_titles, soup = titles(response.content)
        back.append(page_titles)
        url = link(soup, "prev")
    assert back == seen[:-1][::-1]


def test_deep_page_reads_no_count_and_no_offset(client, stories):
    tag = stories[0].tags.first()
    response = client.get(f"/tags/{tag.slug}/")
    _, soup = titles(response.content)
    older = link(soup, "next")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/tags/{tag.slug}/{older}")
    assert response.status_code == 200
    sql = " ".join(q["sql"] for q in ctx.captured_queries).upper()
    assert "COUNT(" not in sql and "OFFSET" not in sql


def test_bad_cursor_is_404(client, stories):
    tag = stories[0].tags.first()
    assert client.get(f"/tags/{tag.slug}/?before=nonsense").status_code == 404
