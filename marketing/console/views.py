"""The console's view kit (see marketing/console/__init__.py for the shapes)."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from marketing.console.problems import CONFLICT, STALE, http_error, user_message
from marketing.console.tools import ObjectTool, Pager
from marketing.dynamo import errors
from marketing.errors import UserError


class ConsoleView(TemplateView):
    """Base of every console page: the admin's context, permissions, breadcrumbs, tools.

    `admin_site`, `model` (the section's permission-only model) and `action` are set by
    ConsoleAdminSite when it builds the URL.
    """

    admin_site = None
    model = None
    action = ""
    title = ""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except (errors.NotFound, errors.InvalidCursor) as exc:
            raise http_error(exc) from exc

    # --- who and where --------------------------------------------------------------------

    @property
    def actor(self) -> str:
        return self.request.user.get_username()

    def has_permission(self, action: str) -> bool:
        opts = self.model._meta
        return self.request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def url(self, action: str, *args, **kwargs) -> str:
        """URL of another page of this section: `self.url("detail", store_id=...)`."""
        opts = self.model._meta
        name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{action}"
        return reverse(name, args=args or None, kwargs=kwargs or None)

    # --- what every page shows -------------------------------------------------------------

    def get_title(self):
        return self.title

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        """Crumbs after Home and the section: (label, url); the last one is the current page."""
        on_list = self.action == "changelist"
        plural = capfirst(self.model._meta.verbose_name_plural)
        return [(plural, None if on_list else self.url("changelist"))]

    def get_object_tools(self) -> list[ObjectTool]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.request.current_app = self.admin_site.name
        context.update(self.admin_site.each_context(self.request))
        opts = self.model._meta
        crumbs = self.get_breadcrumbs()
        context.update(
            opts=opts,
            app_label=opts.app_label,
            has_view_permission=self.has_permission("view"),
            has_add_permission=self.has_permission("add"),
            has_change_permission=self.has_permission("change"),
            has_delete_permission=self.has_permission("delete"),
            crumbs=crumbs[:-1],
            current_crumb=crumbs[-1][0] if crumbs else "",
            object_tools=[
                tool
                for tool in self.get_object_tools()
                if tool.permission is None or self.request.user.has_perm(tool.permission)
            ],
        )
        context.setdefault("title", self.get_title())
        context.setdefault("subtitle", None)
        return context


class ConsoleListView(ConsoleView):
    """A filtered, cursor-paginated list: `get_page(filters, cursor)` calls a selector.

    A bound filter form that does not validate shows its errors and no rows, never an
    unfiltered list.
    """

    template_name = "admin/console/change_list.html"
    filter_form_class = None
    filter_form_id = ""  # the filter form's HTML id; default "<model>-filters"
    action = "changelist"

    def get_filter_form(self):
        if self.filter_form_class is None:
            return None
        data = self.request.GET.copy()
        data.pop("cursor", None)
        return self.filter_form_class(data or None, **self.get_filter_form_kwargs())

    def get_filter_form_kwargs(self) -> dict:
        return {}

    def get_page(self, filters: dict, cursor: str | None):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        form = self.get_filter_form()
        page = None
        filters: dict = {}
        if form is not None and form.is_bound:
            filters = form.cleaned_data if form.is_valid() else None
        if filters is not None:
            page = self.get_page(filters, request.GET.get("cursor"))
        context = self.get_context_data(
            form=form,
            page=page,
            filtered=bool(filters) and any(v not in (None, "", []) for v in filters.values()),
            filter_error=filters is None,
            filter_form_id=self.filter_form_id or f"{self.model._meta.model_name}-filters",
            pager=Pager.for_page(request.GET, page.next_cursor if page else None),
        )
        return self.render_to_response(context)


class ConsoleDetailView(ConsoleView):
    """One object: `get_object()` calls a selector; None (or NotFound) is a 404."""

    action = "detail"
    not_found_message = _("There is no such item.")

    def get_object(self):
        raise NotImplementedError

    def get_object_label(self, obj) -> str:
        return str(obj)

    def get_detail_url(self, obj) -> str | None:
        return None

    def get_breadcrumbs(self):
        return [
            *super().get_breadcrumbs(),
            (self.get_object_label(self.object), None),
        ]

    def get_title(self):
        return self.title or self.get_object_label(self.object)

    def load_object(self):
        self.object = self.get_object()
        if self.object is None:
            raise errors.NotFound(str(self.not_found_message))
        return self.object

    def get(self, request, *args, **kwargs):
        self.load_object()
        return self.render_to_response(self.get_context_data(object=self.object))


class _ObjectPageMixin:
    """A form or action page about one object (`get_object`; None = no object, which is a
    404 where `object_required`)."""

    object = None
    object_required = False

    def get_object(self):
        return None

    def get_object_label(self, obj) -> str:
        return str(obj)

    def get_breadcrumbs(self):
        crumbs = ConsoleView.get_breadcrumbs(self)
        if self.object is not None:
            crumbs.append((self.get_object_label(self.object), self.get_detail_url(self.object)))
        crumbs.append((self.get_title(), None))
        return crumbs

    def get_detail_url(self, obj) -> str | None:
        return None

    def load_object(self):
        self.object = self.get_object()
        if self.object is None and self.object_required:
            raise errors.NotFound(str(ConsoleDetailView.not_found_message))
        return self.object


class ConsoleFormView(_ObjectPageMixin, ConsoleView):
    """Bind a form, call a service in `form_valid` (which returns the redirect), and show
    any domain error as a form error: on `error_field` for the user's own input errors,
    else above the form."""

    template_name = "admin/console/form.html"
    form_class = None
    submit_label = _("Save")
    multipart = False
    error_field = None  # where a UserError goes; None: above the form
    stale_message = STALE
    conflict_message = CONFLICT

    def get_initial(self) -> dict:
        return {}

    def get_form_kwargs(self) -> dict:
        kwargs = {"initial": self.get_initial()}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return kwargs

    def get_form(self):
        return self.form_class(**self.get_form_kwargs())

    def form_valid(self, form):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.load_object()
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        self.load_object()
        form = self.get_form()
        if form.is_valid():
            try:
                return self.form_valid(form)
            except Exception as exc:
                message = user_message(
                    exc, stale=self.stale_message, conflict=self.conflict_message
                )
                field = self.error_field if isinstance(exc, UserError) else None
                form.add_error(field if field in form.fields else None, message)
        return self.render_form(form)

    def render_form(self, form, **extra):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                adminform=admin_form(form),
                submit_label=self.submit_label,
                multipart=self.multipart,
                **extra,
            )
        )

    def done(self, message, url: str) -> HttpResponseRedirect:
        """The redirect after a successful POST, with its success message."""
        messages.success(self.request, message)
        return HttpResponseRedirect(url)


class ConsoleActionView(_ObjectPageMixin, ConsoleView):
    """A POST that runs `perform()` and redirects with a message; with a template, GET
    shows a confirmation page first (delete). A domain error becomes an error message
    and a redirect to `get_failure_url()`."""

    template_name = "admin/console/confirm.html"
    confirm_message = ""
    stale_message = STALE
    conflict_message = CONFLICT
    object_required = True

    def perform(self):
        """Do the action; return the success message (or None to add your own)."""
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def get_failure_url(self) -> str:
        return self.get_detail_url(self.object) or self.url("changelist")

    def get(self, request, *args, **kwargs):
        self.load_object()
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request, *args, **kwargs):
        self.load_object()
        try:
            message = self.perform()
        except Exception as exc:
            text = user_message(exc, stale=self.stale_message, conflict=self.conflict_message)
            messages.error(request, text)
            return HttpResponseRedirect(self.get_failure_url())
        if message:
            messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("confirm_message", self.get_confirm_message())
        context.setdefault("cancel_url", self.get_failure_url())
        return context

    def get_confirm_message(self):
        return self.confirm_message


class ConsoleStepView(ConsoleActionView):
    """A button on a detail page that posts one step (a workflow transition, a refresh)
    and returns to that page either way. No confirmation page and no object read first:
    the service reads what it changes, checked on the version the page showed."""

    http_method_names = ["post"]
    object_required = False

    def get_object(self):
        return None

    def get_success_url(self):
        return self.get_detail_url()

    def get_failure_url(self):
        return self.get_detail_url()


def admin_form(form):
    """A plain form in the admin's fieldset markup; `form.fieldsets` groups its fields."""
    groups = getattr(form, "fieldsets", None) or [(None, list(form.fields))]
    fieldsets = [
        (title, {"fields": [name for name in names if name in form.fields]})
        for title, names in groups
    ]
    return helpers.AdminForm(form, [fs for fs in fieldsets if fs[1]["fields"]], {})


class SectionPageView(ConsoleView):
    """A section's page before its own views exist: the admin frame with what is to come.

    The route is real and permission-checked; the matches and campaigns issues replace
    these with their own views.
    """

    template_name = "admin/console/section_page.html"
    action = "changelist"
    placeholder = True  # the index offers no "Add" link to it

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        context.update(
            title=opts.verbose_name_plural.capitalize()
            if self.action == "changelist"
            else opts.verbose_name.capitalize(),
            action=self.action,
        )
        return context
