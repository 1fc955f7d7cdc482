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


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


# sort=newest on PostgreSQL walks this index for common words (its order is
# PostgresEngine.newest_order; the plain first_published_at index cannot give
# NULLS LAST). SQLite sorts the FTS matches instead.
NEWEST_INDEX = (
    "CREATE INDEX search_entry_newest ON search_searchentry"
    " (first_published_at DESC NULLS LAST, page_id DESC)"
)


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
            _on_postgres(NEWEST_INDEX), _on_postgres("DROP INDEX search_entry_newest")
        ),
    ]
