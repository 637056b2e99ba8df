"""Matches: the workflow pages on the shared kit (marketing.console). A selector or a
service, a form and a few lines each; domain errors are reported by the kit."""

import re

from django.contrib import messages
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from marketing.console import (
    ConsoleActionView,
    ConsoleDetailView,
    ConsoleListView,
    ConsoleStepView,
    ObjectTool,
)
from marketing.errors import UserError
from matches import selectors, services, slots
from matches.domain import MatchStatus, pair_label
from matches.forms import (
    BAND_CHOICES,
    AssignForm,
    BulkForm,
    FollowUpFilterForm,
    MatchFilterForm,
    TransitionForm,
    VersionForm,
)
from matches.selectors import MatchListing
from matches.services import BulkResult

# Store and creator pages take UUIDs (as every real id is).
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# The button that moves a match to each status (the note goes with it).
TRANSITION_BUTTONS = {
    MatchStatus.CONTACTED: gettext_lazy("Record contact"),
    MatchStatus.RESPONDED: gettext_lazy("Record response"),
    MatchStatus.NEGOTIATING: gettext_lazy("Start negotiating"),
    MatchStatus.ACCEPTED: gettext_lazy("Record acceptance"),
    MatchStatus.COMPLETED: gettext_lazy("Mark completed"),
    MatchStatus.REJECTED: gettext_lazy("Reject"),
}


def valid_data(form) -> dict:
    """The form's data, or a UserError saying what was wrong (posted by a page's button)."""
    if form.is_valid():
        return form.cleaned_data
    problems = [str(e) for errors in form.errors.values() for e in errors]
    raise UserError(" ".join(problems) or _("The page was out of date; reload it and try again."))


class MatchPageMixin:
    """A page about one match: its id from the URL, its name and its link."""

    def match_id(self) -> str:
        return str(self.kwargs["match_id"])

    def get_object(self):
        return selectors.match_detail(match_id=self.match_id())

    def get_object_label(self, detail) -> str:
        return pair_label(detail.match.store_name, detail.match.creator_name)

    def get_detail_url(self, detail=None) -> str:
        return self.url("detail", match_id=self.match_id())


class MatchListView(ConsoleListView):
    """The work queues: a status (oldest change first), a score band, a day's matches by
    score, or a store's or a creator's; "only mine" narrows any of them to the user's."""

    template_name = "admin/matches/match_list.html"
    title = gettext_lazy("Matches")
    filter_form_class = MatchFilterForm
    filter_form_id = "match-filters"

    def get_page(self, filters, cursor):
        self.listing = self.listing_for(filters)
        return selectors.match_list(listing=self.listing, cursor=cursor)

    def listing_for(self, filters) -> MatchListing:
        if not filters:
            return MatchListing()
        return MatchListing(
            by=filters["by"],
            status=MatchStatus(filters["status"]),
            band=filters["band"],
            day=filters.get("day") or selectors.today_in_seoul(),
            store_id=str(filters["store"]) if filters.get("store") else None,
            creator_id=str(filters["creator"]) if filters.get("creator") else None,
            owner=self.actor if filters.get("mine") else None,
        )

    def get_object_tools(self):
        return [
            ObjectTool(_("Needs follow-up"), self.url("follow_up"), element_id="follow-up-link"),
            *slots.tools(slots.LIST_TOOLS, self),
        ]

    def get_context_data(self, **kwargs):
        listing = getattr(self, "listing", None)
        actions = slots.bulk_actions_for(self.request.user)
        return super().get_context_data(
            listing=listing,
            listing_title=self.listing_title(listing, kwargs.get("page")),
            bulk_form=BulkForm(actions=actions, initial={"next": self.request.get_full_path()})
            if actions
            else None,
            **kwargs,
        )

    def listing_title(self, listing, page) -> str:
        if listing is None:
            return ""
        if listing.by == "band":
            label = dict(BAND_CHOICES)[listing.band]
            text = _("Score %(band)s") % {"band": label}
        elif listing.by == "day":
            text = _("Made on %(day)s, best score first") % {"day": listing.day.isoformat()}
        elif listing.by in ("store", "creator"):
            first = page.items[0] if page and page.items else None
            name = getattr(first, f"{listing.by}_name", "")
            text = _("Matches of %(name)s") % {"name": name} if name else _("Matches")
        else:
            text = _("Work queue: %(status)s, oldest change first") % {
                "status": listing.status.label
            }
        if listing.owner:
            text = _("%(list)s — mine only") % {"list": text}
        return text


class MatchFollowUpView(MatchListView):
    """CONTACTED matches with no response for MATCH_FOLLOW_UP_DAYS days. Sending the
    follow-up itself is the outreach e-mail's (slots.FOLLOW_UP_TOOLS)."""

    title = gettext_lazy("Needs follow-up")
    filter_form_class = FollowUpFilterForm
    filter_form_id = "follow-up-filters"
    action = "follow_up"

    def get_page(self, filters, cursor):
        self.listing = MatchListing(
            by="follow_up",
            status=MatchStatus.CONTACTED,
            owner=self.actor if filters.get("mine") else None,
        )
        return selectors.follow_up_list(owner=self.listing.owner, cursor=cursor)

    def get_breadcrumbs(self):
        return [(_("Matches"), self.url("changelist")), (self.get_title(), None)]

    def get_object_tools(self):
        return slots.tools(slots.FOLLOW_UP_TOOLS, self)

    def listing_title(self, listing, page) -> str:
        days = selectors.follow_up_days()
        text = ngettext(
            "Contacted more than %(days)d day ago and no response yet, longest waiting first",
            "Contacted more than %(days)d days ago and no response yet, longest waiting first",
            days,
        ) % {"days": days}
        if listing is not None and listing.owner:
            text = _("%(list)s — mine only") % {"list": text}
        return text


