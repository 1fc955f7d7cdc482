"""The search page in a real browser (Debian chromium via Playwright)."""

import pytest

from sahifa.core.browser import foreign_requests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_page_with_and_without_javascript(browser, live_server, corpus, artifacts_dir):
    """One test (one live server and database flush) for both readers."""
    # Without JavaScript: the form, results, highlighted snippet, sorting.
    context = browser.new_context(java_script_enabled=False, locale="ar")
    page = context.new_page()
    page.goto(live_server.url + "/search/")
    page.get_by_label("كلمات البحث").fill("وبالحكومة")
    page.get_by_role("button", name="ابحث").click()
    first = page.locator(".search-result").first
    assert first.locator("h3 a").inner_text() == corpus["budget"].title
    assert first.locator(".search-snippet mark").first.inner_text() == "الحكومةُ"
    page.get_by_label("الترتيب").select_option("newest")
    page.get_by_role("button", name="ابحث").click()
    assert "sort=newest" in page.url
    context.close()

    # With JavaScript: headline suggestions while typing, keyboard to pick one.
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    foreign = foreign_requests(page)
    page.goto(live_server.url + "/search/")
    box = page.get_by_label("كلمات البحث")
    box.press_sequentially("الوزرا", delay=30)
    option = page.get_by_role("listbox", name="عناوين مقترحة").get_by_role("option")
    option.first.wait_for()
    assert option.all_inner_texts() == [corpus["ministers"].title]
    page.screenshot(path=artifacts_dir / "search-autocomplete.png", full_page=True)
    box.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == corpus["ministers"].title
    page.keyboard.press("Enter")
    page.wait_for_url("**" + corpus["ministers"].url)
    assert not foreign, foreign
    context.close()
