from django.db import migrations, models


class Migration(migrations.Migration):
    """Which analyzer wrote each entry (sahifa.analysis.fingerprint). Rows
    already there get "" and are stale: `search_rebuild --if-stale` (make
    run, and the upgrade steps in docs/operations.md) re-indexes them."""

    dependencies = [
        ("search", "0003_term_forms"),
    ]

    operations = [
        # Plain ADD COLUMN, as in 0003: Django's SQLite editor would copy the
        # table into a new one, which drops the FTS triggers of 0002.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="analyzer",
                    field=models.CharField(blank=True, max_length=16),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE search_searchentry"
                    " ADD COLUMN analyzer varchar(16) NOT NULL DEFAULT ''",
                    "ALTER TABLE search_searchentry DROP COLUMN analyzer",
                ),
            ],
        ),
    ]
