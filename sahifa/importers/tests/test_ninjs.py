"""The ninjs parser is pure: JSON in, ItemData out, no database."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from sahifa.importers import ninjs
from sahifa.importers.types import ItemError

from .conftest import FIXTURES


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def v2(**fields):
    item = {"uri": "urn:x:1", "headlines": [{"value": "عنوان"}]}
    item.update(fields)
    return item


# -- version detection ---------------------------------------------------------
@pytest.mark.parametrize(
    ("item", "version"),
    [
        ({"standard": {"name": "ninjs", "version": "1.5"}, "headline": "x"}, 1),
        ({"standard": {"version": "2.1"}, "headlines": []}, 2),
        ({"standard": {"name": "TTNINJS", "version": "2.0"}}, 2),
        ({"$schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"}, 2),
        ({"$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.4.json"}, 1),
        ({"headline": "x", "body_html": "<p>y</p>"}, 1),
        ({"associations": {"featureimage": {}}}, 1),
        ({"headlines": [{"value": "x"}]}, 2),
        ({"bodies": [{"value": "x"}]}, 2),
        ({"associations": [{"name": "a"}]}, 2),
    ],
)
def test_detect_version(item, version):
    assert ninjs.detect_version(item) == version


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        (
            {"standard": {"version": "3.0"}, "uri": "urn:a"},
            "standard.version",
            "unsupported ninjs version '3.0'",
        ),
        (
            {"$schema": "https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"},
            "$schema",
            "unsupported",
        ),
        ({"standard": {"name": "NewsML-G2", "version": "2.30"}}, "standard.name", "not ninjs"),
        ({"uri": "urn:a", "title": "no headline, no body"}, None, "not a ninjs item"),
    ],
)
def test_unknown_format(item, field, words):
    with pytest.raises(ItemError) as error:
        ninjs.detect_version(item, index=3)
    assert error.value.index == 3
    assert error.value.field == field
    assert "unknown format" in error.value.message
    assert words in error.value.message


@pytest.mark.parametrize("data", [42, "text", None, True])
def test_document_must_be_object_or_list(data):
    with pytest.raises(ItemError, match="unknown format"):
        ninjs.parse_document(data)


def test_empty_list_is_an_error():
    with pytest.raises(ItemError, match="no items"):
        ninjs.parse_document([])


def test_list_entry_that_is_not_an_object():
    with pytest.raises(ItemError) as error:
        ninjs.parse_document([v2(), "nope"])
    assert error.value.index == 2
    assert "not a JSON object" in error.value.message


def test_invalid_json_names_line_and_column():
    with pytest.raises(ItemError) as error:
        ninjs.parse_json('{"uri": "urn:x",\n  "headline": }')
    assert error.value.index is None
    assert "invalid JSON" in error.value.message
    assert "line 2" in error.value.message


# -- ninjs 1.x -------------------------------------------------------------------
def test_ninjs1_item_mapping():
    [item] = ninjs.parse_document(load("ninjs1_item.json"))
    assert item.version == 1
    assert item.index == 1
    assert item.uri == "urn:sahifa:test:eco-001"
    assert item.headline == "الحكومة تعلن ميزانية 2025.. هل تنجح خطة خفض العجز؟"
    # description_text, HTML stripped
    assert (
        item.dek == "تتوقع وزارة المالية تراجع العجز إلى 2.3% من الناتج المحلي خلال العام المقبل."
    )
    assert item.body.startswith("<p>أعلنت وزارة المالية") and item.body_is_html
    riyadh = timezone(timedelta(hours=3))
    assert item.firstcreated == datetime(2024, 10, 25, 8, 0, tzinfo=riyadh)
    assert item.versioncreated == datetime(2024, 10, 25, 11, 30, tzinfo=riyadh)
    assert item.publishable
    # "بقلم:" dropped, " و " splits the names
    assert item.bylines == ["سارة خالد", "أحمد علي"]
    # subject + keywords are tags; genre is not
    assert item.tags == ["اقتصاد", "الميزانية العامة", "النفط", "العجز"]
    assert item.section_names == ["اقتصاد", "الميزانية العامة", "تقرير"]

    hero = item.hero
    assert hero.name == "featureimage"
    assert hero.field == "associations.featureimage"
    assert hero.uri == "urn:sahifa:test:eco-001:photo"
    assert hero.caption == "وزير المالية يعرض أرقام الميزانية في الرياض"
    assert hero.headline == "وزير المالية خلال المؤتمر الصحفي"
    assert hero.photographer == "محمد السالم"
    assert hero.agency == "وكالة الأنباء"
    assert [(r.name, r.href, r.width, r.height) for r in hero.renditions] == [
        ("thumbnail", "images/eco-001-thumb.jpg", 160, 90),
        ("original", "images/eco-001.jpg", 640, 360),
        ("hires", "https://media.example.org/eco-001-hires.jpg", 4000, 2250),
    ]


def test_ninjs1_headline_variants_and_plain_text_body():
    [item] = ninjs.parse_document(
        {"uri": "urn:a", "headline_main": "العنوان الرئيسي", "body_text": "فقرة أولى\n\nفقرة ثانية"}
    )
    assert item.headline == "العنوان الرئيسي"
    assert item.body == "فقرة أولى\n\nفقرة ثانية"
    assert not item.body_is_html


def test_ninjs1_first_picture_when_no_featureimage():
    [item] = ninjs.parse_document(
        {
            "uri": "urn:a",
            "headline": "x",
            "associations": {
                "video": {"type": "video", "renditions": {"m": {"href": "v.mp4"}}},
                "mainpic": {"type": "picture", "renditions": {"m": {"href": "a.jpg"}}},
            },
        }
    )
    assert item.hero.name == "mainpic"


# -- ninjs 2.x -------------------------------------------------------------------
def test_ninjs2_list_mapping():
    items = ninjs.parse_document(load("ninjs2_linked.json"))
    assert [item.uri for item in items] == [
        "urn:sahifa:test:pol-101",
        "urn:sahifa:test:eco-102",
        "urn:sahifa:test:pol-103",
    ]
    assert [item.index for item in items] == [1, 2, 3]
    first, second, third = items
    assert first.version == 2
    # role main wins over an earlier role
    assert first.headline == "قمة المناخ تنطلق وسط خلافات حول تمويل الدول النامية"
    # role summary wins over ednote; HTML stripped
    assert first.dek == "وفود من 190 دولة تجتمع في باكو لبحث التمويل."
    # the HTML body is preferred to the plain one
    assert first.body.startswith("<p>انطلقت") and first.body_is_html
    assert first.firstcreated == datetime(2024, 11, 2, 7, 15, tzinfo=UTC)
    assert first.bylines == ["ليلى حسن"]
    assert first.tags == ["مناخ", "سياسة دولية"]
    assert first.section_names == ["مناخ", "سياسة دولية", "خبر"]
    assert first.hero.caption == "رؤساء الوفود خلال الجلسة الافتتاحية لقمة المناخ"
    assert first.hero.alt == "قاعة مؤتمرات مزدحمة"
    assert first.hero.headline == "قاعة المؤتمرات في باكو"
    assert first.hero.photographer == "نور الدين يوسف"
    assert first.hero.agency == "AFP"
    assert [r.name for r in first.hero.renditions] == ["original", "web", "thumb"]

    # headline without role; `by` string; first picture association is the hero
    assert second.headline == "أسواق الطاقة تترقب نتائج القمة"
    assert second.dek == "المستثمرون يراقبون أي التزامات جديدة بخفض الانبعاثات."
    assert second.bylines == ["فريق الاقتصاد"]
    assert second.hero.name == "main"
    assert second.hero.field == "associations.main"
    assert second.hero.agency == "رويترز"

    assert third.bylines == ["ليلى حسن", "كريم منصور"]
    assert third.hero is None


def test_ninjs2_genre_is_not_a_tag_and_keywords_are_ignored():
    [item] = ninjs.parse_document(
        [v2(subjects=[{"name": "رياضة"}], genres=[{"name": "تحليل"}], keywords=["كرة"])]
    )
    assert item.tags == ["رياضة"]
    assert item.section_names == ["رياضة", "تحليل"]


def test_caption_falls_back_to_headline():
    [item] = ninjs.parse_document(
        [
            v2(
                associations=[
                    {
                        "name": "featureimage",
                        "type": "picture",
                        "headlines": [{"value": "عنوان الصورة"}],
                        "renditions": [{"name": "a", "href": "a.jpg"}],
                    }
                ]
            )
        ]
    )
    assert item.hero.caption == "عنوان الصورة"


@pytest.mark.parametrize(
    ("status", "publishable", "normalised"),
    [
        (None, True, "usable"),
        ("usable", True, "usable"),
        ("withheld", False, "withheld"),
        ("cancelled", False, "canceled"),
    ],
)
def test_pubstatus(status, publishable, normalised):
    fields = {"pubstatus": status} if status else {}
    [item] = ninjs.parse_document(v2(**fields))
    assert item.publishable is publishable
    assert item.pubstatus == normalised


def test_naive_dates_are_read_in_the_site_timezone():
    [item] = ninjs.parse_document(v2(firstcreated="2024-05-01T10:00:00"))
    assert item.firstcreated.utcoffset() == timedelta(hours=3)  # Asia/Riyadh


# -- errors ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        ({"uri": "urn:x:1", "headlines": []}, "headlines", "missing"),
        ({"uri": "urn:x:1", "headlines": [{"value": "  "}]}, "headlines", "missing"),
        ({"uri": "urn:x:1", "headline": "", "body_html": "<p>x</p>"}, "headline", "missing"),
        ({"headlines": [{"value": "x"}]}, "uri", "missing"),
        (v2(bodies=[{"value": 5}]), "bodies[0].value", "must be a string"),
        (v2(bodies="<p>x</p>"), "bodies", "must be a list"),
        (
            {"uri": "urn:x:1", "headline": "x", "body_html": ["<p>"]},
            "body_html",
            "must be a string",
        ),
        (v2(firstcreated="yesterday"), "firstcreated", "not an ISO 8601 date-time"),
        (v2(pubstatus="draft"), "pubstatus", "unknown value 'draft'"),
        (v2(subjects=["اقتصاد"]), "subjects[0]", "must be an object"),
        (v2(headlines=[{"value": "x" * 256}]), "headlines", "longer than 255"),
    ],
)
def test_item_errors_name_item_and_field(item, field, message):
    with pytest.raises(ItemError) as error:
        ninjs.parse_document([v2(), item])
    assert error.value.index == 2
    assert error.value.field == field
    assert message in error.value.message
    assert error.value.uri == item.get("uri", "")
