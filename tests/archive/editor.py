"""An editor who keeps saving: `manage.py shell -c "from tests.archive.editor import keep_saving; keep_saving()"`.

Each article is created, then published through the service, each in its own
transaction; its number is printed only once the publication has committed.
"""

import os
import time
from pathlib import Path

from django.db import connection, transaction

from articles.models import Article
from articles.services import publish_articles


def keep_saving():
    stop = Path(os.environ["EDITOR_STOP_FILE"])
    if connection.vendor == "sqlite":
        # The newest commits stay in the write-ahead log, as when a long read holds checkpoints
        # off: a copy of the database file alone would miss them; the backup API does not.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
    number = 0
    while not stop.exists():
        with transaction.atomic():
            article = Article.objects.create(title=f"Saved during the backup {number}", body="Words **here**.")
        publish_articles(articles=Article.objects.filter(pk=article.pk))
        print(number, flush=True)
        number += 1
        time.sleep(0.005)
