"""PostgreSQL: the word-pair index reads one kind's candidates only.

A phrase's window is read per kind, and with the pairs alone in the index
each kind visited every kind's candidates in the table and threw most of
them away. With the kind as the index's first column (btree_gin, shipped
with PostgreSQL and trusted, so a database owner may create it) each kind
visits only its own.
"""

from django.db import migrations

from symposium.migrations._vendor import run_for_vendor

POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX searchdocument_kind_pairs_idx ON symposium_searchdocument USING gin (kind, word_pairs)",
    "DROP INDEX searchdocument_pairs_idx",
]
POSTGRES_DROP = [
    "CREATE INDEX searchdocument_pairs_idx ON symposium_searchdocument USING gin (word_pairs)",
    "DROP INDEX searchdocument_kind_pairs_idx",
]


class Migration(migrations.Migration):
    dependencies = [("symposium", "0006_cjk_pairs")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRES_CREATE}), run_for_vendor({"postgresql": POSTGRES_DROP})
        ),
    ]
