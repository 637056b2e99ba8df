"""Campaigns: pages on the shared kit (marketing.console). A selector or a service, a form
and a few lines each; domain errors are reported by the kit."""

import base64
import re

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import disclosure, selectors, services, slots
from campaigns.domain import (
    FIGURE_FIELDS,
    MILESTONE_LABELS,
    CampaignStatus,
    ContentPlatform,
)
from campaigns.forms import (
    MILESTONE_FIELDS,
    AddMembersForm,
    CampaignFilterForm,
    CaptionForm,
    CreateForm,
    EditDetailsForm,
    FiguresForm,
    FiguresImportForm,
    MemberTermsForm,
    TransitionForm,
    VersionForm,
)
from marketing.console import (
    ConsoleActionView,
    ConsoleDetailView,
    ConsoleFormView,
    ConsoleListView,
    ConsoleStepView,
    ConsoleView,
    ObjectTool,
)
from marketing.erased import shown
from marketing.errors import UserError

# Ids a store page takes (UUIDs), and what a store id may be at all (marketing.dynamo.keys).
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STORE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}")

# The button that moves a campaign to each status (the note goes with it).
TRANSITION_BUTTONS = {
    CampaignStatus.SCHEDULED: gettext_lazy("Schedule"),
    CampaignStatus.ACTIVE: gettext_lazy("Launch (go active)"),
    CampaignStatus.PAUSED: gettext_lazy("Pause"),
    CampaignStatus.COMPLETED: gettext_lazy("Complete"),
    CampaignStatus.CANCELLED: gettext_lazy("Cancel campaign"),
}


def valid_data(form) -> dict:
    """The form's data, or a UserError saying what was wrong (posted by a page's button)."""
    if form.is_valid():
        return form.cleaned_data
    problems = [str(e) for errors in form.errors.values() for e in errors]
    raise UserError(" ".join(problems) or _("The page was out of date; reload it and try again."))


def store_page(admin_site, store_id: str) -> str | None:
    """A link to the store's page (None for an id no page takes)."""
    if not UUID_TEXT.fullmatch(store_id or ""):
        return None
    return reverse(f"{admin_site.name}:stores_store_detail", kwargs={"store_id": store_id})


class CampaignPageMixin:
    """A page about one campaign: its id from the URL, its name and its link."""

    def campaign_id(self) -> str:
        return str(self.kwargs["campaign_id"])

    def get_object(self):
        return selectors.campaign(campaign_id=self.campaign_id())

    def get_object_label(self, obj) -> str:
        campaign = getattr(obj, "campaign", obj)
        return campaign.name

    def get_detail_url(self, obj=None) -> str:
        return self.url("detail", campaign_id=self.campaign_id())


class MemberPageMixin(CampaignPageMixin):
    """A page about one creator of a campaign."""

    object_required = True

    def creator_id(self) -> str:
        return str(self.kwargs["creator_id"])

    def load_object(self):
        campaign = super().load_object()
        self.member = campaign.member(self.creator_id())
        if self.member is None:
            raise Http404(_("This creator is not in the campaign."))
        return campaign

    def get_breadcrumbs(self):
        crumbs = super().get_breadcrumbs()
        crumbs.insert(-1, (shown(self.member.creator_name), None))
        return crumbs

    def get_success_url(self):
        return self.get_detail_url() + f"#creator-{self.member.creator_id}"


# --- lists --------------------------------------------------------------------------------


class CampaignListView(ConsoleListView):
    """Campaigns of a status, earliest start first (campaign-status-index)."""

    template_name = "admin/campaigns/campaign_list.html"
    title = gettext_lazy("Campaigns")
    filter_form_class = CampaignFilterForm
    filter_form_id = "campaign-filters"

    def get_page(self, filters, cursor):
        self.store = filters.get("store") or None
        if self.store:
            self.status = None
            return selectors.store_campaigns(store_id=self.store, cursor=cursor, limit=25)
        self.status = filters.get("status") or CampaignStatus.ACTIVE
        return selectors.campaign_list(status=self.status, cursor=cursor)

    def get_object_tools(self):
        return [
            ObjectTool(
                _("New campaign"), self.url("add"), "campaigns.add_campaign", style="addlink"
            )
        ]

    def get_context_data(self, **kwargs):
        status = getattr(self, "status", None)
        page = kwargs.get("page")
        if getattr(self, "store", None):
            first = page.items[0] if page and page.items else None
            title = _("Campaigns of %(store)s, newest first") % {
                "store": first.store_name if first else "—"
            }
        elif status:
            title = _("%(status)s campaigns, earliest start first") % {"status": status.label}
        else:
            title = ""
        return super().get_context_data(
            listing_title=title,
            statuses=list(CampaignStatus),
            current_status=status,
            **kwargs,
        )


