"""python manage.py campaign_transition CAMPAIGN_ID STATUS [--note] [--expect-version N] [--json]

Moves a campaign one step in its workflow, for scripts. Exit status 0 when the campaign
moved; 1, with a one-line reason, when it was refused: the move is not allowed from the
campaign's status (or completing it would leave a match unsettled), the campaign is no
longer at --expect-version, or there is no such campaign. With --json the campaign after
the change is printed as one line (a refusal as {"error": ...}).
"""

from django.utils.translation import gettext as _

from campaigns import services
from campaigns.management.campaign_json import campaign_json
from marketing.management.transition import TransitionCommand

ACTOR = "system:campaign_transition"


class Command(TransitionCommand):
    kind = "campaign"
    note_help = "why, for the campaign's history"
    help = (
        "Move a campaign to STATUS (SCHEDULED, ACTIVE, PAUSED, COMPLETED, CANCELLED) if its "
        "workflow allows it. Exits 1 with the reason when refused."
    )

    def transition(self, item_id, status, note, expect_version):
        return services.campaign_transition(
            campaign_id=item_id,
            to_status=status,
            actor=ACTOR,
            note=note,
            expected_version=expect_version,
            mode="batch",
        )

    def as_json(self, item):
        return campaign_json(item)

    def moved_line(self, item, step):
        return _("Campaign %(id)s: %(from)s → %(to)s (version %(version)d).") % {
            "id": item.campaign_id,
            **step,
        }

    def missing(self, item_id):
        return _("There is no campaign %(id)s.") % {"id": item_id}

    def changed(self, item_id, expect_version):
        if expect_version is not None:
            return _(
                "Campaign %(id)s is no longer at version %(version)d: someone changed it; "
                "look at it again."
            ) % {"id": item_id, "version": expect_version}
        return _("Campaign %(id)s was changed by someone else at the same moment; try again.") % {
            "id": item_id
        }
