"""`lifecycle.batch()`: inline consumers hear a batch of articles once, at the
commit; nothing for a batch that fails; a site-wide change in the batch is one
refresh."""

import pytest
from django.db import transaction

from sahifa.articles import lifecycle
from sahifa.articles.models import ArticlePage
from sahifa.authors.models import Author

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe(monkeypatch):
    """An inline consumer that records how it was called."""
    calls: list[tuple] = []
    consumer = lifecycle.Consumer(
        "probe",
        sync=lambda page_id: calls.append(("sync", page_id)),
        sync_many=lambda page_ids: calls.append(("many", tuple(page_ids))),
        refresh=lambda: calls.append(("refresh",)),
        inline=True,
    )
    monkeypatch.setitem(lifecycle._consumers, "probe", consumer)
    return calls


def test_without_a_batch_each_article_is_synced(make_article, commit, probe):
    first = commit(lambda: make_article(title="الخبر الأول"))
    second = commit(lambda: make_article(title="الخبر الثاني"))
    assert [c for c in probe if c[0] != "refresh"] == [("sync", first.pk), ("sync", second.pk)]


def test_a_batch_is_synced_once_at_the_commit(make_article, commit, probe):
    def publish_two():
        with transaction.atomic(), lifecycle.batch():
            pages = [make_article(title="الخبر الأول"), make_article(title="الخبر الثاني")]
            pages[0].save_revision().publish()  # the same article twice
            assert probe == []  # nothing before the commit
        return pages

    first, second = commit(publish_two)
    assert probe == [("many", (first.pk, second.pk))]


def test_a_failed_batch_calls_nothing(make_article, commit, probe):
    def fail():
        with transaction.atomic(), lifecycle.batch():
            make_article(title="خبر لن يبقى")
            raise RuntimeError("the import failed")

    with pytest.raises(RuntimeError):
        commit(fail)
    assert probe == []
    assert not ArticlePage.objects.filter(title="خبر لن يبقى").exists()


def test_a_site_wide_change_in_a_batch_is_one_refresh(make_article, commit, probe):
    def publish_with_new_authors():
        with transaction.atomic(), lifecycle.batch():
            Author.objects.create(name="كاتبة أولى", slug="first-writer")
            Author.objects.create(name="كاتب ثان", slug="second-writer")
            make_article(title="الخبر الأول")

    commit(publish_with_new_authors)
    assert probe == [("refresh",)]


@pytest.fixture
def lazy_probe(monkeypatch, probe):
    """The probe, offering a lazy refresh too."""
    consumer = lifecycle.get("probe")
    lazy = lifecycle.Consumer(
        "probe",
        sync=consumer.sync,
        sync_many=consumer.sync_many,
        refresh=consumer.refresh,
        refresh_lazily=lambda page_ids: probe.append(("lazy", tuple(page_ids))),
        inline=True,
    )
    monkeypatch.setitem(lifecycle._consumers, "probe", lazy)
    return probe


def test_an_added_author_in_a_batch_is_the_articles_then_a_lazy_refresh(
    make_article, commit, lazy_probe
):
    def publish_with_a_new_author():
        with transaction.atomic(), lifecycle.batch():
            Author.objects.create(name="كاتبة جديدة", slug="new-writer")
            return make_article(title="خبر بقلم كاتبة جديدة")

    story = commit(publish_with_a_new_author)
    assert lazy_probe == [("many", (story.pk,)), ("lazy", ())]


def test_a_removal_in_a_batch_is_a_full_refresh(make_article, commit, lazy_probe):
    author = Author.objects.create(name="كاتب سيغادر", slug="leaving-writer")

    def publish_and_delete():
        with transaction.atomic(), lifecycle.batch():
            Author.objects.create(name="كاتبة جديدة", slug="new-writer")
            make_article(title="خبر آخر")
            author.delete()  # a name leaves every page at once

    commit(publish_and_delete)
    assert lazy_probe == [("refresh",)]


def test_a_section_published_is_lazy_and_exact_for_itself(section, commit, lazy_probe):
    def publish():
        section.title = "قسم بعنوان جديد"
        section.save_revision().publish()

    commit(publish)
    assert lazy_probe == [("lazy", (section.pk,))]
    lazy_probe.clear()
    commit(lambda: section.unpublish())  # taken away from the public: at once
    assert ("refresh",) in lazy_probe and not any(c[0] == "lazy" for c in lazy_probe)
