import articles.markdown
from django.db import migrations, models

from articles.markdown import render_markdown

BATCH_SIZE = 500


def render_bodies(apps, schema_editor):
    """Every stored body again, as markdown-it-py renders it (Python-Markdown had, before)."""
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

    dependencies = [
        ('articles', '0008_article_created_by'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='body',
            field=models.TextField(blank=True, help_text='Markdown.', validators=[articles.markdown.validate_markdown]),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='body',
            field=models.TextField(blank=True, help_text='Markdown.', validators=[articles.markdown.validate_markdown]),
        ),
        migrations.RunPython(render_bodies, migrations.RunPython.noop),
    ]
