"""`python manage.py erase_creator CREATOR_ID [--for-real]`: forget a creator (dry run by
default). See audit/erasure.py for what goes, and README "Erasure"."""

import uuid

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from audit.erasure import ErasureError, creator_erase, creator_erasure_plan
from marketing.management.base import DynamoCommand


class Command(DynamoCommand):
    help = _(
        "Erase a creator's personal data from every table and the audit trail, keeping only "
        "the do-not-contact entry. A dry run unless --for-real."
    )

    def add_arguments(self, parser):
        parser.add_argument("creator_id", help=_("The creator's id (a UUID)."))
        parser.add_argument(
            "--for-real", action="store_true", help=_("Erase; without it, only say what would go.")
        )

    def handle(self, *args, creator_id, for_real, **options):
        try:
            creator_id = str(uuid.UUID(creator_id))
        except ValueError:
            message = _("“%(id)s” is not a creator id (a UUID).") % {"id": creator_id}
            raise CommandError(message) from None
        actor = "system:erase_creator"
        try:
            plan = (
                creator_erase(creator_id=creator_id, actor=actor)
                if for_real
                else creator_erasure_plan(creator_id=creator_id)
            )
        except ErasureError as exc:
            raise CommandError(str(exc)) from exc
        if plan.already_erased and not plan.channels and not plan.matches:
            self.stdout.write(_("Creator %(id)s was erased already.") % {"id": creator_id})
            return
        if not for_real and not (plan.channels or plan.matches or plan.audit_entries):
            raise CommandError(_("There is no creator %(id)s to erase.") % {"id": creator_id})
        heading = (
            _("Erased creator %(id)s:") if for_real else _("Would erase creator %(id)s (dry run):")
        )
        self.stdout.write(heading % {"id": creator_id})
        for line in plan.lines():
            self.stdout.write(f"  {line}")
        if not for_real:
            self.stdout.write(_("Run again with --for-real to erase."))
