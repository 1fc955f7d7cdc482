"""Wire ingest against feeds served by a local HTTP server (never the internet)."""

import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sahifa.articles.models import ArticlePage
from sahifa.core import scheduler
from sahifa.importers.models import WireItem, WireSource
from sahifa.importers.wires import poll_source

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>وكالة الأنباء</title><link>https://wire.example/</link><description>خدمة الأخبار العربية</description>
  {items}
</channel></rss>"""
ITEM = """<item>
    <title>{title}</title>
    <link>https://wire.example/news/{n}</link>
    <guid isPermaLink="false">wire-{n}</guid>
    <pubDate>Mon, 04 Nov 2024 10:0{n}:00 +0000</pubDate>
    <dc:creator>مراسل الوكالة</dc:creator>
    <category>عاجل</category>
    <description>ملخص الخبر رقم {n}</description>
    <content:encoded><![CDATA[<p>نص الخبر الكامل رقم {n}.</p><script>alert(1)</script><p><img src="https://wire.example/p.jpg"> فقرة ثانية.</p>]]></content:encoded>
  </item>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>وكالة أخرى</title><id>urn:wire:2</id><updated>2024-11-04T10:00:00Z</updated>
  <entry>
    <title>خبر من خلاصة أتوم</title><id>urn:wire:2:item:1</id>
    <link href="https://other.example/a/1"/>
    <updated>2024-11-04T10:00:00Z</updated>
    <author><name>محررة الوكالة</name></author>
    <summary>ملخص أتوم</summary>
    <content type="html">&lt;p&gt;متن أتوم.&lt;/p&gt;</content>
  </entry>
