"""Outreach pages on the console kit: send (with a preview first), follow up, resolve a
send whose outcome is unknown, templates, consent records and the do-not-contact list.
Domain errors are reported by the kit; these views write no `except`."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketing.console import (
    ConsoleActionView,
    ConsoleDetailView,
    ConsoleFormView,
    ConsoleListView,
    ObjectTool,
)
from marketing.dynamo.errors import NotFound
from marketing.dynamo.pagination import Page
from matches.domain import MatchStatus
from matches.outreach import clock, consent, do_not_contact, selectors, sending, templating
from matches.outreach.domain import MERGE_FIELDS, SEOUL, Language, MessageKind, OutreachTemplate
from matches.outreach.forms import ConsentForm, DoNotContactForm, OutreachSendForm, TemplateForm

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def _section_crumbs(view, title):
    plural = view.model._meta.verbose_name_plural
    return [(plural[:1].upper() + plural[1:], view.url("changelist")), (title, None)]


def _outreach_tools(view):
    return [
        ObjectTool(_("Outreach templates"), view.url("outreach_templates")),
        ObjectTool(_("Do-not-contact list"), view.url("do_not_contact")),
    ]


# --- sending ----------------------------------------------------------------------------------


class MatchPageMixin:
    object_required = True

    def get_object(self):
        return selectors.outreach_match(str(self.kwargs["match_id"]))

    def get_object_label(self, match) -> str:
        return f"{match.store_name} · {match.creator_name}"

    def get_detail_url(self, match):
        return selectors.optional_url("matches_match_detail", match.match_id)


class MatchOutreachView(MatchPageMixin, ConsoleFormView):
    """Pick a template, preview the message, then send it (or queue it for 08:00)."""

    template_name = "admin/matches/outreach_send.html"
    form_class = OutreachSendForm
    submit_label = gettext_lazy("Preview")
    kind = MessageKind.FIRST

    def get_title(self):
        if self.kind is MessageKind.FOLLOW_UP:
            return _("Send a follow-up e-mail")
        return _("Send outreach e-mail")

    def get_form_kwargs(self):
        self.templates = templating.outreach_template_list()
        return {**super().get_form_kwargs(), "templates": self.templates}

    def get_initial(self):
        return {"expected_version": self.object.version}

    def get_object_tools(self):
        tools = [ObjectTool(_("Consent record"), self.url("consent", self.object.creator_id))]
        if self.kind is MessageKind.FIRST and self.object.status is MatchStatus.CONTACTED:
            tools.append(
                ObjectTool(
                    _("Send a follow-up e-mail"), self.url("send_follow_up", self.object.match_id)
                )
            )
        return [*tools, *_outreach_tools(self)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            match=self.object,
            kind=self.kind,
            readiness=sending.outreach_readiness(match=self.object),
            templates=self.templates,
            mail_to_files=settings.EMAIL_BACKEND == FILE_BACKEND,
            mail_dir=settings.EMAIL_FILE_PATH,
            seoul=SEOUL,
        )
        return context

    def _arguments(self, form) -> dict:
        user = self.request.user
        return {
            "match_id": self.object.match_id,
            "template_id": form.cleaned_data["template"],
            "kind": self.kind,
            "offer": form.cleaned_data["offer"],
            "sender_name": user.get_full_name() or user.get_username(),
            "expected_version": form.cleaned_data["expected_version"],
        }

    def form_valid(self, form):
        if "_send" not in self.request.POST:
            preview = sending.outreach_preview(**self._arguments(form))
            return self.render_form(form, preview=preview)
        result = sending.match_send_outreach(**self._arguments(form), actor=self.actor)
        self._report(result)
        return self.done_redirect()

    def done_redirect(self):
        return HttpResponseRedirect(self.get_detail_url(self.object) or self.request.path)

    def _report(self, result: sending.SendResult) -> None:
        outbox, record = result.outbox, result.consent
        basis = (
            _("%(basis)s, %(date)s") % {"basis": record.basis.label, "date": record.consented_on}
            if record
            else "—"
        )
        if result.outcome is sending.Outcome.SENT:
            messages.success(
                self.request,
                _("Sent “%(subject)s” (Message-ID %(id)s), relying on consent: %(basis)s.")
                % {"subject": outbox.subject, "id": outbox.message_id, "basis": basis},
            )
            if result.file_path:
                messages.info(
                    self.request,
                    _(
                        "In development e-mail is not sent but written to a file that you "
                        "can open: %(path)s"
                    )
                    % {"path": result.file_path},
                )
        elif result.outcome is sending.Outcome.QUEUED:
            messages.warning(
                self.request,
                _(
                    "It is between 21:00 and 08:00 in Seoul and the creator has not agreed to "
                    "messages at night, so “%(subject)s” waits in the queue: "
                    "send_outreach_queue sends it after %(when)s. Consent relied on: %(basis)s."
                )
                % {
                    "subject": outbox.subject,
                    "when": outbox.due_at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M"),
                    "basis": basis,
                },
            )
        else:
            messages.warning(
                self.request,
                _("%(what)s: “%(subject)s”.")
                % {"what": result.outcome.label, "subject": outbox.subject},
            )


class MatchFollowUpView(MatchOutreachView):
    kind = MessageKind.FOLLOW_UP


class OutboxResolveView(MatchPageMixin, ConsoleActionView):
    """Staff say whether a message whose outcome is unknown went out."""

    http_method_names = ["post"]

    def perform(self):
        went_out = self.request.POST.get("went_out") == "yes"
        sending.outbox_resolve(
            match_id=self.object.match_id,
            idempotency_key=self.kwargs["key"],
            went_out=went_out,
            actor=self.actor,
        )
        if went_out:
            return _("Recorded as sent.")
        return _("Recorded as not sent; it can be sent again.")

    def get_success_url(self):
        return self.url("outreach", self.object.match_id)

    def get_failure_url(self):
        return self.get_success_url()


# --- templates --------------------------------------------------------------------------------


class TemplateListView(ConsoleListView):
    template_name = "admin/matches/outreach_template_list.html"
    title = gettext_lazy("Outreach templates")
    action = "outreach_templates"

    def get_breadcrumbs(self):
        return _section_crumbs(self, self.title)

    def get_page(self, filters, cursor):
        return Page(items=templating.outreach_template_list(), next_cursor=None)

    def get_object_tools(self):
        return [
            ObjectTool(
                _("Add template"),
                self.url("outreach_template_add"),
                "matches.delete_match",
                style="addlink",
            ),
            ObjectTool(_("Do-not-contact list"), self.url("do_not_contact")),
        ]


SAMPLE_VALUES = {
    "store_name": "연남 국밥집",
    "store_category": "국밥",
    "store_address": "서울 마포구 연남로 1",
    "creator_name": "맛집 탐방",
    "offer": "2인 식사 제공 + 원고료 10만원",
}


class TemplateFormView(ConsoleFormView):
    """Add or change a template (admins); "Preview" shows it merged with sample values."""

    template_name = "admin/matches/outreach_template_form.html"
    form_class = TemplateForm
    object_required = False
    stale_message = gettext_lazy(
        "This template was changed by someone else since you opened it; reload and try again."
    )

    def get_object(self):
        template_id = self.kwargs.get("template_id")
        if template_id is None:
            return None
        return templating.outreach_template(str(template_id)) or self._missing()

    def _missing(self):
        raise NotFound("no such template")

    def get_object_label(self, template) -> str:
        return template.name

    def get_title(self):
        return _("Change template") if self.object else _("Add template")

    def get_breadcrumbs(self):
        plural = self.model._meta.verbose_name_plural
        return [
            (plural[:1].upper() + plural[1:], self.url("changelist")),
            (_("Outreach templates"), self.url("outreach_templates")),
            (self.get_title(), None),
        ]

    def get_initial(self):
        if self.object is None:
            return {"language": Language.KO.value}
        template = self.object
        return {
            "name": template.name,
            "language": template.language.value,
            "subject": template.subject,
            "body": template.body,
            "expected_version": template.version,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(merge_fields=MERGE_FIELDS, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        if "_preview" in self.request.POST:
            fields = templating.validated_template_fields(**_template_fields(data))
            sample = OutreachTemplate(template_id="preview", **fields)
            user = self.request.user
            values = {
                **SAMPLE_VALUES,
                "sender_name": user.get_full_name() or user.get_username(),
                "sender_company": settings.OUTREACH_SENDER_NAME,
                "sender_contact": settings.OUTREACH_SENDER_CONTACT,
            }
            preview = templating.render(
                sample, values=values, opt_out_url=settings.OUTREACH_PUBLIC_BASE_URL + "/opt-out/…/"
            )
            return self.render_form(form, preview=preview)
        saved = templating.outreach_template_save(
            template_id=self.object.template_id if self.object else None,
            expected_version=data["expected_version"] if self.object else None,
            actor=self.actor,
            **_template_fields(data),
        )
        return self.done(
            _("Template “%(name)s” saved (version %(v)d).")
            % {"name": saved.name, "v": saved.version},
            self.url("outreach_templates"),
        )


def _template_fields(data) -> dict:
    return {key: data[key] for key in ("name", "language", "subject", "body")}


# --- consent ----------------------------------------------------------------------------------


class CreatorPageMixin:
    object_required = True

    def get_object(self):
        return selectors.creator_primary_channel(str(self.kwargs["creator_id"]))

    def get_object_label(self, channel) -> str:
        return channel.channel_name

    def get_detail_url(self, channel):
        return self.url("consent", channel.creator_id)


class ConsentView(CreatorPageMixin, ConsoleDetailView):
    template_name = "admin/matches/outreach_consent.html"
    action = "consent"

    def get_title(self):
        return _("Consent to advertising e-mail: %(name)s") % {"name": self.object.channel_name}

    def get_breadcrumbs(self):
        return _section_crumbs(self, self.get_title())

    def get_object_tools(self):
        return [
            ObjectTool(
                _("Record consent"),
                self.url("consent_record", self.object.creator_id),
                "matches.transition_match",
                style="addlink",
            ),
            *_outreach_tools(self),
        ]

    def get_context_data(self, **kwargs):
        record = consent.creator_consent(self.object.creator_id)
        today = clock.now().astimezone(SEOUL).date()
        return super().get_context_data(
            record=record,
            needs_reconfirmation=bool(record and record.needs_reconfirmation(today)),
            creator_url=selectors.optional_url("creators_creator_detail", self.object.creator_id),
            **kwargs,
        )


class ConsentRecordView(CreatorPageMixin, ConsoleFormView):
    template_name = "admin/matches/outreach_consent_form.html"
    form_class = ConsentForm
    title = gettext_lazy("Record consent")

    def get_initial(self):
        record = consent.creator_consent(self.object.creator_id)
        if record is None:
            return {"expected_version": 0}
        return {
            "basis": record.basis.value,
            "consented_on": record.consented_on,
            "source": record.source,
            "night_time_agreed": record.night_time_agreed,
            "expected_version": record.version,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        consent.creator_consent_record(
            creator_id=self.object.creator_id,
            basis=data["basis"],
            consented_on=data["consented_on"],
            source=data["source"],
            night_time_agreed=data["night_time_agreed"],
            actor=self.actor,
            expected_version=data["expected_version"] or None,
        )
        return self.done(_("Consent recorded."), self.url("consent", self.object.creator_id))


# --- do-not-contact list ----------------------------------------------------------------------


class DoNotContactListView(ConsoleListView):
    template_name = "admin/matches/outreach_do_not_contact.html"
    title = gettext_lazy("Do-not-contact list")
    action = "do_not_contact"

    def get_breadcrumbs(self):
        return _section_crumbs(self, self.title)

    def get_page(self, filters, cursor):
        return do_not_contact.do_not_contact_list(cursor=cursor)

    def get_object_tools(self):
        return [
            ObjectTool(
                _("Add an address"),
                self.url("do_not_contact_add"),
                "matches.transition_match",
                style="addlink",
            ),
            ObjectTool(_("Outreach templates"), self.url("outreach_templates")),
        ]


class DoNotContactAddView(ConsoleFormView):
    template_name = "admin/matches/outreach_do_not_contact_add.html"
    form_class = DoNotContactForm
    title = gettext_lazy("Add an address to the do-not-contact list")
    submit_label = gettext_lazy("Add to the list")
    error_field = "address"

    def get_breadcrumbs(self):
        plural = self.model._meta.verbose_name_plural
        return [
            (plural[:1].upper() + plural[1:], self.url("changelist")),
            (_("Do-not-contact list"), self.url("do_not_contact")),
            (self.get_title(), None),
        ]

    def form_valid(self, form):
        entry, already = do_not_contact.do_not_contact_add(
            address=form.cleaned_data["address"], note=form.cleaned_data["note"], actor=self.actor
        )
        if already:
            messages.info(
                self.request,
                _("That address was on the list already (since %(when)s).")
                % {"when": entry.created_at.astimezone(SEOUL).date()},
            )
            return self.done_redirect()
        return self.done(
            _("The address is on the do-not-contact list: nothing will be sent to it."),
            self.url("do_not_contact"),
        )

    def done_redirect(self):
        return HttpResponseRedirect(self.url("do_not_contact"))
