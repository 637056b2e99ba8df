"""python manage.py match_transition MATCH_ID STATUS [--note TEXT] [--expect-version N] [--json]

Moves a match one step in its workflow, for scripts. Exit status 0 when the match moved;
1, with a one-line reason, when it was refused: the move is not allowed from the match's
status, the match is no longer at --expect-version, or there is no such match. With
--json the match after the change is printed as one line (a refusal as {"error": ...}).
"""

import re
import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from marketing.dynamo import errors
from marketing.dynamo.calls import probe_endpoint
from marketing.errors import UserError
from marketing.management.base import DynamoCommand
from marketing.management.json_lines import error_line
from matches import services
from matches.management.match_json import match_json

ACTOR = "system:match_transition"
MATCH_ID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


class Command(DynamoCommand):
    help = (
        "Move a match to STATUS (CONTACTED, RESPONDED, NEGOTIATING, ACCEPTED, COMPLETED, "
        "REJECTED) if its workflow allows it. Exits 1 with the reason when refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("match_id", metavar="MATCH_ID")
        parser.add_argument("status", metavar="STATUS")
        parser.add_argument("--note", default="", help="why, or how the creator was reached")
        parser.add_argument(
            "--expect-version",
            type=int,
            default=None,
            metavar="N",
            help="refuse unless the match is still at version N",
        )
        parser.add_argument("--json", action="store_true", help="print the match after it")

    def handle(self, *args, match_id, status, note, expect_version, **options):
        as_json = options["json"]
        probe_endpoint()
        try:
            match = self.transition(match_id, status, note, expect_version)
        except (errors.NotFound, errors.ConditionFailed, UserError) as exc:
            reason = refusal(exc, match_id, expect_version)
            if as_json:
                self.stdout.write(error_line(reason, matchId=match_id))
                sys.exit(1)
            raise CommandError(reason) from exc
        if as_json:
            self.stdout.write(match_json(match))
            return
        change = match.status_history[-1]
        self.stdout.write(
            self.style.SUCCESS(
                _("Match %(id)s: %(from)s → %(to)s (version %(version)d).")
                % {
                    "id": match.match_id,
                    "from": change.from_status.label if change.from_status else "—",
                    "to": change.to.label,
                    "version": match.version,
                }
            )
        )

    def transition(self, match_id: str, status: str, note: str, expect_version: int | None):
        if not MATCH_ID.fullmatch(match_id):
            raise errors.NotFound(match_id)
        return services.match_transition_by_hand(
            match_id=match_id.lower(),
            to_status=status.strip().upper(),
            actor=ACTOR,
            note=note,
            expected_version=expect_version,
            mode="batch",
        )


def refusal(exc: Exception, match_id: str, expect_version: int | None) -> str:
    """The one-line reason a transition was refused, in the console's language."""
    if isinstance(exc, errors.NotFound):
        return _("There is no match %(id)s.") % {"id": match_id}
    if isinstance(exc, errors.ConditionFailed):
        if expect_version is not None:
            return _(
                "Match %(id)s is no longer at version %(version)d: someone changed it; "
                "look at it again."
            ) % {"id": match_id, "version": expect_version}
        return _("Match %(id)s was changed by someone else at the same moment; try again.") % {
            "id": match_id
        }
    return str(exc)
