"""python manage.py match_transition MATCH_ID STATUS [--note TEXT] [--expect-version N] [--json]

Moves a match one step in its workflow, for scripts. Exit status 0 when the match moved;
1, with a one-line reason, when it was refused: the move is not allowed from the match's
status, the match is no longer at --expect-version, or there is no such match. With
--json the match after the change is printed as one line (a refusal as {"error": ...}).
"""

from django.utils.translation import gettext as _

from marketing.management.transition import TransitionCommand
from matches import services
from matches.management.match_json import match_json

ACTOR = "system:match_transition"


class Command(TransitionCommand):
    kind = "match"
    note_help = "why, or how the creator was reached"
    help = (
        "Move a match to STATUS (CONTACTED, RESPONDED, NEGOTIATING, ACCEPTED, COMPLETED, "
        "REJECTED) if its workflow allows it. Exits 1 with the reason when refused."
    )

    def transition(self, item_id, status, note, expect_version):
        return services.match_transition_by_hand(
            match_id=item_id,
            to_status=status,
            actor=ACTOR,
            note=note,
            expected_version=expect_version,
            mode="batch",
        )

    def as_json(self, item):
        return match_json(item)

    def moved_line(self, item, step):
        return _("Match %(id)s: %(from)s → %(to)s (version %(version)d).") % {
            "id": item.match_id,
            **step,
        }

    def missing(self, item_id):
        return _("There is no match %(id)s.") % {"id": item_id}

    def changed(self, item_id, expect_version):
        if expect_version is not None:
            return _(
                "Match %(id)s is no longer at version %(version)d: someone changed it; "
                "look at it again."
            ) % {"id": item_id, "version": expect_version}
        return _("Match %(id)s was changed by someone else at the same moment; try again.") % {
            "id": item_id
        }
