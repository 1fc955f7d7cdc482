"""Importer safety: pictures only from the import folder, limits with clear
messages, and every malformed file a clean `ImportFailed`, never a
traceback (Hypothesis over near-valid ninjs and WXR documents)."""

import json
import os
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sahifa.articles.models import ArticlePage
from sahifa.core.models import SahifaImage
from sahifa.core.text import is_clean
from sahifa.importers.services import ImportFailed, import_file, import_wxr

from .conftest import make_image
from .test_services import hero, html_body, item

pytestmark = pytest.mark.django_db

# The picture outside the import folder has a size no legitimate test image has.
SECRET_SIZE = (77, 55)


@pytest.fixture
def folders(tmp_path):
    feed = tmp_path / "feed"
    make_image(feed / "images/good.jpg", (320, 180))
    make_image(feed / "uploads/2024/05/good.jpg", (320, 180))
    secret = make_image(tmp_path / "secret/s.jpg", SECRET_SIZE)
    (feed / "link.jpg").symlink_to(secret)
    (feed / "uploads/2024/05/link.jpg").symlink_to(secret)
    return feed, secret


def no_secret_stored():
    return not SahifaImage.objects.filter(width=SECRET_SIZE[0], height=SECRET_SIZE[1]).exists()


def write(feed, data, name="a.json"):
    path = feed / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


# -- confinement ---------------------------------------------------------------
def outside_hrefs(feed, secret):
    return [
        "../secret/s.jpg",
        "images/../../secret/s.jpg",
        "%2e%2e/secret/s.jpg",
        str(secret),
        secret.as_uri(),
        "link.jpg",  # a symlink inside the folder that points out of it
    ]


def test_hero_outside_the_folder_is_refused_and_existence_not_revealed(section, folders):
    feed, secret = folders
    messages = set()
    for href in outside_hrefs(feed, secret):
        for target in (href, href.replace("s.jpg", "missing.jpg")):
            path = write(feed, item(associations=hero(target)))
            with pytest.raises(ImportFailed) as error:
                import_file(path, section="politics")
            message = error.value.message
            assert "refused: pictures are read only inside the import folder" in message, message
            assert str(feed.parent) not in message.replace(target, "")
            messages.add(message.replace(target, "HREF"))
    # The same words whether the file exists or not.
    assert len(messages) == 1, messages
    assert no_secret_stored()
    assert not ArticlePage.objects.exists()


def test_body_images_outside_the_folder_are_left_out(section, folders, caplog):
    feed, secret = folders
    imgs = "".join(f'<img src="{escape(h)}" alt="x">' for h in outside_hrefs(feed, secret))
    body = f"<p>نص</p>{imgs}<img src='images/good.jpg' alt='صورة'>"
    [page] = import_file(write(feed, item(bodies=html_body(body))), section="politics")
    images = [b for b in page.body.get_prep_value() if b["type"] == "image"]
    assert len(images) == 1 and SahifaImage.objects.get(pk=images[0]["value"]["image"]).width == 320
    assert no_secret_stored()
    assert caplog.text.count("refused: pictures are read only inside the import folder") == 6


def test_allow_listed_folder(section, folders, settings):
    feed, secret = folders
    path = write(feed, item(associations=hero(secret.as_uri())))
    with pytest.raises(ImportFailed):
        import_file(path, section="politics")
    settings.SAHIFA_IMPORTERS_PICTURE_ROOTS = [str(secret.parent)]
    [page] = import_file(path, section="politics")
    assert (page.hero_image.width, page.hero_image.height) == SECRET_SIZE


def test_wordpress_images_stay_in_the_uploads_folder(home, section, folders):
    feed, secret = folders
    srcs = [
        "https://old.example.com/wp-content/uploads/../../secret/s.jpg",
        "https://old.example.com/wp-content/uploads/2024/05/link.jpg",
        secret.as_uri(),
        str(secret),
        "https://old.example.com/wp-content/uploads/2024/05/good.jpg",
    ]
    content = "".join(f'<p>فقرة</p><img src="{escape(s)}">' for s in srcs)
    path = feed / "export.xml"
    path.write_text(wxr_document([wxr_post(1, "خبر", content)]), encoding="utf-8")
    result = import_wxr(path, section="politics")
    [page] = result.pages
    images = [b for b in page.body.get_prep_value() if b["type"] == "image"]
    assert len(images) == 1
    assert no_secret_stored()