</feed>"""


class _Feeds:
    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.requests: list[dict] = []


@pytest.fixture
def feed_server():
    feeds = _Feeds()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            feeds.requests.append(dict(self.headers))
            body = feeds.files.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            etag = f'"{hash(body)}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    feeds.base = f"http://127.0.0.1:{server.server_port}"
    yield feeds
    server.shutdown()
    server.server_close()


def _rss(*numbers):
    titles = {1: "انطلاق القمة الاقتصادية في الرياض", 2: "ارتفاع أسعار الذهب", 3: "افتتاح جسر جديد"}
    return RSS.format(items="".join(ITEM.format(n=n, title=titles[n]) for n in numbers)).encode()


@pytest.mark.django_db
def test_new_items_become_drafts_and_are_deduplicated(feed_server, section):
    feed_server.files["/rss"] = _rss(1, 2)
    source = WireSource.objects.create(
        name="وكالة الأنباء", url=feed_server.base + "/rss", section=section, tags="وكالات"
    )
    result = poll_source(source)
    # Oldest first, in the agency's order.
    assert [p.title for p in result.created] == [
        "ارتفاع أسعار الذهب",
        "انطلاق القمة الاقتصادية في الرياض",
    ]
    assert not result.errors
    page = ArticlePage.objects.get(title="انطلاق القمة الاقتصادية في الرياض")
    assert not page.live and page.has_unpublished_changes
    assert page.get_parent().pk == section.pk
    assert page.dek == "ملخص الخبر رقم 1"
    assert [a.name for a in page.authors()] == ["مراسل الوكالة"]
    assert set(page.tags.names()) == {"وكالات", "عاجل"}
    draft = page.get_latest_revision_as_object()
    kinds = [b.block_type for b in draft.body]
    assert kinds == ["paragraph", "paragraph", "paragraph"]
    text = str(draft.body.get_prep_value())
    assert "script" not in text and "wire.example/p.jpg" not in text  # sanitised, no remote images
    assert 'المصدر: <a href="https://wire.example/news/1">وكالة الأنباء</a>' in text  # credited

    # Same feed again: the server answers 304 (conditional GET).
    again = poll_source(WireSource.objects.get(pk=source.pk))
    assert again.not_modified and not again.created
    assert feed_server.requests[-1].get("If-None-Match")
    # A changed feed with an old and a new item: only the new one is created.
    feed_server.files["/rss"] = _rss(2, 3)
    third = poll_source(WireSource.objects.get(pk=source.pk))
    assert [p.title for p in third.created] == ["افتتاح جسر جديد"] and third.skipped == 1
    assert ArticlePage.objects.count() == 3 and WireItem.objects.count() == 3


@pytest.mark.django_db
def test_publishing_source_and_atom(feed_server, section):
    feed_server.files["/atom"] = ATOM.encode()
    source = WireSource.objects.create(
        name="وكالة أخرى", url=feed_server.base + "/atom", section=section, publish=True
    )
    result = poll_source(source)
    page = result.created[0]
    assert page.live and page.first_published_at is not None
    assert page.source_uri == f"wire:{source.pk}:urn:wire:2:item:1"
    assert [a.name for a in page.authors()] == ["محررة الوكالة"]
    assert page.body[0].value.source == "<p>متن أتوم.</p>"


@pytest.mark.django_db
def test_errors_are_recorded_not_raised(feed_server, section):
    missing = WireSource.objects.create(
        name="معطل", url=feed_server.base + "/missing", section=section
    )
    broken = WireSource.objects.create(
        name="ليس خلاصة", url=feed_server.base + "/junk", section=section
    )
    feed_server.files["/junk"] = b"this is not xml at all"
    err = StringIO()
    call_command("poll_wires", stdout=StringIO(), stderr=err)
    missing.refresh_from_db()
    broken.refresh_from_db()
    assert missing.last_error == "HTTP 404" and missing.last_polled_at is not None
    assert broken.last_error.startswith("not a feed")
    assert "HTTP 404" in err.getvalue()
    assert ArticlePage.objects.count() == 0


@pytest.mark.django_db
def test_scheduler_runs_poll_wires(feed_server, section, settings, monkeypatch):
    # The scheduler closes stale connections between jobs; here that would
    # close the test's own transaction.
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    run_job = scheduler.run_job

    assert (
        "poll_wires",
        settings.SAHIFA_IMPORTERS_WIRE_POLL_INTERVAL,
    ) in settings.SAHIFA_PERIODIC_JOBS
    feed_server.files["/rss"] = _rss(1)
    WireSource.objects.create(name="وكالة", url=feed_server.base + "/rss", section=section)
    WireSource.objects.create(
        name="متوقف", url=feed_server.base + "/rss2", section=section, active=False
    )
    assert run_job("poll_wires")
    assert ArticlePage.objects.count() == 1


def _rss_item(n, title, pub_date, content="<p>نص الخبر.</p>"):
    return f"""<item><title>{title}</title><link>https://wire.example/news/{n}</link>
    <guid isPermaLink="false">wire-{n}</guid><pubDate>{format_datetime(pub_date)}</pubDate>
    <description>ملخص</description><content:encoded><![CDATA[{content}]]></content:encoded></item>"""


@pytest.mark.django_db
def test_items_keep_their_dates_and_a_future_date_is_an_embargo(feed_server, section):
    past = datetime(2024, 11, 4, 10, 1, tzinfo=UTC)
    embargo = (timezone.now() + timedelta(hours=6)).replace(microsecond=0)
    feed_server.files["/rss"] = RSS.format(
        items=_rss_item(1, "خبر منشور", past) + _rss_item(2, "خبر تحت الحظر", embargo)
    ).encode()
    source = WireSource.objects.create(
        name="وكالة", url=feed_server.base + "/rss", section=section, publish=True
    )
    result = poll_source(source)
    assert not result.errors and len(result.created) == 2

    published = ArticlePage.objects.get(title="خبر منشور")
    assert published.live
    assert published.first_published_at == past  # the feed's date, not the poll's
    assert published.last_updated_at is None

    embargoed = ArticlePage.objects.get(title="خبر تحت الحظر")
    assert not embargoed.live and embargoed.first_published_at is None
    assert embargoed.go_live_at == embargo
    assert embargoed.get_latest_revision().approved_go_live_at == embargo


@pytest.mark.django_db
def test_links_to_a_later_item_are_relinked(feed_server, section):
    link = '<p>تفاصيل في <a href="https://wire.example/news/2">الخبر التالي</a>.</p>'
    feed_server.files["/rss"] = RSS.format(
        items=_rss_item(1, "خبر أول", datetime(2024, 11, 4, 10, 1, tzinfo=UTC), link)
    ).encode()
    source = WireSource.objects.create(
        name="وكالة", url=feed_server.base + "/rss", section=section, publish=True
    )
    [first] = poll_source(source).created
    dates = (first.first_published_at, first.last_updated_at)
    assert 'href="https://wire.example/news/2"' in first.body[0].value.source

    feed_server.files["/rss"] = RSS.format(
        items=_rss_item(2, "خبر لاحق", datetime(2024, 11, 4, 11, 0, tzinfo=UTC))
        + _rss_item(1, "خبر أول", datetime(2024, 11, 4, 10, 1, tzinfo=UTC), link)
    ).encode()
    [later] = poll_source(WireSource.objects.get(pk=source.pk)).created

    first = ArticlePage.objects.get(pk=first.pk)
    body = first.body.get_prep_value()
    assert body[0]["value"] == (
        f'<p>تفاصيل في <a linktype="page" id="{later.pk}">الخبر التالي</a>.</p>'
    )
    # The credit still links to the agency's original, not to the page itself.
    assert 'المصدر: <a href="https://wire.example/news/1">' in body[-1]["value"]
    assert (first.first_published_at, first.last_updated_at) == dates
    assert first.live and not first.has_unpublished_changes
