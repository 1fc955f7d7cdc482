"""Size limits an editor meets in the admin: an oversized article body is
refused with an Arabic message on the body field, text typed with control
characters is stored clean."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text, streamfield

from sahifa.articles.models import ArticlePage
from sahifa.conftest import article_form_data

pytestmark = pytest.mark.django_db


def test_model_refuses_an_oversized_body(make_article, settings):
    settings.SAHIFA_ARTICLES_BODY_MAX_CHARS = 5_000
    page = make_article()
    page.body = [("paragraph", "<p>" + "ن" * 6_000 + "</p>")]
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "المتن أطول من الحد المسموح" in error.value.message_dict["body"][0]
    page.body = [("paragraph", "<p>" + "ن" * 4_000 + "</p>")]
    page.full_clean()


def _edit_form(page, body_html: str, title: str) -> dict:
    return article_form_data(
        title=title,
        slug=page.slug,
        dek="ملخص\x0bالخبر",
        body=streamfield([("paragraph", rich_text(body_html))]),
    )


def test_admin_shows_the_limit_and_stores_clean_text(make_article, admin_client, settings):
    settings.SAHIFA_ARTICLES_BODY_MAX_CHARS = 5_000
    page = make_article()
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client.post(url, _edit_form(page, "<p>" + "ن" * 6_000 + "</p>", "عنوان"))
    assert response.status_code == 200
    # On the body field (Wagtail draws a StreamField's errors from JSON).
    assert "المتن أطول من الحد المسموح" in response.context["form"].errors["body"][0]
    assert "لا يمكن حفظ الصفحة" in response.content.decode()
    assert ArticlePage.objects.get(pk=page.pk).get_latest_revision().content["title"] != "عنوان"

    # NUL is refused by Django's form fields themselves…
    response = admin_client.post(url, _edit_form(page, "<p>نص</p>", "عنوان\x00 جديد"))
    assert response.status_code == 200 and "title" in response.context["form"].errors
    # …other controls reach the model, and are stored clean.
    response = admin_client.post(url, _edit_form(page, "<p>نص\x0c قصير</p>", "عنوان\x0b جديد"))
    assert response.status_code == 302
    content = ArticlePage.objects.get(pk=page.pk).get_latest_revision().content
    assert content["title"] == "عنوان جديد"
    assert content["dek"] == "ملخصالخبر"
    assert "\x0c" not in content["body"]
