"""Creators pages: thin views over selectors and services, inside the admin frame."""

import base64
import logging

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic.edit import FormMixin

from creators import selectors, services
from creators.csv_io import CsvError
from creators.domain import CATEGORIES, REGIONS, CreatorError, Platform, Statistics
from creators.forms import CreatorAddForm, CreatorChangeForm, CreatorImportForm
from creators.models import Creator
from creators.youtube.errors import YouTubeError
from marketing.console import ConsoleView
from marketing.dynamo import errors as dynamo_errors

logger = logging.getLogger(__name__)

LISTING_LABELS = {
    "platform": gettext_lazy("By platform (largest audience first)"),
    "tier": gettext_lazy("By tier (highest engagement first)"),
    "category": gettext_lazy("By category"),
    "region": gettext_lazy("By region"),
}


class CreatorView(ConsoleView):
    model = Creator
    action = "changelist"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            opts=Creator._meta,
            app_label="creators",
            can_change=self.request.user.has_perm("creators.change_creator"),
            can_add=self.request.user.has_perm("creators.add_creator"),
            can_delete=self.request.user.has_perm("creators.delete_creator"),
            category_labels=CATEGORIES,
            region_labels=REGIONS,
        )
        return context

    def admin_form(self, form):
        groups = getattr(form, "fieldsets", None) or [(None, list(form.fields))]
        fieldsets = [
            (title, {"fields": [name for name in names if name in form.fields]})
            for title, names in groups
        ]
        return helpers.AdminForm(form, [fs for fs in fieldsets if fs[1]["fields"]], {})


class CreatorListView(CreatorView):
    template_name = "admin/creators/creator/change_list.html"
    title = gettext_lazy("Creators")

    def get(self, request, *args, **kwargs):
        listing = selectors.creator_listing(request.GET.get("by"), request.GET.get("value"))
        try:
            page = selectors.creator_list(listing=listing, cursor=request.GET.get("cursor"))
        except dynamo_errors.InvalidCursor as exc:
            return HttpResponseBadRequest(str(exc))
        context = self.get_context_data(
            listing=listing,
            page=page,
            listings=[(by, label) for by, label in LISTING_LABELS.items()],
            values=list(selectors.LISTINGS[listing.by][0].items()),
        )
        return self.render_to_response(context)


class CreatorDetailView(CreatorView):
    template_name = "admin/creators/creator/detail.html"
    action = "detail"

    def get(self, request, creator_id, *args, **kwargs):
        channels = selectors.creator_channels(creator_id=str(creator_id))
        if not channels:
            raise Http404(_("No such creator."))
        primary = channels[0]
        contact = None
        if request.user.has_perm("creators.change_creator"):
            contact = services.creator_contact(primary)
        context = self.get_context_data(
            creator=primary,
            channels=channels,
            contact=contact,
            title=primary.channel_name,
            has_youtube=any(c.platform == Platform.YOUTUBE for c in channels),
        )
        return self.render_to_response(context)


class CreatorSyncNowView(CreatorView):
    """Re-fetch the creator's YouTube channels now (POST from the detail page)."""

    http_method_names = ["post"]
    action = "sync"

    def post(self, request, creator_id, *args, **kwargs):
        creator_id = str(creator_id)
        try:
            result = services.creator_sync_now(
                creator_id=creator_id, actor=request.user.get_username()
            )
        except dynamo_errors.NotFound:
            raise Http404(_("No such creator.")) from None
        except (CreatorError, YouTubeError) as exc:
            messages.error(request, str(exc))
        except dynamo_errors.ConcurrentModification:
            messages.error(request, _("Someone else saved this creator at the same time; retry."))
        else:
            if result.synced:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d YouTube channel was fetched again.",
                        "%(n)d YouTube channels were fetched again.",
                        len(result.synced),
                    )
                    % {"n": len(result.synced)},
                )
            if result.missing:
                messages.warning(
                    request,
                    _("YouTube no longer has: %(ids)s.") % {"ids": ", ".join(result.missing)},
                )
        return HttpResponseRedirect(reverse("admin:creators_creator_detail", args=[creator_id]))


class CreatorDeleteView(CreatorView):
    template_name = "admin/creators/creator/delete.html"
    action = "delete"

    def get(self, request, creator_id, *args, **kwargs):
        channels = selectors.creator_channels(creator_id=str(creator_id))
        if not channels:
            raise Http404(_("No such creator."))
        context = self.get_context_data(
            creator=channels[0], channels=channels, title=_("Delete creator")
        )
        return self.render_to_response(context)

    def post(self, request, creator_id, *args, **kwargs):
        creator_id = str(creator_id)
        try:
            deleted = services.creator_delete(
                creator_id=creator_id, actor=request.user.get_username()
            )
        except dynamo_errors.NotFound:
            raise Http404(_("No such creator.")) from None
        except CreatorError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("admin:creators_creator_detail", args=[creator_id]))
        except (dynamo_errors.ConcurrentModification, dynamo_errors.ConditionFailed):
            messages.error(
                request, _("A channel of this creator changed meanwhile; look again, then delete.")
            )
            return HttpResponseRedirect(reverse("admin:creators_creator_detail", args=[creator_id]))
        messages.success(
            request,
            ngettext(
                "The creator and %(n)d channel were deleted.",
                "The creator and %(n)d channels were deleted.",
                deleted,
            )
            % {"n": deleted},
        )
        return HttpResponseRedirect(reverse("admin:creators_creator_changelist"))


