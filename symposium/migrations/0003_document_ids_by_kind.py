"""Give every search document the id its kind's block implies (SearchDocument.id_for).

Old ids are all below the first block, so no new id collides with an old one
while the rows are renumbered. On SQLite the FTS5 update trigger moves each
row's index entry to its new rowid.
"""

from django.db import migrations

RENUMBER = """
UPDATE symposium_searchdocument SET id = CASE kind
    WHEN 'article' THEN 1000000000000 + article_id
    WHEN 'quote' THEN 2000000000000 + quote_id
    WHEN 'priority' THEN 3000000000000 + priority_id
    ELSE 4000000000000 + speaker_id
END
WHERE id < 1000000000000
"""


class Migration(migrations.Migration):
    dependencies = [("symposium", "0002_full_text_index")]

    operations = [migrations.RunSQL(RENUMBER, migrations.RunSQL.noop)]
