"""The article's first_published_at copied into its tag and author links,
kept by database triggers (migration 0006 adds the columns and indexes).

Triggers, not signals: the copy must follow every write of the page's date,
a queryset `update()` and bulk SQL (bench/million.py) included. A link row
takes its article's date when inserted or moved to another article; a
page's date change is copied to its links.

`ensure_triggers` runs after every `migrate` (post_migrate): on SQLite a
later migration that rebuilds one of these tables (ALTER TABLE there copies
the table) drops its triggers, and they must come back."""

from django.db import connections

LINKS = (
    ("articles_articlepagetag", "content_object_id"),
    ("articles_articleauthor", "page_id"),
)
BACKFILL = (
    "UPDATE {table} SET first_published_at = (SELECT p.first_published_at "
    "FROM wagtailcore_page p WHERE p.id = {table}.{column})"
)
PAGE_DATE = "(SELECT first_published_at FROM wagtailcore_page WHERE id = NEW.{column})"
COPY_TO_LINKS = " ".join(
    f"UPDATE {table} SET first_published_at = NEW.first_published_at WHERE {column} = NEW.id;"
    for table, column in LINKS
)

POSTGRES = [
    "CREATE OR REPLACE FUNCTION sahifa_page_listing_date() RETURNS trigger AS $$ "
    f"BEGIN {COPY_TO_LINKS} RETURN NULL; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER sahifa_page_listing_date AFTER UPDATE OF first_published_at "
    "ON wagtailcore_page FOR EACH ROW "
    "WHEN (OLD.first_published_at IS DISTINCT FROM NEW.first_published_at) "
    "EXECUTE FUNCTION sahifa_page_listing_date()",
]
for table, column in LINKS:
    POSTGRES += [
        f"CREATE OR REPLACE FUNCTION {table}_date() RETURNS trigger AS $$ "
        f"BEGIN NEW.first_published_at := {PAGE_DATE.format(column=column)}; RETURN NEW; "
        "END $$ LANGUAGE plpgsql",
        f"CREATE TRIGGER {table}_date BEFORE INSERT OR UPDATE OF {column} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_date()",
    ]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS sahifa_page_listing_date ON wagtailcore_page",
    "DROP FUNCTION IF EXISTS sahifa_page_listing_date()",
]
for table, _ in LINKS:
    POSTGRES_DROP += [
        f"DROP TRIGGER IF EXISTS {table}_date ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_date()",
    ]

# SQLite's triggers cannot assign NEW: the inserted row is updated after.
SQLITE = [
    "CREATE TRIGGER sahifa_page_listing_date AFTER UPDATE OF first_published_at "
    "ON wagtailcore_page "
    "WHEN OLD.first_published_at IS NOT NEW.first_published_at "
    f"BEGIN {COPY_TO_LINKS} END",
]
for table, column in LINKS:
    for event, name in (
        (f"INSERT ON {table}", "insert"),
        (f"UPDATE OF {column} ON {table}", "move"),
    ):
        SQLITE.append(
            f"CREATE TRIGGER {table}_date_{name} AFTER {event} BEGIN "
            f"UPDATE {table} SET first_published_at = {PAGE_DATE.format(column=column)} "
            "WHERE id = NEW.id; END"
        )
SQLITE_DROP = ["DROP TRIGGER IF EXISTS sahifa_page_listing_date"] + [
    f"DROP TRIGGER IF EXISTS {table}_date_{name}"
    for table, _ in LINKS
    for name in ("insert", "move")
]


def backfill(apps, schema_editor):
    for table, column in LINKS:
        schema_editor.execute(BACKFILL.format(table=table, column=column))


CREATE = {"postgresql": POSTGRES, "sqlite": SQLITE}
DROP = {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}


def create_triggers(apps, schema_editor):
    for statement in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def ensure_triggers(using: str = "default", **kwargs) -> None:
    """Drop and create the triggers again (idempotent) once the columns exist."""
    connection = connections[using]
    with connection.cursor() as cursor:
        table = LINKS[0][0]
        if table not in connection.introspection.table_names(cursor):
            return
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        if "first_published_at" not in columns:
            return  # before migration 0006
        vendor = connection.vendor
        for statement in DROP.get(vendor, []) + CREATE.get(vendor, []):
            cursor.execute(statement)
