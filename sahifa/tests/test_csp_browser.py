"""The Content-Security-Policy in Debian chromium: an article with the audio
player, the audience beacon and the share links, the home page and search
with autocomplete all run under the policy with zero violations, and an
injected inline handler is blocked (so the watch for violations works)."""

import pytest
from django.conf import settings as django_settings

from sahifa.audience.stores import reset_store
from sahifa.listen.models import ArticleAudio
from sahifa.listen.tests.test_browser import PARAGRAPHS, ranged_media  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
"""


@pytest.fixture
def audience():
    reset_store()
    yield
    reset_store(flush=False)


@pytest.fixture
def story(make_article, ranged_media, audience):  # noqa: F811
    page = make_article(
        title="الحكومة تعرض خطتها للفضاء",
        dek="خطة جديدة للقطاع.",
        body=[("paragraph", html) for html in PARAGRAPHS],
        tags=["فضاء"],
    )
    assert ArticleAudio.objects.get(page=page).status == ArticleAudio.READY
    return page


def open_page(browser, url):
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script(WATCH)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text))
    return context, page, console


def violations(page, console) -> list[str]:
    found = page.evaluate("window.__csp")
    return found + [line for line in console if "Content Security Policy" in line]


def test_article_player_and_beacon_work_under_the_policy(browser, live_server, story):
    context, page, console = open_page(browser, live_server.url)
    with page.expect_response(lambda r: "/audience/hit" in r.url) as beacon:
        response = page.goto(live_server.url + story.url)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert beacon.value.status < 400

    # The player: play, the highlight follows, time moves.
    page.get_by_role("button", name="استمع للمقال").click()
    page.wait_for_function(
        "() => document.querySelector('.listen-transcript li[aria-current]') !== null"
    )
    page.wait_for_function("() => document.querySelector('.listen-audio').currentTime > 0.2")
    assert page.get_by_role("button", name="إيقاف مؤقت").is_visible()
    page.locator(".listen-play").click()
    assert page.evaluate("document.querySelector('.listen-audio').paused")
    # JSON-LD is there and allowed by its hash (no violation below).
    assert page.locator('script[type="application/ld+json"]').count() >= 1
    assert violations(page, console) == []

    # The watch works: an injected inline handler is blocked and reported.
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', "
        '\'<img src="data:,x" onerror="window.__ran = 1">\')'
    )
    page.wait_for_function("() => window.__csp.length > 0")
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in violations(page, console))
    context.close()


def test_home_and_search_autocomplete_under_the_policy(browser, live_server, story):
    context, page, console = open_page(browser, live_server.url)
    page.goto(live_server.url + "/")
    assert page.locator(f'a[href="{story.url}"]').count() >= 1
    page.goto(live_server.url + "/search/?q=" + "الحكومة")
    # Autocomplete fetches suggestions (connect-src 'self') and lists them.
    page.locator("input[data-autocomplete]").fill("الحكومة تعرض")
    page.locator("#search-suggest li a").first.wait_for()
    page.goto(live_server.url + story.url)
    assert violations(page, console) == []
    context.close()


def test_editors_userbar_under_the_policy(browser, live_server, story, client, django_user_model):
    """Logged-in editors get the same policy (their pages are never cached)
    and Wagtail's user bar still opens."""
    client.force_login(django_user_model.objects.create_superuser("chief", password="x"))
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context, page, console = open_page(browser, live_server.url)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    response = page.goto(live_server.url + story.url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator("wagtail-userbar").wait_for(state="attached")
    page.locator("wagtail-userbar #wagtail-userbar-trigger").click()
    page.locator("wagtail-userbar").get_by_role("menuitem").first.wait_for()
    assert violations(page, console) == []
    context.close()
