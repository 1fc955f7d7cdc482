import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Locale, Page

from sahifa.search.query import shadow_fields

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("search", "0002_engine_indexes")]
AFTER = [("search", "0003_term_forms")]
LATEST = [("search", "0004_analyzer_stamp")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def some_page():
    """A page for entries to point at (transactional tests before may have
    flushed the page tree)."""
    page = Page.objects.order_by("depth").first()
    if page is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        page = Page.add_root(title="جذر", slug="root")
    return page


def test_term_forms_migration_fills_rows_and_keeps_the_engine_working():
    """0003 adds the word-form codes to rows indexed before it, and the
    engine structures of 0002 (SQLite FTS triggers, PostgreSQL vector
    trigger) still index what is written afterwards."""
    from sahifa.search.backends import get_engine
    from sahifa.search.backends.base import Filters
    from sahifa.search.query import parse_query

    title, dek, body = "الحكومة تقر الموازنة", "نقاش في البرلمان", "أقرت الحكومة الموازنة العامة."
    fields = shadow_fields(title, dek, body)
    page = some_page()
    try:
        old_apps = migrate(BEFORE)
        OldEntry = old_apps.get_model("search", "SearchEntry")
        OldEntry.objects.create(
            page_id=page.pk,
            title=title,
            dek=dek,
            body=body,
            **{name: value for name, value in fields.items() if name != "term_forms"},
        )
        new_apps = migrate(AFTER)
        entry = new_apps.get_model("search", "SearchEntry").objects.get(pk=page.pk)
        assert entry.term_forms == fields["term_forms"]
        assert entry.term_forms.count("|") == 2

        engine = get_engine()
        found = engine.search(parse_query("الموازنة"), Filters(), newest=False, offset=0, limit=5)
        assert found.ids == [page.pk]
        entry.title_terms = entry.title_terms + " " + "انتخاب"
        entry.save()
        found = engine.search(parse_query("انتخابات"), Filters(), newest=False, offset=0, limit=5)
        assert found.ids == [page.pk]
    finally:
        migrate(LATEST)


def test_analyzer_stamp_migration_marks_old_rows_stale_and_keeps_the_engine_working():
    """0004 stamps rows indexed before it with no analyzer (stale, so
    `search_rebuild --if-stale` re-indexes them) and, as 0003, adds its
    column without dropping 0002's triggers."""
    from sahifa.search import services
    from sahifa.search.backends import get_engine
    from sahifa.search.backends.base import Filters
    from sahifa.search.query import parse_query

    fields = shadow_fields("الحكومة تقر الموازنة", "", "أقرت الحكومة الموازنة العامة.")
    page = some_page()
    try:
        old_apps = migrate(AFTER)
        old_apps.get_model("search", "SearchEntry").objects.create(
            page_id=page.pk, title="الحكومة تقر الموازنة", body="أقرت الحكومة الموازنة.", **fields
        )
        new_apps = migrate(LATEST)
        entry = new_apps.get_model("search", "SearchEntry").objects.get(pk=page.pk)
        assert entry.analyzer == ""
        assert services.index_is_stale()
        entry.title_terms += " انتخاب"
        entry.save()
        found = get_engine().search(
            parse_query("انتخابات"), Filters(), newest=False, offset=0, limit=5
        )
        assert found.ids == [page.pk]
    finally:
        migrate(LATEST)


def test_postgres_gin_indexes_have_no_pending_list():
    """Queries scan GIN's pending list in full; the search indexes are
    written straight into the tree (0003), also after a full rebuild (which
    batches into the list while it writes, then merges it)."""
    from sahifa.search import services

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    services.rebuild()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN"
            " ('search_entry_document_gin', 'search_entry_autocomplete_gin')"
        )
        options = dict(cursor.fetchall())
    assert options == {
        "search_entry_document_gin": ["fastupdate=off"],
        "search_entry_autocomplete_gin": ["fastupdate=off"],
    }
