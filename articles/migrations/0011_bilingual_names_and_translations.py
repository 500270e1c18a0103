"""Speakers and events named in both languages; articles linked to their translations."""

import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LETTER = re.compile(r"[^\W\d_]")


def looks_chinese(text):
    """Most letters are Chinese characters (a copy of articles.languages.looks_chinese, frozen here)."""
    letters = LETTER.findall(text or "")
    return bool(letters) and sum(1 for letter in letters if HAN.match(letter)) * 2 >= len(letters)


def move_chinese_names(apps, schema_editor):
    """Names written in Chinese until now sat in the one name field: they are the Chinese names."""
    moves = {"Speaker": ["name", "position", "organisation"], "Event": ["name"]}
    for model_name, fields in moves.items():
        for row in apps.get_model("articles", model_name).objects.all():
            moved = [field for field in fields if looks_chinese(getattr(row, f"{field}_en"))]
            for field in moved:
                setattr(row, f"{field}_zh_hans", getattr(row, f"{field}_en"))
                setattr(row, f"{field}_en", "")
            if moved:
                row.save(update_fields=[f"{field}_{suffix}" for field in moved for suffix in ("en", "zh_hans")])


def mark_chinese_articles(apps, schema_editor):
    """Articles mostly in Chinese characters that still had the default language are Chinese."""
    articles = apps.get_model("articles", "Article").objects.filter(language="en")
    chinese = [pk for pk, title, body in articles.values_list("pk", "title", "body") if looks_chinese(f"{title} {body}")]
    articles.filter(pk__in=chinese).update(language="zh-Hans")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_listing_indexes_by_id'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='event',
            options={'ordering': ['-start_date', 'name_en', 'name_zh_hans']},
        ),
        migrations.AlterModelOptions(
            name='speaker',
            options={'ordering': ['name_en', 'name_zh_hans']},
        ),
        migrations.RenameField(
            model_name='event',
            old_name='name',
            new_name='name_en',
        ),
        migrations.RenameField(
            model_name='historicalevent',
            old_name='name',
            new_name='name_en',
        ),
        migrations.RenameField(
            model_name='historicalspeaker',
            old_name='name',
            new_name='name_en',
        ),
        migrations.RenameField(
            model_name='historicalspeaker',
            old_name='organisation',
            new_name='organisation_en',
        ),
        migrations.RenameField(
            model_name='historicalspeaker',
            old_name='position',
            new_name='position_en',
        ),
        migrations.RenameField(
            model_name='speaker',
            old_name='name',
            new_name='name_en',
        ),
        migrations.RenameField(
            model_name='speaker',
            old_name='organisation',
            new_name='organisation_en',
        ),
        migrations.RenameField(
            model_name='speaker',
            old_name='position',
            new_name='position_en',
        ),
        migrations.AddField(
            model_name='article',
            name='translation_group',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.article'),
        ),
        migrations.AlterField(
            model_name='event',
            name='name_en',
            field=models.CharField(blank=True, max_length=300, verbose_name='English name'),
        ),
        migrations.AddField(
            model_name='event',
            name='name_zh_hans',
            field=models.CharField(blank=True, max_length=300, verbose_name='Chinese name'),
        ),
        migrations.AlterField(
            model_name='historicalevent',
            name='name_en',
            field=models.CharField(blank=True, max_length=300, verbose_name='English name'),
        ),
        migrations.AddField(
            model_name='historicalevent',
            name='name_zh_hans',
            field=models.CharField(blank=True, max_length=300, verbose_name='Chinese name'),
        ),
        migrations.AlterField(
            model_name='historicalspeaker',
            name='name_en',
            field=models.CharField(blank=True, help_text='Li Shousheng', max_length=200, verbose_name='English name'),
        ),
        migrations.AddField(
            model_name='historicalspeaker',
            name='name_zh_hans',
            field=models.CharField(blank=True, help_text='李寿生', max_length=200, verbose_name='Chinese name'),
        ),
        migrations.AlterField(
            model_name='historicalspeaker',
            name='organisation_en',
            field=models.CharField(blank=True, max_length=300, verbose_name='organisation (English)'),
        ),
        migrations.AddField(
            model_name='historicalspeaker',
            name='organisation_zh_hans',
            field=models.CharField(blank=True, max_length=300, verbose_name='organisation (Chinese)'),
        ),
        migrations.AlterField(
            model_name='historicalspeaker',
            name='position_en',
            field=models.CharField(blank=True, max_length=300, verbose_name='position (English)'),
        ),
        migrations.AddField(
            model_name='historicalspeaker',
            name='position_zh_hans',
            field=models.CharField(blank=True, max_length=300, verbose_name='position (Chinese)'),
        ),
        migrations.AlterField(
            model_name='speaker',
            name='name_en',
            field=models.CharField(blank=True, help_text='Li Shousheng', max_length=200, verbose_name='English name'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='name_zh_hans',
            field=models.CharField(blank=True, help_text='李寿生', max_length=200, verbose_name='Chinese name'),
        ),
        migrations.AlterField(
            model_name='speaker',
            name='organisation_en',
            field=models.CharField(blank=True, max_length=300, verbose_name='organisation (English)'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='organisation_zh_hans',
            field=models.CharField(blank=True, max_length=300, verbose_name='organisation (Chinese)'),
        ),
        migrations.AlterField(
            model_name='speaker',
            name='position_en',
            field=models.CharField(blank=True, max_length=300, verbose_name='position (English)'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='position_zh_hans',
            field=models.CharField(blank=True, max_length=300, verbose_name='position (Chinese)'),
        ),
        migrations.RunPython(move_chinese_names, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(mark_chinese_articles, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('translation_group', 'language'), name='one_article_per_language_per_group', violation_error_message='The group of translations has an article in this language already.'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('name_en', ''), _negated=True), models.Q(('name_zh_hans', ''), _negated=True), _connector='OR'), name='event_has_a_name'),
        ),
        migrations.AddConstraint(
            model_name='speaker',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('name_en', ''), _negated=True), models.Q(('name_zh_hans', ''), _negated=True), _connector='OR'), name='speaker_has_a_name'),
        ),
    ]
