"""Stores: console pages inside the admin. Thin: bind a form, call a service or selector,
redirect after POST with a message. Domain errors become form errors or messages."""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from marketing.console import ConsoleView
from marketing.dynamo import errors
from stores import selectors, services
from stores.forms import AddStoreForm, ImportPageForm, StoreEditForm, StoreFilterForm
from stores.naver.errors import ScrapeError
from stores.selectors import StoreFilters


def _url(name: str, **kwargs) -> str:
    return reverse(f"admin:stores_store_{name}", kwargs=kwargs or None)


def _admin_form(form):
    from django.contrib.admin import helpers

    return helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {})


class StoreView(ConsoleView):
    model = None  # the permission-only model, set by the admin site
    action = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        user = self.request.user
        context.update(
            opts=opts,
            app_label=opts.app_label,
            has_add_permission=user.has_perm("stores.add_store"),
            has_change_permission=user.has_perm("stores.change_store"),
            has_delete_permission=user.has_perm("stores.delete_store"),
        )
        return context

    def store_id(self) -> str:
        return str(self.kwargs["store_id"])


class StoreListView(StoreView):
    template_name = "admin/stores/store_list.html"
    title = _("Stores")

    def get(self, request, *args, **kwargs):
        form = StoreFilterForm(request.GET or None)
        filters = StoreFilters()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = StoreFilters(
                category=data["category"] or None,
                city=data["city"] or None,
                district=data["district"] or None,
                price_level=data["price_level"],
            )
        try:
            page = selectors.store_list(filters=filters, cursor=request.GET.get("cursor"))
        except errors.InvalidCursor as exc:
            return HttpResponseBadRequest(str(exc))
        query = request.GET.copy()
        query.pop("cursor", None)
        next_query = None
        if page.next_cursor:
            query["cursor"] = page.next_cursor
            next_query = query.urlencode()
        return self.render_to_response(
            self.get_context_data(
                form=form,
                page=page,
                filtered=filters.active,
                next_query=next_query,
                is_first_page=not request.GET.get("cursor"),
                cache_stats=selectors.cache_stats(),
            )
        )


class StoreDetailView(StoreView):
    template_name = "admin/stores/store_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            detail = selectors.store_detail(
                store_id=self.store_id(), history_cursor=request.GET.get("history")
            )
        except errors.InvalidCursor as exc:
            return HttpResponseBadRequest(str(exc))
        if detail is None:
            raise Http404(gettext("No such store."))
        distribution = detail.price_distribution
        widest = max((count for _label, count in distribution), default=0) or 1
        keywords = detail.profile.sentiment.keywords
        top = max((k.count for k in keywords), default=0) or 1
        return self.render_to_response(
            self.get_context_data(
                title=detail.profile.store_name,
                detail=detail,
                profile=detail.profile,
                price_bars=[(label, n, round(n * 100 / widest)) for label, n in distribution],
                keyword_bars=[(k, round(k.count * 100 / top)) for k in keywords],
            )
        )


class _FormView(StoreView):
    template_name = "admin/stores/store_form.html"
    form_class = None
    submit_label = _("Save")
    multipart = False

    def get(self, request, *args, **kwargs):
        return self.render_form(self.form_class(initial=self.initial()))

    def initial(self) -> dict:
        return {}

    def render_form(self, form, **extra):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                adminform=_admin_form(form),
                errors=form.errors if form.is_bound else None,
                submit_label=self.submit_label,
                multipart=self.multipart,
                **extra,
            )
        )


class StoreAddView(_FormView):
    title = _("Add store by URL")
    form_class = AddStoreForm
    submit_label = _("Add store")

    def post(self, request, *args, **kwargs):
        form = AddStoreForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            outcome = services.store_add_by_url(
                url=form.cleaned_data["url"],
                force=form.cleaned_data["force"],
                actor=request.user.get_username(),
            )
        except ScrapeError as exc:
            form.add_error("url", exc.message)
            return self.render_form(form)
        except errors.ConcurrentModification:
            form.add_error(None, _("The store was saved by someone else at the same time; retry."))
            return self.render_form(form)
        name = outcome.profile.store_name
        if outcome.cache_hit:
            text = gettext("“%(name)s” was answered from the cache (profile younger than 7 days).")
        else:
            text = gettext("“%(name)s” was fetched fresh from Naver and saved.")
        messages.success(request, text % {"name": name})
        return HttpResponseRedirect(_url("detail", store_id=outcome.profile.store_id))


