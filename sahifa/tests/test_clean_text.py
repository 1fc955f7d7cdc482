"""Clean text everywhere: whatever a headline, dek, sub-heading, link or tag
name holds, every feed and sitemap is well-formed XML with status 200, and
RSS descriptions carry no markup of their own.

Two ways in: text saved the normal way (the pre_save rule cleans it), and
rows written behind the rule's back (`QuerySet.update()`, as old rows or raw
SQL would be), which the feeds and sitemaps must clean as they serialise."""

import html
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.cache import caches
from django.db import connection
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from taggit.models import Tag
from taggit.utils import parse_tags

from sahifa.articles.models import ArticlePage
from sahifa.core.text import clean_data, clean_text, is_clean
from sahifa.listen.models import ArticleAudio

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\x9f", "\r", "\r\n",
    "\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "\ud800", "\udfff",
    "<b>", "</description>", "<script>alert(1)</script>", "&", "&amp;", "]]>", "\t", "\n",
]  # fmt: skip
SURROGATES = ("\ud800", "\udfff")
# Each example renders 20 feeds and sitemaps; no shrinking (a failure prints its input).
EXAMPLES = 15
# One profile for every property here: each example publishes and renders
# feeds (slow, so no deadline), and the database rolls back per test, so no
# shrinking replays (explicit and generated examples only) or saved examples.
PROFILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def hostile_text(*, storable: bool = False):
    """Text mixing hostile pieces with Arabic and arbitrary characters.
    `storable`: what a database driver accepts at all (no lone surrogates;
    PostgreSQL refuses NUL in text)."""
    pieces = [p for p in HOSTILE if not (storable and p in SURROGATES)]
    if storable and connection.vendor == "postgresql":
        pieces = [p for p in pieces if p != "\x00"]
    chars = st.characters(
        blacklist_categories=("Cs",) if storable else (),
        blacklist_characters="\x00" if storable and connection.vendor == "postgresql" else "",
    )
    return st.lists(
        st.one_of(st.sampled_from(pieces), st.sampled_from(["خبر", "عاجل", " "]), chars),
        min_size=1,
        max_size=12,
    ).map("".join)


FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/feed/?full=1",
    "/feed/atom/?full=1",
    "/feed/section/politics/",
    "/feed/section/politics/atom/?full=1",
    "/listen/podcast.xml",
    "/listen/politics/podcast.xml",
]
SITEMAPS = [
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/sitemap-sections.xml",
    "/sitemap-tags.xml",
    "/sitemap-authors.xml",
]


@pytest.fixture
def story(make_article, django_capture_on_commit_callbacks):
    """A live article with audio (so it is in the podcast feeds too)."""
    with django_capture_on_commit_callbacks(execute=True):
        page = make_article(
            title="عنوان", dek="ملخص", tags=("وسم",), authors=("كاتب",), body=_body("فرعي", "#")
        )
    assert ArticleAudio.objects.filter(page=page, status=ArticleAudio.READY).exists()
    return page


def _body(heading: str, href: str) -> list:
    return [
        ("paragraph", f'<p>فقرة فيها <a href="{html.escape(href)}">رابط</a>.</p>'),
        ("subheading", heading),
        ("quote", {"text": heading, "attribution": heading}),
    ]


def _xml_urls(tag_slug: str) -> list[str]:
    return [
        *FEEDS,
        f"/feed/tag/{tag_slug}/",
        f"/feed/tag/{tag_slug}/atom/",
        *SITEMAPS,
    ]


def _check_everything(client, page, tag_slug: str) -> None:
    for cache in caches.all():
        cache.clear()
    for url in _xml_urls(tag_slug):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        root = ET.fromstring(response.content)  # strict: raises on any bad character
        if "feed" in url or "podcast" in url:
            parsed = feedparser.parse(response.content)
            assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
        if url.startswith("/feed/") and "atom" not in url:
            # RSS <description> is HTML to readers: escaped plain text, no markup.
            for description in root.iter("description"):
                assert "<" not in (description.text or ""), (url, description.text)
    for url in ("/feed/json/", f"/feed/tag/{tag_slug}/json/"):
        response = client.get(url)
        assert response.status_code == 200, url
        data = json.loads(response.content)
        assert clean_data(data) == data
    # JSON can carry any character escaped: it must only answer.
    response = client.get("/api/v2/articles/")
    assert response.status_code == 200 and json.loads(response.content)["items"]


@PROFILE
@given(
    headline=hostile_text(),
    dek=hostile_text(),
    heading=hostile_text(),
    href=hostile_text(),
    tag=hostile_text(),
)
def test_text_saved_normally_is_cleaned_and_feeds_stay_well_formed(
    story, client, headline, dek, heading, href, tag
):
    page = ArticlePage.objects.get(pk=story.pk)
    page.title = "خبر " + headline
    page.dek = dek
    page.body = _body(heading, href)
    page.tags.set(parse_tags("وسم " + tag))  # as the admin's tag field reads it
    page.save_revision().publish()
    page = ArticlePage.objects.get(pk=story.pk)
    stored = [page.title, page.dek, json.dumps(list(page.body.raw_data), ensure_ascii=False)]
    stored += [tag.name for tag in page.tags.all()]
    assert all(is_clean(value) for value in stored), stored
    assert page.title == clean_text("خبر " + headline)
    assert page.get_latest_revision().content["title"] == page.title
    _check_everything(client, page, page.tags.first().slug)


@PROFILE
@given(
    headline=hostile_text(storable=True),
    dek=hostile_text(storable=True),
    heading=hostile_text(storable=True),
    href=hostile_text(storable=True),
    tag=hostile_text(storable=True),
)
def test_rows_stored_before_the_rule_cannot_break_feeds_or_sitemaps(
    story, client, headline, dek, heading, href, tag
):
    page = ArticlePage.objects.get(pk=story.pk)
    raw_body = [
        {"type": kind, "value": value, "id": f"b{n}"}
        for n, (kind, value) in enumerate(_body(heading, href))
    ]
    ArticlePage.objects.filter(pk=page.pk).update(title="خبر " + headline, dek=dek, body=raw_body)
    Tag.objects.filter(pk__in=page.tags.values("pk")).update(name="وسم " + tag)
    ArticleAudio.objects.filter(page=page).update(status=ArticleAudio.READY)
    _check_everything(client, page, page.tags.first().slug)


def test_clean_text_rule():
    assert clean_text("a\x00b\x0bc\x0cd\x7fe\x85f\x9fg") == "abcdefg"
    assert clean_text("line\r\nnext\rlast\ttab\n") == "line\nnext\nlast\ttab\n"
    assert clean_text("\ufffe\uffff\ufdd0\ufdef\U0001fffe\U0010ffff\ud800\udfffخبر") == "خبر"
    # Arabic, emoji, RTL marks and zero-width joiners are text.
    kept = "خبرٌ 😀 \u200f\u200d\u200c\ufdfa\ufdf0"
    assert clean_text(kept) == kept and is_clean(kept)
    assert clean_data({"a\x00": ["x\x0b", ("y\ufffe", 1)], "n": None}) == {
        "a": ["x", ("y", 1)],
        "n": None,
    }
