from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sahifa.core import arabic


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("dual", "25 أكتوبر/تشرين الأول 2024"),
        ("gregorian", "25 أكتوبر 2024"),
        ("levantine", "25 تشرين الأول 2024"),
    ],
)
def test_format_date_styles(style, expected, settings):
    settings.TIME_ZONE = "UTC"
    value = datetime(2024, 10, 25, 9, 5, tzinfo=ZoneInfo("UTC"))
    assert arabic.format_date(value, style=style) == expected


def test_format_date_time_and_arabic_digits(settings):
    settings.TIME_ZONE = "Asia/Riyadh"
    value = datetime(2024, 1, 3, 6, 5, tzinfo=ZoneInfo("UTC"))
    assert arabic.format_date(value, with_time=True) == "3 يناير/كانون الثاني 2024، 09:05"
    assert arabic.format_date(value, style="gregorian", digits="arabic") == "٣ يناير ٢٠٢٤"


def test_isolate_latin_wraps_runs_and_escapes():
    html = arabic.isolate_latin("أطلقت SpaceX صاروخ Falcon 9 من <قاعدة>.")
    assert '<bdi dir="ltr">SpaceX</bdi>' in html
    assert '<bdi dir="ltr">Falcon 9</bdi>' in html
    assert "&lt;قاعدة&gt;" in html
    assert arabic.isolate_latin("نص عربي فقط") == "نص عربي فقط"


def test_isolate_latin_html_leaves_tags_and_entities_alone():
    html = '<p>قال <a href="https://example.com/CNBC">مراسل CNBC</a> &amp; شركة Tesla.</p>'
    out = arabic.isolate_latin_html(html)
    assert 'href="https://example.com/CNBC"' in out
    assert '<bdi dir="ltr">CNBC</bdi></a>' in out
    assert "&amp;" in out and '<bdi dir="ltr">Tesla</bdi>.' in out
    assert arabic.isolate_latin_html(out) == out  # idempotent


def test_isolate_latin_html_never_splits_an_entity():
    out = arabic.isolate_latin_html("<p>ipt&gt;x AT&amp;T l&#39;s</p>")
    assert '<bdi dir="ltr">ipt</bdi>&gt;' in out
    assert "AT&amp;T" in out and "&#39;" in out


def test_unresolved_item_links_are_unwrapped():
    html = '<p>انظر <a href="urn:sahifa:demo:pol-002">الخبر</a> و<a href="https://a.example/">هذا</a>.</p>'
    out = arabic.unwrap_non_web_links(html)
    assert "urn:" not in out and "انظر الخبر" in out
    assert '<a href="https://a.example/">هذا</a>' in out
