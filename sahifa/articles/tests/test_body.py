"""The article interface: each block's readings and the one text rule."""

from sahifa.articles import body
from sahifa.articles.blocks import Link
from sahifa.articles.body import relink as relink_body
from sahifa.articles.richtext import relink, text_lines

KNOWN = {"urn:sahifa:demo:eco-002": 42}

RAW = [
    {
        "type": "paragraph",
        "value": "<p>سطر <b>أول</b> &amp; ثان</p><ul><li>بند</li><li>آخر</li></ul>",
    },
    {"type": "subheading", "value": "عنوان  فرعي"},
    {"type": "quote", "value": {"text": "قول\nفي سطرين", "attribution": "وزير المالية"}},
    {"type": "image", "value": {"image": 7, "caption": "تعليق الصورة"}},
    {
        "type": "embed",
        "value": {"url": "https://video.example/1", "title": "فيديو", "caption": "شرح"},
    },
    {"type": "read_also", "value": {"page": 9, "url": "", "title": ""}},
    {
        "type": "read_also",
        "value": {"page": None, "url": "https://x.example/a", "title": "خبر آخر"},
    },
    {"type": "unknown_future_block", "value": "لا يقرأ"},
]


def test_the_text_rule():
    assert body.body_lines(RAW) == [
        "سطر أول & ثان",
        "بند",
        "آخر",
        "عنوان فرعي",
        "قول",
        "في سطرين",
        "وزير المالية",
    ]
    # Captions, embed titles, read-also titles and URLs are not the article's text.
    text = body.body_text(RAW)
    for absent in ("تعليق الصورة", "فيديو", "شرح", "خبر آخر", "https"):
        assert absent not in text
    assert body.text_lines(" العنوان ", "الملخص", RAW)[:3] == ["العنوان", "الملخص", "سطر أول & ثان"]
    assert body.text_lines("العنوان", "", []) == ["العنوان"]


def test_links():
    assert body.body_links(RAW) == [
        Link("inline", url="https://video.example/1"),
        Link("read_also", page_id=9),
        Link("read_also", url="https://x.example/a"),
    ]
    raw = [
        {
            "type": "paragraph",
            "value": '<p><a linktype="page" id="5">أ</a> <a href="https://e.org">ب</a></p>',
        }
    ]
    assert body.body_links(raw) == [Link("inline", page_id=5), Link("inline", url="https://e.org")]


def test_text_lines_of_rich_text():
    assert text_lines("<p>أ<br>ب</p><h3>ج</h3>") == ["أ", "ب", "ج"]
    assert text_lines("") == []


def test_relink():
    value = (
        '<p><a href="urn:sahifa:demo:eco-002">أ</a> <a href="https://example.org">ب</a> '
        '<a linktype="page" id="3">ج</a></p>'
    )
    assert relink(value, KNOWN.get) == (
        '<p><a linktype="page" id="42">أ</a> <a href="https://example.org">ب</a> '
        '<a linktype="page" id="3">ج</a></p>'
    )


def test_relink_body():
    raw = [
        {
            "type": "read_also",
            "value": {"page": None, "url": "urn:sahifa:demo:eco-002", "title": "قديم"},
        },
        {
            "type": "read_also",
            "value": {"page": None, "url": "https://example.org", "title": "خارجي"},
        },
        {"type": "paragraph", "value": '<p><a href="urn:sahifa:demo:eco-002">أ</a></p>'},
        {"type": "subheading", "value": "urn:sahifa:demo:eco-002"},
    ]
    assert relink_body(raw, KNOWN.get) is True
    assert raw[0]["value"] == {"page": 42, "url": "", "title": ""}
    assert raw[1]["value"]["url"] == "https://example.org"
    assert raw[2]["value"] == '<p><a linktype="page" id="42">أ</a></p>'
    assert raw[3]["value"] == "urn:sahifa:demo:eco-002"
    assert relink_body(raw, KNOWN.get) is False


def test_read_also_position():
    paragraph = {"type": "paragraph", "value": "<p>نص</p>"}
    heading = {"type": "subheading", "value": "عنوان"}
    read_also = {"type": "read_also", "value": {"page": 3, "url": "", "title": ""}}
    assert body.read_also_position([paragraph, heading, paragraph, paragraph], 2) == 2
    assert body.read_also_position([paragraph, heading], 2) is None
    assert body.read_also_position([paragraph, paragraph, read_also], 1) is None
