"""Engine-specific full-text structures over SearchEntry's shadow columns,
kept current by triggers so any write to the table (ORM, bulk, cascade)
updates the index.

SQLite: two external-content FTS5 tables (terms; autocomplete with prefix
indexes), tokenizer unicode61 without diacritic folding so it splits
exactly like PostgreSQL's `simple` parser on our pre-analyzed text.
PostgreSQL: weighted tsvector('simple') columns filled by a trigger, GIN.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, dek_terms, body_terms, lemma_terms,
        content='search_searchentry', content_rowid='page_id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE VIRTUAL TABLE search_ac USING fts5(
        autocomplete, content='search_searchentry', content_rowid='page_id',
        tokenize='unicode61 remove_diacritics 0', prefix='1 2 3 4')""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_terms, dek_terms, body_terms, lemma_terms)
        VALUES (new.page_id, new.title_terms, new.dek_terms, new.body_terms, new.lemma_terms);
        INSERT INTO search_ac(rowid, autocomplete) VALUES (new.page_id, new.autocomplete);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, dek_terms, body_terms, lemma_terms)
        VALUES ('delete', old.page_id, old.title_terms, old.dek_terms, old.body_terms, old.lemma_terms);
        INSERT INTO search_ac(search_ac, rowid, autocomplete)
        VALUES ('delete', old.page_id, old.autocomplete);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, dek_terms, body_terms, lemma_terms)
        VALUES ('delete', old.page_id, old.title_terms, old.dek_terms, old.body_terms, old.lemma_terms);
        INSERT INTO search_ac(search_ac, rowid, autocomplete)
        VALUES ('delete', old.page_id, old.autocomplete);
        INSERT INTO search_fts(rowid, title_terms, dek_terms, body_terms, lemma_terms)
        VALUES (new.page_id, new.title_terms, new.dek_terms, new.body_terms, new.lemma_terms);
        INSERT INTO search_ac(rowid, autocomplete) VALUES (new.page_id, new.autocomplete);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_ac",
]

POSTGRES_FORWARD = [
    """CREATE FUNCTION search_entry_vectors() RETURNS trigger AS $$
    BEGIN
        NEW.document :=
            setweight(to_tsvector('simple', coalesce(NEW.title_terms, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(NEW.dek_terms, '')), 'B') ||
            setweight(to_tsvector('simple', coalesce(NEW.body_terms, '')), 'C') ||
            setweight(to_tsvector('simple', coalesce(NEW.lemma_terms, '')), 'D');
        NEW.autocomplete_document := to_tsvector('simple', coalesce(NEW.autocomplete, ''));
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER search_entry_vectors BEFORE INSERT OR UPDATE ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_entry_vectors()""",
    "CREATE INDEX search_entry_document_gin ON search_searchentry USING gin (document)",
    """CREATE INDEX search_entry_autocomplete_gin ON search_searchentry
        USING gin (autocomplete_document)""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_autocomplete_gin",
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "DROP TRIGGER IF EXISTS search_entry_vectors ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_vectors()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
