from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from sahifa.audience import services
from sahifa.audience.models import ArticleHourlyStats

from .conftest import CHROME

NOW = datetime(2026, 11, 27, 10, 40, tzinfo=UTC)
NAMES = dict(zip("ABCDEF", ["أول", "ثان", "ثالث", "رابع", "خامس", "سادس"], strict=True))


def stats(page, hours_ago=0, views=0, shares=0, now=NOW):
    hour = services.floor_hour(now) - timedelta(hours=hours_ago)
    ArticleHourlyStats.objects.create(
        page=page, hour=hour, views=views, pageviews=views, shares=shares
    )


@pytest.fixture
def stories(make_article):
    return {name: make_article(title=f"خبر {NAMES[name]}") for name in "ABCDEF"}


@pytest.mark.django_db
def test_most_read_counts_unique_views_in_the_window(stories):
    s = stories
    stats(s["A"], 0, views=30)
    stats(s["B"], 5, views=50)
    stats(s["C"], 30, views=500)  # outside 24 h, inside 7 d
    stats(s["D"], 24, views=900)  # exactly one bucket too old for 24 h
    assert [pk for pk, _ in services.most_read_scores(now=NOW)] == [s["B"].pk, s["A"].pk]
    week = services.most_read_scores(window="7d", now=NOW)
    assert [pk for pk, _ in week] == [s["D"].pk, s["C"].pk, s["B"].pk, s["A"].pk]


@pytest.mark.django_db
def test_most_read_per_section(stories, make_section, make_article):
    economy = make_section("economy", "اقتصاد")
    money = make_article(title="خبر اقتصادي", parent=economy)
    stats(stories["A"], views=100)
    stats(money, views=3)
    assert [pk for pk, _ in services.most_read_scores(section=economy, now=NOW)] == [money.pk]
    assert services.most_read_scores(now=NOW)[0][0] == stories["A"].pk


@pytest.mark.django_db
def test_trending_prefers_a_story_rising_now(stories):
    s = stories
    stats(s["A"], hours_ago=20, views=5000)  # yesterday's big story
    stats(s["B"], hours_ago=0, views=40)  # rising now
    stats(s["C"], hours_ago=1, views=10, shares=12)  # shared a lot
    ranked = [pk for pk, _ in services.trending_scores(now=NOW)]
    assert ranked[:2] == [s["C"].pk, s["B"].pk]
    assert ranked[-1] == s["A"].pk


def test_decay_halves_every_half_life(settings):
    settings.SAHIFA_AUDIENCE_TRENDING_HALF_LIFE_HOURS = 2
    weights = services.decay_weights(datetime(2026, 11, 27, 10, 0, tzinfo=UTC))
    hours = sorted(weights, reverse=True)
    assert weights[hours[0]] == 1.0
    assert weights[hours[1]] == pytest.approx(0.5**0.25)
    assert weights[hours[3]] / weights[hours[1]] == pytest.approx(0.5)


@pytest.mark.django_db
def test_lists_fall_back_to_newest_stories(stories):
    """A fresh site shows the newest stories, never an empty box."""
    newest = [s.pk for s in reversed(list(stories.values()))][:5]
    assert [p.pk for p in services.most_read()] == newest
    assert [p.pk for p in services.trending()] == newest


@pytest.mark.django_db
def test_a_failing_ranking_shows_the_newest_and_is_retried(stories, monkeypatch):
    """Counting must never cost a reader the page: if the ranking query
    fails (SQLite busy with a flush), the block lists the newest stories and
    the next render tries again instead of caching the fallback."""
    from django.db import OperationalError

    def locked(*args, **kwargs):
        raise OperationalError("database table is locked")

    stats(stories["A"], views=9, now=services.now_utc())
    monkeypatch.setattr(services, "most_read_scores", locked)
    newest = [s.pk for s in reversed(list(stories.values()))][:5]
    assert [p.pk for p in services.most_read()] == newest
    monkeypatch.undo()
    assert services.most_read()[0].pk == stories["A"].pk


@pytest.mark.django_db
def test_ranked_stories_come_first_then_newest(stories):
    s = stories
    now = services.now_utc()
    stats(s["B"], views=3, now=now)
    stats(s["A"], views=6, now=now)
    ranked = [p.pk for p in services.most_read(limit=4)]
    assert ranked[:2] == [s["A"].pk, s["B"].pk]
    assert ranked[2:] == [s["F"].pk, s["E"].pk]


@pytest.mark.django_db
def test_unpublished_stories_drop_out(stories):
    now = services.now_utc()
    stats(stories["A"], views=10, now=now)
    stories["A"].unpublish()
    assert stories["A"].pk not in [p.pk for p in services.most_read()]


@pytest.mark.django_db
def test_rankings_are_cached_briefly(stories, settings):
    settings.SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS = 60
    now = services.now_utc()
    first = [p.pk for p in services.most_read()]
    stats(stories["A"], views=10, now=now)
    assert [p.pk for p in services.most_read()] == first
    cache.clear()
    assert services.most_read()[0].pk == stories["A"].pk


@pytest.mark.django_db
def test_bad_window_is_refused():
    with pytest.raises(ValueError):
        services.most_read(window="1y")


@pytest.mark.django_db
def test_counted_views_reach_the_rankings(stories):
    s = stories
    for reader in range(6):
        services.record_hit(s["A"].pk, "v", f"198.51.100.{reader}", CHROME)
    for reader in range(3):
        services.record_hit(s["B"].pk, "v", f"198.51.100.{reader}", CHROME)
    services.flush()
    assert [p.pk for p in services.most_read(limit=2)] == [s["A"].pk, s["B"].pk]


# -- the blocks on pages --------------------------------------------------
def block_titles(html: str, css_class: str) -> list[str]:
    import re

    section = re.search(rf'<section class="[^"]*{css_class}.*?</section>', html, re.S).group(0)
    return [re.sub("<[^>]+>", "", t) for t in re.findall(r"<span>(.*?)</span>", section)]


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["home", "section", "article"])
def test_blocks_on_pages(client, stories, home, section, where):
    now = services.now_utc()
    stats(stories["C"], views=9, now=now)
    url = {"home": home.url, "section": section.url, "article": stories["A"].url}[where]
    html = client.get(url).content.decode()
    assert '<h2 id="audience-most-read-heading">الأكثر قراءة</h2>' in html
    assert '<h2 id="audience-trending-heading">الأكثر تداولاً</h2>' in html
    most_read = block_titles(html, "audience-most-read")
    assert len(most_read) == 5
    assert most_read[0] == "خبر ثالث"
    assert len(block_titles(html, "audience-trending")) == 5
    beacon = f'data-page="{stories["A"].pk}"'
    assert (beacon in html) == (where == "article")


@pytest.mark.django_db
def test_fragment_for_cached_pages(client, stories, section):
    response = client.get(f"/audience/blocks/?section={section.pk}")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "الأكثر قراءة" in response.content.decode()
    assert client.get("/audience/blocks/?section=abc").status_code == 404
    assert client.get("/audience/blocks/").status_code == 200
