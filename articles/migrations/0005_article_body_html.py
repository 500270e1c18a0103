from django.db import migrations, models

from articles.markdown import render_markdown

BATCH_SIZE = 500


def render_bodies(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    batch = []
    for article in Article.objects.only("pk", "body").iterator(chunk_size=BATCH_SIZE):
        article.body_html = render_markdown(article.body)
        batch.append(article)
        if len(batch) == BATCH_SIZE:
            Article.objects.bulk_update(batch, ["body_html"])
            batch = []
    Article.objects.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_deleted_article_proxy")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(render_bodies, migrations.RunPython.noop),
    ]
