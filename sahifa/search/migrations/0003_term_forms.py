from django.db import migrations, models


def fill_term_forms(apps, schema_editor):
    """Index the word forms of the rows already there (ranking reads them).
    Uses the current analysis on purpose: the codes must align with the
    shadow terms, which the same analysis wrote."""
    from sahifa.search.query import terms_and_forms

    SearchEntry = apps.get_model("search", "SearchEntry")
    rows = SearchEntry.objects.only("pk", "title", "dek", "body").order_by("pk")
    batch = []
    for entry in rows.iterator(chunk_size=500):
        entry.term_forms = "|".join(
            terms_and_forms(text)[1] for text in (entry.title, entry.dek, entry.body)
        )
        batch.append(entry)
        if len(batch) == 500:
            SearchEntry.objects.bulk_update(batch, ["term_forms"])
            batch = []
    SearchEntry.objects.bulk_update(batch, ["term_forms"])


def _on_postgres(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


# sort=newest on PostgreSQL walks this index for common words (its order is
# PostgresEngine.newest_order; the plain first_published_at index cannot give
# NULLS LAST). SQLite sorts the FTS matches instead.
NEWEST_INDEX = (
    "CREATE INDEX search_entry_newest ON search_searchentry"
    " (first_published_at DESC NULLS LAST, page_id DESC)"
)


# GIN's fast update appends new entries to a pending list that every query
# scans in full until VACUUM merges it (up to gin_pending_list_limit, 4 MB):
# a 5,000-article index answered a query in 17–26 ms with the list left by
# its load, 1.5–3 ms once merged. Articles are written one at a time, so
# entries go straight into the tree instead.
GIN_INDEXES = ("search_entry_document_gin", "search_entry_autocomplete_gin")
DIRECT_GIN = [
    statement
    for index in GIN_INDEXES
    for statement in (
        f"ALTER INDEX {index} SET (fastupdate = off)",
        f"SELECT gin_clean_pending_list('{index}'::regclass)",
    )
]
PENDING_GIN = [f"ALTER INDEX {index} RESET (fastupdate)" for index in GIN_INDEXES]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_engine_indexes"),
    ]

    operations = [
        # Plain ADD COLUMN: Django's SQLite editor would copy the table into
        # a new one for a NOT NULL column, which drops the FTS triggers
        # (0002). A constant default is allowed there and on PostgreSQL.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="term_forms",
                    field=models.TextField(blank=True),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE search_searchentry ADD COLUMN term_forms text NOT NULL DEFAULT ''",
                    "ALTER TABLE search_searchentry DROP COLUMN term_forms",
                ),
            ],
        ),
        migrations.RunPython(fill_term_forms, migrations.RunPython.noop),
        migrations.RunPython(
            _on_postgres(NEWEST_INDEX, *DIRECT_GIN),
            _on_postgres("DROP INDEX search_entry_newest", *PENDING_GIN),
        ),
    ]
