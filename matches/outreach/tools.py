"""The outreach buttons on the match pages (registered in matches/slots.py)."""

from django.utils.translation import gettext_lazy as _

from marketing.console import ObjectTool
from matches.domain import MatchStatus

SEND = "matches.transition_match"


def match_detail_tool(view, match) -> ObjectTool | None:
    """'Send outreach e-mail' on a suggestion; 'Send a follow-up e-mail' once contacted."""
    if match.status is MatchStatus.PENDING:
        return ObjectTool(_("Send outreach e-mail"), view.url("outreach", match.match_id), SEND)
    if match.status is MatchStatus.CONTACTED:
        url = view.url("send_follow_up", match.match_id)
        return ObjectTool(_("Send a follow-up e-mail"), url, SEND)
    return None


def consent_tool(view, match) -> ObjectTool:
    return ObjectTool(_("Consent record"), view.url("consent", match.creator_id))


def templates_tool(view) -> ObjectTool:
    return ObjectTool(_("Outreach templates"), view.url("outreach_templates"))


def do_not_contact_tool(view) -> ObjectTool:
    return ObjectTool(_("Do-not-contact list"), view.url("do_not_contact"))
