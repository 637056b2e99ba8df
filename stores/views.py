"""Stores: console pages on the shared kit (marketing.console). A selector or a service,
a form and a few lines each; domain errors are reported by the kit."""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from campaigns import selectors as campaign_selectors
from marketing.console import (
    ConsoleActionView,
    ConsoleDetailView,
    ConsoleFormView,
    ConsoleListView,
    ObjectTool,
)
from marketing.errors import UserError
from matches import selectors as match_selectors
from matches.engine.writing import CREATED, RESCORED, SKIPPED
from matches.services.engine import match_find_creators
from stores import category_map, corrections, selectors, services
from stores.forms import (
    AddStoreForm,
    ImportPageForm,
    RestoreNaverValueForm,
    StoreEditForm,
    StoreFilterForm,
)
from stores.selectors import StoreFilters


class StorePageMixin:
    """What every page about one store shares: its latest profile, name and link."""

    def get_object(self):
        return selectors.store_profile(store_id=self.store_id())

    def store_id(self) -> str:
        return str(self.kwargs["store_id"])

    def get_object_label(self, profile) -> str:
        return profile.store_name

    def get_detail_url(self, profile) -> str:
        return self.url("detail", store_id=profile.store_id)


class StoreListView(ConsoleListView):
    template_name = "admin/stores/store_list.html"
    title = _("Stores")
    filter_form_class = StoreFilterForm

    def get_filter_form_kwargs(self):
        self.facets = selectors.store_facets()
        return {"facets": self.facets}

    def get_page(self, filters, cursor):
        return selectors.store_list(filters=StoreFilters(**filters), cursor=cursor)

    def get_object_tools(self):
        return [
            ObjectTool(_("Add store by URL"), self.url("add"), "stores.add_store", style="addlink"),
            ObjectTool(
                _("Import saved page"), self.url("import"), "stores.add_store", style="addlink"
            ),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(cache_stats=selectors.cache_stats(), **kwargs)


class StoreDetailView(StorePageMixin, ConsoleDetailView):
    template_name = "admin/stores/store_detail.html"

    def get_object(self):
        return selectors.store_detail(
            store_id=self.store_id(), history_cursor=self.request.GET.get("history")
        )

    def get_object_label(self, detail) -> str:
        return detail.profile.store_name

    def get_object_tools(self):
        store_id = self.store_id()
        return [
            ObjectTool(
                _("Edit"),
                self.url("change", store_id=store_id),
                "stores.change_store",
                style="changelink",
            ),
            ObjectTool(
                _("Re-fetch from Naver"),
                self.url("refetch", store_id=store_id),
                "stores.change_store",
                post=True,
                element_id="refetch-button",
            ),
            ObjectTool(
                _("Find creators"),
                self.url("find_creators", store_id=store_id),
                "matches.add_match",
                post=True,
                element_id="find-creators-button",
            ),
            ObjectTool(
                _("Delete"),
                self.url("delete", store_id=store_id),
                "stores.delete_store",
                style="deletelink",
            ),
            ObjectTool(_("Open on Naver"), self.object.profile.source_url, external=True),
        ]

    def get_context_data(self, **kwargs):
        detail = self.object
        distribution = detail.price_distribution
        widest = max((count for _label, count in distribution), default=0) or 1
        keywords = detail.profile.sentiment.keywords
        top = max((k.count for k in keywords), default=0) or 1
        return super().get_context_data(
            detail=detail,
            profile=detail.profile,
            creator_mapping=category_map.profile_mapping(detail.profile),
            price_bars=[(label, n, round(n * 100 / widest)) for label, n in distribution],
            keyword_bars=[(k, round(k.count * 100 / top)) for k in keywords],
            store_matches=match_selectors.store_matches(store_id=detail.profile.store_id),
            store_campaigns=campaign_selectors.store_campaigns(store_id=detail.profile.store_id),
            **kwargs,
        )


class StoreAddView(ConsoleFormView):
    title = _("Add store by URL")
    form_class = AddStoreForm
    submit_label = _("Add store")
    error_field = "url"
    conflict_message = _("The store was saved by someone else at the same time; retry.")
    stale_message = conflict_message

    def form_valid(self, form):
        outcome = services.store_add_by_url(
            url=form.cleaned_data["url"], force=form.cleaned_data["force"], actor=self.actor
        )
        if outcome.cache_hit:
            text = gettext("“%(name)s” was answered from the cache (profile younger than 7 days).")
        else:
            text = gettext("“%(name)s” was fetched fresh from Naver and saved.")
        profile = outcome.profile
        return self.done(
            text % {"name": profile.store_name}, self.url("detail", store_id=profile.store_id)
        )


class StoreImportView(ConsoleFormView):
    title = _("Import saved page")
    form_class = ImportPageForm
    submit_label = _("Import page")
    multipart = True
    error_field = "html_file"
    conflict_message = stale_message = StoreAddView.conflict_message

    def form_valid(self, form):
        outcome = services.store_import_html(
            html=form.cleaned_data["html_file"].read(),
            url=form.cleaned_data["url"] or None,
            actor=self.actor,
        )
        profile = outcome.profile
        return self.done(
            gettext("“%(name)s” was imported from the saved page.") % {"name": profile.store_name},
            self.url("detail", store_id=profile.store_id),
        )


class StoreChangeView(StorePageMixin, ConsoleFormView):
    title = _("Edit store")
    form_class = StoreEditForm
    object_required = True
    stale_message = _("The store was changed by someone else since you opened it — reload.")

    def get_initial(self):
        profile = self.object
        return {
            "store_name": profile.store_name,
            "primary_category": profile.primary_category,
            "city": profile.location.city,
            "district": profile.location.district,
            "phone": profile.location.phone,
            "status": profile.status,
            "creator_category": profile.creator_category or "",
            "version": profile.version,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        changes = {name: data[name] or None for name in services.EDITABLE_FIELDS}
        changes["store_name"] = data["store_name"]
        services.store_update(
            store_id=self.store_id(),
            expected_version=data["version"],
            actor=self.actor,
            changes=changes,
        )
        return self.done(
            gettext("The store was updated."), self.url("detail", store_id=self.store_id())
        )


class StoreRefetchView(StorePageMixin, ConsoleActionView):
    http_method_names = ["post"]
    conflict_message = _("Someone else saved this store at the same time; retry.")
    stale_message = conflict_message

    def perform(self):
        outcome = services.store_refetch(store_id=self.store_id(), actor=self.actor)
        return gettext("“%(name)s” was fetched again from Naver.") % {
            "name": outcome.profile.store_name
        }

    def get_success_url(self):
        return self.get_failure_url()


class StoreRestoreNaverValueView(StorePageMixin, ConsoleActionView):
    """Drop staff's correction of one field (POST from the store page)."""

    http_method_names = ["post"]
    stale_message = StoreChangeView.stale_message

    def perform(self):
        form = RestoreNaverValueForm(self.request.POST)
        field = self.kwargs["field"]
        if not form.is_valid() or field not in corrections.CORRECTABLE:
            raise UserError(gettext("The page was out of date; reload it and try again."))
        services.store_restore_naver_value(
            store_id=self.store_id(),
            field=field,
            expected_version=form.cleaned_data["version"],
            actor=self.actor,
        )
        return gettext("Naver's value of “%(field)s” is shown again.") % {
            "field": corrections.FIELD_LABELS[field]
        }

    def get_success_url(self):
        return self.get_failure_url()


class StoreFindCreatorsView(StorePageMixin, ConsoleActionView):
    """Run the matching engine for this store (POST from the store page)."""

    http_method_names = ["post"]

    def perform(self):
        result = match_find_creators(store_id=self.store_id(), actor=self.actor)
        message = ngettext(
            "%(n)d creator scored: %(new)d new, %(rescored)d re-scored.",
            "%(n)d creators scored: %(new)d new, %(rescored)d re-scored.",
            result.scored,
        ) % {"n": result.scored, "new": result.count(CREATED), "rescored": result.count(RESCORED)}
        skipped = result.count(SKIPPED)
        if skipped:
            message += " " + ngettext(
                "%(n)d match past the suggestion stage was left as it is.",
                "%(n)d matches past the suggestion stage were left as they are.",
                skipped,
            ) % {"n": skipped}
        return message

    def get_success_url(self):
        return self.get_failure_url()


class StoreDeleteView(StorePageMixin, ConsoleActionView):
    title = _("Delete store")

    def get_confirm_message(self):
        return gettext(
            "Delete “%(name)s” and every profile in its history? This cannot be undone."
        ) % {"name": self.object.store_name}

    def perform(self):
        services.store_delete(store_id=self.store_id(), actor=self.actor)
        return gettext("The store and its profile history were deleted.")

    def get_success_url(self):
        return self.url("changelist")