class MatchBulkView(ConsoleActionView):
    """Contact or reject the checked matches of a queue: one conditional write each, and
    a message per match saying what happened to it."""

    http_method_names = ["post"]
    object_required = False
    action = "bulk"

    def perform(self):
        actions = slots.bulk_actions_for(self.request.user)
        data = valid_data(BulkForm(self.request.POST, actions=actions))
        run = import_string(actions[data["action"]].run)
        outcomes = run(selections=data["selected"], actor=self.actor, note=data["note"])
        done = sum(outcome.ok for outcome in outcomes)
        summary = _("%(done)d of %(n)d selected matches changed.") % {
            "done": done,
            "n": len(outcomes),
        }
        (messages.success if done == len(outcomes) else messages.warning)(self.request, summary)
        for outcome in outcomes:
            report = {
                BulkResult.DONE: messages.success,
                BulkResult.STALE: messages.warning,
            }.get(outcome.result, messages.error)
            report(self.request, outcome.message)
        return None

    def get_success_url(self):
        back = self.request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, {self.request.get_host()}):
            return back
        return self.url("changelist")

    def get_failure_url(self):
        return self.get_success_url()


class MatchDetailView(MatchPageMixin, ConsoleDetailView):
    template_name = "admin/matches/match_detail.html"

    def get_object_tools(self):
        return [
            *slots.tools(slots.DETAIL_TOOLS, self, self.object.match),
            ObjectTool(
                _("Delete"),
                self.url("delete", match_id=self.match_id()),
                "matches.delete_match",
                style="deletelink",
            ),
        ]

    def get_context_data(self, **kwargs):
        match = self.object.match
        may_act = self.has_permission("transition")
        return super().get_context_data(
            detail=self.object,
            match=match,
            store_url=self.other_page("stores_store_detail", store_id=match.store_id),
            creator_url=self.other_page("creators_creator_detail", creator_id=match.creator_id),
            may_act=may_act,
            transitions=[(status, TRANSITION_BUTTONS[status]) for status in match.allowed]
            if may_act
            else [],
            transition_form=TransitionForm(initial={"version": match.version}),
            assign_form=AssignForm(
                owners=selectors.staff_who_work_matches(),
                initial={"version": match.version, "owner": match.owner or ""},
            )
            if may_act
            else None,
            **kwargs,
        )

    def other_page(self, url_name: str, **kwargs) -> str | None:
        """A link to the match's store or creator (None for an id no page takes)."""
        if not all(UUID_TEXT.fullmatch(value) for value in kwargs.values()):
            return None
        return reverse(f"{self.admin_site.name}:{url_name}", kwargs=kwargs)


class MatchTransitionView(MatchPageMixin, ConsoleStepView):
    """Move the match to the status of the button pressed, from the version the page
    showed: an illegal move is refused and a stale page never overwrites."""

    def perform(self):
        data = valid_data(TransitionForm(self.request.POST))
        match = services.match_transition_by_hand(
            match_id=self.match_id(),
            to_status=data["to"],
            actor=self.actor,
            note=data["note"],
            expected_version=data["version"],
        )
        return _("The match is now “%(status)s”.") % {"status": match.status.label}


class MatchTakeView(MatchTransitionView):
    """ "Take it": the user becomes the match's owner."""

    def perform(self):
        data = valid_data(VersionForm(self.request.POST))
        services.match_assign(
            match_id=self.match_id(),
            owner=self.actor,
            actor=self.actor,
            expected_version=data["version"],
        )
        return _("The match is yours now; it shows under “Only mine”.")


class MatchAssignView(MatchTransitionView):
    def perform(self):
        form = AssignForm(self.request.POST, owners=selectors.staff_who_work_matches())
        data = valid_data(form)
        match = services.match_assign(
            match_id=self.match_id(),
            owner=data["owner"] or None,
            actor=self.actor,
            expected_version=data["version"],
        )
        if match.owner:
            return _("%(owner)s now works this match.") % {"owner": match.owner}
        return _("Nobody owns this match now.")


class MatchDeleteView(MatchPageMixin, ConsoleActionView):
    template_name = "admin/matches/match_delete.html"
    title = gettext_lazy("Delete match")

    def get_confirm_message(self):
        return _("Delete the match “%(match)s”? This cannot be undone.") % {
            "match": self.get_object_label(self.object)
        }

    def get_context_data(self, **kwargs):
        match = self.object.match
        return super().get_context_data(
            match=match,
            past_pending=match.status is not MatchStatus.PENDING,
            version_form=VersionForm(initial={"version": match.version}),
            **kwargs,
        )

    def perform(self):
        data = valid_data(VersionForm(self.request.POST))
        match = services.match_delete(
            match_id=self.match_id(), expected_version=data["version"], actor=self.actor
        )
        return _("The match “%(match)s” was deleted.") % {
            "match": pair_label(match.store_name, match.creator_name)
        }

    def get_success_url(self):
        return self.url("changelist")
