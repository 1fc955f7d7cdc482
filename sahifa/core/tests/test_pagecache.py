import pytest

from sahifa.core import pagecache

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached_and_shareable(client, make_article, page_cache):
    article = make_article(title="خبر للتخزين")
    first = client.get(article.url)
    assert first["X-Cache"] == "MISS"
    assert "public" in first["Cache-Control"] and "max-age=30" in first["Cache-Control"]
    assert "Cookie" not in first.get("Vary", "")
    second = client.get(article.url)
    assert second["X-Cache"] == "HIT" and second.content == first.content


def test_publishing_invalidates(
    client, make_article, page_cache, django_capture_on_commit_callbacks
):
    article = make_article(title="العنوان الأول")
    assert "العنوان الأول" in client.get(article.url).content.decode()
    article.title = "العنوان بعد التحديث"
    # The lifecycle drops cached pages once the publish commits.
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    response = client.get(article.url)
    assert response["X-Cache"] == "MISS"
    assert "العنوان بعد التحديث" in response.content.decode()


def test_editors_and_admin_bypass_the_cache(client, make_article, page_cache, django_user_model):
    article = make_article()
    client.get(article.url)
    user = django_user_model.objects.create_superuser("boss", password="pw")
    client.force_login(user)
    assert "X-Cache" not in client.get(article.url)
    client.logout()
    assert "X-Cache" not in client.get("/admin/login/")


def test_errors_are_not_cached(client, home, page_cache):
    response = client.get("/missing-page/")
    assert response.status_code == 404 and "X-Cache" not in response
    assert pagecache.generation() >= 0
