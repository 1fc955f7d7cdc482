"""An editor swaps the home page's lead and secondary story in the Wagtail
admin, in a real browser (Debian chromium via Playwright), and a reader sees
the new front on the next request with the page cache on."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from sahifa.home.models import HomePage, HomePin
from sahifa.newsroom.services import EDITORS, ensure_newsroom_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def lead_and_first_secondary(browser, url):
    context = browser.new_context(locale="ar")
    page = context.new_page()
    page.goto(url)
    lead = page.locator(".zone-lead .story-title").inner_text().strip()
    secondary = page.locator(".zone-secondary .story-title").first.inner_text().strip()
    context.close()
    return lead, secondary


def test_editor_swaps_lead_and_secondary_in_admin(
    browser, live_server, home, make_article, page_cache, artifacts_dir
):
    first = make_article(title="خبر يتصدر أولاً")
    second = make_article(title="خبر يصعد إلى الصدارة")
    make_article(title="أحدث خبر في الموقع")
    home = HomePage.objects.get(pk=home.pk)
    home.front_pins.add(HomePin(article=first, zone="lead", position=1, sort_order=0))
    home.front_pins.add(HomePin(article=second, zone="secondary", position=1, sort_order=1))
    home.save_revision().publish()
    front = live_server.url + "/"
    assert lead_and_first_secondary(browser, front) == (first.title, second.title)

    ensure_newsroom_roles()
    editor = get_user_model().objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(editor)
    context = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(30_000)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    zones = page.locator("select[name$='-zone']")
    assert zones.count() == 2
    zones.nth(0).select_option("secondary")
    zones.nth(1).select_option("lead")
    page.screenshot(path=artifacts_dir / "admin-front-pins.png", full_page=True)
    # «نشر» sits in the footer's actions menu: submit the form through it.
    with page.expect_navigation():
        page.locator("button[name='action-publish']").evaluate("button => button.click()")
    context.close()

    assert lead_and_first_secondary(browser, front) == (second.title, first.title)
