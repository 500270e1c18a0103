"""The Writers and Editors groups and their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = {
    "articles": ["add_article", "change_article", "view_article", "delete_article",
                 "add_quote", "change_quote", "view_quote", "delete_quote",
                 "add_speaker", "change_speaker", "view_speaker",
                 "add_event", "change_event", "view_event"],
    "priorities": ["add_priority", "change_priority", "view_priority", "delete_priority"],
    "taggit": ["add_tag", "view_tag"],
}  # fmt: skip
EDITOR = {
    **WRITER,
    "articles": [*WRITER["articles"], "publish_article", "delete_speaker", "delete_event"],
    "taggit": ["add_tag", "change_tag", "view_tag", "delete_tag"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in (("Writers", WRITER), ("Editors", EDITOR)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in grants.items():
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow_history_images"),
        ("priorities", "0002_workflow_history_images"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