# -- limits ----------------------------------------------------------------------
def test_body_size_limit(section, folders, settings):
    feed, _ = folders
    settings.SAHIFA_ARTICLES_BODY_MAX_CHARS = 1000
    path = write(feed, item(bodies=html_body("<p>" + "ن" * 2000 + "</p>")))
    with pytest.raises(ImportFailed) as error:
        import_file(path, section="politics")
    assert error.value.field == "body"
    assert "too long: 2,007 characters (at most 1,000" in error.value.message


def test_image_pixel_limit(section, folders, settings):
    feed, _ = folders
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 320 * 180 - 1
    with pytest.raises(ImportFailed) as error:
        import_file(write(feed, item(associations=hero("images/good.jpg"))), section="politics")
    assert "image too large: images/good.jpg is 320×180 pixels (at most 57,599" in str(error.value)
    assert not SahifaImage.objects.exists()


def test_item_count_limit(section, folders, settings):
    feed, _ = folders
    settings.SAHIFA_IMPORTERS_MAX_ITEMS = 3
    items = [item(f"urn:x:{n}") for n in range(4)]
    with pytest.raises(ImportFailed) as error:
        import_file(write(feed, items), section="politics")
    assert "too many items: 4 (at most 3 in one file" in str(error.value)


@pytest.mark.parametrize("depth", [40, 200_000])
def test_json_nesting_limit(section, folders, depth):
    feed, _ = folders
    nested = "[" * depth + "]" * depth
    path = write(feed, f'{{"uri": "urn:x", "headline": "خبر", "extra": {nested}}}')
    with pytest.raises(ImportFailed) as error:
        import_file(path, section="politics")
    assert "nested deeper than 32 levels" in str(error.value)


@pytest.mark.parametrize("depth", [150, 100_000])
def test_html_nesting_limit(section, folders, depth):
    feed, _ = folders
    body = "<div>" * depth + "نص" + "</div>" * depth
    with pytest.raises(ImportFailed) as error:
        import_file(write(feed, item(bodies=html_body(body))), section="politics")
    assert error.value.field == "body"
    assert "HTML nested deeper than 100 elements" in error.value.message


# -- malformed values ------------------------------------------------------------
def test_malformed_values_get_clear_errors(section, folders):
    feed, _ = folders
    huge = item(associations=hero("images/good.jpg"))
    text = json.dumps(huge).replace('"width": 320', '"width": 1e309')
    [page] = import_file(write(feed, text), section="politics")  # an absurd width is ignored
    assert page.hero_image.width == 320
    for date in ("0001-01-01T00:00:00+03:00", "9999-12-31T23:59:59-05:00"):
        with pytest.raises(ImportFailed) as error:
            import_file(write(feed, item(firstcreated=date)), section="politics")
        assert error.value.field == "firstcreated"
        assert "date out of range (1800–2200)" in error.value.message


def test_lone_surrogates_and_controls_are_cleaned(section, folders):
    feed, _ = folders
    text = json.dumps(
        item(
            headline="خبر\ud800 عاجل\x0b\x00",
            descriptions=[{"role": "summary", "value": "ملخص\ufffe\x85"}],
            bodies=html_body("<h2>عنوان\x0c</h2><p>نص\udfff</p>"),
            subjects=[{"name": "وسم\x01"}],
        )
    )
    [page] = import_file(write(feed, text), section="politics")
    assert page.title == "خبر عاجل"
    assert page.dek == "ملخص"
    assert json.dumps(page.body.get_prep_value(), ensure_ascii=False).count("\\u") == 0
    assert [t.name for t in page.tags.all()] == ["وسم"]


# -- fuzzing -----------------------------------------------------------------------
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

