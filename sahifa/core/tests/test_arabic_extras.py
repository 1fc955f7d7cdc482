"""Accented Latin isolation, counts with Arabic plurals, reading time and
the `<time datetime>` value."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from sahifa.core import arabic


@pytest.mark.parametrize(
    "name",
    [
        "Étoile de Dakar",
        "Ørsted",
        "Łódź",
        "Nguyễn Văn An",
        "Çağlar Söyüncü",
        "Šarūnas Jasikevičius",
        "Ålesund",
        "Zoë",
    ],
)
def test_accented_latin_names_isolated_whole(name):
    html = str(arabic.isolate_latin(f"فاز فريق {name}."))
    assert html == f'فاز فريق <bdi dir="ltr">{name}</bdi>.'
    rich = str(arabic.isolate_latin_html(f"<p>فاز فريق {name}.</p>"))
    assert rich == f'<p>فاز فريق <bdi dir="ltr">{name}</bdi>.</p>'


def test_decomposed_accents_stay_in_the_run():
    name = "E\u0301toile"  # É written as E + combining acute
    assert str(arabic.isolate_latin(f"نادي {name}")) == f'نادي <bdi dir="ltr">{name}</bdi>'


def test_multiplication_sign_is_not_latin():
    assert "bdi" not in str(arabic.isolate_latin("٣ × ٤"))


def test_count_in_site_digits():
    assert arabic.count(7, "article") == "7 مقالات"
    assert arabic.count(7, "article", arabic.DIGITS_ARABIC) == "٧ مقالات"
    assert arabic.count(1, "minute") == "دقيقة واحدة"


@pytest.mark.parametrize("words, minutes", [(0, 1), (100, 1), (360, 2), (720, 4), (1800, 10)])
def test_reading_minutes(words, minutes):
    assert arabic.reading_minutes(words) == minutes


def test_format_date_accepts_a_date():
    assert arabic.format_date(datetime.date(2026, 3, 5)) == "5 مارس/آذار 2026"


def test_iso_filter_has_no_microseconds(settings):
    settings.TIME_ZONE = "Asia/Riyadh"
    value = datetime.datetime(2026, 3, 5, 7, 50, 9, 768401, tzinfo=ZoneInfo("UTC"))
    out = Template("{% load sahifa_tags %}{{ value|iso }}").render(Context({"value": value}))
    assert out == "2026-03-05T10:50:09+03:00"


def test_ar_count_tag():
    out = Template('{% load sahifa_tags %}{% ar_count n "minute" %}').render(Context({"n": 3}))
    assert out == "3 دقائق"
