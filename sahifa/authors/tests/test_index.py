"""/authors/: authors with visible articles, their counts and photos."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sahifa.authors.models import Author

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rankings_stay_warm")]


def test_index_lists_authors_of_visible_articles(client, make_article, make_image):
    make_article(title="أ", authors=["ليلى الحسيني"])
    make_article(title="ب", authors=["ليلى الحسيني", "عمر الفاسي"])
    make_article(title="مسودة", authors=["كاتب المسودات"], publish=False)
    leila = Author.objects.get(name="ليلى الحسيني")
    leila.role = "مراسلة"
    leila.photo = make_image(size=(300, 300))
    leila.save()
    soup = BeautifulSoup(client.get("/authors/").content, "html.parser")
    assert soup.h1.get_text() == "الكتّاب"
    cards = soup.select(".author-index > li")
    rows = [
        (c.select_one(".author-name").get_text(), c.select_one(".term-count").get_text())
        for c in cards
    ]
    assert rows == [("عمر الفاسي", "مقال واحد"), ("ليلى الحسيني", "مقالان")]
    assert cards[1].select_one(".author-role").get_text() == "مراسلة"
    assert cards[1].select_one("img.author-photo")
    assert cards[1].select_one("a")["href"] == leila.get_absolute_url()


def test_index_queries_do_not_grow_with_authors(client, make_article, make_image):
    make_article(title="أ", authors=["كاتب 1"])
    client.get("/authors/")
    with CaptureQueriesContext(connection) as few:
        client.get("/authors/")
    for n in range(2, 6):
        make_article(title=f"خبر {n}", authors=[f"كاتب {n}"])
    for author in Author.objects.all():
        author.photo = make_image(size=(200, 200))
        author.save()
    client.get("/authors/")
    with CaptureQueriesContext(connection) as many:
        client.get("/authors/")
    assert len(many) <= len(few) + 2, len(many)


def test_author_page_has_meta_description(client, make_article):
    make_article(authors=["ليلى الحسيني"])
    author = Author.objects.get()
    soup = BeautifulSoup(client.get(author.get_absolute_url()).content, "html.parser")
    assert "ليلى الحسيني" in soup.select_one('meta[name="description"]')["content"]