# --- making one ---------------------------------------------------------------------------


class CampaignAddView(ConsoleFormView):
    """New campaign: pick a store with ACCEPTED matches, then the campaign and its creators."""

    template_name = "admin/campaigns/campaign_add.html"
    title = gettext_lazy("New campaign")
    form_class = CreateForm
    submit_label = gettext_lazy("Create campaign")
    action = "add"

    def store_id(self) -> str | None:
        store = self.request.GET.get("store") or self.request.POST.get("store") or ""
        if not store:
            return None
        if not STORE_ID.fullmatch(store):
            raise Http404(_("There is no such store."))
        return store

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.candidates = selectors.accepted_matches(store_id=self.store_id())
        kwargs["candidates"] = self.candidates
        return kwargs

    def get(self, request, *args, **kwargs):
        if self.store_id() is None:
            return self.render_to_response(
                self.get_context_data(stores=selectors.stores_with_accepted_matches())
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.store_id() is None:
            raise Http404(_("There is no such store."))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        campaign = services.campaign_create(
            store_id=self.store_id(),
            details=form.details(),
            members=form.members(),
            actor=self.actor,
        )
        return self.done(
            _("The campaign “%(name)s” was created as a draft.") % {"name": campaign.name},
            self.url("detail", campaign_id=campaign.campaign_id),
        )

    def get_context_data(self, **kwargs):
        store_id = self.store_id()
        candidates = getattr(self, "candidates", [])
        store_name = candidates[0].match.store_name if candidates else ""
        return super().get_context_data(
            store_id=store_id,
            store_name=store_name,
            store_url=store_page(self.admin_site, store_id) if store_id else None,
            **kwargs,
        )


# --- one campaign -------------------------------------------------------------------------


class CampaignDetailView(CampaignPageMixin, ConsoleDetailView):
    template_name = "admin/campaigns/campaign_detail.html"

    def get_object(self):
        return selectors.campaign_detail(campaign_id=self.campaign_id())

    def get_object_tools(self):
        campaign = self.object.campaign
        campaign_id = self.campaign_id()
        tools = [
            ObjectTool(
                _("Edit"),
                self.url("change", campaign_id=campaign_id),
                "campaigns.change_campaign",
                style="changelink",
            ),
            ObjectTool(
                _("Import figures (CSV)"),
                self.url("import", campaign_id=campaign_id),
                "campaigns.change_campaign",
            ),
        ]
        if any(
            disclosure.platform_of(line.url) is ContentPlatform.YOUTUBE
            for creator in self.object.creators
            for line in creator.contents
        ):
            tools.append(
                ObjectTool(
                    _("Refresh YouTube figures"),
                    self.url("refresh_youtube", campaign_id=campaign_id),
                    "campaigns.change_campaign",
                    post=True,
                    element_id="refresh-youtube",
                )
            )
        if not campaign.status.is_final:
            tools.append(
                ObjectTool(
                    _("Add creators"),
                    self.url("members_add", campaign_id=campaign_id),
                    "campaigns.change_campaign",
                    style="addlink",
                )
            )
        return [*tools, *slots.tools(slots.DETAIL_TOOLS, self, campaign)]

    def get_context_data(self, **kwargs):
        figures = self.object
        campaign = figures.campaign
        may_act = self.has_permission("transition")
        return super().get_context_data(
            figures=figures,
            campaign=campaign,
            store_url=store_page(self.admin_site, campaign.store_id),
            may_act=may_act,
            may_change=self.has_permission("change"),
            transitions=[(s, TRANSITION_BUTTONS[s]) for s in campaign.allowed] if may_act else [],
            transition_form=TransitionForm(initial={"version": campaign.version}),
            dashboard_panels=slots.DETAIL_PANELS,
            dashboard_url=slots.dashboard_url(self, campaign),
            figure_fields=FIGURE_FIELDS,
            emv_values=emv_values(),
            **kwargs,
        )


def emv_values() -> list[tuple[str, dict]]:
    """(platform, {"view": KRW, "engagement": KRW}) as configured, for the EMV formula."""
    return [
        (
            _("other platforms") if code == "default" else ContentPlatform(code).label,
            values,
        )
        for code, values in settings.CAMPAIGN_EMV_VALUES.items()
    ]


class CampaignTransitionView(CampaignPageMixin, ConsoleStepView):
    """Move the campaign to the status of the button pressed, from the version the page
    showed: an illegal move is refused and a stale page never overwrites."""

    def perform(self):
        data = valid_data(TransitionForm(self.request.POST))
        campaign = services.campaign_transition(
            campaign_id=self.campaign_id(),
            to_status=data["to"],
            actor=self.actor,
            note=data["note"],
            expected_version=data["version"],
        )
        return _("The campaign is now “%(status)s”.") % {"status": campaign.status.label}


class CampaignChangeView(CampaignPageMixin, ConsoleFormView):
    title = gettext_lazy("Edit campaign")
    form_class = EditDetailsForm
    object_required = True

    def get_initial(self):
        campaign = self.object
        initial = {
            "name": campaign.name,
            "campaign_type": campaign.campaign_type.value,
            "budget_total": campaign.budget.total,
            "budget_spent": campaign.budget.spent,
            "start_date": campaign.timeline.start_date,
            "end_date": campaign.timeline.end_date,
            "version": campaign.version,
        }
        for milestone in campaign.timeline.milestones:
            if milestone.name in MILESTONE_LABELS:
                initial[MILESTONE_FIELDS[milestone.name]] = milestone.date
        return initial

    def form_valid(self, form):
        services.campaign_update_details(
            campaign_id=self.campaign_id(),
            details=form.details(),
            expected_version=form.cleaned_data["version"],
            actor=self.actor,
        )
        return self.done(_("The campaign was updated."), self.get_detail_url())


class CampaignAddMembersView(CampaignPageMixin, ConsoleFormView):
    template_name = "admin/campaigns/members_add.html"
    title = gettext_lazy("Add creators")
    form_class = AddMembersForm
    submit_label = gettext_lazy("Add to the campaign")
    object_required = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["initial"]["version"] = self.object.version
        in_campaign = set(self.object.match_ids)
        kwargs["candidates"] = (
            []
            if self.object.status.is_final
            else [
                c
                for c in selectors.accepted_matches(store_id=self.object.store_id)
                if c.match.match_id not in in_campaign
            ]
        )
        return kwargs

    def get_context_data(self, **kwargs):
        status = self.object.status
        return super().get_context_data(
            finished=status.is_final, campaign_status=status.label, **kwargs
        )

    def form_valid(self, form):
        members = form.members()
        services.campaign_add_members(
            campaign_id=self.campaign_id(),
            members=members,
            expected_version=form.cleaned_data["version"],
            actor=self.actor,
        )
        return self.done(
            _("%(n)d creator(s) added to the campaign.") % {"n": len(members)},
            self.get_detail_url(),
        )


class MemberChangeView(MemberPageMixin, ConsoleFormView):
    title = gettext_lazy("Creator's terms")
    form_class = MemberTermsForm

    def get_initial(self):
        member = self.member
        return {
            "fee": member.fee,
            "deliverables": member.deliverables,
            "coupon_code": member.coupon_code,
            "status": member.status.value,
            "content_urls": "\n".join(member.content_urls),
            "version": self.object.version,
        }

    def form_valid(self, form):
        services.campaign_update_member(
            campaign_id=self.campaign_id(),
            creator_id=self.creator_id(),
            terms=form.terms(),
            expected_version=form.cleaned_data["version"],
            actor=self.actor,
        )
        return self.done(
            _("%(creator)s's terms were updated.") % {"creator": shown(self.member.creator_name)},
            self.get_success_url(),
        )


class MemberFiguresView(MemberPageMixin, ConsoleFormView):
    title = gettext_lazy("Performance figures")
    form_class = FiguresForm

    def get_initial(self):
        figures = self.member.figures
        return {
            **{name: getattr(figures, name) for name in FIGURE_FIELDS},
            "version": self.object.version,
        }

    def form_valid(self, form):
        services.campaign_record_figures(
            campaign_id=self.campaign_id(),
            creator_id=self.creator_id(),
            figures=services.checked_figures(form.figures()),
            expected_version=form.cleaned_data["version"],
            actor=self.actor,
        )
        return self.done(
            _("%(creator)s's figures were saved; the totals were summed again.")
            % {"creator": shown(self.member.creator_name)},
            self.get_success_url(),
        )


class MemberRemoveView(MemberPageMixin, ConsoleActionView):
    template_name = "admin/campaigns/member_remove.html"
    title = gettext_lazy("Take out of the campaign")

    def get_confirm_message(self):
        return _(
            "Take %(creator)s out of “%(campaign)s”? Their figures leave the totals and their "
            "match stays accepted, free for another campaign."
        ) % {"creator": shown(self.member.creator_name), "campaign": self.object.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version_form=VersionForm(initial={"version": self.object.version}), **kwargs
        )

    def perform(self):
        data = valid_data(VersionForm(self.request.POST))
        services.campaign_remove_member(
            campaign_id=self.campaign_id(),
            creator_id=self.creator_id(),
            expected_version=data["version"],
            actor=self.actor,
        )
        return _("%(creator)s was taken out of the campaign.") % {
            "creator": shown(self.member.creator_name)
        }

    def get_success_url(self):
        return self.get_detail_url()

    def get_failure_url(self):
        return self.get_detail_url()


class CaptionView(MemberPageMixin, ConsoleActionView):
    """The caption of an Instagram, TikTok or other post, pasted to check its disclosure."""

    http_method_names = ["post"]

    def perform(self):
        data = valid_data(CaptionForm(self.request.POST))
        check = services.campaign_record_caption(
            campaign_id=self.campaign_id(),
            creator_id=self.creator_id(),
            url=data["url"],
            caption=data["caption"],
            expected_version=data["version"],
            actor=self.actor,
        )
        return _("The caption was saved: %(verdict)s.") % {"verdict": check.disclosure.label}

    def get_failure_url(self):
        return self.get_success_url()


class RefreshYouTubeView(CampaignPageMixin, ConsoleStepView):
    """One videos.list call per 50 video URLs: views, likes, comments and the disclosure."""

    def perform(self):
        report = services.campaign_refresh_youtube(campaign_id=self.campaign_id(), actor=self.actor)
        for url in report.not_found:
            messages.warning(
                self.request,
                _("YouTube no longer serves %(url)s (deleted or private).") % {"url": url},
            )
        for url in report.not_videos:
            messages.warning(
                self.request, _("%(url)s is not a YouTube video address.") % {"url": url}
            )
        return _(
            "%(found)d of %(n)d YouTube videos refreshed (%(calls)d API call(s), one quota "
            "unit each)."
        ) % {"found": report.found, "n": report.videos, "calls": report.calls}


class FiguresImportView(CampaignPageMixin, ConsoleFormView):
    """Figures from a CSV: a per-row preview first; a file with any bad row writes nothing."""

    template_name = "admin/campaigns/figures_import.html"
    title = gettext_lazy("Import figures from CSV")
    form_class = FiguresImportForm
    multipart = True
    submit_label = gettext_lazy("Check the file")
    object_required = True

    def get_initial(self):
        return {"version": self.object.version}

    def form_valid(self, form):
        content = form.cleaned_data["content"]
        version = form.cleaned_data["version"]
        if not form.cleaned_data["apply"]:
            checked = services.campaign_check_figures_file(campaign=self.object, data=content)
            return self.render_form(
                form,
                checked=checked,
                payload=base64.b64encode(content).decode(),
                checked_version=self.object.version,
            )
        _campaign, checked = services.campaign_import_figures(
            campaign_id=self.campaign_id(),
            data=content,
            expected_version=version,
            actor=self.actor,
        )
        return self.done(
            _("Figures of %(n)d creator(s) imported; the totals were summed again.")
            % {"n": len(checked.rows)},
            self.get_detail_url(),
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("checked", None)
        return super().get_context_data(
            template_url=self.url("import_template", campaign_id=self.campaign_id()),
            figure_fields=FIGURE_FIELDS,
            **kwargs,
        )


class FiguresTemplateView(CampaignPageMixin, ConsoleView):
    """The CSV to fill in: the campaign's creators and their stored figures (UTF-8 + BOM)."""

    action = "import_template"

    def get(self, request, *args, **kwargs):
        campaign = self.get_object()
        if campaign is None:
            raise Http404(_("There is no such campaign."))
        response = HttpResponse(
            "\ufeff" + services.figures_template(campaign), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="campaign-figures.csv"'
        return response