nasty_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\ud800", "\x00", "\x0b", "\ufffe", "<b>", "]]>", "", " ", "خبر عاجل"]),
)
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), nasty_text
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(nasty_text, children, max_size=3),
    max_leaves=8,
)
DATES = [
    "2024-06-01T08:00:00Z", "2024-06-01T08:00:00", "0001-01-01T00:00:00+03:00",
    "9999-12-31T23:59:59-05:00", "yesterday", "2024-13-45T99:00:00Z", "",
]  # fmt: skip
BODIES = [
    "<p>نص</p>", "<div>" * 300 + "x", "<img src='../secret/s.jpg'>", "<img src='link.jpg'>",
    "<p>" + "ن" * 100 + "</p><img src='images/good.jpg'>", "<script>x</script>", "<p>\ud800</p>",
]  # fmt: skip


def href_strategy(secret):
    return st.sampled_from(
        [
            "images/good.jpg",
            "images/missing.jpg",
            "../secret/s.jpg",
            str(secret),
            secret.as_uri(),
            "link.jpg",
            "%2e%2e/secret/s.jpg",
            "https://cdn.example/x.jpg",
            "file://host/x.jpg",
            "",
            "\x00",
            "images/good.jpg\ud800",
            "//x",
            "C:\\x.jpg",
        ]  # fmt: skip
    )


def ninjs_item(secret):
    rendition = st.fixed_dictionaries(
        {"name": st.sampled_from(["web", "original", ""]), "href": href_strategy(secret)},
        optional={
            "width": st.one_of(st.sampled_from([320, -1, 0, "abc", "BIG"]), json_scalars),
            "height": st.one_of(st.sampled_from([180, "BIG"]), json_scalars),
        },
    )
    association = st.fixed_dictionaries(
        {
            "name": st.sampled_from(["featureimage", "other"]),
            "type": st.sampled_from(["picture", "graphic", "text", None]),
            "renditions": st.one_of(st.lists(rendition, max_size=3), json_values),
        },
        optional={"uri": nasty_text, "descriptions": json_values, "by": json_values},
    )
    headline = st.one_of(st.sampled_from(["خبر عاجل", "خبر\ud800\x0b"]), nasty_text)
    valid = st.fixed_dictionaries(
        {
            "standard": st.just({"name": "ninjs", "version": "2.0"}),
            "uri": st.sampled_from(["urn:a", "urn:b", "urn:\x00c"]),
            "headlines": st.lists(
                st.fixed_dictionaries({"role": st.just("main"), "value": headline}),
                min_size=1,
                max_size=2,
            ),
        },
        optional={
            "bodies": st.lists(
                st.fixed_dictionaries(
                    {
                        "contenttype": st.sampled_from(["text/html", "text/plain", "x"]),
                        "value": st.one_of(st.sampled_from(BODIES), nasty_text),
                    }
                ),
                max_size=2,
            ),
            "firstcreated": st.sampled_from(DATES),
            "embargoed": st.sampled_from(DATES),
            "pubstatus": st.sampled_from(["usable", "withheld", "draft"]),
            "associations": st.lists(association, max_size=2),
            "subjects": st.lists(st.fixed_dictionaries({"name": nasty_text}), max_size=2),
            "descriptions": st.lists(
                st.fixed_dictionaries({"role": st.just("summary"), "value": nasty_text}),
                max_size=1,
            ),
        },
    )
    # Then a few fields (or none) replaced by any JSON at all: wrong types.
    keys = st.sampled_from(
        ["uri", "headlines", "bodies", "firstcreated", "associations", "subjects",
         "bylines", "standard", "renditions", "descriptions"]
    )  # fmt: skip
    overrides = st.dictionaries(keys, json_values, max_size=2)
    return st.builds(lambda base, bad: {**base, **bad}, valid, st.one_of(st.just({}), overrides))


def ninjs_document(secret):
    items = st.lists(ninjs_item(secret), min_size=1, max_size=3)
    encoded = st.one_of(items, ninjs_item(secret), json_values).map(
        lambda data: json.dumps(data, ensure_ascii=False).replace('"BIG"', "1e309")
    )

    def mutate(text, cut, junk):
        # Truncation or junk somewhere: near-valid text that is not JSON.
        return text[:cut] + junk + text[cut:] if junk else text[:cut]

    return st.one_of(
        encoded,
        st.builds(
            mutate, encoded, st.integers(0, 200), st.sampled_from(["", "}", "\ud800", "\x00"])
        ),
    )


