"""The demo's readers and pictures: «الأكثر قراءة» and «الأكثر تداولاً» rank
different stories, seeding twice counts nothing twice, and every picture is
drawn in the current style (authors get portraits)."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db.models import Sum
from PIL import Image

from sahifa.audience import blocks
from sahifa.audience import services as audience
from sahifa.audience.models import ArticleDailyStats, ArticleHourlyStats
from sahifa.audience.stores import reset_store
from sahifa.authors.models import Author
from sahifa.demo import images, readers, services
from sahifa.home.models import HomePage

pytestmark = pytest.mark.django_db

SECTIONS = ["politics", "sports", "opinion"]


@pytest.fixture
def demo(tmp_path, settings):
    settings.SAHIFA_AUDIENCE_REDIS_URL = ""
    settings.SAHIFA_AUDIENCE_FLUSH_THREAD = False
    cache.clear()
    blocks._local.clear()
    services.load_demo(tmp_path, "pw", log=lambda *a: None, only=SECTIONS)
    yield tmp_path
    reset_store(flush=False)
    cache.clear()
    blocks._local.clear()


def _totals():
    return sorted(
        ArticleHourlyStats.objects.values_list("page_id", "hour", "views", "pageviews", "shares")
    ), ArticleDailyStats.objects.aggregate(v=Sum("views"), s=Sum("shares"))


def test_most_read_and_trending_differ(demo, client):
    most_read = [pk for pk, _ in audience.most_read_scores(limit=5)]
    trending = [pk for pk, _ in audience.trending_scores(limit=5)]
    assert len(most_read) == len(trending) == 5  # ranked by signals, not padded
    assert most_read[0] != trending[0]
    assert set(most_read) != set(trending)
    # Views follow a long tail: the top story is read far more than the fifth.
    views = dict(audience.most_read_scores(limit=50))
    assert views[most_read[0]] > 2 * views[most_read[4]]
    assert len(views) >= 12

    soup = BeautifulSoup(client.get(HomePage.objects.get().url).content, "html.parser")
    shown = {
        kind: [a["href"] for a in soup.select(f".audience-{kind} .audience-stories a")]
        for kind in ("most-read", "trending")
    }
    assert len(shown["most-read"]) == len(shown["trending"]) == 5
    assert shown["most-read"] != shown["trending"]
    assert shown["most-read"][0] != shown["trending"][0]


def test_seeding_again_counts_nothing_twice(demo, monkeypatch):
    now = datetime.now(UTC)
    # load_demo seeds with the clock's hour: the same one, even at hh:59:59.
    monkeypatch.setattr(readers, "now_utc", lambda: now)
    readers.seed_audience(now)
    before = _totals()
    assert before[1]["v"] > 0 and before[1]["s"] > 0
    readers.seed_audience(now)
    services.load_demo(demo, "pw", log=lambda *a: None, only=SECTIONS)
    readers.seed_audience(now)
    assert _totals() == before


def test_seed_is_a_function_of_story_and_hour():
    """The same clock gives the same numbers; the hour being lived is left
    to real readers; shares peak on other stories than views."""
    uris = [f"urn:sahifa:demo:{slug}" for slug in ("pol-001", "eco-002", "sport-001", "x-1")]
    now = datetime(2026, 12, 3, 17, 40, tzinfo=UTC)
    counts = readers.readers(uris, now)
    assert counts == readers.readers(uris, now)
    hours = {hour for _, hour in counts}
    assert max(hours) == now.replace(minute=0) - timedelta(hours=1)
    assert len(hours) == readers.HOURS
    recent = dict.fromkeys(uris, 0)
    total = dict.fromkeys(uris, 0)
    for (uri, hour), (views, pageviews, shares) in counts.items():
        assert 0 <= views <= pageviews
        total[uri] += views
        if hour >= now - timedelta(hours=4):
            recent[uri] += shares
    assert max(total, key=total.get) == "urn:sahifa:demo:pol-001"
    assert max(recent, key=recent.get) == "urn:sahifa:demo:sport-001"


def test_pictures_are_drawn_in_the_current_style(demo):
    pictures = sorted((demo / "images").glob("*.jpg"))
    assert len(pictures) >= 12
    for path in pictures[:3]:
        with Image.open(path) as picture:
            assert picture.info["comment"] == images.STYLE
    # A file in an older style is drawn again; one in this style is kept.
    path = pictures[0]
    size = Image.open(path).size
    Image.new("RGB", size).save(path, "JPEG")
    stamp = path.stat().st_mtime_ns
    images.ensure_picture(path, *size, "parliament")
    with Image.open(path) as picture:
        assert picture.info["comment"] == images.STYLE
        assert picture.getextrema()[0][1] > 0  # no longer black
    redrawn = path.stat().st_mtime_ns
    assert redrawn != stamp
    images.ensure_picture(path, *size, "parliament")
    assert path.stat().st_mtime_ns == redrawn
    # Every demo author has an illustrated portrait.
    authors = Author.objects.filter(name__in=services.AUTHOR_ROLES)
    assert authors.exists()
    assert all(a.photo and a.photo.height > a.photo.width for a in authors)


def test_scenes_follow_the_story():
    assert images.pick_scene("politics", "نواب يصوّتون في مجلس النواب") == "parliament"
    assert images.pick_scene("technology", "صاروخ ينطلق من قاعدة الإطلاق") == "rocket"
    assert images.pick_scene("technology", "يعرض هاتف Zaha X2 خلال حفل الإطلاق") == "desk"
    assert images.pick_scene("sports", "") == "sports"
    assert images.pick_scene("culture", "الكاتبة سعاد", portrait=True) == "portrait-f"
    assert images.pick_scene("politics", "رجل الأعمال رامي", portrait=True) == "portrait"
    a = images.draw_picture("x", 320, 180, "stadium")
    assert a.tobytes() == images.draw_picture("x", 320, 180, "stadium").tobytes()
    assert a.tobytes() != images.draw_picture("y", 320, 180, "stadium").tobytes()
