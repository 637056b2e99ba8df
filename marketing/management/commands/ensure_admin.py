import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from marketing.permissions import ADMIN


class Command(BaseCommand):
    help = (
        "Make sure a console admin exists. Credentials come from CONSOLE_ADMIN_USERNAME and "
        "CONSOLE_ADMIN_PASSWORD; without a password one is generated and printed once."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        username = settings.CONSOLE_ADMIN_USERNAME
        password = settings.CONSOLE_ADMIN_PASSWORD
        try:
            admin_group = Group.objects.get(name=ADMIN)
        except Group.DoesNotExist:
            raise CommandError(
                "The console roles are missing: run `python manage.py migrate`."
            ) from None
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            generated = secrets.token_urlsafe(12) if not password else None
            user = user_model.objects.create_superuser(
                username=username, email="", password=password or generated
            )
            user.groups.add(admin_group)
            self.stdout.write(f"Created console admin '{username}'.")
            if generated:
                self.stdout.write(
                    self.style.WARNING(
                        f"Generated password for '{username}': {generated}\n"
                        "It is shown only this once. Set CONSOLE_ADMIN_PASSWORD to choose one."
                    )
                )
            return
        changed = []
        if password and not user.check_password(password):
            user.set_password(password)
            changed.append("password from CONSOLE_ADMIN_PASSWORD")
        if not (user.is_active and user.is_staff and user.is_superuser):
            user.is_active = user.is_staff = user.is_superuser = True
            changed.append("staff access")
        user.save()
        user.groups.add(admin_group)
        detail = f" (updated: {', '.join(changed)})" if changed else ""
        self.stdout.write(f"Console admin '{username}' exists{detail}.")
