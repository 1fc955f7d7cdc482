"""HTML → body blocks, without a database: links and images come from callbacks."""

import pytest

from sahifa.importers.html import (
    html_to_blocks,
    html_to_text,
    sanitize,
    text_to_blocks,
)

KNOWN = {"urn:sahifa:demo:eco-002": 42}


def convert(html, **kwargs):
    kwargs.setdefault("resolve_link", KNOWN.get)
    return html_to_blocks(html, **kwargs)


# -- sanitization ----------------------------------------------------------------
def test_scripts_styles_and_event_handlers_are_removed():
    html = (
        '<p onclick="steal()" style="color:red">نص <a href="javascript:alert(1)" onmouseover="x()">رابط</a></p>'
        "<script>alert('xss')</script><style>p{}</style><img src=x onerror=alert(1)>"
    )
    cleaned = sanitize(html)
    for bad in ("script", "alert", "onclick", "onmouseover", "onerror", "style", "javascript"):
        assert bad not in cleaned
    assert convert(html) == [("paragraph", "<p>نص رابط</p>")]


def test_document_wrapper_and_repeated_headline_are_dropped():
    html = (
        "<html><head><title>العنوان</title></head><body><article><section>"
        "<h1>العنوان</h1><div><p>فقرة</p></div></section></article></body></html>"
    )
    assert convert(html, headline="العنوان") == [("paragraph", "<p>فقرة</p>")]


def test_repeated_headline_is_matched_with_spelling_folded():
    # Other hamza, tashkeel, tatweel, ta marbuta and punctuation: the same headline.
    html = "<h1>أزمةُ الـمياه: الحكومة تتحرك!</h1><p>فقرة</p>"
    assert convert(html, headline="ازمة المياه الحكومه تتحرك") == [("paragraph", "<p>فقرة</p>")]
    # Another headline, or none, keeps the <h1>.
    assert convert(html, headline="خبر آخر")[0] == ("subheading", "أزمةُ الـمياه: الحكومة تتحرك!")
    assert convert("<h1>!</h1>", headline="")[0] == ("subheading", "!")


# -- paragraphs ------------------------------------------------------------------
def test_paragraph_keeps_bold_italic_links_in_wagtail_format():
    html = (
        '<p>نص <strong>غامق</strong> و<em>مائل</em> <span class="x">عادي</span> '
        '<a href="https://example.org/a?b=1&amp;c=2" target="_blank">خارجي</a> '
        '<a href="urn:sahifa:demo:eco-002">داخلي</a><br>سطر</p>'
    )
    assert convert(html) == [
        (
            "paragraph",
            "<p>نص <b>غامق</b> و<i>مائل</i> عادي "
            '<a href="https://example.org/a?b=1&amp;c=2">خارجي</a> '
            '<a linktype="page" id="42">داخلي</a><br/>سطر</p>',
        )
    ]


def test_unknown_item_links_are_kept_for_later_relinking():
    blocks = convert('<p>انظر <a href="urn:sahifa:demo:spo-009">الخبر</a></p>')
    assert blocks == [("paragraph", '<p>انظر <a href="urn:sahifa:demo:spo-009">الخبر</a></p>')]


def test_loose_inline_text_becomes_a_paragraph():
    assert convert("نص حر <b>مهم</b><p>فقرة</p>") == [
        ("paragraph", "<p>نص حر <b>مهم</b></p>"),
        ("paragraph", "<p>فقرة</p>"),
    ]


def test_empty_paragraphs_are_skipped():
    assert convert("<p> </p><p><b></b><br></p>") == []


def test_lists_become_rich_text_paragraphs():
    assert convert("<ol><li>أول</li><li>ثان <em>مهم</em></li></ol>") == [
        ("paragraph", "<ol><li>أول</li><li>ثان <i>مهم</i></li></ol>")
    ]


def test_plain_text_body():
    assert text_to_blocks("الأولى\nتكملة\n\nالثانية & <ب>") == [
        ("paragraph", "<p>الأولى<br/>تكملة</p>"),
        ("paragraph", "<p>الثانية &amp; &lt;ب&gt;</p>"),
    ]
    assert text_to_blocks("سطر\nسطر آخر") == [
        ("paragraph", "<p>سطر</p>"),
        ("paragraph", "<p>سطر آخر</p>"),
    ]


# -- headings, quotes --------------------------------------------------------------
def test_headings_become_subheadings():
    assert convert("<h2>أولاً</h2><h3>ثانياً  <b>مهم</b></h3>") == [
        ("subheading", "أولاً"),
        ("subheading", "ثانياً مهم"),
    ]


