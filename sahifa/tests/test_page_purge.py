"""The page cache across the site: a publish purges the pages that show the
article (its page, its section, home, its tag pages) and nothing else;
revalidation, compression, live fragments and the pre-Django hot path."""

import gzip
from io import BytesIO
from urllib.parse import unquote_to_bytes

import brotli
import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.urls import reverse
from django.utils.encoding import iri_to_uri

from sahifa.core import fragments, pagecache, surrogate

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged():
    calls = []

    def receiver(sender, paths, everything, **kwargs):
        calls.append((sorted(paths), everything))

    pagecache.pages_purged.connect(receiver)
    yield calls
    pagecache.pages_purged.disconnect(receiver)


def test_publish_purges_its_pages_and_leaves_the_rest(
    client, make_article, make_section, page_cache, commit, purged
):
    story = make_article(title="الخبر الأول", tags=["مياه"])
    other_section = make_section("economy", "اقتصاد")
    unrelated = make_article(title="خبر لا علاقة له", parent=other_section)
    tag_url = reverse("tags:detail", kwargs={"slug": story.tags.first().slug})
    section_url = story.get_parent().url
    urls = [story.url, section_url, "/", tag_url, unrelated.url]
    for url in urls:
        assert client.get(url)["X-Cache"] == "MISS", url
    for url in urls:
        assert client.get(url)["X-Cache"] == "HIT", url
    assert surrogate.article(story.pk) in client.get(story.url)["Surrogate-Key"].split()

    story.title = "الخبر بعد التحديث"
    commit(lambda: story.save_revision().publish())

    for url in (story.url, section_url, "/", tag_url):
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "الخبر بعد التحديث" in response.content.decode(), url
    assert client.get(unrelated.url)["X-Cache"] == "HIT"
    # Caches in front of the app hear exactly which paths went.
    paths, everything = purged[-1]
    assert not everything
    assert {iri_to_uri(u) for u in (story.url, section_url, "/", tag_url)} <= set(paths)
    assert iri_to_uri(unrelated.url) not in paths


def test_a_new_article_enters_its_lists(client, make_article, page_cache, commit):
    first = make_article(title="خبر قديم", tags=["طاقة"])
    tag_url = reverse("tags:detail", kwargs={"slug": first.tags.first().slug})
    for url in ("/", tag_url, first.get_parent().url):
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"
    fresh = make_article(title="خبر جديد تماماً", tags=["طاقة"], publish=False)
    commit(lambda: fresh.get_latest_revision().publish())
    for url in ("/", tag_url, first.get_parent().url):
        response = client.get(url)
        assert "خبر جديد تماماً" in response.content.decode(), url
    # The old article's page does not show the new one: still cached.
    assert client.get(first.url)["X-Cache"] in ("HIT", "MISS")


def test_site_settings_change_purges_everything(client, make_article, page_cache, purged):
    story = make_article()
    client.get(story.url)
    pagecache.invalidate()
    assert client.get(story.url)["X-Cache"] == "MISS"
    assert purged[-1] == ([], True)


