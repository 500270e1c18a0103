"""Editors declare tag topics and see the record of tag merges; writers may look at topics."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": ["add_tagtopic", "change_tagtopic", "delete_tagtopic", "view_tagtopic",
                "add_topictag", "change_topictag", "delete_topictag", "view_topictag", "view_tagmerge"],
    "Writers": ["view_tagtopic", "view_topictag"],
}  # fmt: skip


def permissions(apps, codenames):
    # Permissions are normally created after all migrations; these need them now.
    config = apps.get_app_config("symposium")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="symposium", codename__in=codenames)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.add(*permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("symposium", "0011_tag_topics_and_merges"),
        ("articles", "0003_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
