"""PostgreSQL: an index of adjacent word pairs, for phrase searches.

A phrase of two common words ("supply chain") is rare even when each word is
everywhere, and the tsvector index knows which rows hold the words but not
where. Each document's adjacent stemmed word pairs ("suppli chain") are kept
in a generated array with a GIN index, so a phrase first narrows to the rows
holding its pairs; the tsvector phrase match then confirms them. SQLite's
trigram index matches phrases directly and needs nothing.
"""

from django.db import migrations

from symposium.migrations._vendor import run_for_vendor

POSTGRES_CREATE = [
    """CREATE FUNCTION symposium_word_pairs(words tsvector) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT first.lexeme || ' ' || second.lexeme), '{}')
        FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(words)) AS first
        JOIN (SELECT lexeme, unnest(positions) AS position FROM unnest(words)) AS second
            ON second.position = first.position + 1
    $$""",
    """ALTER TABLE symposium_searchdocument ADD COLUMN word_pairs text[] GENERATED ALWAYS AS (
        symposium_word_pairs(to_tsvector('english', title)) || symposium_word_pairs(to_tsvector('english', body))
    ) STORED""",
    "CREATE INDEX searchdocument_pairs_idx ON symposium_searchdocument USING gin (word_pairs)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS searchdocument_pairs_idx",
    "ALTER TABLE symposium_searchdocument DROP COLUMN IF EXISTS word_pairs",
    "DROP FUNCTION IF EXISTS symposium_word_pairs(tsvector)",
]


class Migration(migrations.Migration):
    dependencies = [("symposium", "0004_search_index_entry")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRES_CREATE}), run_for_vendor({"postgresql": POSTGRES_DROP})
        ),
    ]