# Contacts stay out of error reports (Django's 500 mails and debug pages).
@method_decorator(sensitive_post_parameters("email", "phone"), name="dispatch")
class CreatorFormView(FormMixin, CreatorView):
    template_name = "admin/creators/creator/form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                return self.form_valid(form)
            except (CreatorError, YouTubeError) as exc:
                form.add_error(None, str(exc))
            except dynamo_errors.ConcurrentModification:
                form.add_error(
                    None, _("This creator was changed by someone else; reload and try again.")
                )
            except dynamo_errors.NotFound:
                raise Http404(_("No such creator.")) from None
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["adminform"] = self.admin_form(context["form"])
        return context


class CreatorAddView(CreatorFormView):
    form_class = CreatorAddForm
    title = gettext_lazy("Add creator")
    action = "add"

    def get_initial(self):
        initial = {"source": CreatorAddForm.SOURCE_YOUTUBE}
        if self.request.GET.get("link_to"):
            initial["link_to"] = self.request.GET["link_to"]
        existing = self._account_to_update()
        if existing is not None:
            figures = existing.statistics
            initial.update(
                source=CreatorAddForm.SOURCE_MANUAL,
                platform=existing.platform.value,
                channel_id=existing.channel_id,
                channel_name=existing.channel_name,
                channel_url=existing.channel_url,
                subscribers=figures.subscribers,
                avg_views=figures.avg_views,
                avg_likes=figures.avg_likes,
                avg_comments=figures.avg_comments,
                engagement_rate=figures.engagement_rate,
            )
        return initial

    def _account_to_update(self):
        """?channel=instagram/<account>: the form filled in with that channel's figures."""
        platform, _slash, channel_id = self.request.GET.get("channel", "").partition("/")
        if platform not in (Platform.INSTAGRAM, Platform.TIKTOK):
            return None
        return selectors.channel_by_account(platform=platform, channel_id=channel_id)

    def form_valid(self, form):
        data = form.cleaned_data
        may_change = self.request.user.has_perm("creators.change_creator")
        if data["link_to"] and not may_change:
            raise PermissionDenied  # linking a channel changes an existing creator
        common = {
            "actor": self.request.user.get_username(),
            "may_update": may_change,
            "categories": data["categories"],
            "region": data["region"] or None,
            "contact": {"email": data["email"], "phone": data["phone"]},
            "link_to": str(data["link_to"]) if data["link_to"] else None,
        }
        if data["source"] == CreatorAddForm.SOURCE_YOUTUBE:
            channel = services.creator_add_youtube(query=data["youtube"], **common)
        else:
            statistics = Statistics(
                subscribers=data["subscribers"],
                avg_views=data["avg_views"],
                avg_likes=data["avg_likes"],
                avg_comments=data["avg_comments"],
                engagement_rate=data["engagement_rate"],
            )
            channel = services.creator_add_manual(
                platform=data["platform"],
                channel_id=data["channel_id"],
                channel_name=data["channel_name"],
                channel_url=data["channel_url"] or "",
                statistics=statistics,
                **common,
            )
        verb = _("added") if channel.version == 1 else _("updated")
        messages.success(
            self.request,
            _("“%(name)s” was %(verb)s.") % {"name": channel.channel_name, "verb": verb},
        )
        return HttpResponseRedirect(
            reverse("admin:creators_creator_detail", args=[channel.creator_id])
        )


class CreatorChangeView(CreatorFormView):
    form_class = CreatorChangeForm
    action = "change"

    def dispatch(self, request, creator_id, *args, **kwargs):
        self.creator_id = str(creator_id)
        self.channels = selectors.creator_channels(creator_id=self.creator_id)
        if not self.channels:
            raise Http404(_("No such creator."))
        self.title = _("Change %(name)s") % {"name": self.channels[0].channel_name}
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        primary = self.channels[0]
        contact = services.creator_contact(primary)
        return {
            "categories": primary.categories,
            "region": primary.region or "",
            "status": primary.status.value,
            "version": primary.version,
            **contact,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["creator"] = self.channels[0]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        services.creator_update(
            creator_id=self.creator_id,
            expected_version=data["version"],
            categories=data["categories"],
            region=data["region"] or None,
            status=data["status"],
            contact={"email": data["email"], "phone": data["phone"]},
            actor=self.request.user.get_username(),
        )
        messages.success(self.request, _("The creator was saved."))
        return HttpResponseRedirect(
            reverse("admin:creators_creator_detail", args=[self.creator_id])
        )


# The payload is the checked CSV, contacts included: keep it out of error reports too.
@method_decorator(sensitive_post_parameters("payload"), name="dispatch")
class CreatorImportView(CreatorView):
    template_name = "admin/creators/creator/import.html"
    title = gettext_lazy("Import creators from CSV")
    action = "import"

    def get(self, request, *args, **kwargs):
        form = CreatorImportForm()
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = CreatorImportForm(request.POST, request.FILES)
        report = None
        payload = ""
        if form.is_valid():
            content = form.cleaned_data["content"]
            apply = form.cleaned_data["apply"]
            try:
                report = services.creators_import(
                    data=content,
                    actor=request.user.get_username(),
                    for_real=apply,
                    may_update=request.user.has_perm("creators.change_creator"),
                    profile="interactive",
                )
            except (CsvError, CreatorError) as exc:
                form.add_error(None, str(exc))
            else:
                if report.applied:
                    messages.success(
                        request,
                        _("%(n)d channel(s) imported.") % {"n": report.written},
                    )
                    return HttpResponseRedirect(reverse("admin:creators_creator_changelist"))
                payload = base64.b64encode(content).decode()
        return self.render_to_response(
            self.get_context_data(form=form, report=report, payload=payload)
        )


class CreatorExportView(CreatorView):
    action = "export"

    def get(self, request, *args, **kwargs):
        text = services.creators_export(with_contacts=False, profile="interactive")
        response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="creators.csv"'
        return response
