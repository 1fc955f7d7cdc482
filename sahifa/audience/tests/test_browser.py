"""The issue's "Done when", in a real browser: distinct readers in separate
contexts, a crawler, share clicks, and the blocks on the home page within
60 seconds, with the embedded store and with Redis."""

import re
import time

import pytest
from django.core.cache import cache

from sahifa.audience.stores import reset_store

from .conftest import CHROME, GOOGLEBOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = {"A": "أ", "B": "ب", "C": "ج", "D": "د"}


@pytest.fixture
def stories(make_article):
    stories = {key: make_article(title=f"قصة {name} للاختبار") for key, name in NAMES.items()}
    for n in range(3):  # newer stories, so the fallback cannot hide the ranking
        make_article(title=f"قصة أحدث رقم {n}")
    return stories


@pytest.fixture
def live_counting(settings):
    settings.SAHIFA_AUDIENCE_FLUSH_THREAD = True
    # Shorter than production's 5 s / 5 s to keep the suite quick; the
    # 60-second promise is checked all the same.
    settings.SAHIFA_AUDIENCE_FLUSH_SECONDS = 1
    settings.SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS = 2
    # Every simulated reader comes from 127.0.0.1: without this, damping
    # (test_honest_counts.py) folds their user agents into 16 slots.
    settings.SAHIFA_AUDIENCE_VISITORS_PER_ADDRESS = 0
    reset_store()
    yield
    reset_store(flush=False)


def visit(browser, url, agent, share=None):
    context = browser.new_context(user_agent=agent, locale="ar")
    context.set_default_timeout(15_000)
    # Share links open x.com and friends: keep the test off the network.
    context.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    # Wait for the answers: closing a context can cancel a beacon in flight.
    with page.expect_response(lambda r: "/audience/hit" in r.url and "e=v" in r.url):
        page.goto(url)
    if share:
        with page.expect_response(lambda r: "/audience/hit" in r.url and "e=s" in r.url):
            page.locator(f'.share a[data-share="{share}"]').click()
    context.close()


def block(page, name) -> list[str]:
    return [t.strip() for t in page.locator(f".{name} li a").all_inner_texts()]


def run_scenario(browser, live_server, stories):
    url = {key: live_server.url + story.url for key, story in stories.items()}
    # The home page is cached before anyone reads: the blocks must still
    # turn fresh (audience.js swaps in the fragment once they are stale).
    primer = browser.new_context(user_agent=f"{CHROME} primer")
    for _ in range(2):  # the first render also creates the site settings
        primer.new_page().goto(live_server.url + "/")
    primer.close()
    for n in range(6):
        visit(browser, url["A"], f"{CHROME} reader-a{n}")
    for n in range(3):
        visit(browser, url["B"], f"{CHROME} reader-b{n}")
    for n, network in enumerate(["x", "whatsapp", "telegram", "facebook"]):
        visit(browser, url["C"], f"{CHROME} reader-c{n}", share=network)
    crawler = browser.new_context(user_agent=GOOGLEBOT)
    page = crawler.new_page()
    for _ in range(10):
        with page.expect_response(lambda r: "/audience/hit" in r.url):
            page.goto(url["D"])
    crawler.close()

    title = {key: story.title for key, story in stories.items()}
    reader = browser.new_context(user_agent=f"{CHROME} checker")
    page = reader.new_page()
    deadline = time.monotonic() + 60
    while True:
        page.goto(live_server.url + "/")
        page.wait_for_load_state("networkidle")
        most_read = block(page, "audience-most-read")
        trending = block(page, "audience-trending")
        a_above_b = (
            title["A"] in most_read
            and title["B"] in most_read
            and most_read.index(title["A"]) < most_read.index(title["B"])
        )
        d_not_above_b = title["D"] not in most_read or (
            title["B"] in most_read and most_read.index(title["D"]) > most_read.index(title["B"])
        )
        c_top3 = title["C"] in trending[:3]
        if a_above_b and d_not_above_b and c_top3:
            break
        assert time.monotonic() < deadline, (most_read, trending)
        time.sleep(2)
    assert len(most_read) == 5 and len(trending) == 5
    assert page.get_by_role("heading", name="الأكثر قراءة").is_visible()
    assert page.get_by_role("heading", name="الأكثر تداولاً").is_visible()
    reader.close()


def test_done_when_embedded(browser, live_server, stories, live_counting, settings):
    settings.PAGE_CACHE_SECONDS = 300
    run_scenario(browser, live_server, stories)


def test_done_when_with_redis(browser, live_server, stories, settings, use_redis, live_counting):
    # Production's shape: Redis for the counts and for the shared cache.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": use_redis,
            "KEY_PREFIX": "sahifa-test",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": use_redis,
            "KEY_PREFIX": "sahifa-test-pages",
        },
    }
    cache.clear()
    run_scenario(browser, live_server, stories)


def test_page_from_a_full_page_cache_gets_fresh_blocks(browser, live_server, stories, client):
    """A page rendered long ago (as a CDN or the page cache would serve it)
    carries stale blocks: audience.js swaps in the current fragment."""
    html = client.get("/").content.decode()
    stale = re.sub(r'data-rendered="\d+"', 'data-rendered="1"', html)
    stale = re.sub(
        r'(<aside class="audience-blocks"[^>]*>).*?(</aside>)',
        r"\1<p class='old-lists'>قوائم قديمة</p>\2",
        stale,
        flags=re.S,
    )
    assert "قوائم قديمة" in stale
    context = browser.new_context(user_agent=CHROME)
    context.route(
        live_server.url + "/",
        lambda route: route.fulfill(status=200, content_type="text/html", body=stale),
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.wait_for_selector(".audience-blocks .audience-most-read li")
    assert page.locator(".old-lists").count() == 0
    assert len(block(page, "audience-trending")) == 5
    context.close()