def test_revalidation_answers_304(client, make_article, page_cache):
    story = make_article()
    first = client.get(story.url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"')
    again = client.get(story.url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(story.url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(story.url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_compressed_variants_decode_to_the_same_page(client, make_article, page_cache):
    story = make_article(title="خبر مضغوط")
    plain = client.get(story.url)
    zipped = client.get(story.url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    packed = client.get(story.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.get("Content-Encoding") is None
    assert zipped["Content-Encoding"] == "gzip" and packed["Content-Encoding"] == "br"
    for response in (plain, zipped, packed):
        assert response["Vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped.content) == plain.content
    assert brotli.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2
    # br refused explicitly: gzip.
    assert client.get(story.url, HTTP_ACCEPT_ENCODING="br;q=0, gzip")["Content-Encoding"] == "gzip"


def test_uncached_answers_are_compressed_too(client, make_article, page_cache, settings):
    settings.PAGE_CACHE_SECONDS = 0
    story = make_article(title="خبر دون ذاكرة")
    plain = client.get(story.url)
    zipped = client.get(story.url, HTTP_ACCEPT_ENCODING="gzip")
    assert "X-Cache" not in zipped and zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert "خبر دون ذاكرة" in gzip.decompress(zipped.content).decode()
    assert len(plain.content) > len(zipped.content)
    feed = client.get(reverse("distribution:feed_rss"), HTTP_ACCEPT_ENCODING="br")
    assert feed.status_code == 200 and feed["Content-Encoding"] == "br"
    assert "خبر دون ذاكرة" in brotli.decompress(feed.content).decode()


def test_live_fragment_refreshes_without_purging(client, make_article, page_cache, monkeypatch):
    """A breaking-news-like fragment in the rail: new HTML on the next hit,
    the page itself stays cached."""
    monkeypatch.setattr(
        fragments, "_fragments", {slot: list(items) for slot, items in fragments._fragments.items()}
    )
    banner = {"text": "عاجل: الخبر الأول"}

    def breaking(context):
        return f"<p class='breaking'>{banner['text']}</p>"

    fragments.add(
        "article_rail",
        breaking,
        live=fragments.Live(key=lambda context: "site", render=lambda key: breaking({})),
    )
    story = make_article()
    assert "عاجل: الخبر الأول" in client.get(story.url).content.decode()
    banner["text"] = "عاجل: الخبر الثاني"
    assert "عاجل: الخبر الأول" in client.get(story.url).content.decode()  # not yet told
    pagecache.fragments_changed()
    response = client.get(story.url, HTTP_ACCEPT_ENCODING="gzip")
    assert response["X-Cache"] == "HIT"
    assert "عاجل: الخبر الثاني" in gzip.decompress(response.content).decode()
    assert fragments.HOLE_PREFIX not in gzip.decompress(response.content).decode()


@pytest.fixture
def raw_wsgi():
    """Call the WSGI handler directly inside the test's transaction, as
    Django's test client does: no closing of "old" connections per request
    (on PostgreSQL that would close the test's own connection)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _wsgi_get(app, path, **headers):
    environ = {
        "REQUEST_METHOD": "GET",
        # As a WSGI server passes it: unquoted bytes read as latin-1.
        "PATH_INFO": unquote_to_bytes(iri_to_uri(path)).decode("latin-1"),
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": BytesIO(),
        **headers,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def test_hot_path_answers_before_django(make_article, page_cache, settings, raw_wsgi):
    story = make_article(title="خبر المسار السريع")
    django_app = WSGIHandler()
    calls = []

    def counted(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return django_app(environ, start_response)

    app = pagecache.wsgi(counted)
    _, first, body = _wsgi_get(app, story.url)
    assert first["X-Cache"] == "MISS"
    _, second, _ = _wsgi_get(app, story.url)
    status, third, zipped = _wsgi_get(app, story.url, HTTP_ACCEPT_ENCODING="gzip")
    # The first answer went through Django and taught the entry its outer headers.
    assert len(calls) == 1, "later answers never reached Django"
    assert second["X-Cache"] == "HIT"
    assert status.startswith("200") and third["X-Cache"] == "HIT"
    assert gzip.decompress(zipped) == body
    # Headers set outside the page cache (security, CSP) are kept.
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert third.get(name) == first.get(name), name
    status, _, empty = _wsgi_get(app, story.url, HTTP_IF_NONE_MATCH=third["ETag"])
    assert status.startswith("304") and empty == b""
    # Editors go through Django every time.
    _wsgi_get(app, story.url, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert len(calls) == 2


def test_purge_reaches_the_hot_path(make_article, page_cache, commit, raw_wsgi):
    story = make_article(title="قبل")
    app = pagecache.wsgi(WSGIHandler())
    for _ in range(3):
        _wsgi_get(app, story.url)
    story.title = "بعد"
    commit(lambda: story.save_revision().publish())
    _, headers, body = _wsgi_get(app, story.url)
    assert headers["X-Cache"] == "MISS" and "بعد" in body.decode()


def test_a_public_change_purges_with_grace_and_a_removal_without(make_article, commit, monkeypatch):
    from sahifa.core import pagecache

    calls: list[tuple[set, bool]] = []
    real = pagecache.purge

    def recording(keys, **kwargs):
        calls.append((set(keys), kwargs.get("grace", False)))
        return real(keys, **kwargs)

    monkeypatch.setattr(pagecache, "purge", recording)
    story = commit(lambda: make_article(title="خبر يعدل ثم يسحب"))

    def edit():
        story.dek = "ملخص معدل"
        story.save_revision().publish()

    calls.clear()
    commit(edit)
    mine = [grace for keys, grace in calls if f"article-{story.pk}" in keys]
    assert mine and all(mine)  # still public: with grace
    calls.clear()
    commit(lambda: story.unpublish())
    mine = [grace for keys, grace in calls if f"article-{story.pk}" in keys]
    assert mine and not any(mine)  # gone from the public's view: at once
