"""Editors may see failed log-ins and unlock a locked-out account (django-axes' AccessAttempt)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_accessattempt", "delete_accessattempt"]


def permissions(apps):
    # Permissions are normally created after all migrations; these need them now.
    axes_config = apps.get_app_config("axes")
    axes_config.models_module = True
    create_permissions(axes_config, apps=apps, verbosity=0)
    axes_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="axes", codename__in=CODENAMES)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("symposium", "0007_word_pairs_by_kind"),
        ("articles", "0003_staff_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
