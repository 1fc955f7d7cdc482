"""What a reader sees, in a real browser (Debian chromium via Playwright)."""

import pytest

from sahifa.articles.models import ArticlePage
from sahifa.core.browser import foreign_requests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_story(make_article, make_image):
    make_article(title="خبر سابق في القسم نفسه")
    hero = make_image(caption="رامي الخطيب في مؤتمر SXSW", agency="AFP", size=(1200, 1500))
    return make_article(
        title="رامي الخطيب في 2026.. هل يتحول رجل الصواريخ إلى صانع سياسات؟",
        hero=hero,
        authors=["ليلى الحسيني"],
        tags=["رامي الخطيب"],
    )


@pytest.fixture
def demo_story(tmp_path, settings):
    """The demo trilogy's sections, loaded through the importer like `make run`."""
    from sahifa.conftest import _ensure_tree_roots
    from sahifa.demo.services import load_demo

    _ensure_tree_roots()
    settings.SITE_URL = "http://localhost"
    load_demo(tmp_path, "pw", log=lambda *a: None, only=["politics", "economy", "technology"])
    return ArticlePage.objects.get(source_uri="urn:sahifa:demo:pol-001")


def test_reader_browses_home_section_article(browser, live_server, demo_story, artifacts_dir):
    published_story = demo_story
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    foreign = foreign_requests(page)

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="الأقسام").get_by_role("link", name="سياسة").click()
    page.get_by_role("link", name=published_story.title).first.click()
    page.wait_for_load_state("load")

    assert page.locator("html").evaluate("el => getComputedStyle(el).direction") == "rtl"
    h1 = page.locator("h1")
    assert h1.inner_text() == published_story.title
    # Right-to-left layout: the headline starts at the right edge of the article.
    article = page.locator("article.article").bounding_box()
    heading = h1.bounding_box()
    assert abs((article["x"] + article["width"]) - (heading["x"] + heading["width"])) < 2
    assert heading["x"] + heading["width"] > 640  # the article column sits on the right
    hero = page.locator("figure.hero img")
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("figure.hero figcaption .credit").inner_text().strip()
    read_also = page.locator(".read-also a").first
    assert read_also.get_attribute("href").startswith("/")
    assert page.get_by_role("heading", name="آخر الأخبار في القسم").is_visible()
    assert not foreign, foreign
    page.screenshot(path=artifacts_dir / "article.png", full_page=True)
    context.close()


def test_article_works_without_javascript(browser, live_server, published_story):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + published_story.url)
    assert page.locator("h1").inner_text() == published_story.title
    assert (
        page.locator(".share a[data-share=copy]")
        .get_attribute("href")
        .endswith(published_story.url)
    )
    context.close()
