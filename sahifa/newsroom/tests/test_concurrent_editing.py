"""Two editors on one article: Wagtail's editing sessions tell each that the
other is there, and the one who did not save learns that a newer version
was saved (and by whom) before overwriting it. Driven through the admin's
own edit view and ping endpoint, as the editor's browser does."""

import html
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.admin.models import EditingSession
from wagtail.test.utils.form_data import rich_text, streamfield

from sahifa.conftest import article_form_data
from sahifa.newsroom.services import EDITORS, ensure_newsroom_roles

pytestmark = pytest.mark.django_db


def editor(username: str, first_name: str) -> Client:
    user = get_user_model().objects.create_user(
        username, password="pw", first_name=first_name, last_name="المحرر"
    )
    # Roles are made by migrate; a transactional test's flush removed them.
    user.groups.add(ensure_newsroom_roles()[EDITORS])
    client = Client()
    client.force_login(user)
    return client


def open_editor(client: Client, page) -> dict:
    """GET the edit view; return what its editing-sessions form posts."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    text = response.content.decode()
    form = text.split('class="w-editing-sessions"', 1)[1].split("</form>", 1)[0]
    ping_url = html.unescape(re.search(r'data-w-swap-src-value="([^"]+)"', text).group(1))
    fields = dict(re.findall(r'name="(revision_id|revision_created_at)" value="([^"]*)"', form))
    return {"ping": ping_url, "fields": fields}


def ping(client: Client, session: dict, editing: bool = True) -> dict:
    data = dict(session["fields"])
    if editing:
        data["is_editing"] = "1"
    response = client.post(session["ping"], data)
    assert response.status_code == 200
    return response.json()


def edit_form(page, dek: str) -> dict:
    return article_form_data(
        title=page.title,
        slug=page.slug,
        dek=dek,
        body=streamfield([("paragraph", rich_text("<p>فقرة بعد التعديل.</p>"))]),
    )


def test_two_editors_see_each_other_and_the_newer_version(make_article, settings):
    assert "wagtail.admin" in settings.INSTALLED_APPS
    assert getattr(settings, "WAGTAIL_EDITING_SESSION_PING_INTERVAL", 10_000) > 0
    page = make_article(title="خبر يحرره اثنان")
    huda, omar = editor("huda", "هدى"), editor("omar", "عمر")

    huda_session = open_editor(huda, page)
    omar_session = open_editor(omar, page)
    assert EditingSession.objects.filter(object_id=str(page.pk)).count() == 2

    # Huda starts typing; Omar's next ping shows her, editing.
    ping(huda, huda_session)
    seen = ping(omar, omar_session, editing=False)
    assert [(s["user"], s["is_editing"]) for s in seen["other_sessions"]] == [("هدى المحرر", True)]
    assert "هدى المحرر" in seen["html"]
    assert "w-editing-sessions__session--editing" in seen["html"]

    # Huda saves a draft: Omar is told a newer version exists, and whose.
    response = huda.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), edit_form(page, "ملخص هدى")
    )
    assert response.status_code == 302
    page.refresh_from_db()
    newest = page.latest_revision
    assert newest.user.username == "huda"
    warned = ping(omar, omar_session)
    first = warned["other_sessions"][0]
    assert (first["user"], first["revision_id"]) == ("هدى المحرر", newest.pk)
    assert "هدى المحرر" in warned["html"]
    assert "w-editing-sessions__session--saved" in warned["html"]

    # Huda herself is not warned about her own save.
    assert all(
        s["revision_id"] is None for s in ping(huda, open_editor(huda, page))["other_sessions"]
    )


def test_a_writer_without_edit_rights_gets_no_session(make_article, home):
    page = make_article()
    writer = get_user_model().objects.create_user("writer", password="pw")
    writer.groups.add(Group.objects.get(name="الكتّاب"))
    client = Client()
    client.force_login(writer)
    url = reverse(
        "wagtailadmin_editing_sessions:ping", args=("wagtailcore", "page", str(page.pk), 0)
    )
    assert client.post(url, {"is_editing": "1"}).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_the_second_editor_is_warned(browser, live_server, make_article, settings):
    """Two chromium windows on one article: Omar's editor shows that Huda
    has it open, then that she saved a newer version, without reloading."""
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 500
    page = make_article(title="خبر يحرره اثنان")
    huda, omar = editor("huda", "هدى"), editor("omar", "عمر")
    edit_url = live_server.url + reverse("wagtailadmin_pages:edit", args=(page.pk,))
    windows = []
    for client in (huda, omar):
        context = browser.new_context(locale="ar")
        context.set_default_timeout(20_000)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url + "/",
                }
            ]
        )
        window = context.new_page()
        window.goto(edit_url)
        windows.append((context, window))
    omar_window = windows[1][1]

    omar_window.locator("#w-editing-sessions li .w-editing-sessions__session").wait_for()

    response = huda.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), edit_form(page, "ملخص هدى")
    )
    assert response.status_code == 302
    saved = omar_window.locator("#w-editing-sessions .w-editing-sessions__session--saved")
    saved.wait_for(state="attached")
    assert "هدى" in omar_window.locator("#w-editing-sessions").inner_html()
    for context, window in windows:
        window.goto("about:blank")  # stops the pings; sends the release
        context.close()
    # The release beacons land after the pages close: let the live server
    # finish them before the test database is flushed.
    time.sleep(1)
