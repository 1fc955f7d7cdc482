"""Editors in the Arabic admin (Debian chromium via Playwright): pin and
exclude related stories, accept read-also and tag suggestions."""

import pytest
from django.contrib.auth import get_user_model
from taggit.models import Tag

from sahifa.articles.models import ArticlePage
from sahifa.related import index, services

from .conftest import HEATWAVE, ORBITRA, paragraphs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-related-1"


@pytest.fixture
def stories(make_article):
    pages = [make_article(title=title, body=body) for title, body in ORBITRA]
    pages.append(make_article(title=HEATWAVE[0], body=HEATWAVE[1]))
    return pages


@pytest.fixture
def admin_page(browser, live_server):
    get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)
    context = browser.new_context(locale="ar", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    yield page
    context.close()


def _choose(page, button_name, title, index):
    page.get_by_role("button", name=button_name).click()
    content = page.locator(
        f"#inline_child_{'related_pins' if 'مثبت' in button_name else 'related_exclusions'}-{index}-panel-content"
    )
    content.get_by_role("button", name="اختر صفحة (مقال)").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name=title).click()
    modal.wait_for(state="hidden")


def _publish(page):
    page.locator(
        "footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']"
    ).last.click()
    page.get_by_role("button", name="نشر").click()
    page.wait_for_url("**/admin/pages/**")


def test_editor_pins_and_excludes_in_the_arabic_admin(
    admin_page, live_server, stories, artifacts_dir
):
    first, second, third, weather = stories
    for story in stories:  # the index as the background task leaves it
        index.update_article(story.pk)
    assert weather.pk not in [p.pk for p in services.related_articles(first)]

    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/{first.pk}/edit/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("tab", name="ذات صلة").click()
    _choose(page, "إضافة مقال مثبت", weather.title, 0)
    _choose(page, "إضافة مقال مستبعد", second.title, 0)
    page.screenshot(path=artifacts_dir / "related-admin-pins.png", full_page=True)
    _publish(page)

    first.refresh_from_db()
    assert [pin.target_id for pin in first.related_pins.all()] == [weather.pk]
    assert [item.target_id for item in first.related_exclusions.all()] == [second.pk]

    page.goto(live_server.url + first.url)
    block = page.locator("section.related")
    titles = block.locator(".story-title a")
    assert titles.first.get_attribute("href") == weather.url  # the pin comes first
    hrefs = [link.get_attribute("href") for link in titles.all()]
    assert second.url not in hrefs
    assert third.url in hrefs
    assert block.get_by_role("heading", name="أخبار ذات صلة").is_visible()


def test_editor_accepts_read_also_and_tag_suggestions(
    admin_page, live_server, stories, make_article, artifacts_dir
):
    for story in stories:
        index.update_article(story.pk)
    Tag.objects.create(name="رامي الخطيب", slug="rami")
    Tag.objects.create(name="الطقس", slug="weather")
    draft = make_article(
        title="Orbitra تستعد لإطلاق صاروخها القابل لإعادة الاستخدام",
        body=paragraphs(
            "تستعد Orbitra لإطلاق صاروخها الجديد وإعادة المعزز إلى منصة الهبوط.",
            "وقال مؤسس الشركة لرامي الخطيب إن الإطلاق سيجري الشهر المقبل.",
        ),
        publish=False,
    )

    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
    # Tag suggestions sit under the tags field, on the content tab.
    suggestion = page.locator("[data-related-tag='رامي الخطيب']")
    assert page.locator("[data-related-tag='الطقس']").count() == 0
    suggestion.click()
    assert suggestion.get_attribute("aria-pressed") == "true"
    assert "رامي الخطيب" in page.locator("#id_tags").input_value()

    page.get_by_role("tab", name="ذات صلة").click()
    insert = page.locator("[data-related-insert]").first
    target_title = insert.get_attribute("data-title")
    blocks_before = page.evaluate(
        "() => document.getElementById('body-root').rootBlock.children.length"
    )
    insert.click()
    blocks_after = page.evaluate(
        "() => document.getElementById('body-root').rootBlock.children.length"
    )
    assert blocks_after == blocks_before + 1
    page.screenshot(path=artifacts_dir / "related-admin-suggestions.png", full_page=True)
    page.get_by_role("button", name="حفظ المسودة").click()
    page.wait_for_url("**/edit/**")

    saved = ArticlePage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert [tag.name for tag in saved.tags.all()] == ["رامي الخطيب"]
    read_also = [b for b in saved.body if b.block_type == "read_also"]
    assert len(read_also) == 1
    assert read_also[0].value["page"].specific.title == target_title
    # It sits in the middle of the body, between the two paragraphs.
    assert [b.block_type for b in saved.body] == ["paragraph", "read_also", "paragraph"]
