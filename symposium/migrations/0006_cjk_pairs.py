"""An index of adjacent CJK character pairs, for two-character Chinese terms.

Most Chinese words are two characters long, too short for SQLite's trigram
index or pg_trgm. Without an index, a rare pair such as 锂电 meant reading
every document. Each document's pairs of adjacent CJK characters
("光刻胶" gives 光刻 and 刻胶) are indexed instead:

- SQLite: an FTS5 table of pairs, kept in step by triggers that call the
  `symposium_cjk_pairs` function the site registers on every connection it
  opens (SymposiumConfig.ready), this migration's included.
- PostgreSQL: a generated array with a GIN index.
"""

from django.db import migrations, models

from symposium.migrations._vendor import run_for_vendor
from symposium.search.query import CJK_CHARACTERS

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_pairs USING fts5(pairs, tokenize='unicode61')",
    """CREATE TRIGGER search_pairs_insert AFTER INSERT ON symposium_searchdocument BEGIN
        INSERT INTO search_pairs(rowid, pairs)
            SELECT new.id, pairs FROM (SELECT symposium_cjk_pairs(new.title || ' ' || new.body) AS pairs)
            WHERE pairs != '';
    END""",
    """CREATE TRIGGER search_pairs_delete AFTER DELETE ON symposium_searchdocument BEGIN
        DELETE FROM search_pairs WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER search_pairs_update AFTER UPDATE OF id, title, body ON symposium_searchdocument BEGIN
        DELETE FROM search_pairs WHERE rowid = old.id;
        INSERT INTO search_pairs(rowid, pairs)
            SELECT new.id, pairs FROM (SELECT symposium_cjk_pairs(new.title || ' ' || new.body) AS pairs)
            WHERE pairs != '';
    END""",
    """INSERT INTO search_pairs(rowid, pairs)
        SELECT id, pairs FROM (
            SELECT id, symposium_cjk_pairs(title || ' ' || body) AS pairs FROM symposium_searchdocument
        ) WHERE pairs != ''""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_pairs_update",
    "DROP TRIGGER IF EXISTS search_pairs_delete",
    "DROP TRIGGER IF EXISTS search_pairs_insert",
    "DROP TABLE IF EXISTS search_pairs",
]
POSTGRES_CREATE = [
    f"""CREATE FUNCTION symposium_cjk_pairs(words text) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(run[1], position, 2)), '{{}}')
        FROM regexp_matches(words, '[{CJK_CHARACTERS}]{{2,}}', 'g') AS run,
            generate_series(1, char_length(run[1]) - 1) AS position
    $$""",
    """ALTER TABLE symposium_searchdocument ADD COLUMN cjk_pairs text[] GENERATED ALWAYS AS (
        symposium_cjk_pairs(title || ' ' || body)
    ) STORED""",
    "CREATE INDEX searchdocument_cjk_pairs_idx ON symposium_searchdocument USING gin (cjk_pairs)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS searchdocument_cjk_pairs_idx",
    "ALTER TABLE symposium_searchdocument DROP COLUMN IF EXISTS cjk_pairs",
    "DROP FUNCTION IF EXISTS symposium_cjk_pairs(text)",
]


class Migration(migrations.Migration):
    dependencies = [("symposium", "0005_word_pairs")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            run_for_vendor({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
        migrations.CreateModel(
            name="SearchPairEntry",
            fields=[("rowid", models.BigIntegerField(primary_key=True, serialize=False))],
            options={"db_table": "search_pairs", "managed": False},
        ),
    ]
