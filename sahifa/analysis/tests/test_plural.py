import pytest

from sahifa.analysis import plural


@pytest.mark.parametrize(
    "n, category",
    [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (3, "few"),
        (10, "few"),
        (11, "many"),
        (99, "many"),
        (100, "other"),
        (101, "other"),
        (102, "other"),
        (103, "few"),
        (111, "many"),
        (200, "other"),
        (1000, "other"),
        (1003, "few"),
    ],
)
def test_cldr_categories(n, category):
    assert plural.category(n) == category


@pytest.mark.parametrize(
    "n, text",
    [
        (0, "لا مقالات"),
        (1, "مقال واحد"),
        (2, "مقالان"),
        (7, "7 مقالات"),
        (11, "11 مقالاً"),
        (100, "100 مقال"),
        (103, "103 مقالات"),
    ],
)
def test_article_counts(n, text):
    assert plural.count(n, plural.ARTICLE) == text


def test_minutes_and_custom_number_text():
    assert plural.count(1, plural.MINUTE) == "دقيقة واحدة"
    assert plural.count(2, plural.MINUTE) == "دقيقتان"
    assert plural.count(4, plural.MINUTE, "٤") == "٤ دقائق"
    assert plural.count(25, plural.MINUTE) == "25 دقيقة"


def test_every_noun_has_the_number_where_grammar_shows_it():
    for name, noun in plural.NOUNS.items():
        for category in ("few", "many", "other"):
            assert "{n}" in getattr(noun, category), (name, category)
        for category in ("one", "two"):
            assert "{n}" not in getattr(noun, category), (name, category)
