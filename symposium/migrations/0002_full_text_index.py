"""The full-text index over SearchDocument, one per database vendor.

SQLite: an FTS5 table with the trigram tokenizer (finds Chinese inside a
sentence and English inside longer words), kept in step by triggers.
PostgreSQL: a stored tsvector (English stemming, title weighted above body)
and a pg_trgm index for Chinese and other unsegmented text.
"""

from django.db import migrations

from symposium.migrations._vendor import run_for_vendor

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='symposium_searchdocument', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON symposium_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON symposium_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON symposium_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE symposium_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
    ) STORED""",
    "CREATE INDEX searchdocument_vector_idx ON symposium_searchdocument USING gin (search_vector)",
    """CREATE INDEX searchdocument_trgm_idx ON symposium_searchdocument
        USING gin ((title || ' ' || body) gin_trgm_ops)""",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS searchdocument_trgm_idx",
    "DROP INDEX IF EXISTS searchdocument_vector_idx",
    "ALTER TABLE symposium_searchdocument DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("symposium", "0001_search_document")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            run_for_vendor({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
