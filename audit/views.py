"""The audit trail's pages (admins only) on the console kit, and the erasure action."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import selectors
from audit.domain import AuditedTable
from audit.erasure import creator_erase, creator_erasure_plan
from audit.forms import AuditFilterForm
from marketing.console import ConsoleActionView, ConsoleListView
from marketing.dynamo import errors

ENTITY_PAGES = {
    AuditedTable.STORES: ("stores_store_detail", "store_id"),
    AuditedTable.CREATORS: ("creators_creator_detail", "creator_id"),
    AuditedTable.MATCHES: ("matches_match_detail", "match_id"),
    AuditedTable.CAMPAIGNS: ("campaigns_campaign_detail", "campaign_id"),
}


def entity_url(admin_site, table: AuditedTable, entity_id: str) -> str:
    name, kwarg = ENTITY_PAGES[table]
    return reverse(f"{admin_site.name}:{name}", kwargs={kwarg: entity_id})


class AuditListView(ConsoleListView):
    """By actor, or by day (today in Seoul when neither is given): newest first."""

    template_name = "admin/audit/audit_list.html"
    title = gettext_lazy("Audit trail")
    filter_form_class = AuditFilterForm

    def get_page(self, filters, cursor):
        if filters.get("actor"):
            return selectors.audit_by_actor(actor=filters["actor"], cursor=cursor)
        return selectors.audit_by_day(day=filters.get("day") or selectors.today(), cursor=cursor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        data = form.cleaned_data if form is not None and form.is_bound and form.is_valid() else {}
        context.update(
            listing_actor=data.get("actor") or "",
            listing_day=data.get("day") or selectors.today(),
            show_entity=True,
        )
        return context


class AuditHistoryView(ConsoleListView):
    """One store's, creator's, match's or campaign's changes, also after it was deleted."""

    template_name = "admin/audit/audit_list.html"
    action = "history"

    def table(self) -> AuditedTable:
        try:
            return AuditedTable(self.kwargs["table"])
        except ValueError:
            raise errors.NotFound(f"no audited table {self.kwargs['table']!r}") from None

    def entity_id(self) -> str:
        return str(self.kwargs["entity_id"])

    def get_title(self):
        return _("History of %(kind)s %(id)s") % {
            "kind": self.table().label,
            "id": self.entity_id(),
        }

    def get_breadcrumbs(self):
        return [(_("Audit trail"), self.url("changelist")), (self.get_title(), None)]

    def get_page(self, filters, cursor):
        return selectors.audit_history(
            table=self.table(), entity_id=self.entity_id(), cursor=cursor
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entity_url"] = entity_url(self.admin_site, self.table(), self.entity_id())
        return context


class EraseCreatorView(ConsoleActionView):
    """Erase a creator's personal data everywhere (audit/erasure.py), after confirming."""

    template_name = "admin/audit/erase_creator.html"
    title = gettext_lazy("Erase a creator's personal data")

    def creator_id(self) -> str:
        return str(self.kwargs["creator_id"])

    def get_object(self):
        plan = creator_erasure_plan(creator_id=self.creator_id())
        if not (plan.channels or plan.matches or plan.audit_entries or plan.campaigns):
            return None
        return plan

    def get_object_label(self, plan) -> str:
        return self.creator_id()

    def get_breadcrumbs(self):
        return [(_("Audit trail"), self.url("changelist")), (self.get_title(), None)]

    def get_confirm_message(self):
        return _(
            "Erase every personal value of creator %(id)s — channel names, handles, URLs and "
            "contacts — from the creators, matches, campaigns and the audit trail? Its e-mail "
            "addresses go on the do-not-contact list first, so it is never contacted again. "
            "This cannot be undone."
        ) % {"id": self.creator_id()}

    def get_failure_url(self):
        return self.url("changelist")

    def perform(self):
        creator_erase(creator_id=self.creator_id(), actor=self.actor)
        return _("Creator %(id)s was erased.") % {"id": self.creator_id()}

    def get_success_url(self):
        return self.url("history", table=AuditedTable.CREATORS.value, entity_id=self.creator_id())
