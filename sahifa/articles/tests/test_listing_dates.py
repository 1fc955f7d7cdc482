"""The tag and author links carry a copy of their article's first
publication date (migration 0006), kept equal by database triggers, so tag
and author pages read one index range at any depth (docs/operations.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sahifa.articles.models import ArticleAuthor, ArticlePage, ArticlePageTag

pytestmark = pytest.mark.django_db


def link_dates(page):
    return {
        *ArticlePageTag.objects.filter(content_object_id=page.pk).values_list(
            "first_published_at", flat=True
        ),
        *ArticleAuthor.objects.filter(page_id=page.pk).values_list("first_published_at", flat=True),
    }


def test_publish_copies_the_date_into_every_link(make_article):
    page = make_article(tags=["نفط", "غاز"], authors=["هدى", "سامي"])
    assert page.first_published_at is not None
    assert ArticlePageTag.objects.filter(content_object_id=page.pk).count() == 2
    assert link_dates(page) == {page.first_published_at}


def test_draft_links_have_no_date_until_first_publication(make_article, commit):
    page = make_article(tags=["نفط"], authors=["هدى"], publish=False)
    assert link_dates(page) == {None}
    commit(lambda: ArticlePage.objects.get(pk=page.pk).get_latest_revision().publish())
    page.refresh_from_db()
    assert page.first_published_at is not None
    assert link_dates(page) == {page.first_published_at}


def test_date_change_by_save_or_queryset_update_follows(make_article):
    page = make_article(tags=["نفط"], authors=["هدى"])
    earlier = page.first_published_at - timedelta(days=3)
    page.first_published_at = earlier
    page.save()
    assert link_dates(page) == {earlier}
    # A queryset update (importers, scripts) bypasses save() and signals.
    later = earlier + timedelta(hours=5)
    ArticlePage.objects.filter(pk=page.pk).update(first_published_at=later)
    assert link_dates(page) == {later}


def test_links_added_after_publication_and_moved_take_the_article_date(make_article, commit):
    old = make_article(title="قديم", tags=["نفط"])
    ArticlePage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(days=400)
    )
    old.refresh_from_db()
    new = make_article(title="جديد", tags=["غاز"])
    # Tagged again through the admin form: a new link row on publish.
    draft = ArticlePage.objects.get(pk=old.pk)
    draft.tags.add("كهرباء")
    commit(lambda: draft.save_revision().publish())
    assert link_dates(old) == {old.first_published_at}
    # A link re-pointed at another article takes that article's date.
    link = ArticlePageTag.objects.get(content_object_id=old.pk, tag__name="كهرباء")
    ArticlePageTag.objects.filter(pk=link.pk).update(content_object_id=new.pk)
    link.refresh_from_db()
    assert link.first_published_at == new.first_published_at


def test_unpublish_keeps_the_date_and_the_listing_hides_the_article(make_article, client, commit):
    kept = make_article(title="باق", tags=["نفط"], authors=["هدى"])
    gone = make_article(title="مسحوب", tags=["نفط"], authors=["هدى"])
    commit(lambda: ArticlePage.objects.get(pk=gone.pk).unpublish())
    assert link_dates(gone) == {gone.first_published_at}
    tag = ArticlePageTag.objects.filter(content_object_id=kept.pk).first().tag
    listed = list(ArticlePage.objects.visible().tag_listing(tag))
    assert listed == [kept]
    commit(lambda: ArticlePage.objects.get(pk=gone.pk).get_latest_revision().publish())
    gone.refresh_from_db()
    # Republished: back in place by its original date, newest first.
    listed = list(ArticlePage.objects.visible().tag_listing(tag))
    assert [p.pk for p in listed] == [gone.pk, kept.pk]
    assert listed[0].listed_at == gone.first_published_at


def test_listing_orders_by_the_copied_date_and_reads_its_index(make_article):
    pages = [make_article(title=f"خبر {i}", tags=["نفط"], authors=["هدى"]) for i in range(3)]
    base = timezone.now() - timedelta(days=10)
    # Dates given out of creation order, two equal (the id breaks the tie).
    for page, minutes in zip(pages, (30, 5, 5), strict=True):
        ArticlePage.objects.filter(pk=page.pk).update(
            first_published_at=base + timedelta(minutes=minutes)
        )
    tag = ArticlePageTag.objects.filter(content_object_id=pages[0].pk).first().tag
    author = ArticleAuthor.objects.filter(page_id=pages[0].pk).first().author
    expected = [pages[0].pk, pages[2].pk, pages[1].pk]
    assert [p.pk for p in ArticlePage.objects.visible().tag_listing(tag)] == expected
    assert [p.pk for p in ArticlePage.objects.visible().author_listing(author)] == expected
    # One row per article: the annotations reuse the filter's join.
    sql = str(ArticlePage.objects.visible().tag_listing(tag).query)
    assert sql.count('JOIN "articles_articlepagetag"') == 1


def test_triggers_come_back_after_a_migration_that_dropped_them(make_article):
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    from sahifa.articles import listing_dates

    page = make_article(tags=["نفط"], authors=["هدى"])
    # As SQLite's ALTER TABLE does when a later migration rebuilds a table.
    with connection.cursor() as cursor:
        for statement in listing_dates.DROP[connection.vendor]:
            cursor.execute(statement)
    earlier = page.first_published_at - timedelta(days=2)
    ArticlePage.objects.filter(pk=page.pk).update(first_published_at=earlier)
    assert link_dates(page) != {earlier}  # nothing keeps the copy now
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    later = earlier + timedelta(hours=1)
    ArticlePage.objects.filter(pk=page.pk).update(first_published_at=later)
    assert link_dates(page) == {later}
