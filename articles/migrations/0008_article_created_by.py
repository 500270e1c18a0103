"""Who started each article, so writers may delete only their own; filled from its first revision."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_created_by(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    first_author = (
        HistoricalArticle.objects.filter(id=OuterRef("id"))
        .order_by("history_date", "history_id")
        .values("history_user_id")[:1]
    )
    # Revisions carry it too, so restoring an old one keeps who started the article.
    for model in (Article, HistoricalArticle):
        model.objects.filter(created_by__isnull=True).update(created_by=Subquery(first_author))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_clean_random_image_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill_created_by, migrations.RunPython.noop),
    ]
