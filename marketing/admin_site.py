"""The console: one AdminSite that also serves the DynamoDB-backed sections."""

import importlib

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import NoReverseMatch, path, re_path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from marketing import permissions


def _permission_required(view, permission: str):
    def checked_view(request, *args, **kwargs):
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    checked_view.required_permission = permission
    return checked_view


class ConsoleAdminSite(admin.AdminSite):
    site_header = _("dot-marketing console")
    site_title = _("dot-marketing console")
    index_title = _("Console")

    def console_urls(self):
        """Every console route, wrapped in admin_view and its permission check."""
        urlpatterns = []
        for app_label, model_name in permissions.SECTION_MODELS:
            model = apps.get_model(app_label, model_name)
            module = importlib.import_module(f"{app_label}.urls")
            for route in module.console_routes:
                url_name = f"{app_label}_{model_name}_{route.action}"
                view = route.view.as_view(admin_site=self, **_route_kwargs(route, model))
                checked = _permission_required(view, permissions.permission_for(url_name))
                urlpatterns.append(
                    path(
                        f"{app_label}/{model_name}/{route.path}",
                        self.admin_view(checked),
                        name=url_name,
                    )
                )
        labels = "|".join(app_label for app_label, _model in permissions.SECTION_MODELS)
        urlpatterns.append(
            re_path(
                rf"^(?P<app_label>{labels})/$", self.admin_view(self.app_index), name="app_list"
            )
        )
        return urlpatterns

    def index(self, request, extra_context=None):
        """The overview: the DynamoDB health banner and, while the tables are there, every
        dashboard figure (campaigns.dashboards_overview: counters, never a scan)."""
        from campaigns.dashboards_views import overview_context
        from marketing.health import dynamo_health

        health = dynamo_health()
        context = {"dynamo_health": health}
        if permissions.is_console_admin(request.user):
            context["health_page_url"] = self._reverse("operations_health")
        if health.reachable and not health.missing_tables:
            context.update(overview_context(request))
        return super().index(request, {**context, **(extra_context or {})})

    def get_urls(self):
        # Prepended: appended routes would be swallowed by the admin's catch-all view.
        return [
            *self.console_urls(),
            self._health_url(),
            self._no_view_on_site_url(),
            *super().get_urls(),
        ]

    def _health_url(self):
        from marketing.operations.views import HealthView

        view = HealthView.as_view(admin_site=self)
        return path("health/", self.admin_view(view), name="operations_health")

    def _no_view_on_site_url(self):
        # The admin's "view on site" shortcut looks objects up through the ORM, and the
        # console's models are permission-only (no table): it could only answer 500.
        # No console page links to it, so the route answers 404 under the same name.
        def view_on_site(request, content_type_id, object_id):
            raise Http404

        return path("r/<path:content_type_id>/<path:object_id>/", view_on_site, name="view_on_site")

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        sections = [
            section
            for section in self._console_sections(request)
            if app_label is None or section["app_label"] == app_label
        ]
        # The console's own sections first, in workflow order; then Django's (users, groups).
        return sections + app_list

    def _console_sections(self, request):
        sections = []
        for app_label, model_name in permissions.SECTION_MODELS:
            model = apps.get_model(app_label, model_name)
            perms = {
                action: request.user.has_perm(f"{app_label}.{action}_{model_name}")
                for action in ("add", "change", "delete", "view")
            }
            if not perms["view"]:
                continue
            changelist_url = self._reverse(f"{app_label}_{model_name}_changelist")
            model_dict = {
                "model": model,
                "name": capfirst(model._meta.verbose_name_plural),
                "object_name": model._meta.object_name,
                "perms": perms,
                "admin_url": changelist_url,
                "add_url": self._reverse(f"{app_label}_{model_name}_add")
                if perms["add"] and _has_add_page(app_label)
                else None,
                "view_only": not perms["change"],
            }
            sections.append(
                {
                    "name": apps.get_app_config(app_label).verbose_name,
                    "app_label": app_label,
                    "app_url": self._reverse("app_list", kwargs={"app_label": app_label}),
                    "has_module_perms": True,
                    "models": [model_dict],
                }
            )
        return sections

    def _reverse(self, name, **kwargs):
        try:
            return reverse(f"{self.name}:{name}", current_app=self.name, **kwargs)
        except NoReverseMatch:
            return None


def _has_add_page(app_label: str) -> bool:
    """Whether the section's add route is a real page, not the placeholder of a section
    whose pages are still to come (offering "Add" there would lead nowhere)."""
    module = importlib.import_module(f"{app_label}.urls")
    return any(
        route.action == "add" and not getattr(route.view, "placeholder", False)
        for route in module.console_routes
    )


def _route_kwargs(route, model):
    """Class attributes a route's view accepts from the site (model and action)."""
    kwargs = {}
    if hasattr(route.view, "model"):
        kwargs["model"] = model
    if hasattr(route.view, "action"):
        kwargs["action"] = route.action
    return kwargs
