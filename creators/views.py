"""Creators: console pages on the shared kit (marketing.console). A selector or a service,
a form and a few lines each; domain errors are reported by the kit."""

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_post_parameters

from creators import csv_io, selectors, services
from creators.domain import CATEGORIES, REGIONS, Platform, Statistics
from creators.forms import (
    ChannelFiguresForm,
    CreatorAddForm,
    CreatorChangeForm,
    CreatorImportForm,
    CreatorListingForm,
)
from marketing.console import (
    ConsoleActionView,
    ConsoleDetailView,
    ConsoleFormView,
    ConsoleListView,
    ConsoleView,
    ObjectTool,
)
from matches import selectors as match_selectors


class CreatorPageMixin:
    """A page about one creator: its channels (primary first), name and link."""

    def get_object(self):
        return selectors.creator_channels(creator_id=self.creator_id()) or None

    def creator_id(self) -> str:
        return str(self.kwargs["creator_id"])

    def get_object_label(self, channels) -> str:
        return channels[0].channel_name

    def get_detail_url(self, channels) -> str:
        return self.url("detail", self.creator_id())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(category_labels=CATEGORIES, region_labels=REGIONS)
        if self.object:
            context.update(creator=self.object[0], channels=self.object)
        return context


class CreatorListView(ConsoleListView):
    template_name = "admin/creators/creator_list.html"
    title = gettext_lazy("Creators")
    filter_form_class = CreatorListingForm
    filter_form_id = "creator-filter"

    def get_page(self, filters, cursor):
        self.filters = CreatorListingForm.filters(filters)
        return selectors.creator_list(filters=self.filters, cursor=cursor)

    def get_context_data(self, **kwargs):
        filters = getattr(self, "filters", None)
        order = selectors.creator_list_order(filters) if filters is not None else ""
        return super().get_context_data(list_order=order, **kwargs)

    def get_object_tools(self):
        return [
            ObjectTool(_("Add creator"), self.url("add"), "creators.add_creator", style="addlink"),
            ObjectTool(_("Import CSV"), self.url("import"), "creators.add_creator"),
            ObjectTool(_("Export CSV"), self.url("export")),
        ]


class CreatorDetailView(CreatorPageMixin, ConsoleDetailView):
    template_name = "admin/creators/creator_detail.html"

    def get_object_tools(self):
        creator_id = self.creator_id()
        tools = [
            ObjectTool(
                _("Change"),
                self.url("change", creator_id),
                "creators.change_creator",
                style="changelink",
            ),
            ObjectTool(
                _("Link another channel"),
                f"{self.url('add')}?link_to={creator_id}",
                "creators.change_creator",
                style="addlink",
            ),
        ]
        if any(c.platform == Platform.YOUTUBE for c in self.object):
            tools.append(
                ObjectTool(
                    _("Sync YouTube now"),
                    self.url("sync", creator_id),
                    "creators.change_creator",
                    post=True,
                    element_id="sync-now",
                )
            )
        tools.append(
            ObjectTool(
                _("Delete"),
                self.url("delete", creator_id),
                "creators.delete_creator",
                style="deletelink",
            )
        )
        return tools

    def get_context_data(self, **kwargs):
        contact = None
        if self.has_permission("change"):
            contact = services.creator_contact(self.object[0])
        matches = match_selectors.creator_matches(creator_id=self.creator_id())
        return super().get_context_data(contact=contact, creator_matches=matches, **kwargs)


class CreatorSyncNowView(CreatorPageMixin, ConsoleActionView):
    """Re-fetch the creator's YouTube channels now (POST from the detail page)."""

    http_method_names = ["post"]

    def perform(self):
        result = services.creator_sync_now(creator_id=self.creator_id(), actor=self.actor)
        if result.missing:
            messages.warning(
                self.request,
                _("YouTube no longer has: %(ids)s.") % {"ids": ", ".join(result.missing)},
            )
        if result.synced:
            return ngettext(
                "%(n)d YouTube channel was fetched again.",
                "%(n)d YouTube channels were fetched again.",
                len(result.synced),
            ) % {"n": len(result.synced)}
        return None

    def get_success_url(self):
        return self.url("detail", self.creator_id())


class CreatorDeleteView(CreatorPageMixin, ConsoleActionView):
    template_name = "admin/creators/creator_delete.html"
    title = gettext_lazy("Delete creator")
    stale_message = gettext_lazy(
        "A channel of this creator changed meanwhile; look again, then delete."
    )
    conflict_message = stale_message

    def get_confirm_message(self):
        return _(
            "Delete “%(name)s” and every channel below? Their owner links go too, so the "
            "channels can be added again later. This cannot be undone."
        ) % {"name": self.object[0].channel_name}

    def perform(self):
        deleted = services.creator_delete(creator_id=self.creator_id(), actor=self.actor)
        return ngettext(
            "The creator and %(n)d channel were deleted.",
            "The creator and %(n)d channels were deleted.",
            deleted,
        ) % {"n": deleted}

    def get_success_url(self):
        return self.url("changelist")