@pytest.mark.parametrize(
    ("html", "text", "attribution"),
    [
        (
            "<blockquote><p>«قول»</p><footer>— وزير المالية</footer></blockquote>",
            "«قول»",
            "وزير المالية",
        ),
        ("<blockquote>«قول»<cite>فلان</cite></blockquote>", "«قول»", "فلان"),
        ("<blockquote><p>«قول»</p><p>— <cite>فلان</cite></p></blockquote>", "«قول»", "فلان"),
        (
            "<blockquote><p>سطر أول</p><p>سطر ثان</p><p>— فلانة</p></blockquote>",
            "سطر أول\nسطر ثان",
            "فلانة",
        ),
        ("<blockquote>«قول بلا قائل»</blockquote>", "«قول بلا قائل»", ""),
        (
            "<figure><blockquote><p>«قول»</p></blockquote><figcaption>مصدر</figcaption></figure>",
            "«قول»",
            "مصدر",
        ),
    ],
)
def test_quotes_with_attribution(html, text, attribution):
    assert convert(html) == [("quote", {"text": text, "attribution": attribution})]


# -- read also -------------------------------------------------------------------
@pytest.mark.parametrize(
    "label",
    ["اقرأ أيضاً:", "اقرأ أيضا:", "إقرأ أيضاً:", "اقرأ ايضا:", "اقرأ ايضا :", "<b>اقرأ أيضاً:</b>"],
)
def test_read_also_spellings_pointing_at_a_known_article(label):
    html = f'<p>{label} <a href="urn:sahifa:demo:eco-002">عنوان قديم</a></p>'
    assert convert(html) == [("read_also", {"page": 42, "url": "", "title": ""})]


def test_read_also_to_an_unknown_link_keeps_url_and_title():
    html = '<p>اقرأ أيضاً: <a href="https://example.org/x">خبر خارجي</a></p>'
    assert convert(html) == [
        ("read_also", {"page": None, "url": "https://example.org/x", "title": "خبر خارجي"})
    ]


@pytest.mark.parametrize(
    "html",
    [
        # two links
        '<p>اقرأ أيضاً: <a href="https://a.example">أ</a> و<a href="https://b.example">ب</a></p>',
        # no colon
        '<p>اقرأ أيضاً <a href="https://a.example">أ</a></p>',
        # more text than the label
        '<p>اقرأ أيضاً: التقرير الكامل في <a href="https://a.example">الرابط</a></p>',
        # not the label
        '<p>شاهد أيضاً: <a href="https://a.example">أ</a></p>',
    ],
)
def test_not_read_also(html):
    [(kind, _value)] = convert(html)
    assert kind == "paragraph"


# -- media -----------------------------------------------------------------------
def test_iframes_and_media_links_become_embeds():
    html = (
        '<figure><iframe src="//www.youtube.com/embed/abc123" title="المؤتمر"></iframe>'
        "<figcaption>تعليق</figcaption></figure>"
        '<iframe src="https://player.vimeo.com/video/99"></iframe>'
        '<p><a href="https://x.com/sahifa/status/1">https://x.com/sahifa/status/1</a></p>'
        '<blockquote class="twitter-tweet"><p>تغريدة</p><a href="https://twitter.com/a/status/2">رابط</a></blockquote>'
        '<iframe src="javascript:alert(1)"></iframe>'
    )
    assert convert(html) == [
        (
            "embed",
            {
                "url": "https://www.youtube.com/watch?v=abc123",
                "title": "المؤتمر",
                "caption": "تعليق",
            },
        ),
        ("embed", {"url": "https://vimeo.com/99", "title": "", "caption": ""}),
        ("embed", {"url": "https://x.com/sahifa/status/1", "title": "", "caption": ""}),
        ("embed", {"url": "https://twitter.com/a/status/2", "title": "", "caption": ""}),
    ]


def test_images_go_through_the_resolver():
    seen = []

    def resolve_image(attrs):
        seen.append(attrs)
        return 7 if attrs.get("src") == "images/local.jpg" else None

    html = (
        '<figure><img src="images/local.jpg" alt="بديل" data-assoc-ref="a1" onerror="x()">'
        "<figcaption>تعليق الصورة</figcaption></figure>"
        '<img src="https://cdn.example.org/remote.jpg">'
        '<p>قبل الصورة <img src="images/local.jpg"></p>'
    )
    assert convert(html, resolve_image=resolve_image) == [
        ("image", {"image": 7, "caption": "تعليق الصورة"}),
        ("paragraph", "<p>قبل الصورة</p>"),
        ("image", {"image": 7, "caption": ""}),
    ]
    assert seen[0] == {"src": "images/local.jpg", "alt": "بديل", "data-assoc-ref": "a1"}


def test_images_are_dropped_without_a_resolver():
    assert convert('<img src="a.jpg"><p>نص</p>') == [("paragraph", "<p>نص</p>")]


# -- text and relinking ------------------------------------------------------------
def test_html_to_text():
    assert (
        html_to_text("<p>سطر <b>أول</b></p><p>ثان&amp;ثالث</p><script>x()</script>")
        == "سطر أول ثان&ثالث"
    )
    assert html_to_text("  نص   عادي ") == "نص عادي"
    assert html_to_text("") == ""
