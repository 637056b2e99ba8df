"""The shape of `match_transition` and `campaign_transition`: move one item a step in its
workflow, for scripts.

Exit status 0 when it moved; 1, with a one-line reason in the console's language, when it
was refused (a move its workflow does not allow, no longer at --expect-version, no such
item). With --json the item after the change is printed as one line, a refusal as
{"error": ..., "<kind>Id": ...}. A subclass names its item and says how to move it.
"""

import re
import sys
from typing import Any, ClassVar

from django.core.management.base import CommandError

from marketing.dynamo import errors
from marketing.dynamo.calls import probe_endpoint
from marketing.errors import UserError
from marketing.management.base import DynamoCommand
from marketing.management.json_lines import error_line

ITEM_ID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


class TransitionCommand(DynamoCommand):
    kind: ClassVar[str]  # "match": the argument is match_id, shown as MATCH_ID
    note_help: ClassVar[str]

    def add_arguments(self, parser):
        parser.add_argument(f"{self.kind}_id", metavar=f"{self.kind.upper()}_ID")
        parser.add_argument("status", metavar="STATUS")
        parser.add_argument("--note", default="", help=self.note_help)
        parser.add_argument(
            "--expect-version",
            type=int,
            default=None,
            metavar="N",
            help=f"refuse unless the {self.kind} is still at version N",
        )
        parser.add_argument("--json", action="store_true", help=f"print the {self.kind} after it")

    def handle(self, *args, status, note, expect_version, **options):
        item_id = options[f"{self.kind}_id"]
        probe_endpoint()
        try:
            if not ITEM_ID.fullmatch(item_id):
                raise errors.NotFound(item_id)
            moved = self.transition(item_id.lower(), status.strip().upper(), note, expect_version)
        except (errors.NotFound, errors.ConditionFailed, UserError) as exc:
            reason = self.refusal(exc, item_id, expect_version)
            if options["json"]:
                self.stdout.write(error_line(reason, **{f"{self.kind}Id": item_id}))
                sys.exit(1)
            raise CommandError(reason) from exc
        if options["json"]:
            self.stdout.write(self.as_json(moved))
            return
        change = moved.status_history[-1]
        step = {
            "from": change.from_status.label if change.from_status else "—",
            "to": change.to.label,
            "version": moved.version,
        }
        self.stdout.write(self.style.SUCCESS(self.moved_line(moved, step)))

    def refusal(self, exc: Exception, item_id: str, expect_version: int | None) -> str:
        if isinstance(exc, errors.NotFound):
            return self.missing(item_id)
        if isinstance(exc, errors.ConditionFailed):
            return self.changed(item_id, expect_version)
        return str(exc)

    # --- what a subclass says ----------------------------------------------------------------

    def transition(self, item_id: str, status: str, note: str, expect_version: int | None):
        raise NotImplementedError

    def as_json(self, item: Any) -> str:
        raise NotImplementedError

    def moved_line(self, item: Any, step: dict) -> str:
        """'<Item> <id>: <from> → <to> (version <n>).', translated; `step` holds from, to
        and version."""
        raise NotImplementedError

    def missing(self, item_id: str) -> str:
        raise NotImplementedError

    def changed(self, item_id: str, expect_version: int | None) -> str:
        raise NotImplementedError
