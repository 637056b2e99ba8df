"""python manage.py campaign_transition CAMPAIGN_ID STATUS [--note] [--expect-version N] [--json]

Moves a campaign one step in its workflow, for scripts. Exit status 0 when the campaign
moved; 1, with a one-line reason, when it was refused: the move is not allowed from the
campaign's status (or completing it would leave a match unsettled), the campaign is no
longer at --expect-version, or there is no such campaign. With --json the campaign after
the change is printed as one line (a refusal as {"error": ...}).
"""

import re
import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from campaigns import services
from campaigns.management.campaign_json import campaign_json
from marketing.dynamo import errors
from marketing.dynamo.calls import probe_endpoint
from marketing.errors import UserError
from marketing.management.base import DynamoCommand
from marketing.management.json_lines import error_line

ACTOR = "system:campaign_transition"
CAMPAIGN_ID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


class Command(DynamoCommand):
    help = (
        "Move a campaign to STATUS (SCHEDULED, ACTIVE, PAUSED, COMPLETED, CANCELLED) if its "
        "workflow allows it. Exits 1 with the reason when refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", metavar="CAMPAIGN_ID")
        parser.add_argument("status", metavar="STATUS")
        parser.add_argument("--note", default="", help="why, for the campaign's history")
        parser.add_argument(
            "--expect-version",
            type=int,
            default=None,
            metavar="N",
            help="refuse unless the campaign is still at version N",
        )
        parser.add_argument("--json", action="store_true", help="print the campaign after it")

    def handle(self, *args, campaign_id, status, note, expect_version, **options):
        as_json = options["json"]
        probe_endpoint()
        try:
            campaign = self.transition(campaign_id, status, note, expect_version)
        except (errors.NotFound, errors.ConditionFailed, UserError) as exc:
            reason = refusal(exc, campaign_id, expect_version)
            if as_json:
                self.stdout.write(error_line(reason, campaignId=campaign_id))
                sys.exit(1)
            raise CommandError(reason) from exc
        if as_json:
            self.stdout.write(campaign_json(campaign))
            return
        change = campaign.status_history[-1]
        self.stdout.write(
            self.style.SUCCESS(
                _("Campaign %(id)s: %(from)s → %(to)s (version %(version)d).")
                % {
                    "id": campaign.campaign_id,
                    "from": change.from_status.label if change.from_status else "—",
                    "to": change.to.label,
                    "version": campaign.version,
                }
            )
        )

    def transition(self, campaign_id: str, status: str, note: str, expect_version: int | None):
        if not CAMPAIGN_ID.fullmatch(campaign_id):
            raise errors.NotFound(campaign_id)
        return services.campaign_transition(
            campaign_id=campaign_id.lower(),
            to_status=status.strip().upper(),
            actor=ACTOR,
            note=note,
            expected_version=expect_version,
            mode="batch",
        )


def refusal(exc: Exception, campaign_id: str, expect_version: int | None) -> str:
    """The one-line reason a transition was refused, in the console's language."""
    if isinstance(exc, errors.NotFound):
        return _("There is no campaign %(id)s.") % {"id": campaign_id}
    if isinstance(exc, errors.ConditionFailed):
        if expect_version is not None:
            return _(
                "Campaign %(id)s is no longer at version %(version)d: someone changed it; "
                "look at it again."
            ) % {"id": campaign_id, "version": expect_version}
        return _("Campaign %(id)s was changed by someone else at the same moment; try again.") % {
            "id": campaign_id
        }
    return str(exc)
