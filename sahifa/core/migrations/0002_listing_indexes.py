"""Indexes for reader listings at a million articles (docs/operations.md,
Scaling). They sit on Wagtail's page table, so they are plain SQL here:

- newest first among live pages — home latest, feeds, news sitemap, tag and
  author pages walking back in time (`recent()`, keyset pagination);
- newest first within a section: the section's path prefix (sections sit at
  depth 3, a 12-character path) then the date, matching
  `ArticlePageQuerySet.in_section()`'s expression;
- `url_path`, which BasePage.route() resolves a request by in one query.

PostgreSQL and SQLite spell the prefix function differently, and an
expression index only serves a query written with the same function."""

from django.db import migrations

INDEXES = {
    "sahifa_page_live_recent": ("wagtailcore_page (first_published_at DESC, id DESC) WHERE live"),
    "sahifa_page_section_recent": (
        "wagtailcore_page ({substr}(path, 1, 12), first_published_at DESC, id DESC) WHERE live"
    ),
    "sahifa_page_url_path": "wagtailcore_page (url_path)",
}


def create(apps, schema_editor):
    substr = "SUBSTRING" if schema_editor.connection.vendor == "postgresql" else "SUBSTR"
    for name, spec in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {spec.format(substr=substr)}")


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop)]