def test_fuzz_ninjs_import(section, folders):
    feed, secret = folders
    outcomes = {"imported": 0, "refused": 0}

    @FUZZ
    @given(text=ninjs_document(secret))
    def run(text):
        path = write(feed, text)
        try:
            pages = import_file(path, section="politics")
        except ImportFailed as exc:
            outcomes["refused"] += 1
            assert is_clean(str(exc).replace(str(path), ""))
        else:
            outcomes["imported"] += 1
            for page in pages:
                assert is_clean(page.title) and is_clean(page.dek)
        assert no_secret_stored()

    run()
    assert outcomes["imported"] and outcomes["refused"], outcomes


# -- WXR -------------------------------------------------------------------------
def wxr_post(post_id, title, content, date="2024-05-01 09:00:00", status="publish", extra=""):
    return f"""<item><title>{title}</title><link>https://old.example.com/?p={post_id}</link>
<guid isPermaLink="false">https://old.example.com/?p={post_id}</guid>
<dc:creator><![CDATA[layla]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>{date}</wp:post_date>
<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:post_name>p-{post_id}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>{extra}</item>"""


def wxr_document(items: list[str]) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>موقع</title><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example.com</wp:base_site_url>
<wp:base_blog_url>https://old.example.com</wp:base_blog_url>
{"".join(items)}</channel></rss>"""


def wxr_strategy(secret):
    srcs = st.sampled_from(
        [
            "https://old.example.com/wp-content/uploads/2024/05/good.jpg",
            "https://old.example.com/wp-content/uploads/../../secret/s.jpg",
            "https://old.example.com/wp-content/uploads/2024/05/link.jpg",
            secret.as_uri(),
            str(secret),
            "../secret/s.jpg",
        ]  # fmt: skip
    )
    content = st.one_of(
        st.sampled_from(BODIES).map(lambda b: b.replace("\ud800", "")),
        srcs.map(lambda s: f'<p>نص</p><img src="{s}">'),
        st.text(max_size=40).map(lambda t: t.replace("]]>", "")),
    )
    title = st.one_of(st.sampled_from(["خبر", "", "\x85عنوان", "&amp;"]), st.text(max_size=20))
    post = st.builds(
        wxr_post,
        st.integers(1, 5),
        title.map(escape),
        content,
        st.sampled_from(["2024-05-01 09:00:00", "0001-01-01 00:00:00", "9999-12-31 23:59:59", "x"]),
        st.sampled_from(["publish", "draft", "future", "trash"]),
        st.sampled_from(
            [
                "",
                '<category domain="category" nicename="siyasa"><![CDATA[سياسة]]></category>',
                '<category domain="post_tag" nicename="x"><![CDATA[\x85وسم]]></category>',
                "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                "<wp:meta_value>999</wp:meta_value></wp:postmeta>",
            ]
        ),
    )
    document = st.lists(post, min_size=0, max_size=3).map(wxr_document)

    def mutate(text, cut, junk):
        return text[:cut] + junk + text[cut:] if junk else text[:cut]

    return st.one_of(
        document,
        st.builds(
            mutate,
            document,
            st.integers(0, 1200),
            st.sampled_from(["", "<", "&bogus;", "\x00", "<!DOCTYPE x [<!ENTITY a 'b'>]>"]),
        ),
    )


def test_fuzz_wxr_import(home, section, folders):
    feed, secret = folders
    outcomes = {"imported": 0, "refused": 0}

    @FUZZ
    @given(text=wxr_strategy(secret))
    def run(text):
        path = feed / "export.xml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            result = import_wxr(path, uploads=feed / "uploads", section="politics")
        except ImportFailed:
            outcomes["refused"] += 1
        else:
            outcomes["imported"] += 1
            for page in result.pages:
                assert is_clean(page.title)
        assert no_secret_stored()

    run()
    assert outcomes["imported"] and outcomes["refused"], outcomes


def test_fixture_secret_is_readable(folders):
    """The confinement tests mean something: the secret file exists and the
    process could read it."""
    _, secret = folders
    assert os.access(secret, os.R_OK)
