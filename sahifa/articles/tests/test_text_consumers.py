"""Every consumer of the article's text reads it through the one rule in
sahifa.articles.body: the quote's attribution counts, an image caption and a
read-also title do not."""

import json

import pytest
from bs4 import BeautifulSoup

from sahifa.listen import services as listen
from sahifa.related import engine
from sahifa.related import index as related_index
from sahifa.related import rebuild as related_rebuild
from sahifa.search import services as search
from sahifa.search.models import SearchEntry

pytestmark = pytest.mark.django_db

SAID_BY = "الناطقة سلمى الزعبي"
CAPTION = "غابة بلوطية قرب البحيرة"
READ_ALSO = "مهرجان الزعفران السنوي"


@pytest.fixture
def article(make_article, make_image, django_capture_on_commit_callbacks):
    image = make_image(title="غابة")
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(
            title="الحكومة تطلق خطة لحماية الغابات",
            dek="خطة تمتد خمس سنوات",
            body=[
                ("paragraph", "<p>أعلنت الحكومة خطة وطنية لحماية الغابات من الحرائق.</p>"),
                ("quote", {"text": "الغابات ثروة لا تعوض", "attribution": SAID_BY}),
                ("image", {"image": image, "caption": CAPTION}),
                ("read_also", {"page": None, "url": "https://example.org/x", "title": READ_ALSO}),
            ],
        )


def _has(text: str, words: str) -> bool:
    return words in " ".join(text.split())


def test_the_page_offers_one_text(article):
    assert article.text_lines() == [
        "الحكومة تطلق خطة لحماية الغابات",
        "خطة تمتد خمس سنوات",
        "أعلنت الحكومة خطة وطنية لحماية الغابات من الحرائق.",
        "الغابات ثروة لا تعوض",
        SAID_BY,
    ]
    assert article.spoken_text() == article.text_lines()
    assert article.word_count() == len(article.body_text().split()) == 15


def test_search_indexes_the_article_text(article):
    entry = SearchEntry.objects.get(pk=article.pk)
    assert entry.body == article.body_text()
    assert _has(entry.body, SAID_BY) and not _has(entry.body, CAPTION)
    assert not _has(entry.body, READ_ALSO)
    assert search.build_entry(article).body == article.body_text()


def test_related_compares_the_article_text(article):
    vector = related_index.build_vector(article)
    expected = engine.term_weights(article.title, article.dek, article.body_text())
    assert vector.terms == expected
    (document,) = [d for d in related_rebuild.live_documents() if d["key"] == article.pk]
    assert document["body"] == article.body_text()


def test_listen_speaks_the_article_text(article):
    assert listen.readable_parts(article) == article.spoken_text()
    spoken = " ".join(s.display for s in listen.spoken_sentences(article))
    assert "سلمى الزعبي" in spoken and "بلوطية" not in spoken and "الزعفران" not in spoken


def test_json_ld_word_count_is_the_article_word_count(article, client):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    (news,) = [b for b in blocks if b.get("@type") == "NewsArticle"]
    assert news["wordCount"] == article.word_count()