# Contacts stay out of error reports (Django's 500 mails and debug pages).
@method_decorator(sensitive_post_parameters("email", "phone"), name="dispatch")
class CreatorAddView(ConsoleFormView):
    """Add a creator: fetched from YouTube, or an Instagram/TikTok channel typed in.

    A typed channel already in the catalogue is refused (the form links to its creator
    and its "Update figures" page); a YouTube channel already there is fetched again, its
    creator's own fields left as they are. `?channel=<platform>/<account>` (and a post
    of the figures form) is the "Update figures" page of that channel.
    """

    template_name = "admin/creators/creator_form.html"
    form_class = CreatorAddForm
    title = gettext_lazy("Add creator")
    stale_message = gettext_lazy("This creator was changed by someone else; reload and try again.")

    def dispatch(self, request, *args, **kwargs):
        if ChannelFiguresView.is_meant(request):
            figures = ChannelFiguresView.as_view(
                admin_site=self.admin_site, model=self.model, action="figures"
            )
            return figures(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = {"source": CreatorAddForm.SOURCE_YOUTUBE}
        if self.request.GET.get("link_to"):
            initial["link_to"] = self.request.GET["link_to"]
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "may_update": self.has_permission("change")}

    def form_valid(self, form):
        data = form.cleaned_data
        may_change = self.has_permission("change")
        if data["link_to"] and not may_change:
            raise PermissionDenied  # linking a channel changes an existing creator
        common = {
            "actor": self.actor,
            "may_update": may_change,
            "categories": data["categories"],
            "region": data["region"] or None,
            "area": data["area"],
            "contact": {"email": data["email"], "phone": data["phone"]},
            "link_to": str(data["link_to"]) if data["link_to"] else None,
        }
        if data["source"] == CreatorAddForm.SOURCE_YOUTUBE:
            channel = services.creator_add_youtube(
                query=data["youtube"], if_exists="refresh", **common
            )
        else:
            channel = services.creator_add_manual(
                platform=data["platform"],
                channel_id=data["channel_id"],
                channel_name=data["channel_name"],
                channel_url=data["channel_url"] or "",
                statistics=Statistics(
                    subscribers=data["subscribers"],
                    avg_views=data["avg_views"],
                    avg_likes=data["avg_likes"],
                    avg_comments=data["avg_comments"],
                    engagement_rate=data["engagement_rate"],
                ),
                if_exists="refuse",
                **common,
            )
        if channel.version == 1:
            message = _("“%(name)s” was added.")
        else:
            message = _(
                "“%(name)s” was already in the catalogue: its figures were fetched again from "
                "YouTube. Its categories, region and contact were left as they were; change "
                "them here if needed."
            )
        return self.done(
            message % {"name": channel.channel_name}, self.url("detail", channel.creator_id)
        )


