"""Roles and the review workflow, driven through the Wagtail admin views."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import rich_text, streamfield

from sahifa.articles.models import ArticlePage
from sahifa.conftest import article_form_data
from sahifa.newsroom.services import EDITORS, WRITERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(home):
    User = get_user_model()
    writer = User.objects.create_user("writer", password="pw")
    writer.groups.add(Group.objects.get(name=WRITERS))
    editor = User.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    return writer, editor


def article_form(title="مقال من غرفة الأخبار", **extra):
    return article_form_data(
        title=title,
        slug="newsroom-article",
        dek="ملخص المقال",
        body=streamfield(
            [
                ("paragraph", rich_text("<p>فقرة أولى من المقال.</p>")),
                ("subheading", "عنوان فرعي"),
            ]
        ),
        tags="اختبار",
        **extra,
    )


def test_admin_is_arabic_rtl(client, people):
    writer, _ = people
    client.force_login(writer)
    response = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert b'lang="ar"' in response.content and b'dir="rtl"' in response.content


def test_writer_cannot_publish_but_can_submit(client, section, people):
    writer, _ = people
    client.force_login(writer)
    add_url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", section.pk))
    form = client.get(add_url)
    assert form.status_code == 200
    assert b'name="action-publish"' not in form.content

    # Asking to publish anyway only saves a draft.
    client.post(add_url, article_form() | {"action-publish": "action-publish"})
    page = ArticlePage.objects.get(slug="newsroom-article")
    assert not page.live
    assert not page.permissions_for_user(writer).can_publish()

    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.post(edit_url, article_form() | {"action-submit": "action-submit"})
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert not page.live


def test_editor_approves_and_publishes(client, section, people):
    writer, editor = people
    client.force_login(writer)
    add_url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", section.pk))
    client.post(add_url, article_form() | {"action-submit": "action-submit"})
    page = ArticlePage.objects.get(slug="newsroom-article")
    state = WorkflowState.objects.get(object_id=str(page.pk))

    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.current_task_state.pk)
    )
    response = client.post(url, {"comment": "موافق"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live and page.first_published_at is not None
    assert client.get(page.url).status_code == 200


def test_editor_schedules_publication(client, section, people):
    _, editor = people
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", section.pk))
    go_live = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    client.post(add_url, article_form(go_live_at=go_live) | {"action-publish": "action-publish"})
    page = ArticlePage.objects.get(slug="newsroom-article")
    assert not page.live
    assert page.revisions.filter(approved_go_live_at__isnull=False).exists()
