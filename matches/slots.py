"""Places on the match pages that other parts of the matches app fill in.

The outreach e-mail work (matches/outreach/) adds its buttons here instead of editing the
views; each entry is a dotted path, so nothing here imports that code:

- DETAIL_TOOLS: f(view, match) -> ObjectTool | None, buttons on a match's page
  (e.g. "Send outreach e-mail");
- LIST_TOOLS: f(view) -> ObjectTool | None, buttons above the queues;
- FOLLOW_UP_TOOLS: f(view) -> ObjectTool | None, buttons on "Needs follow-up"
  (e.g. "Send follow-ups");
- BULK_ACTIONS: what the checkboxes of a queue can do, code -> BulkAction. `run` is a
  dotted path of f(*, selections, actor, note) -> list[BulkOutcome], where selections
  are (matchId, version shown) pairs and each match is its own conditional write.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

DETAIL_TOOLS: list[str] = [
    "matches.outreach.tools.match_detail_tool",
    "matches.outreach.tools.consent_tool",
]
LIST_TOOLS: list[str] = [
    "matches.outreach.tools.templates_tool",
    "matches.outreach.tools.do_not_contact_tool",
]
FOLLOW_UP_TOOLS: list[str] = []


@dataclass(frozen=True)
class BulkAction:
    label: object
    run: str
    permission: str = "matches.transition_match"


BULK_ACTIONS: dict[str, BulkAction] = {
    "contact": BulkAction(
        _("Record contact made by hand (the note says how)"),
        "matches.services.bulk.match_bulk_contact",
    ),
    "reject": BulkAction(_("Reject"), "matches.services.bulk.match_bulk_reject"),
}


def tools(paths: list[str], *args) -> list:
    """The buttons the providers at `paths` give for this page (None: no button)."""
    made = (import_string(path)(*args) for path in paths)
    return [tool for tool in made if tool is not None]


def bulk_actions_for(user) -> dict[str, BulkAction]:
    return {code: a for code, a in BULK_ACTIONS.items() if user.has_perm(a.permission)}
