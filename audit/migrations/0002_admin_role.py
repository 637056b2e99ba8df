"""The admin role reads the audit trail; viewers and editors do not."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("audit")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="audit", codename="view_auditentry"
    )
    group, _created = Group.objects.get_or_create(name="admin")
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="admin"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="audit", codename="view_auditentry")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("marketing", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