@method_decorator(sensitive_post_parameters("email", "phone"), name="dispatch")
class ChannelFiguresView(ConsoleFormView):
    """ "Update figures" of an Instagram or TikTok channel: a form filled in with what is
    stored, where a field left empty keeps the stored value and nothing else changes.

    The channel is `?channel=<platform>/<account>` (the form posts it back as `channel`).
    """

    template_name = "admin/creators/channel_figures.html"
    form_class = ChannelFiguresForm
    object_required = True
    submit_label = gettext_lazy("Save figures")
    stale_message = gettext_lazy(
        "These figures were changed by someone else since you opened the page; reload it "
        "and enter yours again."
    )

    @staticmethod
    def reference(request) -> str:
        source = request.POST if request.method == "POST" else request.GET
        return source.get("channel", "")

    @classmethod
    def is_meant(cls, request) -> bool:
        """Whether a request to the add page is for this page: a post of this form, or a
        link to a channel whose figures can be entered by hand."""
        if request.method == "POST":
            return "channel" in request.POST
        return _hand_entered_channel(cls.reference(request)) is not None

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission("change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        return _hand_entered_channel(self.reference(self.request))

    def get_object_label(self, channel) -> str:
        return channel.channel_name

    def get_detail_url(self, channel) -> str:
        return self.url("detail", channel.creator_id)

    def get_title(self):
        channel = self.object
        return _("Update figures: %(name)s (%(platform)s @%(account)s)") % {
            "name": channel.channel_name,
            "platform": channel.platform.label,
            "account": channel.channel_id,
        }

    def get_initial(self):
        channel, figures = self.object, self.object.statistics
        return {
            "source": CreatorAddForm.SOURCE_MANUAL,
            "channel": f"{channel.platform.value}/{channel.channel_id}",
            "version": channel.version,
            "platform": channel.platform.value,
            "channel_id": channel.channel_id,
            "channel_name": channel.channel_name,
            "channel_url": channel.channel_url,
            **{name: getattr(figures, name) for name in ChannelFiguresForm.FIGURES},
        }

    def get_form(self):
        return self.form_class(platform=self.object.platform, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        return super().get_context_data(channel=self.object, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        channel = services.creator_update_figures(
            platform=self.object.platform,
            channel_id=self.object.channel_id,
            expected_version=data["version"],
            channel_name=data["channel_name"],
            channel_url=data["channel_url"],
            figures={name: data[name] for name in ChannelFiguresForm.FIGURES},
            actor=self.actor,
        )
        return self.done(
            _("“%(name)s” was updated.") % {"name": channel.channel_name},
            self.url("detail", channel.creator_id),
        )


def _hand_entered_channel(reference: str):
    """The stored Instagram/TikTok channel `<platform>/<account>` names, or None."""
    platform, _slash, channel_id = reference.partition("/")
    if platform not in (Platform.INSTAGRAM, Platform.TIKTOK):
        return None
    return selectors.channel_by_account(platform=platform, channel_id=channel_id)


@method_decorator(sensitive_post_parameters("email", "phone"), name="dispatch")
class CreatorChangeView(CreatorPageMixin, ConsoleFormView):
    template_name = "admin/creators/creator_form.html"
    form_class = CreatorChangeForm
    object_required = True
    stale_message = CreatorAddView.stale_message

    def get_title(self):
        return _("Change %(name)s") % {"name": self.object[0].channel_name}

    def get_initial(self):
        primary = self.object[0]
        readable = {
            name: value
            for name, value in services.creator_contact(primary).items()
            if isinstance(value, str)
        }
        return {
            "categories": primary.categories,
            "region": primary.region or "",
            "area_city": primary.area.city if primary.area else "",
            "area_districts": ", ".join(primary.area.districts) if primary.area else "",
            "status": primary.status.value,
            "version": primary.version,
            **readable,
        }

    def get_form(self):
        """A contact field that cannot be decrypted is shown locked, with why; the save
        keeps its stored value whatever is posted for it."""
        form = super().get_form()
        for name, problem in services.creator_unreadable_contact(self.object[0]).items():
            form.fields[name].disabled = True
            form.fields[name].help_text = str(problem)
        return form

    def form_valid(self, form):
        data = form.cleaned_data
        services.creator_update(
            creator_id=self.creator_id(),
            expected_version=data["version"],
            categories=data["categories"],
            region=data["region"] or None,
            area=data["area"],
            status=data["status"],
            contact={"email": data["email"], "phone": data["phone"]},
            actor=self.actor,
        )
        return self.done(_("The creator was saved."), self.url("detail", self.creator_id()))


# The payload is the checked CSV, contacts included: keep it out of error reports too.
@method_decorator(sensitive_post_parameters("payload"), name="dispatch")
class CreatorImportView(ConsoleFormView):
    template_name = "admin/creators/creator_import.html"
    title = gettext_lazy("Import creators from CSV")
    form_class = CreatorImportForm
    multipart = True
    submit_label = gettext_lazy("Check the file")

    def form_valid(self, form):
        content = form.cleaned_data["content"]
        report = services.creators_import(
            data=content,
            actor=self.actor,
            for_real=form.cleaned_data["apply"],
            may_update=self.has_permission("change"),
            mode="interactive",
        )
        if not report.applied:
            payload = base64.b64encode(content).decode()
            return self.render_form(form, report=report, payload=payload)
        if report.failed_rows:
            messages.warning(
                self.request,
                ngettext(
                    "%(n)d row could not be saved: %(why)s",
                    "%(n)d rows could not be saved: %(why)s",
                    len(report.failed_rows),
                )
                % {
                    "n": len(report.failed_rows),
                    "why": "; ".join(
                        f"{row.line}: {row.errors[-1]}" for row in report.failed_rows[:5]
                    ),
                },
            )
        return self.done(
            _("%(n)d channel(s) imported.") % {"n": report.written}, self.url("changelist")
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("report", None)
        kwargs.setdefault("payload", "")
        return super().get_context_data(
            columns=csv_io.COLUMNS,
            required_columns=csv_io.REQUIRED,
            accepted_values=csv_io.accepted_values_table(),
            template_url=self.url("import_template"),
            **kwargs,
        )


class CreatorImportTemplateView(ConsoleView):
    """A CSV with the import's header and an example row (UTF-8 with BOM, for Excel)."""

    action = "import_template"

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            "\ufeff" + services.creators_import_template(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="creators-template.csv"'
        return response


class CreatorExportView(ConsoleView):
    action = "export"

    def get(self, request, *args, **kwargs):
        text = services.creators_export(with_contacts=False, mode="interactive")
        response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="creators.csv"'
        return response
