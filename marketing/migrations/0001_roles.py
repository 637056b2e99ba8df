"""Create the three console roles as Groups with their permissions.

The role definitions are frozen here (a migration must not change meaning when the
code moves on); marketing.permissions holds the same table for the running code, and a
test checks the two agree.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = (
    ("stores", "store"),
    ("creators", "creator"),
    ("matches", "match"),
    ("campaigns", "campaign"),
)
ROLE_ACTIONS = {
    "viewer": ("view",),
    "editor": ("view", "add", "change", "transition"),
    "admin": ("view", "add", "change", "transition", "delete"),
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); make them now.
    for app_label, _model in MODELS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in ROLE_ACTIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = [
            Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            for app_label, model in MODELS
            for action in actions
        ]
        group.permissions.set(wanted)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_ACTIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("stores", "0001_initial"),
        ("creators", "0001_initial"),
        ("matches", "0001_initial"),
        ("campaigns", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