class StoreImportView(_FormView):
    title = _("Import saved page")
    form_class = ImportPageForm
    submit_label = _("Import page")
    multipart = True

    def post(self, request, *args, **kwargs):
        form = ImportPageForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        try:
            outcome = services.store_import_html(
                html=form.cleaned_data["html_file"].read(),
                url=form.cleaned_data["url"] or None,
                actor=request.user.get_username(),
            )
        except ScrapeError as exc:
            form.add_error("html_file", exc.message)
            return self.render_form(form)
        except errors.ConcurrentModification:
            form.add_error(None, _("The store was saved by someone else at the same time; retry."))
            return self.render_form(form)
        messages.success(
            request,
            gettext("“%(name)s” was imported from the saved page.")
            % {"name": outcome.profile.store_name},
        )
        return HttpResponseRedirect(_url("detail", store_id=outcome.profile.store_id))


class StoreChangeView(_FormView):
    title = _("Edit store")
    form_class = StoreEditForm

    def latest(self):
        detail = selectors.store_detail(store_id=self.store_id())
        if detail is None:
            raise Http404(gettext("No such store."))
        return detail.profile

    def get(self, request, *args, **kwargs):
        profile = self.latest()
        form = StoreEditForm(
            initial={
                "store_name": profile.store_name,
                "primary_category": profile.primary_category,
                "city": profile.location.city,
                "district": profile.location.district,
                "phone": profile.location.phone,
                "status": profile.status,
                "version": profile.version,
            }
        )
        return self.render_form(form, profile=profile)

    def post(self, request, *args, **kwargs):
        form = StoreEditForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        data = form.cleaned_data
        changes = {name: data[name] or None for name in services.EDITABLE_FIELDS}
        changes["store_name"] = data["store_name"]
        try:
            services.store_update(
                store_id=self.store_id(),
                expected_version=data["version"],
                actor=request.user.get_username(),
                changes=changes,
            )
        except services.StoreNotFound as exc:
            raise Http404(gettext("No such store.")) from exc
        except errors.ConcurrentModification:
            form.add_error(
                None, _("The store was changed by someone else since you opened it — reload.")
            )
            return self.render_form(form)
        messages.success(request, gettext("The store was updated."))
        return HttpResponseRedirect(_url("detail", store_id=self.store_id()))


class StoreRefetchView(StoreView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            outcome = services.store_refetch(
                store_id=self.store_id(), actor=request.user.get_username()
            )
        except services.StoreNotFound as exc:
            raise Http404(gettext("No such store.")) from exc
        except ScrapeError as exc:
            messages.error(request, str(exc.message))
        except errors.ConcurrentModification:
            messages.error(
                request, gettext("Someone else saved this store at the same time; retry.")
            )
        else:
            messages.success(
                request,
                gettext("“%(name)s” was fetched again from Naver.")
                % {"name": outcome.profile.store_name},
            )
        return HttpResponseRedirect(_url("detail", store_id=self.store_id()))


class StoreDeleteView(StoreView):
    template_name = "admin/stores/store_confirm_delete.html"
    title = _("Delete store")

    def get(self, request, *args, **kwargs):
        detail = selectors.store_detail(store_id=self.store_id())
        if detail is None:
            raise Http404(gettext("No such store."))
        return self.render_to_response(self.get_context_data(profile=detail.profile))

    def post(self, request, *args, **kwargs):
        try:
            services.store_delete(store_id=self.store_id(), actor=request.user.get_username())
        except services.StoreNotFound as exc:
            raise Http404(gettext("No such store.")) from exc
        messages.success(request, gettext("The store and its profile history were deleted."))
        return HttpResponseRedirect(_url("changelist"))
