"""/tags/: every tag of visible articles, most used first, paginated."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from sahifa.tags import views

pytestmark = pytest.mark.django_db


def test_index_lists_visible_tags_with_arabic_counts(client, make_article):
    for n in range(3):
        make_article(title=f"خبر {n}", tags=["اقتصاد", "نفط"] if n else ["اقتصاد"])
    make_article(title="مسودة", tags=["سري"], publish=False)
    hidden = make_article(title="خاص", tags=["خاص"])
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    response = client.get("/tags/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "الوسوم"
    rows = [
        (li.a.get_text(), li.select_one(".term-count").get_text())
        for li in soup.select(".tag-index li")
    ]
    assert rows == [("اقتصاد", "3 مقالات"), ("نفط", "مقالان")]
    tag = Tag.objects.get(name="اقتصاد")
    assert soup.select_one(".tag-index a")["href"] == reverse("tags:detail", args=[tag.slug])


def test_index_is_paginated(client, make_article, monkeypatch):
    monkeypatch.setattr(views, "INDEX_PAGE_SIZE", 2)
    make_article(title="خبر", tags=["أ", "ب", "ج"])
    first = BeautifulSoup(client.get("/tags/").content, "html.parser")
    assert len(first.select(".tag-index li")) == 2
    assert first.select_one(".pagination a[rel=next]")
    second = BeautifulSoup(client.get("/tags/?page=2").content, "html.parser")
    assert len(second.select(".tag-index li")) == 1
    assert "?page=2" in second.select_one("link[rel=canonical]")["href"]


def test_empty_index(client, home):
    soup = BeautifulSoup(client.get("/tags/").content, "html.parser")
    assert "لا توجد وسوم بعد" in soup.get_text()
