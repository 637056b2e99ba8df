"""The building blocks of console pages inside the admin site."""

from dataclasses import dataclass

from django.views.generic import TemplateView


@dataclass(frozen=True)
class ConsoleRoute:
    """One page of an app: `path` is relative to /<app_label>/<model_name>/."""

    path: str
    view: type
    action: str  # changelist, add, change, delete, ... -> URL name <app>_<model>_<action>


class ConsoleView(TemplateView):
    """Base of every console page: the admin's context, current app and title."""

    title = ""
    admin_site = None  # set by ConsoleAdminSite when it builds the URL

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.request.current_app = self.admin_site.name
        context.update(self.admin_site.each_context(self.request))
        context.setdefault("title", self.title)
        context.setdefault("subtitle", None)
        return context


class SectionPageView(ConsoleView):
    """A section's page before its own views exist: the admin frame with what is to come.

    The route is real and permission-checked; the stores, creators, matches and
    campaigns issues replace these with their own views.
    """

    template_name = "admin/console/section_page.html"
    model = None  # the section's permission-only model, set per route
    action = "changelist"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        context.update(
            opts=opts,
            app_label=opts.app_label,
            title=opts.verbose_name_plural.capitalize()
            if self.action == "changelist"
            else opts.verbose_name.capitalize(),
            action=self.action,
        )
        return context
